// router.js: the one route table of the page. Each address pattern names
// the module that draws it (loaded when first visited), the roles whose
// pages it belongs to, and the menus that link to it. The same table draws
// the page and builds the menus, so a page no menu links to shows here as a
// route without menus.

import { t } from './i18n.js';
import { show, h, showError } from './dom.js';
import { setRenderer, route } from './navigate.js';
import { refreshBell } from './bell.js';
import { can, state } from './auth.js';

/**
 * @typedef {import('./auth.js').Me} Me
 * @typedef {import('./auth.js').Ctx} Ctx
 * @typedef {{menu: string, id?: string, label: string, order: number, when?: (me: Me) => boolean}} MenuEntry
 * @typedef {{name: string, path: string, page: () => Promise<{default: (ctx: Ctx) => unknown}>,
 *   roles: string[], menus?: MenuEntry[]}} Route
 */

const VILLAGE = ['resident', 'council_member', 'board_member', 'secretary', 'supervisor'];
const GOVERNMENT = ['street_official', 'district_official', 'city_official'];
const COUNCIL = ['council_member', 'board_member', 'secretary'];
const EVERYONE = [...VILLAGE, ...GOVERNMENT, 'operator'];
const PUBLIC = []; // no login needed

/** In the village's menus only for an account of that village. @param {Me} me */
const villager = (me) => Boolean(me.village_id);
/** @param {Me} me */
const official = (me) => !me.village_id;
/** @param {Me} me */
const secretary = (me) => (me.roles || []).some((r) => r.role === 'secretary');
/** @param {Me} me */
const operator = (me) => (me.roles || []).some((r) => r.role === 'operator');

// Pages drawn at more than one address (a form that also corrects, the
// print sheet of three records): loaded by one import each.
const minutesEditor = () => import('./minutes-editor.js');
const projectForm = () => import('./project-form.js');
const printSheet = () => import('./print.js');
const loginCode = () => import('./login-code.js');

