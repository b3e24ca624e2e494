// proposal-kit.js: what the proposal pages share: the village's name, a
// proposal's status tag, its current step and its card in a list.

import { api } from './api.js';
import { button, h } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { revokedLine } from './proposal-revoke.js';
import { rerender } from './navigate.js';

const orgNames = new Map();

export async function villageName(vid) {
  if (!orgNames.has(vid)) {
    const o = await api('GET', `/api/v1/orgs/${vid}`);
    orgNames.set(vid, o.name || '');
  }
  return orgNames.get(vid);
}

export function statusTag(status) {
  return h('span', { class: `status status-${status}`, text: t(`status.${status}`) });
}

export function stepName(cur) {
  return cur ? pick(cur, 'name_zh', 'name_en') : '';
}

export function proposalCard(vid, p) {
  const li = h('li', { class: 'card proposal-card', 'data-id': p.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/p/${p.id}`, text: p.title }),
    h('p', { class: 'meta' },
      statusTag(p.status), ' ',
      p.kind === 'topic' ? h('span', { class: 'tag-plain', text: t('proposal.kindTopic') }) : null,
      p.current && p.status !== 'draft' ? h('span', { text: t('proposal.atStep', { step: stepName(p.current) }) }) : null),
    h('p', { class: 'meta', text: t('proposal.signatureCount', { n: (p.counts && p.counts.signatures) || 0 }) }));
  if (p.obligation) {
    li.append(h('p', { class: 'notice', text: t('proposal.obligationShort', { date: fmtDate(p.obligation.deadline, 'long') }) }));
  }
  if (p.revoked_by) li.append(revokedLine(vid, p.revoked_by));
  return li;
}

/**
 * The sort orders of a list as toggle buttons; a tap keeps the choice in
 * state and draws the page again.
 * @param {string} idPrefix
 * @param {string[]} keys
 * @param {{sort: string}} state
 */
export function sortButtons(idPrefix, keys, state) {
  return h('p', { class: 'sort', role: 'group', 'aria-label': t('proposals.sort') }, keys.map((s) => {
    const b = button(`${idPrefix}${s}`, t(`sort.${s}`), () => { state.sort = s; rerender(); }, 'btn btn-secondary');
    b.setAttribute('aria-pressed', String(state.sort === s));
    return b;
  }));
}
