// home.js: the home page: greeting, the pages of the account's roles, its
// roles and powers, and logging out.

import { api, arr, errorText, setCsrf } from './api.js';
import { clearSession, forgetVotes, loadPolicy, setMe, state } from './auth.js';
import { dashboardLinks } from './dash-kit.js';
import { button, h, heading, messageArea, navLinks, panel, setAlert, setTitle, show, showError, showLoading, tNodes } from './dom.js';
import { pick, t } from './i18n.js';
import { homeLinks, linkLists } from './menus.js';
import { go, render } from './navigate.js';
import { lineItem } from './policy-line.js';
import { secretaryToday } from './secretary-today.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** Loads the account afresh; false when the page moved on. @param {Ctx} ctx */
async function loadMe(ctx) {
  if (!state.me) showLoading();
  try {
    const me = await api('GET', '/api/v1/me');
    if (!ctx.alive()) return false;
    setMe(me);
    return true;
  } catch (err) {
    if (!ctx.alive()) return false;
    if (err.status === 401) {
      clearSession();
      go('/login', { replace: true });
    } else {
      showError(err, () => render({ focus: true }));
    }
    return false;
  }
}

/** @param {any} r a role assignment */
function roleCard(r) {
  const role = pick(r, 'role_zh', 'role_en') || r.role || '';
  const scope = pick(r, 'scope_name', 'scope_name_en') || r.scope || '';
  return h('li', { class: 'card' },
    h('strong', { class: 'role-name', text: role }),
    scope ? h('span', { class: 'scope', text: t('home.scope', { scope }) }) : null);
}

/** The logout button; errors go to errBox. @param {Ctx} ctx @param {Element} errBox */
function logoutButton(ctx, errBox) {
  const logout = button('logout', t('home.logout'), undefined, 'btn btn-secondary');
  logout.addEventListener('click', async () => {
    if (logout.disabled) return;
    logout.disabled = true;
    logout.textContent = t('home.loggingOut');
    setAlert(errBox, '');
    try {
      await doLogout();
    } catch (err) {
      if (ctx.alive()) {
        logout.disabled = false;
        logout.textContent = t('home.logout');
        setAlert(errBox, errorText(err));
      }
      return;
    }
    clearSession();
    forgetVotes();
    go('/login');
  });
  return logout;
}

/** @param {Ctx} ctx */
async function viewHome(ctx) {
  setTitle('home.title');
  if ((!ctx.rerender || !state.me) && !(await loadMe(ctx))) return;
  await loadPolicy(); // for the links: can() needs the deny lines
  if (!ctx.alive()) return;
  const me = state.me || {};
  const name = h('span', { id: 'user-name', text: me.name || me.phone || '' });
  const roles = arr(me.roles);
  const powers = arr(me.powers);
  const villageLinks = homeLinks();
  const homeError = messageArea('home-error');
  show(
    heading(tNodes('home.greeting', { name })),
    secretaryToday(me.village_id || ''),
    villageLinks.length ? h('nav', { class: 'actions', 'aria-label': t('nav.village') }, villageLinks) : null,
    dashboardLinks(me),
    panel('roles-title', t('home.roles'),
      h('ul', { id: 'roles-list', class: 'cards' }, roles.map(roleCard)),
      roles.length ? null : h('p', { class: 'empty', text: t('home.rolesEmpty') })),
    panel('powers-title', t('home.powers'),
      h('ul', { id: 'powers-list', class: 'lines' }, powers.map((p) => lineItem(p, { showRole: false }))),
      powers.length ? null : h('p', { class: 'empty', text: t('home.powersEmpty') })),
    homeError,
    navLinks(linkLists(), logoutButton(ctx, homeError)));
}

/** POST logout; a 401 means already logged out. A 403 (stale CSRF token) is retried once with a fresh token. */
async function doLogout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch (err) {
    if (err.status === 401) return;
    if (err.status !== 403) throw err;
    let me;
    try {
      me = await api('GET', '/api/v1/me');
    } catch (e2) {
      if (e2.status === 401) return;
      throw err;
    }
    if (!me || !me.csrf_token) throw err;
    setCsrf(me.csrf_token);
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch (e3) {
      if (e3.status !== 401) throw e3;
    }
  }
}

export default viewHome;
