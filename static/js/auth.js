// auth.js: the logged-in account and the one permission check of the page.
// can(object, action) applies the policy's lines exactly as the server's
// Casbin model does (policies/model.conf): allowed when some allow line of
// a role the account holds matches and no deny line of such a role does, so
// a negative-list line is never overridden by an allow.

import { api, setCsrf, arr } from './api.js';
import { setTitle, showError, showLoading } from './dom.js';
import { go, rerender } from './navigate.js';

/**
 * @typedef {{role: string, obj: string, act: string, effect?: string}} PolicyLine
 * @typedef {{role: string, scope: string}} Assignment
 * @typedef {{id?: string, name?: string, phone?: string, csrf_token?: string, village_id?: string,
 *   resident_no?: string, roles?: any[], powers?: any[]}} Me
 * @typedef {{rerender: boolean, params: Record<string, string>, alive: () => boolean}} Ctx
 */

/** @type {{me: Me|null, lists: any}} */
export const state = {
  me: null, // Me from /api/v1/me or login
  lists: null, // /api/v1/policies/lists: every line, allow and deny
};

/** Keeps the account and its CSRF token. @param {Me|null} me */
export function setMe(me) {
  state.me = me;
  if (me && me.csrf_token) setCsrf(me.csrf_token);
}

export function clearSession() {
  state.me = null;
  setCsrf(null);
}

/** On logout, forget receipt codes and pending ballots: the next person on a
 * shared village tablet must not find them (a receipt shows the ballot after
 * the vote closes). */
export function forgetVotes() {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key && key.startsWith('yishi.vote.')) localStorage.removeItem(key);
  }
}

/**
 * Every policy line of the published lists, allow and deny.
 * @param {any} lists /api/v1/policies/lists
 * @returns {PolicyLine[]}
 */
export function policyLines(lists) {
  if (!lists) return [];
  return ['powers', 'negative', 'services', 'roles'].flatMap((k) => arr(lists[k]));
}

/** Loads the policy lines once; can() falls back to the account's powers until then. */
export async function loadPolicy() {
  if (state.lists) return;
  try {
    state.lists = (await api('GET', '/api/v1/policies/lists')) || {};
  } catch (err) {
    console.info('policy lines', err && /** @type {any} */ (err).code);
  }
}

/**
 * Whether path is scope or lies beneath it; "/" holds every path
 * (policies.IsUnder: /s1 does not hold /s10).
 * @param {string} path
 * @param {string} scope
 */
export function isUnder(path, scope) {
  if (scope === '/') return path.startsWith('/');
  return path === scope || path.startsWith(`${scope}/`);
}

/**
 * The Casbin decision for an account holding assignments: some allow line
 * of a held role matches (obj, act) and no deny line of a held role does.
 * With dom (an org path) only roles assigned over it count, as g(sub, role,
 * dom) with isUnder; without, every held role counts.
 * @param {Assignment[]} assignments
 * @param {PolicyLine[]} lines
 * @param {string} obj
 * @param {string} act
 * @param {string} [dom]
 */
export function decide(assignments, lines, obj, act, dom) {
  const roles = new Set(assignments.filter((a) => dom === undefined || isUnder(dom, a.scope)).map((a) => a.role));
  const matching = lines.filter((l) => roles.has(l.role) && l.obj === obj && l.act === act);
  return matching.some((l) => (l.effect || 'allow') === 'allow') && !matching.some((l) => l.effect === 'deny');
}

/**
 * Whether the logged-in account may do act on obj (in the org at dom).
 * @param {string} obj
 * @param {string} act
 * @param {string} [dom]
 */
export function can(obj, act, dom) {
  const me = state.me || {};
  const lines = state.lists ? policyLines(state.lists) : arr(me.powers);
  return decide(arr(me.roles), lines, obj, act, dom);
}

/**
 * Loads the logged-in account if the page was opened directly.
 * @param {Ctx} ctx
 * @returns {Promise<Me|null>}
 */
export async function ensureMe(ctx) {
  await loadPolicy();
  if (state.me) return state.me;
  try {
    const me = await api('GET', '/api/v1/me');
    if (!ctx.alive()) return null;
    setMe(me);
    return me;
  } catch (err) {
    if (ctx.alive()) failed(err);
    return null;
  }
}

/** A failed load: back to the login page, or the error with a retry. @param {any} err */
export function failed(err) {
  if (err.status === 401) {
    clearSession();
    go('/login', { replace: true });
  } else {
    showError(err, () => rerender());
  }
}

/**
 * Runs a view's loading; on failure shows the error with a retry.
 * @template T
 * @param {Ctx} ctx
 * @param {() => Promise<T>} fn
 * @returns {Promise<T|null>}
 */
export async function load(ctx, fn) {
  try {
    return await fn();
  } catch (err) {
    if (ctx.alive()) failed(err);
    return null;
  }
}

/**
 * The start every signed-in page shares: its title, the account, the
 * loading note (not when only the language changed), then its data.
 * @template T
 * @param {Ctx} ctx
 * @param {string} titleKey
 * @param {(me: Me) => Promise<T>} fetch
 * @returns {Promise<{me: Me, data: T}|null>} null when the page moved on or its error shows
 */
export async function enter(ctx, titleKey, fetch) {
  setTitle(titleKey);
  const me = await ensureMe(ctx);
  if (!me) return null;
  if (!ctx.rerender) showLoading();
  const data = await load(ctx, () => fetch(me));
  if (data === null || !ctx.alive()) return null;
  return { me, data };
}
