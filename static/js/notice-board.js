// notice-board.js: the village's public notice board.

import { api, base } from './api.js';
import { can } from './auth.js';
import { h, setTitle, show, showLoading, title } from './dom.js';
import { duration, fmtTime } from './format.js';
import { t } from './i18n.js';
import { revokedLine } from './proposal-revoke.js';

async function viewBoard(ctx) {
  const { vid } = ctx.params;
  showLoading();
  const b = await api('GET', `${base(vid)}/board`);
  if (!ctx.alive()) return;
  setTitle('board.title');
  const items = (b.notices || []).map((n) => h('li', { class: 'card notice', 'data-id': n.id },
    h('h2', { class: 'card-title' }, h('a', { class: 'notice-open', href: `#/v/${vid}/n/${n.id}`, text: n.title })),
    h('p', { class: 'notice-meta', text: `${t(`board.kind.${n.kind}`)} · ${fmtTime(n.published_at)}` }),
    h('p', { class: 'notice-text', text: n.text }),
    h('p', { class: n.open ? 'countdown' : 'countdown closed', text: n.open ? duration(n.remaining_seconds) : t('board.ended') }),
    n.objections ? h('p', { text: t('board.objections', { n: n.objections, open: n.unanswered }) }) : null,
    n.revoked_by ? revokedLine(vid, n.revoked_by) : null));
  // A resident who finds a matter unpublished or untrue reports it to the township (V2026 Art. 36).
  const complain = can('complaint', 'create')
    ? h('p', { class: 'actions' }, h('a', { id: 'board-complain', class: 'btn btn-secondary', href: `#/v/${vid}/complaints/new`, text: t('complaint.report') }))
    : null;
  // The secretary publishes village affairs, finances and agreed matters here.
  const publish = can('minutes', 'publish')
    ? h('p', { class: 'actions' }, h('a', { id: 'board-publish', class: 'btn', href: `#/v/${vid}/board/new/affairs`, text: t('nnew.title') }))
    : null;
  show(title('board.title'), publish, complain, items.length ? h('ul', { id: 'board-list', class: 'plain-list' }, ...items)
    : h('p', { id: 'board-empty', text: t('board.empty') }));
}

export default viewBoard;
