// complaints-mine.js: "my reports": the complaints a resident made to the
// township, each with its state and, when answered, the street's finding;
// for the village's secretary, the complaints about the village (without who
// made them) and the orders to carry out.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { card, h, list, navLinks, panel, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { answerNodes, statusText } from './complaint-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** One complaint as a card. @param {string} vid @param {any} c */
function complaintCard(vid, c) {
  return card({ href: `#/v/${vid}/complaints/${c.id}`, title: c.subject, cls: `card complaint status-${c.status}`, data: { 'data-id': c.id } },
    h('p', { class: 'meta', text: `${t(`complaint.kind.${c.kind}`)} · ${fmtDate(c.at, 'long')}` }),
    h('p', { class: 'complaint-status', text: statusText(c) }),
    ...answerNodes(c));
}

/** @param {Ctx} ctx */
async function viewComplaints(ctx) {
  const { vid } = ctx.params;
  const mayCreate = can('complaint', 'create');
  const mayRead = can('complaint', 'read');
  const entered = await enter(ctx, 'complaint.mine', async () => {
    const [mine, village] = await Promise.all([
      mayCreate ? api('GET', `${base(vid)}/complaints/mine`) : Promise.resolve(null),
      mayRead ? api('GET', `${base(vid)}/complaints`) : Promise.resolve(null)]);
    return { mine, village };
  });
  if (!entered) return;
  const { mine, village } = entered.data;
  show(title(mayCreate ? 'complaint.mine' : 'complaint.village'),
    mayCreate ? h('p', { class: 'actions' }, h('a', { id: 'complaint-new', class: 'btn', href: `#/v/${vid}/complaints/new`, text: t('complaint.report') })) : null,
    mine ? list('complaints-mine', arr(mine.complaints), (c) => complaintCard(vid, c), { cls: 'cards', emptyId: 'complaints-mine-empty', empty: 'complaint.empty' }) : null,
    village && mine ? panel('complaints-village-title', t('complaint.village'),
      list('complaints-village', arr(village.complaints), (c) => complaintCard(vid, c), { cls: 'cards', empty: 'complaint.empty' })) : null,
    village && !mine ? list('complaints-village', arr(village.complaints), (c) => complaintCard(vid, c), { cls: 'cards', empty: 'complaint.empty' }) : null,
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewComplaints;
