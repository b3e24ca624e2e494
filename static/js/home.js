// home.js: the home page: what waits for me, then what is open in my
// village (GET /api/v1/home), the pages of the account's roles, and
// logging out. The roles and powers are on their own page (powers.js).

import { api, arr, errorText, setCsrf } from './api.js';
import { assistPending } from './assist-home.js';
import { can, clearSession, forgetVotes, loadPolicy, setMe, state } from './auth.js';
import { dashboardLinks } from './dash-kit.js';
import { foldMore, syncElder } from './elder.js';
import { button, h, heading, list, messageArea, navLinks, panel, setAlert, setTitle, show, showError, showLoading, tNodes } from './dom.js';
import { t } from './i18n.js';
import { bellSettled } from './bell.js';
import { homeLine } from './home-lines.js';
import { homeLinks, linkLists } from './menus.js';
import { go, render } from './navigate.js';
import { secretaryToday } from './secretary-today.js';
import { streetSections } from './street-home.js';

/** @typedef {import('./auth.js').Ctx} Ctx */
/** @typedef {{waiting?: import('./home-lines.js').HomeLine[], village?: import('./home-lines.js').HomeLine[],
 *   unread?: number, village_id?: string, village_name?: string}} Home */

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

/** What waits for me: the first thing on home. @param {Home} home @param {boolean} villager */
function waitingSection(home, villager) {
  return panel('home-waiting-title', t('home.waiting'),
    list('home-waiting', arr(home.waiting), (l) => homeLine(l, !villager), {
      cls: 'cards', emptyId: 'home-waiting-empty', empty: villager ? 'home.waitingEmpty' : 'home.waitingEmptyOfficial',
    }));
}

/** What is open in my village; none for an account above the villages. @param {Home} home @param {boolean} villager */
function villageSection(home, villager) {
  if (!villager) return null;
  return panel('home-village-title', home.village_name ? t('home.villageOf', { village: home.village_name }) : t('home.village'),
    list('home-village', arr(home.village), (l) => homeLine(l, false), {
      cls: 'cards', emptyId: 'home-village-empty', empty: 'home.villageEmpty',
    }));
}

/** @param {Ctx} ctx */
async function viewHome(ctx) {
  setTitle('home.title');
  if ((!ctx.rerender || !state.me) && !(await loadMe(ctx))) return;
  // The deny lines (for the links) and the account's elder mode, from another device.
  await Promise.all([loadPolicy(), syncElder()]);
  if (!ctx.alive()) return;
  const me = state.me || {};
  const villager = Boolean(me.village_id);
  const homeError = messageArea('home-error');
  /** @type {Home} */
  let home = {};
  try {
    home = await api('GET', '/api/v1/home');
  } catch (err) {
    if (!ctx.alive()) return;
    if (err.status === 401) {
      clearSession();
      go('/login', { replace: true });
      return;
    }
    setAlert(homeError, errorText(err)); // the links below still work
  }
  if (!ctx.alive()) return;
  const name = h('span', { id: 'user-name', text: me.name || me.phone || '' });
  const villageLinks = homeLinks();
  // A street official's work has a section of its own for each kind.
  const street = !villager && can('filing', 'review');
  // Elder mode has one switch, the header's, on every page (login too).
  const parts = [heading(tNodes('home.greeting', { name })), homeError,
    street ? streetSections(home.waiting) : waitingSection(home, villager)];
  // Pages for a role's day (the secretary's "today") go here, after what waits for me.
  parts.push(secretaryToday(me.village_id || ''));
  parts.push(assistPending(me.village_id || ''));
  parts.push(villageSection(home, villager));
  parts.push(
    villageLinks.length ? h('nav', { class: 'actions', 'aria-label': t('nav.village') }, foldMore(villageLinks, 4)) : null,
    dashboardLinks(me),
    navLinks(linkLists(), logoutButton(ctx, homeError)));
  show(...parts);
}

/** POST logout; a 401 means already logged out. A 403 (stale CSRF token) is retried once with a fresh token. */
async function doLogout() {
  await bellSettled();
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
