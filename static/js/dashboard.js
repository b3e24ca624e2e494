// dashboard.js: read-only pages above the village for the street, the
// district and the city: the per-village dashboard with a bar chart, the
// drill-down into one village, the alerts with their evidence and the hall
// topics grouped across villages (no names). Server text goes in through
// textContent (the kit's h()) or SVG text nodes, never as HTML.

import { api } from './api.js';
import { t, pick, getLang } from './i18n.js';

let k; // the app's kit
const ID = '[0-9a-f]{24}';
const O = `^/o/(?<org>${ID})`;
const SVG = 'http://www.w3.org/2000/svg';
const base = (org) => `/api/v1/orgs/${org}`;

const PROPOSAL_STATUSES = ['draft', 'submitted', 'in_progress', 'completed', 'not_adopted', 'open', 'escalated'];
const ALERT_CODES = ['no_representatives_meeting', 'disclosure_overdue', 'filing_review_overdue', 'complaint_repeated', 'turnout_low',
  'warning_list_expired'];
const REQUEST_STATUSES = ['filed', 'forwarded', 'answered', 'closed'];

/** The views of this module, for app.js's router. */
export function dashboardRoutes(kit) {
  k = kit;
  return [
    { name: 'dashboard', re: new RegExp(`${O}/dashboard$`), view: viewDashboard },
    { name: 'dashboard-village', re: new RegExp(`${O}/dashboard/v/(?<village>${ID})$`), view: viewVillage },
    { name: 'alerts', re: new RegExp(`${O}/alerts$`), view: viewAlerts },
    { name: 'topics', re: new RegExp(`${O}/topics$`), view: viewTopics },
  ];
}

const h = (...a) => k.h(...a);
const arr = (x) => (Array.isArray(x) ? x : []);

/**
 * Links to the dashboards of the orgs where the user holds dashboard.read,
 * for the home page. The nav fills in once /api/v1/orgs answers; it stays
 * empty for everyone else.
 */
export function dashboardLinks(me) {
  const nav = h('nav', { id: 'dashboard-links', class: 'actions', 'aria-label': t('dash.navLabel') });
  const roles = new Set(arr(me && me.powers)
    .filter((p) => p.obj === 'dashboard' && p.act === 'read' && p.effect !== 'deny')
    .map((p) => p.role));
  const scopes = arr(me && me.roles).filter((r) => roles.has(r.role)).map((r) => r.scope).filter(Boolean);
  if (!scopes.length) return nav;
  api('GET', '/api/v1/orgs').then((data) => {
    const orgs = arr(data && data.orgs);
    const seen = new Set();
    for (const scope of scopes) {
      const o = orgs.find((x) => x.path === scope);
      if (!o || seen.has(o.id)) continue;
      seen.add(o.id);
      const first = seen.size === 1;
      nav.append(
        h('a', { id: first ? 'link-dashboard' : null, class: 'btn', href: `#/o/${o.id}/dashboard`, text: t('dash.linkHome', { org: o.name || o.path }) }),
        h('a', { id: first ? 'link-alerts' : null, class: 'btn btn-secondary', href: `#/o/${o.id}/alerts`, text: t('dash.alerts') }),
        h('a', { id: first ? 'link-topics' : null, class: 'btn btn-secondary', href: `#/o/${o.id}/topics`, text: t('dash.topics') }));
    }
  }).catch((err) => {
    console.info('dashboard links', err && err.code);
  });
  return nav;
}

/* ---------- helpers ---------- */

function fmtDate(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium' });
}

function fmtTime(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

function pct(x) {
  if (typeof x !== 'number' || Number.isNaN(x)) return t('dash.none');
  return `${Math.round(x * 1000) / 10}%`;
}

function statusLabel(s) {
  return PROPOSAL_STATUSES.includes(s) ? t(`status.${s}`) : s;
}

function requestLabel(s) {
  return REQUEST_STATUSES.includes(s) ? t(`dash.requestStatus.${s}`) : s;
}

function alertLabel(code) {
  return ALERT_CODES.includes(code) ? t(`dash.alert.${code}`) : code;
}

function orgName(o) {
  return (o && (o.name || o.path)) || '';
}

function printButton() {
  const b = h('button', { id: 'print-dashboard', class: 'btn btn-secondary', type: 'button', text: t('dash.print') });
  b.addEventListener('click', () => window.print());
  return b;
}

function orgNav(org, ...extra) {
  return k.navLinks(
    h('a', { id: 'link-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') }),
    h('a', { class: 'btn btn-secondary', href: `#/o/${org}/dashboard`, text: t('dash.title') }),
    h('a', { class: 'btn btn-secondary', href: `#/o/${org}/alerts`, text: t('dash.alerts') }),
    h('a', { class: 'btn btn-secondary', href: `#/o/${org}/topics`, text: t('dash.topics') }),
    ...extra,
    printButton());
}

