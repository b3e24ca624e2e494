// publication-calendar.js: what the village owes the board (V2026 Art. 35
// ¶3): village affairs each quarter, finances each month or quarter (the
// village's setting), major matters at once, each implementation result;
// each line done, due or overdue, with its date written out, the rule it
// follows and a link to the notice, vote or project it concerns.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { h, heading, navLinks, setTitle, show, showLoading } from './dom.js';
import { fmtDate, lawWords, periodWords } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The page the item concerns, or null. @param {string} vid @param {any} it */
function itemHref(vid, it) {
  if (it.notice_id) return `#/v/${vid}/n/${it.notice_id}`;
  if (it.project_id) return `#/v/${vid}/projects/${it.project_id}`;
  if (it.proposal_id) return `#/v/${vid}/p/${it.proposal_id}`;
  if (it.vote_id) return `#/v/${vid}/votes/${it.vote_id}/result`;
  // Affairs and finances not yet published open the form to publish them.
  if ((it.kind === 'affairs' || it.kind === 'finance') && can('minutes', 'publish')) return `#/v/${vid}/board/new/${it.kind}`;
  return null;
}

/** One line of the calendar. @param {string} vid @param {any} it */
function item(vid, it) {
  const what = [t(`cal.kind.${it.kind}`), periodWords(it.period), it.title].filter(Boolean).join(' · ');
  const href = itemHref(vid, it);
  return h('li', { class: `card cal-item cal-${it.status}`, 'data-kind': it.kind, 'data-status': it.status },
    href ? h('a', { class: 'card-title', href, text: what }) : h('p', { class: 'card-title', text: what }),
    h('p', { class: 'meta', text: `${t(`cal.status.${it.status}`)} · ${t('cal.due', { date: fmtDate(it.due, 'long') })} · ${lawWords(it.basis)}` }));
}

/** @param {Ctx} ctx */
async function viewCalendar(ctx) {
  const { vid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const c = await load(ctx, () => api('GET', `${base(vid)}/publication-calendar`));
  if (!c || !ctx.alive()) return;
  setTitle('cal.title');
  const items = arr(c.items);
  // Overdue first, then what is due, then what is done.
  const rank = { overdue: 0, due: 1, done: 2 };
  items.sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3));
  show(heading(t('cal.title')),
    h('p', { id: 'cal-summary', class: c.overdue ? 'notice' : 'lead', role: 'status',
      text: c.overdue ? t('cal.overdueN', { n: c.overdue }) : t('cal.noneOverdue') }),
    h('p', { class: 'hint', text: lawWords(t(c.many_transactions ? 'cal.financeMonthly' : 'cal.financeQuarterly')) }),
    items.length ? h('ul', { id: 'cal-list', class: 'cards' }, items.map((it) => item(vid, it)))
      : h('p', { id: 'cal-empty', class: 'empty', text: t('cal.empty') }),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewCalendar;