/** @type {Route[]} */
export const ROUTES = [
  { name: 'login', path: '/login', page: () => import('./login.js'), roles: PUBLIC },
  { name: 'login-code', path: '/login/code', page: loginCode, roles: PUBLIC },
  { name: 'login-reset', path: '/login/reset', page: loginCode, roles: PUBLIC },
  { name: 'home', path: '/home', page: () => import('./home.js'), roles: EVERYONE, menus: [
    { menu: 'village', id: 'nav-home', label: 'nav.home', order: 9 },
    { menu: 'votes', id: 'nav-home', label: 'nav.home', order: 9 },
    { menu: 'moral', id: 'nav-home', label: 'nav.home', order: 9 },
    { menu: 'desk', id: 'nav-home', label: 'nav.home', order: 9 },
    { menu: 'street', id: 'nav-home', label: 'nav.home', order: 9 },
    { menu: 'org', id: 'link-home', label: 'nav.home', order: 0 },
    { menu: 'lists', id: 'link-home', label: 'nav.home', order: 0 },
  ] },
  { name: 'lists', path: '/lists', page: () => import('./lists.js'), roles: PUBLIC, menus: [
    { menu: 'public', id: 'link-lists', label: 'nav.lists', order: 0 },
  ] },
  // Proposals and the hall (village matters).
  { name: 'proposals-pick', path: '/proposals', page: () => import('./proposal-pick.js'), roles: GOVERNMENT, menus: [
    { menu: 'home', id: 'link-proposals', label: 'nav.proposals', order: 5, when: official },
  ] },
  { name: 'proposals', path: '/v/:vid/proposals', page: () => import('./proposal-list.js'), roles: [...VILLAGE, ...GOVERNMENT], menus: [
    { menu: 'home', id: 'link-proposals', label: 'nav.proposals', order: 1, when: villager },
    { menu: 'village', id: 'nav-proposals', label: 'nav.proposals', order: 1 },
    { menu: 'votes', id: 'nav-proposals', label: 'nav.proposals', order: 2 },
  ] },
  { name: 'proposal-new', path: '/v/:vid/proposals/new', page: () => import('./proposal-form.js'), roles: VILLAGE },
  { name: 'proposal', path: '/v/:vid/p/:pid', page: () => import('./proposal-detail.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'proposal-edit', path: '/v/:vid/p/:pid/edit', page: () => import('./proposal-form.js'), roles: VILLAGE },
  { name: 'hall', path: '/v/:vid/hall', page: () => import('./hall.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-hall', label: 'nav.hall', order: 2, when: villager },
    { menu: 'village', id: 'nav-hall', label: 'nav.hall', order: 2 },
  ] },
  // Audit and recall petitions, and the democratic evaluation (V2026 Art. 19, 38, 40; U2026 Art. 20, 37, 38).
  { name: 'petitions', path: '/v/:vid/petitions', page: () => import('./petition-list.js'), roles: [...VILLAGE, 'supervisor', 'street_official'], menus: [
    { menu: 'home', id: 'link-petitions', label: 'petition.title', order: 8.8, when: villager },
  ] },
  { name: 'petition-new', path: '/v/:vid/petitions/new', page: () => import('./petition-form.js'), roles: VILLAGE },
  { name: 'evaluations', path: '/v/:vid/evaluations', page: () => import('./evaluation-list.js'), roles: [...VILLAGE, 'supervisor', 'street_official'], menus: [
    { menu: 'home', id: 'link-evaluations', label: 'eval.title', order: 8.9, when: villager },
  ] },
  { name: 'notifications', path: '/notifications', page: () => import('./notifications.js'), roles: EVERYONE, menus: [
    { menu: 'village', id: 'nav-notifications', label: 'nav.notifications', order: 4 },
  ] },
  { name: 'powers', path: '/powers', page: () => import('./powers.js'), roles: EVERYONE, menus: [
    { menu: 'home', id: 'link-powers', label: 'home.powersTitle', order: 8 },
    { menu: 'village', id: 'nav-powers', label: 'home.powersTitle', order: 5 },
  ] },
  // Votes.
  { name: 'votes', path: '/v/:vid/votes', page: () => import('./vote-list.js'), roles: [...VILLAGE, ...GOVERNMENT], menus: [
    { menu: 'village', id: 'nav-votes', label: 'nav.votes', order: 3 },
    { menu: 'votes', id: 'nav-votes', label: 'nav.votes', order: 1 },
  ] },
  { name: 'proposal-votes', path: '/v/:vid/p/:pid/votes', page: () => import('./proposal-votes.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'vote', path: '/v/:vid/votes/:id', page: () => import('./vote-page.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'vote-live', path: '/v/:vid/votes/:id/live', page: () => import('./vote-live.js'), roles: COUNCIL },
  { name: 'vote-result', path: '/v/:vid/votes/:id/result', page: () => import('./vote-result.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  // Meetings, minutes, the notice board, the street's review.
  { name: 'sign-in-code', path: '/v/:vid/sign-in', page: () => import('./sign-in-code.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-sign-in', label: 'signin.title', order: 0, when: villager },
  ] },
  { name: 'meetings', path: '/v/:vid/meetings', page: () => import('./meetings.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-meetings', label: 'sec.meetings', order: 7, when: villager },
    { menu: 'village', id: 'nav-meetings', label: 'sec.meetings', order: 5 },
  ] },
  { name: 'meeting-schedule', path: '/v/:vid/meetings/new', page: () => import('./meeting-schedule.js'), roles: ['secretary'] },
  { name: 'meeting', path: '/v/:vid/m/:mid', page: () => import('./meeting-page.js'), roles: VILLAGE },
  { name: 'meeting-console', path: '/v/:vid/m/:mid/console', page: () => import('./meeting-console.js'), roles: ['secretary', 'council_member'] },
  // Household cards (一户一码): printed by the secretary, scanned at a meeting.
  { name: 'household-cards', path: '/v/:vid/household-cards', page: () => import('./household-cards.js'), roles: ['secretary'], menus: [
    { menu: 'home', id: 'link-household-cards', label: 'hcard.title', order: 7.5, when: secretary },
  ] },
  // The secretary's village settings: the representatives' authorisation
  // (V2026 Art. 27 ¶2, Art. 28 ¶2) and the deliberation flows.
  { name: 'authorisation', path: '/v/:vid/authorisation', page: () => import('./authorisation.js'), roles: ['secretary'], menus: [
    { menu: 'home', id: 'link-authorisation', label: 'auth.title', order: 7.6, when: secretary },
  ] },
  { name: 'flows', path: '/v/:vid/flows', page: () => import('./flows.js'), roles: ['secretary'], menus: [
    { menu: 'home', id: 'link-flows', label: 'flows.title', order: 7.7, when: secretary },
  ] },
  { name: 'card-sign-in', path: '/card/:vid/:token', page: () => import('./card-sign-in.js'), roles: ['secretary'] },
  { name: 'meeting-sign-in', path: '/v/:vid/m/:mid/sign-in/:code', page: () => import('./meeting-sign-in.js'), roles: ['resident'] },
  { name: 'minutes-editor', path: '/v/:vid/m/:mid/minutes/new', page: minutesEditor, roles: ['secretary'] },
  { name: 'minutes', path: '/v/:vid/m/:mid/minutes/:ver', page: () => import('./minutes-page.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'board', path: '/v/:vid/board', page: () => import('./notice-board.js'), roles: [...VILLAGE, ...GOVERNMENT], menus: [
    { menu: 'home', id: 'link-board', label: 'board.title', order: 8, when: villager },
  ] },
  { name: 'notice-new', path: '/v/:vid/board/new/:notice', page: () => import('./notice-new.js'), roles: ['secretary'] },
  { name: 'notice', path: '/v/:vid/n/:nid', page: () => import('./notice-page.js'), roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'review-filing', path: '/v/:vid/filings/:fid', page: () => import('./review-filing.js'), roles: ['street_official'] },
  { name: 'review-queue', path: '/s/:sid/review', page: () => import('./review-queue.js'), roles: ['street_official'] },
  // Complaints to the township (V2026 Art. 36; U2026 Art. 35).
  { name: 'complaint-new', path: '/v/:vid/complaints/new', page: () => import('./complaint-form.js'), roles: VILLAGE },
  { name: 'complaints', path: '/v/:vid/complaints/mine', page: () => import('./complaints-mine.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-complaints', label: 'complaint.mine', order: 8.4, when: villager },
  ] },
  { name: 'complaint', path: '/v/:vid/complaints/:cid', page: () => import('./complaint-page.js'), roles: [...VILLAGE, 'street_official'] },
  { name: 'complaint-queue', path: '/complaints/street', page: () => import('./complaint-queue.js'), roles: ['street_official'], menus: [
    { menu: 'home', id: 'link-street-complaints', label: 'complaint.queueTitle', order: 5.5, when: official },
    { menu: 'street', id: 'nav-street-complaints', label: 'complaint.queueTitle', order: 2 },
  ] },
  // The supervision committee's reports of wrongdoing (V2026 Art. 37 ¶3; U2026 Art. 36 ¶3).
  { name: 'supervision-reports', path: '/v/:vid/supervision/reports', page: () => import('./supervision-reports.js'), roles: ['supervisor'], menus: [
    { menu: 'home', id: 'link-sup-reports', label: 'sup.reportsTitle', order: 8.45, when: (me) => villager(me) && can('supervision_report', 'create') },
  ] },
  { name: 'supervision-queue', path: '/supervision/street', page: () => import('./supervision-queue.js'), roles: ['street_official', 'district_official'], menus: [
    { menu: 'home', id: 'link-street-sup-reports', label: 'sup.queueTitle', order: 5.6, when: official },
  ] },
  // A returned filing as the village sees it; corrections; implementation; print views.
  { name: 'filing-returned', path: '/v/:vid/filings/:fid/returned', page: () => import('./filing-returned.js'), roles: VILLAGE },
  { name: 'minutes-correct', path: '/v/:vid/m/:mid/minutes/:ver/correct', page: minutesEditor, roles: ['secretary'] },
  { name: 'minutes-edit', path: '/v/:vid/m/:mid/minutes/:ver/edit', page: minutesEditor, roles: ['secretary'] },
  { name: 'print-minutes', path: '/v/:vid/m/:mid/minutes/:ver/print', page: printSheet, roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'print-notice', path: '/v/:vid/n/:nid/print', page: printSheet, roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'print-box', path: '/v/:vid/votes/:id/box/print', page: printSheet, roles: [...VILLAGE, ...GOVERNMENT] },
  { name: 'projects', path: '/v/:vid/projects', page: () => import('./projects.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-projects', label: 'proj.listTitle', order: 8.5, when: villager },
  ] },
  { name: 'publication-calendar', path: '/v/:vid/publication-calendar', page: () => import('./publication-calendar.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-calendar', label: 'cal.title', order: 8.6, when: villager },
  ] },
  { name: 'project-start', path: '/v/:vid/projects/new', page: projectForm, roles: ['secretary'] },
  { name: 'project-new', path: '/v/:vid/projects/new/:nid', page: projectForm, roles: ['secretary'] },
  { name: 'project', path: '/v/:vid/projects/:pid', page: () => import('./project-page.js'), roles: VILLAGE },
  { name: 'print-result', path: '/v/:vid/projects/:pid/print', page: printSheet, roles: [...VILLAGE, ...GOVERNMENT] },
  // Above the village: dashboards, alerts, topics.
  { name: 'dashboard', path: '/o/:org/dashboard', page: () => import('./dashboard.js'), roles: GOVERNMENT, menus: [
    { menu: 'org', label: 'dash.title', order: 1 },
  ] },
  { name: 'dashboard-village', path: '/o/:org/dashboard/v/:village', page: () => import('./dashboard-village.js'), roles: GOVERNMENT },
  // The same drill-down opened at the part that shows an alert's evidence.
  { name: 'dashboard-village-part', path: '/o/:org/dashboard/v/:village/:part', page: () => import('./dashboard-village.js'), roles: GOVERNMENT },
  { name: 'alerts', path: '/o/:org/alerts', page: () => import('./alerts.js'), roles: GOVERNMENT, menus: [
    { menu: 'org', id: 'nav-alerts', label: 'dash.alerts', order: 2 },
  ] },
  { name: 'topics', path: '/o/:org/topics', page: () => import('./dashboard-topics.js'), roles: GOVERNMENT, menus: [
    { menu: 'org', id: 'nav-topics', label: 'dash.topics', order: 3 },
  ] },
  // The operator's pages: the org tree, then a village's bodies, register, accounts and rules.
  { name: 'op-tree', path: '/op', page: () => import('./op-tree.js'), roles: ['operator'], menus: [
    { menu: 'home', id: 'link-op-tree', label: 'op.tree', order: 1, when: operator },
    { menu: 'op', id: 'op-nav-tree', label: 'op.tree', order: 0 },
  ] },
  { name: 'op-bodies', path: '/op/v/:vid', page: () => import('./op-bodies.js'), roles: ['operator'], menus: [
    { menu: 'op', id: 'op-nav-bodies', label: 'op.bodies', order: 1 },
  ] },
  { name: 'op-register', path: '/op/v/:vid/register', page: () => import('./op-register.js'), roles: ['operator'], menus: [
    { menu: 'op', id: 'op-nav-register', label: 'op.register', order: 2 },
  ] },
  { name: 'op-accounts', path: '/op/v/:vid/accounts', page: () => import('./op-accounts.js'), roles: ['operator'], menus: [
    { menu: 'op', id: 'op-nav-accounts', label: 'op.accounts', order: 3 },
  ] },
  { name: 'op-certificates', path: '/op/c/:cid/certificates', page: () => import('./op-certificates.js'), roles: ['operator'], menus: [] },
  { name: 'op-settings', path: '/op/v/:vid/settings', page: () => import('./op-settings.js'), roles: ['operator'], menus: [
    { menu: 'op', id: 'op-nav-settings', label: 'op.settings', order: 4 },
  ] },
  // The moral review board.
  { name: 'moral', path: '/v/:vid/moral', page: () => import('./moral-home.js'), roles: [...VILLAGE, 'street_official'], menus: [
    { menu: 'home', id: 'link-moral', label: 'moral.title', order: 3, when: villager },
    { menu: 'moral', id: 'nav-moral', label: 'moral.title', order: 1 },
  ] },
  { name: 'moral-nominate', path: '/v/:vid/moral/nominate', page: () => import('./moral-nominate.js'), roles: VILLAGE },
  { name: 'moral-case', path: '/v/:vid/moral/c/:cid', page: () => import('./moral-case.js'), roles: VILLAGE },
  { name: 'moral-lists', path: '/v/:vid/moral/lists', page: () => import('./moral-lists.js'), roles: PUBLIC, menus: [
    { menu: 'moral', id: 'nav-moral-lists', label: 'moral.lists', order: 2 },
  ] },
  { name: 'moral-points', path: '/v/:vid/moral/points', page: () => import('./moral-points.js'), roles: VILLAGE },
  // The service desk.
  { name: 'desk', path: '/v/:vid/desk', page: () => import('./desk.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-desk', label: 'desk.title', order: 4, when: villager },
    { menu: 'desk', id: 'nav-desk', label: 'desk.title', order: 1 },
  ] },
  { name: 'desk-queue', path: '/v/:vid/desk/queue', page: () => import('./desk-queue.js'), roles: COUNCIL, menus: [
    { menu: 'desk', id: 'nav-desk-queue', label: 'desk.queue', order: 2 },
  ] },
  { name: 'desk-forwarded', path: '/v/:vid/desk/forwarded', page: () => import('./desk-forwarded.js'), roles: ['street_official'] },
  { name: 'desk-task', path: '/v/:vid/desk/task', page: () => import('./desk-task.js'), roles: ['street_official'] },
  // Assisted participation (代办): the helper's page and the resident's history.
  { name: 'assist', path: '/v/:vid/assist', page: () => import('./assist.js'), roles: ['secretary', 'council_member'], menus: [
    { menu: 'home', id: 'link-assist', label: 'assist.title', order: 0.5, when: (me) => villager(me) && can('assist', 'record') },
  ] },
  { name: 'assisted', path: '/v/:vid/assisted', page: () => import('./assisted-mine.js'), roles: VILLAGE, menus: [
    { menu: 'home', id: 'link-assisted', label: 'assist.historyTitle', order: 8.7, when: (me) => villager(me) && can('assist', 'read') },
  ] },
  { name: 'desk-street', path: '/desk/street', page: () => import('./desk-street.js'), roles: ['street_official'], menus: [
    { menu: 'home', id: 'link-street-desk', label: 'desk.street', order: 6, when: official },
    { menu: 'desk', id: 'nav-desk-street', label: 'desk.street', order: 3 },
  ] },
];

