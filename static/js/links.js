// links.js: where a server link ({view, params}, from the home lines and the
// notifications) opens in the page. The server names its views; this table
// maps each to a route of router.js and renames its parameters. A view
// with no route here (or a route not in this build) opens the village's
// home instead, so a new kind of link never breaks the page.

import { ROUTES, fill } from './router.js';

/** @typedef {{view: string, params?: Record<string, string>}} Link */

/**
 * view → [route name, {route param: link param}], tried in order: the
 * first route that exists wins.
 * @type {Record<string, Array<[string, Record<string, string>]>>}
 */
const VIEWS = {
  proposal: [['proposal', { vid: 'vid', pid: 'pid' }]],
  'vote-ballot': [['vote', { vid: 'vid', id: 'vote' }]],
  'vote-result': [['vote-result', { vid: 'vid', id: 'vote' }]],
  'vote-counts': [['vote-live', { vid: 'vid', id: 'vote' }], ['vote', { vid: 'vid', id: 'vote' }]],
  meeting: [['meeting', { vid: 'vid', mid: 'meeting' }]],
  'sign-in-code': [['sign-in-code', { vid: 'vid' }], ['meeting', { vid: 'vid', mid: 'meeting' }]],
  minutes: [['minutes', { vid: 'vid', mid: 'meeting', ver: 'version' }]],
  notice: [['notice', { vid: 'vid', nid: 'notice' }], ['board', { vid: 'vid' }]],
  desk: [['desk', { vid: 'vid' }]],
  assisted: [['assisted', { vid: 'vid' }]],
  'desk-forwarded': [['desk-forwarded', { vid: 'vid' }]],
  'moral-case': [['moral-case', { vid: 'vid', cid: 'case' }]],
  filing: [['review-filing', { vid: 'vid', fid: 'filing' }], ['review-queue', { sid: 'org' }]],
  complaint: [['complaint', { vid: 'vid', cid: 'complaint' }]],
  'moral-lists': [['moral-lists', { vid: 'vid' }]],
  project: [['project', { vid: 'vid', pid: 'project' }]],
  'publication-calendar': [['publication-calendar', { vid: 'vid' }]],
  'supervision-reports': [['supervision-reports', { vid: 'vid' }]],
  'supervision-queue': [['supervision-queue', {}]],
  petitions: [['petitions', { vid: 'vid' }]],
  evaluations: [['evaluations', { vid: 'vid' }]],
  'village-figures': [['dashboard-village-part', { org: 'org', village: 'vid', part: 'part' }], ['dashboard-village', { org: 'org', village: 'vid' }]],
};

const byName = new Map(ROUTES.map((r) => [r.name, r]));

/**
 * The address (with '#') a link opens; home when the page has no route for it.
 * org is the org the line or notification belongs to (a street's filings
 * open in that street's review queue).
 * @param {Link|null|undefined} link
 * @param {string} [org]
 */
export function linkHref(link, org) {
  const params = { org: org || '', ...((link && link.params) || {}) };
  for (const [name, rename] of VIEWS[(link && link.view) || ''] || []) {
    const r = byName.get(name);
    if (!r) continue;
    const filled = /** @type {Record<string, string>} */ ({});
    for (const [to, from] of Object.entries(rename)) filled[to] = params[from] || '';
    const needed = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    if (needed.every((p) => filled[p])) return `#${fill(r.path, filled)}`;
  }
  return '#/home';
}
