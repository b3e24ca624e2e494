// evaluation-list.js: the democratic evaluations of the committee (V2026
// Art. 38; U2026 Art. 37). The supervision committee opens one (the
// members are listed from the committee) and closes it; those at the
// meeting rate each member on the ballot page, one question per screen;
// the results are published here in words, and a member whose office ended
// after two consecutive 不称职 says so with the article.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { busyButton, card, field, h, list, messageArea, navLinks, panel, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { select } from './meeting-kit.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The host's form: which meeting evaluates. @param {string} vid @param {boolean} community */
function openForm(vid, community) {
  const kinds = (community ? ['residents_meeting', 'representatives_meeting'] : ['villagers_meeting', 'representatives_meeting'])
    .map((k) => ({ value: k, label: t(`eval.meeting.${k}`) }));
  const kind = /** @type {HTMLSelectElement} */ (select('eval-meeting', kinds));
  const err = messageArea('eval-open-error');
  const open = busyButton('eval-open', t('eval.open'), err, async () => {
    const e = await api('POST', `${base(vid)}/evaluations`, { meeting_kind: kind.value });
    await rerenderSaying(t('eval.opened', { n: arr(e.members).length }), `eval-close-${e.id}`, `eval-${e.id}`);
  });
  return panel('eval-open-title', t('eval.openTitle'), h('p', { class: 'hint', text: t('eval.openHint') }),
    field('eval-meeting', t('eval.meetingLabel'), kind), h('p', { class: 'actions' }, open), err);
}

/** One member of an open evaluation: the way to rate. @param {string} vid @param {any} m */
function rateLine(vid, m) {
  return h('li', { class: 'card eval-member', 'data-no': m.resident_no },
    h('a', { class: 'card-title', href: `#/v/${vid}/votes/${m.vote_id}`, text: t('eval.rate', { name: m.name }) }));
}

/** One member's published result. @param {any} m */
function resultLine(m) {
  return h('li', { class: `card eval-result${m.office_ended ? ' office-ended' : ''}`, 'data-no': m.resident_no },
    h('p', { class: 'card-title', text: pick(m, 'result_zh', 'result_en') }));
}

/** One evaluation. @param {string} vid @param {any} e */
function evaluationCard(vid, e) {
  const open = e.status === 'open';
  const err = messageArea(`eval-close-error-${e.id}`);
  const close = open && can('evaluation', 'close') ? busyButton(`eval-close-${e.id}`, t('eval.close'), err, async () => {
    await api('POST', `${base(vid)}/evaluations/${e.id}/close`);
    await rerenderSaying(t('eval.closed'), `eval-${e.id}`);
  }) : null;
  return card({ title: t('eval.cardTitle', { year: e.year, meeting: t(`eval.meeting.${e.meeting_kind}`) }), cls: `card evaluation eval-${e.status}`,
    data: { id: `eval-${e.id}`, 'data-id': e.id, tabindex: '-1' } },
  h('p', { class: 'meta', text: t(open ? 'eval.openSince' : 'eval.closedOn', { date: fmtDate(open ? e.opened_at : e.closed_at, 'long'), host: e.host_name || '' }) }),
  h('ul', { class: 'cards eval-members' }, arr(e.members).map((m) => (open ? rateLine(vid, m) : resultLine(m)))),
  close ? h('p', { class: 'actions' }, close) : null, err);
}

/** @param {Ctx} ctx */
async function viewEvaluations(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'eval.title', () => Promise.all([api('GET', `${base(vid)}/evaluations`), api('GET', `/api/v1/orgs/${vid}`)]));
  if (!entered) return;
  const [list0, village] = entered.data;
  const evals = arr(list0.evaluations);
  const community = village.kind === 'community';
  const anyOpen = evals.some((e) => e.status === 'open');
  show(title('eval.title'),
    h('p', { id: 'eval-what', class: 'lead', text: t(community ? 'eval.whatCommunity' : 'eval.what') }),
    can('evaluation', 'open') && !anyOpen ? openForm(vid, community) : null,
    list('eval-list', evals, (e) => evaluationCard(vid, e), { cls: 'cards', emptyId: 'eval-empty', empty: 'eval.empty' }),
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewEvaluations;