// The pattern of each parameter: ids are 24 hex digits, a version a number,
// a filing its notice's id and the attempt (notice:attempt), a part of a
// village's figures one of those an alert's evidence opens.
/** @type {Record<string, string>} */
const PARAMS = { ver: '[0-9]+', notice: '(?:affairs|finance|consultation)', token: '[a-z2-7]{32}', code: '[0-9A-Za-z]{8,64}', fid: '[0-9a-f]{24}(?::|%3A)[0-9]+', part: '(?:meetings|disclosures|complaints)' };
const ID = '[0-9a-f]{24}';

/** @param {string} path */
function compile(path) {
  const src = path.replace(/:(\w+)/g, (_, name) => `(?<${name}>${PARAMS[name] || ID})`);
  return new RegExp(`^${src}$`);
}

const compiled = ROUTES.map((r) => ({ route: r, re: compile(r.path) }));

/** The route of an address and its parameters, or null. @param {string} path */
export function match(path) {
  for (const { route: r, re } of compiled) {
    const m = re.exec(path);
    if (m) return { route: r, params: { ...m.groups } };
  }
  return null;
}

/**
 * An address of the table filled with params: href('/v/:vid/hall', {vid}).
 * @param {string} path
 * @param {Record<string, string>} params
 */
export function fill(path, params) {
  return path.replace(/:(\w+)/g, (_, name) => encodeURIComponent(params[name] || ''));
}

