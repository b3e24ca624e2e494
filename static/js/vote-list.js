// vote-list.js: a village's votes, open and closed.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { h, show, title } from './dom.js';
import { t } from './i18n.js';
import { votesNav } from './menus.js';
import { voteCard } from './vote-kit.js';

async function viewList(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'votes.title', () => api('GET', `${base(vid)}/votes`));
  if (!entered) return;
  const data = entered.data;
  const votes = arr(data.votes);
  const open = votes.filter((v) => v.status === 'open');
  const closed = votes.filter((v) => v.status !== 'open');
  show(
    title('votes.title'),
    votesNav(vid),
    h('h2', { id: 'votes-open-title', text: t('votes.open') }),
    open.length ? h('ul', { id: 'vote-list-open', class: 'cards' }, open.map((v) => voteCard(vid, v)))
      : h('p', { class: 'empty', text: t('votes.noneOpen') }),
    h('h2', { id: 'votes-closed-title', text: t('votes.closed') }),
    closed.length ? h('ul', { id: 'vote-list-closed', class: 'cards' }, closed.map((v) => voteCard(vid, v)))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

export default viewList;
