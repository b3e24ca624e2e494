// secretary-today.js: the section of home "what needs me today" for a
// secretary or a council member: meetings to run, marks and counts waiting
// for a second person, minutes to draft or publish, objections to answer,
// notices ready to file, returned filings, open requests. The server
// composes the lines (GET /orgs/{id}/today); each names the view where the
// work is done, and the route table builds its address.

import { api, arr, base } from './api.js';
import { can } from './auth.js';
import { h, panel } from './dom.js';
import { pick, t } from './i18n.js';
import { ROUTES, fill, match } from './router.js';

// Views the server names by their screens.md name where the route table
// calls them otherwise.
/** @type {Record<string, string>} */
const ALIAS = { 'vote-ballot': 'vote' };

/** The address of a line's page, or '' when the page has no route yet. @param {any} link */
export function lineHref(link) {
  const name = ALIAS[link.view] || link.view;
  const r = ROUTES.find((x) => x.name === name);
  if (r) return `#${fill(r.path, link.params || {})}`;
  const route = String(link.route || '').replace(/^#/, '');
  return match(route) ? `#${route}` : '';
}

/** @param {any} l */
function lineItem(l) {
  const href = lineHref(l.link || {});
  const text = pick(l, 'detail_zh', 'detail_en') || l.title;
  return h('li', { class: 'card today-line', 'data-kind': l.kind },
    href ? h('a', { class: 'card-title', href, text }) : h('p', { class: 'card-title', text }));
}

/**
 * The section, filled in once the list answers; null for an account with
 * no work list.
 * @param {string} vid
 */
export function secretaryToday(vid) {
  if (!vid || !can('worklist', 'read')) return null;
  // aria-busy until the list answers: a reader (and a test) knows the
  // links below may still move.
  const body = h('div', { id: 'sec-today-body', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('p', { class: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const r = await api('GET', `${base(vid)}/today`);
      const lines = arr(r.lines);
      body.replaceChildren(lines.length
        ? h('ul', { id: 'sec-today-list', class: 'cards' }, lines.map(lineItem))
        : h('p', { id: 'sec-today-empty', class: 'empty', text: t('sec.nothing') }));
    } catch (err) {
      console.info('today', err && err.code);
      body.replaceChildren(h('p', { class: 'alert', role: 'alert', text: t('sec.failed') }));
    }
    body.removeAttribute('aria-busy');
  })();
  return panel('sec-today-title', t('sec.today'),
    can('meeting', 'schedule') ? h('p', { class: 'actions' },
      h('a', { id: 'sec-schedule', class: 'btn', href: `#/v/${vid}/meetings/new`, text: t('sec.schedule') }),
      h('a', { id: 'sec-meetings', class: 'btn btn-secondary', href: `#/v/${vid}/meetings`, text: t('sec.meetings') })) : null,
    body);
}