function section(id, titleKey, ...kids) {
  return h('section', { id, class: 'panel dash-section', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: t(titleKey) }), ...kids);
}

function empty(key = 'common.empty') {
  return h('p', { class: 'empty', text: t(key) });
}

function computed(iso) {
  return h('p', { class: 'hint dash-computed', text: t('dash.computedAt', { at: fmtTime(iso) }) });
}

/** Loads one JSON for a view; on error shows it and returns null. */
async function load(ctx, path) {
  k.showLoading();
  try {
    const data = await api('GET', path);
    return ctx.alive() ? (data || {}) : null;
  } catch (err) {
    if (!ctx.alive()) return null;
    if (err.status === 401) {
      k.go('/login', { replace: true });
      return null;
    }
    k.showError(err, () => k.rerender());
    return null;
  }
}

/* ---------- SVG bar chart ---------- */

function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [a, val] of Object.entries(attrs || {})) el.setAttribute(a, String(val));
  for (const kid of kids) el.append(kid);
  return el;
}

/** Horizontal bars: items [{ label, value, text }]; max is the full bar. */
function barChart(id, titleText, items, max) {
  const top = Math.max(1, max || 0, ...items.map((i) => i.value || 0));
  const W = 600;
  const barMax = 440;
  const row = 64;
  const H = row * items.length + 8;
  const titleID = `${id}-title`;
  const svg = s('svg', { id, class: 'chart dash-chart', viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': titleID });
  svg.append(s('title', { id: titleID }, titleText));
  items.forEach((it, i) => {
    const v = it.value || 0;
    const y = i * row + 4;
    const w = v > 0 ? Math.max(4, Math.round((barMax * v) / top)) : 0;
    svg.append(s('g', { class: 'chart-row' },
      s('text', { x: 0, y: y + 20, class: 'chart-label' }, it.label),
      s('rect', { x: 0, y: y + 28, width: barMax, height: 28, class: 'chart-track' }),
      s('rect', { x: 0, y: y + 28, width: w, height: 28, class: 'chart-bar dash-bar' }),
      s('text', { x: barMax + 12, y: y + 50, class: 'chart-value' }, it.text !== undefined ? it.text : String(v))));
  });
  return h('figure', { class: 'dash-figure' }, svg, h('figcaption', { class: 'hint', text: titleText }));
}

/* ---------- the dashboard ---------- */

function byStatus(m, label = statusLabel) {
  const entries = Object.entries(m || {}).filter(([, n]) => n > 0);
  if (!entries.length) return h('span', { text: '0' });
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
  const d = await load(ctx, `${base(org)}/dashboard`);
  if (!d) return;
  k.setTitle('dash.title');
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

  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('dash.titleOf', { org: orgName(d.org) }) }),
    h('p', { class: 'lead', text: t('dash.intro') }),
    computed(d.computed_at),
    rows.length
      ? [h('div', { class: 'dash-table-wrap' }, table),
        section('dash-charts', 'dash.charts',
          barChart('dash-chart', t('dash.chartProposals'), chartItems),
          barChart('dash-chart-turnout', t('dash.chartTurnout'), turnoutItems, 1000))]
      : empty('dash.noVillages'),
    orgNav(org));
}

/* ---------- the drill-down ---------- */

function list(id, items, render) {
  return items.length ? h('ul', { id, class: 'lines dash-items' }, items.map((x) => h('li', { class: 'line' }, render(x)))) : empty();
}

function statusCounts(id, m, label = statusLabel) {
  const entries = Object.entries(m || {});
  if (!entries.length) return empty();
  return h('dl', { id, class: 'dash-counts' }, entries.map(([st, n]) =>
    h('div', null, h('dt', { text: label(st) }), h('dd', { text: String(n) }))));
}

function meta(text) {
  return h('p', { class: 'line-meta', text });
}

function alertItem(a, vidFallback) {
  const vid = (a.village && a.village.id) || vidFallback;
  return [
    h('p', { class: 'line-desc' }, h('span', { class: 'tag', text: alertLabel(a.code) }), ' ', pick(a, 'message', 'message_en')),
    a.village && a.village.name ? meta(t('dash.village', { village: a.village.name })) : null,
    a.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: a.basis }) })) : null,
    arr(a.evidence).length
      ? h('p', { class: 'dash-evidence' }, h('span', { text: t('dash.evidence') }), ' ',
        arr(a.evidence).map((e) => evidenceLink(e, vid)))
      : null,
  ];
}

