// dashboard.js: the per-village dashboard of a street, district or city.

import { arr, base } from './api.js';
import { computed, dashChart, empty, loadPage, orgName, orgNav, requestLabel, section, statusLabel } from './dash-kit.js';
import { h, setTitle, show } from './dom.js';
import { pct } from './format.js';
import { t } from './i18n.js';

function byStatus(m, label = statusLabel) {
  const entries = Object.entries(m || {}).filter(([, n]) => n > 0);
  if (!entries.length) return null; // the cell's total already says 0
  return h('ul', { class: 'dash-status' }, entries.map(([st, n]) =>
    h('li', null, h('span', { class: 'dash-status-name', text: label(st) }), ' ', h('strong', { text: String(n) }))));
}

/** Service requests: those waiting for an answer, the oldest's age, and
 * the count of each status. */
function requestsCell(f) {
  const waiting = f.service_requests_waiting || 0;
  const kids = [h('strong', { text: String(waiting) }), h('small', { class: 'dash-sub', text: t('dash.waitingN', { n: waiting }) })];
  if (waiting) kids.push(h('small', { class: 'dash-sub', text: t('dash.oldestDays', { n: f.oldest_waiting_request_days || 0 }) }));
  kids.push(byStatus(f.service_requests_by_status, requestLabel));
  return kids;
}

function filingsCell(f) {
  const kids = [h('strong', { text: String(f.filings_pending || 0) })];
  if (f.filings_pending) kids.push(h('small', { class: 'dash-sub', text: t('dash.oldestDays', { n: f.oldest_filing_days || 0 }) }));
  if (f.filings_overdue) kids.push(h('small', { class: 'dash-sub dash-warn', text: t('dash.overdueN', { n: f.filings_overdue }) }));
  return kids;
}

function meetingsCell(f) {
  const kids = [h('strong', { text: String(f.meetings_this_quarter || 0) }),
    h('small', { class: 'dash-sub', text: t('dash.reprN', { n: f.representatives_meetings_this_quarter || 0 }) })];
  if (f.quarters_without_representatives_meeting) {
    kids.push(h('small', { class: 'dash-sub dash-warn', text: t('dash.quartersWithout', { n: f.quarters_without_representatives_meeting }) }));
  }
  return kids;
}

function turnoutCell(f) {
  return [h('strong', { text: pct(f.last_turnout) }),
    h('small', { class: 'dash-sub', text: t('dash.turnoutAll', { p: pct(f.turnout), n: f.votes_closed || 0 }) })];
}

const COLUMNS = [
  { key: 'dash.col.proposals', cell: (f) => [h('strong', { text: String(f.proposals_total || 0) }), byStatus(f.proposals_by_status)] },
  { key: 'dash.col.meetings', cell: meetingsCell },
  { key: 'dash.col.turnout', cell: turnoutCell },
  { key: 'dash.col.notices', cell: (f) => String(f.notices_running || 0) },
  { key: 'dash.col.filings', cell: filingsCell },
  { key: 'dash.col.disclosures', cell: (f) => String(f.overdue_disclosures || 0), warn: (f) => f.overdue_disclosures > 0 },
  { key: 'dash.col.complaints', cell: (f) => String(f.complaints_open || 0) },
  { key: 'dash.col.requests', cell: requestsCell },
  { key: 'dash.col.alerts', cell: (f) => String(f.alerts || 0), warn: (f) => f.alerts > 0 },
];

function figureCells(f) {
  return COLUMNS.map((c) => h('td', { class: c.warn && c.warn(f) ? 'num dash-warn' : 'num', 'data-label': t(c.key) }, c.cell(f)));
}

async function viewDashboard(ctx) {
  const { org } = ctx.params;
  const d = await loadPage(ctx, `${base(org)}/dashboard`);
  if (!d) return;
  setTitle('dash.title');
  const rows = arr(d.villages);
  const table = h('table', { id: 'dash-table', class: 'dash-table' },
    h('caption', { text: t('dash.tableCaption', { org: orgName(d.org) }) }),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', text: t('dash.col.village') }),
      COLUMNS.map((c) => h('th', { scope: 'col', text: t(c.key) })))),
    h('tbody', null, rows.map((r) => {
      const v = r.village || {};
      return h('tr', { class: 'dash-row', 'data-village': v.id },
        h('th', { scope: 'row' }, h('a', { class: 'dash-village-link', href: `#/o/${org}/dashboard/v/${v.id}`, text: orgName(v) })),
        figureCells(r));
    })),
    d.totals ? h('tfoot', null, h('tr', { id: 'dash-totals' },
      h('th', { scope: 'row', text: t('dash.totals') }), figureCells(d.totals))) : null);

  const chartItems = rows.map((r) => ({ label: orgName(r.village), value: r.proposals_total || 0 }));
  const turnoutItems = rows.map((r) => ({
    label: orgName(r.village),
    value: typeof r.last_turnout === 'number' ? Math.round(r.last_turnout * 1000) : 0,
    text: pct(r.last_turnout),
  }));

  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('dash.titleOf', { org: orgName(d.org) }) }),
    h('p', { class: 'lead', text: t('dash.intro') }),
    computed(d.computed_at),
    rows.length
      ? [h('div', { class: 'dash-table-wrap' }, table),
        section('dash-charts', 'dash.charts',
          dashChart('dash-chart', t('dash.chartProposals'), chartItems),
          dashChart('dash-chart-turnout', t('dash.chartTurnout'), turnoutItems, 1000))]
      : empty('dash.noVillages'),
    orgNav(org));
}

export default viewDashboard;