/**
 * The entries of one menu, in order, for the account me: [{id, href, label}].
 * @param {string} name
 * @param {Record<string, string>} [params]
 * @param {Me|null} [me]
 */
export function menu(name, params = {}, me = null) {
  return ROUTES.flatMap((r) => (r.menus || [])
    .filter((m) => m.menu === name && (!m.when || m.when(me || {})))
    .map((m) => ({ id: m.id || null, href: `#${fill(r.path, params)}`, label: t(m.label), order: m.order })))
    .sort((a, b) => a.order - b.order);
}

let seq = 0;

/** Draws the page of the current address. @param {import('./navigate.js').RenderOpts} [opts] */
async function render(opts = {}) {
  const path = route();
  const found = match(path);
  if (!found) {
    history.replaceState(null, '', '#/home');
    return render(opts);
  }
  const id = ++seq;
  /** @type {Ctx} */
  const ctx = { rerender: Boolean(opts.rerender), params: found.params, alive: () => id === seq && route() === path };
  const view = /** @type {HTMLElement} */ (document.getElementById('view'));
  view.dataset.view = found.route.name;
  try {
    const mod = await found.route.page();
    if (ctx.alive()) await mod.default(ctx);
  } catch (err) {
    console.error(err);
    if (ctx.alive()) showError(err);
  }
  refreshBell(state.me);
  if (opts.focus && ctx.alive()) {
    const h1 = /** @type {HTMLElement|null} */ (view.querySelector('#view-title'));
    if (h1) h1.focus();
  }
  return undefined;
}

setRenderer(render);

/** Shown when the dictionaries cannot load: the only text not taken from /i18n. */
export function showBootFailure() {
  show(h('p', { class: 'alert', role: 'alert' },
    h('span', { lang: 'zh-CN', text: '页面加载失败，请检查网络后刷新。' }), ' ',
    h('span', { lang: 'en', text: 'Could not load the page. Please check the network and reload.' })));
}
