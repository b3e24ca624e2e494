// elder.js: elder mode (长辈模式, issue 21): larger type, high contrast
// (html.elder in app.css), simpler words (the dictionary's plain.* keys,
// i18n.js) and fewer items per screen (secondary links folded behind
// "更多"). One switch in the header and one on home; the choice is kept on
// this device (localStorage) and on the account (GET/PUT
// /api/v1/me/preferences), so it follows the person to another device.

import { api } from './api.js';
import { state } from './auth.js';
import { h, setAlert } from './dom.js';
import { applyI18n, setPlain, t } from './i18n.js';
import { render } from './navigate.js';

const STORAGE_KEY = 'yishi.elder';
let on = false;
/** The account whose stored choice has been read in this page load. */
let syncedFor = '';

function readStored() {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false; // storage blocked: the switch still works for this visit
  }
}

/** @param {boolean} v */
function store(v) {
  try {
    localStorage.setItem(STORAGE_KEY, v ? '1' : '0');
  } catch {
    /* not remembered on this device; the account may still remember it */
  }
}

// The larger type from the first paint; the words follow with the dictionary (initElder).
if (readStored()) document.documentElement.classList.add('elder');

/** Whether elder mode is on. */
export function isElder() {
  return on;
}

/** Every switch of the page shows the state. */
function syncSwitches() {
  for (const b of document.querySelectorAll('[data-elder-switch]')) b.setAttribute('aria-pressed', String(on));
}

/** Turns elder mode on or off on this device (class, words, switches). @param {boolean} v */
function apply(v) {
  on = v;
  store(v);
  document.documentElement.classList.toggle('elder', v);
  setPlain(v);
  applyI18n(document);
  syncSwitches();
}

/**
 * What the header's switch did, at the top of the page drawn again (the
 * header has no room for it), read out politely.
 * @param {HTMLElement} view @param {string} message
 */
function sayAtTop(view, message) {
  const said = h('p', { id: 'elder-said', class: 'said', role: 'status', 'aria-live': 'polite' });
  view.prepend(said);
  requestAnimationFrame(() => { said.textContent = message; });
}

/** At start: the device's choice, before the first page is drawn. */
export function initElder() {
  const sw = document.getElementById('elder-switch');
  if (sw) {
    sw.dataset.elderSwitch = '';
    sw.addEventListener('click', async () => {
      // The page is drawn again in the new mode while the account saves it;
      // busy until then, so nobody taps a link that is about to move.
      const view = document.getElementById('view');
      if (view) view.setAttribute('aria-busy', 'true');
      try {
        await Promise.all([toggle(), render({ rerender: true })]);
      } finally {
        if (view) view.removeAttribute('aria-busy');
      }
      if (view) sayAtTop(view, t(on ? 'elder.turnedOn' : 'elder.turnedOff'));
    });
  }
  apply(readStored());
}

/**
 * Flips elder mode and, when logged in, keeps the choice on the account.
 * A failed save is said in the page's alert; the device remembers anyway.
 */
async function toggle() {
  apply(!on);
  if (!state.me) return;
  const appError = document.getElementById('app-error');
  try {
    await api('PUT', '/api/v1/me/preferences', { elder_mode: on });
    syncedFor = state.me && state.me.id ? state.me.id : '';
    if (appError) setAlert(appError, '');
  } catch (err) {
    console.info('elder mode not saved on the account', err && /** @type {any} */ (err).code);
    if (appError) setAlert(appError, t('elder.notSaved'));
  }
}

/**
 * Once per account and page load: the account's stored choice, if the
 * person ever made one, wins over the device's (another device, a shared
 * tablet). Unset, the device's choice stays.
 */
export async function syncElder() {
  const id = state.me && state.me.id;
  if (!id || syncedFor === id) return;
  syncedFor = id;
  try {
    const p = await api('GET', '/api/v1/me/preferences');
    if (p && p.updated_at && Boolean(p.elder_mode) !== on) apply(Boolean(p.elder_mode));
  } catch (err) {
    console.info('elder mode preference', err && /** @type {any} */ (err).code);
  }
}

/**
 * Fewer items per screen: in elder mode, the links after the first keep
 * go behind "更多" (a link home always stays in view). Otherwise as given.
 * @param {HTMLElement[]} links @param {number} keep
 * @returns {HTMLElement[]}
 */
export function foldMore(links, keep) {
  if (!on || links.length <= keep + 1) return links;
  const home = (/** @type {HTMLElement} */ a) => /-home$/.test(a.id);
  const shown = links.filter((a, i) => i < keep || home(a));
  const rest = links.filter((a) => !shown.includes(a));
  if (!rest.length) return links;
  return [...shown, h('details', { class: 'more' }, h('summary', { class: 'btn btn-secondary', text: t('elder.more') }),
    h('div', { class: 'more-links' }, rest))];
}