/** The page that shows an evidence record: a view of the app where one
 * exists, else the record itself from the API. */
function evidenceLink(e, vid) {
  let href = e.path || '#';
  if (vid && e.id && e.kind === 'vote') href = `#/v/${vid}/votes/${e.id}`;
  else if (vid && e.id && e.kind === 'proposal') href = `#/v/${vid}/p/${e.id}`;
  const label = e.id ? `${e.kind} ${e.id}` : e.kind;
  return h('a', { class: 'dash-evidence-link', href, text: label });
}

async function viewVillage(ctx) {
  const { org, village } = ctx.params;
  const v = await load(ctx, `${base(org)}/dashboard/villages/${village}`);
  if (!v) return;
  k.setTitle('dash.villageTitle');
  const m = v.meetings || {};
  const votes = arr(v.votes);
  const sr = v.service_requests || {};
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('dash.villageTitleOf', { village: orgName(v.village) }) }),
    computed(v.computed_at),
    section('dv-alerts', 'dash.alerts', list('dv-alerts-list', arr(v.alerts), (a) => alertItem(a, village))),
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
        ? [barChart('dv-turnout-chart', t('dash.chartVoteTurnout'),
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
      h('p', { class: 'line-desc', text: [x.title || x.kind, x.period].filter(Boolean).join(' · ') }),
      meta(t('dash.dueMeta', { at: fmtDate(x.due) })),
      x.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: x.basis }) })) : null,
    ])),
    section('dv-complaints', 'dash.col.complaints', list('dv-complaints-list', arr(v.complaints_open), (x) => [
      h('p', { class: 'line-desc', text: x.subject || x.kind }),
      meta(t('dash.ageMeta', { n: x.age_days || 0, at: fmtDate(x.at) })),
    ])),
    section('dv-requests', 'dash.requestsTitle',
      statusCounts('dv-requests-counts', sr.by_status, requestLabel),
      h('p', { id: 'dv-requests-waiting', text: [t('dash.waitingN', { n: sr.waiting || 0 }),
        sr.waiting ? t('dash.oldestDays', { n: sr.oldest_waiting_days || 0 }) : ''].filter(Boolean).join(' · ') }),
      arr(sr.oldest_waiting).length
        ? [h('h3', { text: t('dash.requestsWaitingTitle') }), list('dv-requests-list', arr(sr.oldest_waiting), (x) => [
          h('p', { class: 'line-desc', text: x.service || x.certificate || x.kind }),
          meta(t('dash.requestMeta', { status: requestLabel(x.status), n: x.age_days || 0, at: fmtDate(x.filed_at) })),
        ])]
        : null),
    orgNav(org));
}

/* ---------- alerts ---------- */

async function viewAlerts(ctx) {
  const { org } = ctx.params;
  const d = await load(ctx, `${base(org)}/alerts`);
  if (!d) return;
  k.setTitle('dash.alerts');
  const alerts = arr(d.alerts);
  k.show(
    k.title('dash.alerts'),
    h('p', { class: 'lead', text: t('dash.alertsIntro') }),
    computed(d.computed_at),
    list('alerts-list', alerts, (a) => alertItem(a, '')),
    orgNav(org));
}

/* ---------- hall topics ---------- */

function catLabel(c) {
  return c ? t(`cat.${c}`) : t('dash.none');
}

async function viewTopics(ctx) {
  const { org } = ctx.params;
  const d = await load(ctx, `${base(org)}/dashboard/topics`);
  if (!d) return;
  k.setTitle('dash.topics');
  const cats = arr(d.categories);
  const groups = arr(d.groups);
  k.show(
    k.title('dash.topics'),
    h('p', { class: 'lead', text: t('dash.topicsIntro') }),
    computed(d.computed_at),
    section('topics-categories', 'dash.byCategory',
      cats.length
        ? barChart('topics-chart', t('dash.byCategory'), cats.map((c) => ({
          label: catLabel(c.category), value: c.topics || 0, text: t('dash.catValue', { n: c.topics || 0, v: c.villages || 0 }) })))
        : empty()),
    section('topics-groups', 'dash.groups',
      list('topics-groups-list', groups, (g) => [
        h('p', { class: 'line-desc' }, h('strong', { text: g.label || '' })),
        meta(t('dash.groupMeta', { n: arr(g.topics).length, v: g.villages || 0 })),
        h('ul', { class: 'dash-group-topics' }, arr(g.topics).map((x) =>
          h('li', null, h('span', { text: x.title || '' }), ' ',
            h('small', { class: 'dash-sub', text: [orgName(x.village), catLabel(x.category), statusLabel(x.status)].join(' · ') })))),
      ])),
    orgNav(org));
}
