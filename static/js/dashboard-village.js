// dashboard-village.js: the drill-down into one village.

import { arr, base } from './api.js';
import { alertItem, computed, dashChart, empty, list, loadPage, meta, orgName, orgNav, requestLabel, section, statusLabel } from './dash-kit.js';
import { lists, subjectText } from './desk-kit.js';
import { h, setTitle, show } from './dom.js';
import { fmtDate, pct } from './format.js';
import { t } from './i18n.js';

function statusCounts(id, m, label = statusLabel) {
  const entries = Object.entries(m || {});
  if (!entries.length) return empty();
  return h('dl', { id, class: 'dash-counts' }, entries.map(([st, n]) =>
    h('div', null, h('dt', { text: label(st) }), h('dd', { text: String(n) }))));
}

/** The village's service requests: by status, and the oldest waiting, named by what they ask for. */
function requestsSection(sr, names) {
  return section('dv-requests', 'dash.requestsTitle',
    statusCounts('dv-requests-counts', sr.by_status, requestLabel),
    h('p', { id: 'dv-requests-waiting', text: [t('dash.waitingN', { n: sr.waiting || 0 }),
      sr.waiting ? t('dash.oldestDays', { n: sr.oldest_waiting_days || 0 }) : ''].filter(Boolean).join(' · ') }),
    arr(sr.oldest_waiting).length
      ? [h('h3', { text: t('dash.requestsWaitingTitle') }), list('dv-requests-list', arr(sr.oldest_waiting), (x) => [
        h('p', { class: 'line-desc', text: subjectText(x, names.services, names.certificates) }),
        meta(t('dash.requestMeta', { status: requestLabel(x.status), n: x.age_days || 0, at: fmtDate(x.filed_at) })),
      ])]
      : null);
}

async function viewVillage(ctx) {
  const { org, village } = ctx.params;
  const v = await loadPage(ctx, `${base(org)}/dashboard/villages/${village}`);
  if (!v) return;
  // The published service list names what each waiting request asks for.
  const names = await lists(village).catch(() => ({ services: [], certificates: [] }));
  if (!ctx.alive()) return;
  setTitle('dash.villageTitle');
  const m = v.meetings || {};
  const votes = arr(v.votes);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('dash.villageTitleOf', { village: orgName(v.village) }) }),
    computed(v.computed_at),
    section('dv-alerts', 'dash.alerts', list('dv-alerts-list', arr(v.alerts), (a) => alertItem(a, org))),
    section('dv-proposals', 'dash.col.proposals', statusCounts('dv-proposals-counts', v.proposals_by_status)),
    section('dv-topics', 'dash.hallTopics', statusCounts('dv-topics-counts', v.topics_by_status)),
    section('dv-meetings', 'dash.col.meetings',
      h('p', { id: 'dv-meetings-text', text: t('dash.meetingsText', {
        q: m.quarter || '', n: m.held_this_quarter || 0, r: m.representatives_held_this_quarter || 0 }) }),
      arr(m.quarters_without_representatives_meeting).length
        ? h('p', { class: 'dash-warn', text: t('dash.quartersWithoutList', { list: arr(m.quarters_without_representatives_meeting).join('、') }) })
        : null),
    section('dv-votes', 'dash.col.turnout',
      votes.length
        ? [dashChart('dv-turnout-chart', t('dash.chartVoteTurnout'),
          votes.map((x) => ({ label: x.title || x.vote_id, value: Math.round((x.turnout || 0) * 1000), text: pct(x.turnout) })), 1000),
        list('dv-votes-list', votes, (x) => [
          h('p', { class: 'line-desc' }, h('a', { href: `#/v/${village}/votes/${x.vote_id}`, text: x.title || x.vote_id })),
          meta(t('dash.voteMeta', { voters: x.voters || 0, eligible: x.eligible || 0, p: pct(x.turnout), at: fmtDate(x.closed_at) })),
        ])]
        : empty()),
    section('dv-notices', 'dash.col.notices', list('dv-notices-list', arr(v.notices_running), (x) => [
      h('p', { class: 'line-desc', text: x.title || x.kind }),
      meta(t('dash.noticeMeta', { d: x.days_left || 0, at: fmtDate(x.deadline), n: x.objections || 0 })),
    ])),
    section('dv-filings', 'dash.col.filings', list('dv-filings-list', arr(v.filings_pending), (x) => [
      h('p', { class: x.overdue ? 'line-desc dash-warn' : 'line-desc', text: x.title || x.kind }),
      meta(t('dash.filingMeta', { n: x.age_days || 0, at: fmtDate(x.review_due) })),
      x.overdue ? h('p', { class: 'dash-warn', text: t('dash.reviewOverdue') }) : null,
    ])),
    section('dv-disclosures', 'dash.col.disclosures', list('dv-disclosures-list', arr(v.overdue_disclosures), (x) => [
      h('p', { class: 'line-desc', text: [t(`dash.due.${x.kind}`), x.title, x.period].filter(Boolean).join(' · ') }),
      meta(t('dash.dueMeta', { at: fmtDate(x.due) })),
      x.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: x.basis }) })) : null,
    ])),
    section('dv-complaints', 'dash.col.complaints', list('dv-complaints-list', arr(v.complaints_open), (x) => [
      h('p', { class: 'line-desc', text: x.subject || x.kind }),
      meta(t('dash.ageMeta', { n: x.age_days || 0, at: fmtDate(x.at) })),
    ])),
    requestsSection(v.service_requests || {}, names),
    orgNav(org));
  openAt(ctx.params.part);
}

/**
 * Opened from an alert at the part that shows its evidence: that section
 * is marked, scrolled to and its heading focused (after the router's focus
 * on the page title). @param {string|undefined} part
 */
function openAt(part) {
  const sec = part && document.getElementById(`dv-${part}`);
  if (!sec) return;
  sec.classList.add('dash-part');
  const h2 = /** @type {HTMLElement|null} */ (sec.querySelector('h2'));
  if (h2) h2.tabIndex = -1;
  setTimeout(() => {
    sec.scrollIntoView({ block: 'start' });
    if (h2) h2.focus();
  }, 0);
}

export default viewVillage;
