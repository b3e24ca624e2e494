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

const PROPOSAL_STATUSES = ['draft', 'submitted', 'in_progress', 'completed', 'not_adopted', 'open', 'escalated'];

const ALERT_CODES = ['no_representatives_meeting', 'disclosure_overdue', 'filing_review_overdue', 'complaint_repeated', 'turnout_low', 'warning_list_expired'];

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

export function alertItem(a, vidFallback) {
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

export function catLabel(c) {
  return c ? t(`cat.${c}`) : t('dash.none');
}
