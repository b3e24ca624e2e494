// complaint-queue.js: the residents' reports waiting for the street
// official's finding, oldest first, in every street the official answers
// for; each card names the village and the matter, never who reported.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { card, h, list, navLinks, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The streets the official answers complaints for. @param {any} me @param {any[]} orgs */
function streetsOf(me, orgs) {
  const roles = new Set(arr(me.powers).filter((p) => p.obj === 'complaint' && p.act === 'answer' && p.effect !== 'deny').map((p) => p.role));
  const scopes = arr(me.roles).filter((r) => roles.has(r.role)).map((r) => r.scope).filter(Boolean);
  return orgs.filter((o) => scopes.includes(o.path));
}

/** @param {Ctx} ctx */
async function viewQueue(ctx) {
  const entered = await enter(ctx, 'complaint.queueTitle', async (me) => {
    const orgs = arr((await api('GET', '/api/v1/orgs')).orgs);
    const queues = await Promise.all(streetsOf(me, orgs).map((s) => api('GET', `${base(s.id)}/complaint-queue`)));
    return { orgs, items: queues.flatMap((q) => arr(q.complaints)) };
  });
  if (!entered) return;
  const { orgs, items } = entered.data;
  const name = (/** @type {string} */ id) => (orgs.find((o) => o.id === id) || {}).name || '';
  show(title('complaint.queueTitle'),
    h('p', { class: 'lead', text: t('complaint.answerRule') }),
    list('complaint-list', items, (c) => card({ href: `#/v/${c.village_id}/complaints/${c.id}`, title: c.subject, cls: 'card complaint', data: { 'data-id': c.id } },
      h('p', { class: 'complaint-village', text: name(c.village_id) }),
      h('p', { class: 'meta', text: `${t(`complaint.kind.${c.kind}`)} · ${fmtDate(c.at, 'long')}` })),
    { cls: 'plain-list', empty: 'complaint.queueEmpty', emptyId: 'complaint-empty' }),
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewQueue;
