// api.js: a small fetch wrapper for the Yishi JSON API.
// Sends the session cookie (same-origin), adds the CSRF header to every
// non-GET request and turns failures into ApiError, whose code and both
// messages come from the server's JSON error.

import { t, pick } from './i18n.js';

const CSRF_KEY = 'yishi.csrf';
// Whether this browser holds a session, kept beside the (HttpOnly) cookie
// the page cannot read: set with the CSRF token at login, cleared with it
// at logout or on a 401. Without it, asking /api/v1/me would only fetch a
// 401, a red error in the console of every visitor's first page.
const SESSION_KEY = 'yishi.session';
const TIMEOUT_MS = 20000;
/** @type {string|null|undefined} */
let csrf;

/**
 * @typedef {{method: string, path: string, status: number, code: string, ms: number}} RequestRecord
 * @type {((r: RequestRecord) => void)[]}
 */
const hooks = [];

/**
 * Calls fn after every request with what was asked and how it ended: the
 * hook a test or a coverage probe uses to see which operations the page
 * calls. Returns a function that removes the hook.
 * @param {(r: RequestRecord) => void} fn
 */
export function onRequest(fn) {
  hooks.push(fn);
  return () => {
    const i = hooks.indexOf(fn);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** Remembers the CSRF token (memory + sessionStorage). null clears it. @param {string|null} token */
export function setCsrf(token) {
  csrf = token || null;
  try {
    if (csrf) sessionStorage.setItem(CSRF_KEY, csrf);
    else sessionStorage.removeItem(CSRF_KEY);
    if (csrf) localStorage.setItem(SESSION_KEY, '1');
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    /* memory copy is enough */
  }
}

function getCsrf() {
  if (csrf === undefined) {
    try {
      csrf = sessionStorage.getItem(CSRF_KEY);
    } catch {
      csrf = null;
    }
  }
  return csrf;
}

/**
 * status 0 means no answer: code "network" or "timeout".
 * message / message_en / fields come from the server's error body.
 */
export class ApiError extends Error {
  /** @param {number} status @param {any} body */
  constructor(status, body) {
    const b = body && typeof body === 'object' ? body : {};
    super(b.message_en || b.message || b.code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    /** @type {string} */
    this.code = b.code || '';
    this.server = { message: b.message || '', message_en: b.message_en || '' };
    /** @type {Record<string, {message?: string, message_en?: string}>} */
    this.fields = b.fields && typeof b.fields === 'object' ? b.fields : {};
    /** What the client needs to act on a refusal (e.g. the unconfirmed counts a close names). */
    this.details = b.details && typeof b.details === 'object' ? b.details : {};
  }
}

/**
 * api('GET', '/api/v1/me') → parsed JSON, or null for 204.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  const started = Date.now();
  /** @type {(status: number, code: string) => void} */
  const done = (status, code) => {
    for (const fn of hooks) fn({ method, path, status, code, ms: Date.now() - started });
  };
  try {
    const data = await send(method, path, body);
    done(200, '');
    return data;
  } catch (err) {
    done(err instanceof ApiError ? err.status : 0, err instanceof ApiError ? err.code : 'error');
    throw err;
  }
}

/** Whether this browser may hold a session (see SESSION_KEY); true when storage is unreadable. */
function maybeSignedIn() {
  try {
    return localStorage.getItem(SESSION_KEY) === '1';
  } catch {
    return true;
  }
}

/** @param {string} method @param {string} path @param {unknown} body */
async function send(method, path, body) {
  // Who am I, with no session: the server's answer is known, 401.
  if (method === 'GET' && path === '/api/v1/me' && !maybeSignedIn()) {
    throw new ApiError(401, { code: 'unauthenticated', message: '请先登录', message_en: 'Please log in first' });
  }
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body instanceof Blob) {
    headers['Content-Type'] = body.type || 'application/octet-stream'; // a file as it is (a register CSV)
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const tok = getCsrf();
    if (tok) headers['X-CSRF-Token'] = tok;
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  init.signal = ctrl.signal;

  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    clearTimeout(timer);
    throw new ApiError(0, { code: e instanceof Error && e.name === 'AbortError' ? 'timeout' : 'network' });
  }
  let data = null;
  try {
    if (res.status !== 204 && (res.headers.get('Content-Type') || '').includes('json')) {
      data = await res.json();
    }
  } catch {
    data = null;
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  if (res.status === 204) return null;
  if (data === null) throw new ApiError(res.status, { code: 'bad_response' });
  return data;
}

/** The API address of an org: /api/v1/orgs/{id}. @param {string} id */
export const base = (id) => `/api/v1/orgs/${id}`;

/**
 * x when it is an array, else an empty one: server lists may be null.
 * @template T
 * @param {T[]|null|undefined} x
 * @returns {T[]}
 */
export function arr(x) {
  return Array.isArray(x) ? x : [];
}

/** Readable message for an error, in the current language. @param {any} err */
export function errorText(err) {
  const code = err && err.code;
  if (code === 'network') return t('error.network');
  if (code === 'timeout') return t('error.timeout');
  const fromServer = err && err.server ? pick(err.server, 'message', 'message_en') : '';
  if (fromServer) return fromServer;
  const st = err && err.status;
  if (st === 401) return t('error.unauthorized');
  if (st === 403) return t('error.forbidden');
  if (st === 429) return t('error.tooMany');
  if (st >= 500) return t('error.server');
  return t('error.generic');
}

/** An error's message with the fields it names. @param {any} err */
export function fullError(err) {
  // A field is named by its label in the form when the page shows one, never
  // by its key (entries[0].zh means nothing to a person).
  const extra = Object.entries((err && err.fields) || {})
    .map(([name, f]) => {
      const label = fieldLabel(name);
      const msg = pick(/** @type {any} */ (f), 'message', 'message_en');
      return label ? `${label}: ${msg}` : msg;
    });
  return [errorText(err), ...extra].join(' ');
}

/** The label of the form field a server field key names, or ''. @param {string} name */
function fieldLabel(name) {
  const last = name.split(/[.[\]]+/).filter(Boolean).pop() || name;
  for (const l of document.querySelectorAll('form label[for]')) {
    const id = l.getAttribute('for') || '';
    if (id === name || id.endsWith(`-${last}`) || id.endsWith(`-${last.replace(/_/g, '-')}`)) return (l.textContent || '').trim();
  }
  return '';
}
