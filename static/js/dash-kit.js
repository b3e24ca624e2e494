// dash-kit.js: what the pages above the village share: labels, sections,
// the computed-at line, loading, the bar chart and the home page's links.

import { api, arr } from './api.js';
import { button, h, navLinks, showError, showLoading } from './dom.js';
import { barChart } from './chart.js';
import { can } from './auth.js';
import { orgLinks } from './menus.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { go, rerender } from './navigate.js';
import { linkHref } from './links.js';

// Kinds of evidence the page names in words; another shows as "a record".
const EVIDENCE_KINDS = ['vote', 'proposal', 'filing', 'complaint', 'publication_calendar', 'project', 'meeting_alerts', 'meetings',
  'case_outcome', 'warning_list', 'audit_demand', 'evaluations'];

const PROPOSAL_STATUSES = ['draft', 'submitted', 'in_progress', 'completed', 'not_adopted', 'open', 'escalated'];

const ALERT_CODES = ['no_representatives_meeting', 'no_villagers_meeting', 'convene_overdue', 'disclosure_overdue', 'filing_review_overdue', 'complaint_repeated', 'turnout_low', 'warning_list_expired', 'audit_demanded', 'evaluation_overdue'];

const REQUEST_STATUSES = ['filed', 'forwarded', 'answered', 'closed'];

/**
 * Links to the dashboards of the orgs where the user holds dashboard.read,
 * for the home page. The nav fills in once /api/v1/orgs answers; it stays
 * empty for everyone else.
 */
export function dashboardLinks(me) {
  const nav = h('nav', { id: 'dashboard-links', class: 'actions', 'aria-label': t('dash.navLabel') });
  const scopes = arr(me && me.roles).map((r) => r.scope).filter((sc) => sc && can('dashboard', 'read', sc));
  const reviews = new Set(scopes.filter((sc) => can('filing', 'review', sc)));
  if (!scopes.length) return nav;
  api('GET', '/api/v1/orgs').then((data) => {
    const orgs = arr(data && data.orgs);
    const seen = new Set();
    for (const scope of scopes) {
      const o = orgs.find((x) => x.path === scope);
      if (!o || seen.has(o.id)) continue;
      seen.add(o.id);
      const first = seen.size === 1;
      if (reviews.has(scope)) nav.append(h('a', { id: first ? 'link-review' : null, class: 'btn', href: `#/s/${o.id}/review`, text: t('street.reviewLink') }));
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

export function statusLabel(st) {
  return PROPOSAL_STATUSES.includes(st) ? t(`status.${st}`) : st;
}

export function requestLabel(st) {
  return REQUEST_STATUSES.includes(st) ? t(`dash.requestStatus.${st}`) : st;
}

function alertLabel(code) {
  return ALERT_CODES.includes(code) ? t(`dash.alert.${code}`) : code;
}

export function orgName(o) {
  return (o && (o.name || o.path)) || '';
}

export function section(id, titleKey, ...kids) {
  return h('section', { id, class: 'panel dash-section', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: t(titleKey) }), ...kids);
}

export function empty(key = 'common.empty') {
  return h('p', { class: 'empty', text: t(key) });
}

export function computed(iso) {
  return h('p', { class: 'hint dash-computed', text: t('dash.computedAt', { at: fmtTime(iso) }) });
}

/** Loads one JSON for a view; on error shows it and returns null. */
export async function loadPage(ctx, path) {
  showLoading();
  try {
    const data = await api('GET', path);
    return ctx.alive() ? (data || {}) : null;
  } catch (err) {
    if (!ctx.alive()) return null;
    if (err.status === 401) {
      go('/login', { replace: true });
      return null;
    }
    showError(err, () => rerender());
    return null;
  }
}

/** A bar chart in a figure with its caption: items [{ label, value, text }]; max is the full bar. */
export function dashChart(id, titleText, items, max) {
  return h('figure', { class: 'dash-figure' }, barChart(id, titleText, items, { max }), h('figcaption', { class: 'hint', text: titleText }));
}

function printButton() {
  return button('print-dashboard', t('dash.print'), () => window.print(), 'btn btn-secondary');
}

/** The org pages' links and the print button. */
export function orgNav(org) {
  return navLinks(orgLinks(org), printButton());
}

export function list(id, items, render) {
  return items.length ? h('ul', { id, class: 'lines dash-items' }, items.map((x) => h('li', { class: 'line' }, render(x)))) : empty();
}

export function meta(text) {
  return h('p', { class: 'line-meta', text });
}

/** An alert: what, where, on what basis, and the pages that show its evidence. org is the dashboard's org. */
export function alertItem(a, org) {
  const vid = (a.village && a.village.id) || '';
  const links = evidenceLinks(arr(a.evidence), vid, org);
  return [
    h('p', { class: 'line-desc' }, h('span', { class: 'tag', text: alertLabel(a.code) }), ' ', pick(a, 'message', 'message_en')),
    a.village && a.village.name ? meta(t('dash.village', { village: a.village.name })) : null,
    a.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: a.basis }) })) : null,
    links.length ? h('p', { class: 'dash-evidence' }, h('span', { text: t('dash.evidence') }), ' ', links) : null,
  ];
}

/**
 * The pages that show an alert's evidence, each once and named in words:
 * the page the server names (a vote's result, the filing, the village's
 * meetings among its figures), or the village's figures when this page has
 * no route for it. Never the API path: that is a JSON document.
 */
function evidenceLinks(evidence, vid, org) {
  const seen = new Set();
  const out = [];
  for (const e of evidence) {
    let href = e.link ? linkHref(e.link, org) : '#/home';
    if (href === '#/home') href = linkHref({ view: 'village-figures', params: { vid, part: e.kind === 'complaint' ? 'complaints' : '' } }, org);
    if (href === '#/home' || seen.has(href)) continue;
    seen.add(href);
    const kind = EVIDENCE_KINDS.includes(e.kind) ? e.kind : 'other';
    out.push(h('a', { class: 'dash-evidence-link', 'data-kind': e.kind, href, text: t(`dash.evidenceKind.${kind}`) }));
  }
  return out;
}

export function catLabel(c) {
  return c ? t(`cat.${c}`) : t('dash.none');
}
