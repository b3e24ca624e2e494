// api.js: a small fetch wrapper for the Yishi JSON API.
// Sends the session cookie (same-origin), adds the CSRF header to every
// non-GET request and turns failures into ApiError.

const CSRF_KEY = 'yishi.csrf';
const TIMEOUT_MS = 20000;
let csrf;

/** Remembers the CSRF token (memory + sessionStorage). null clears it. */
export function setCsrf(token) {
  csrf = token || null;
  try {
    if (csrf) sessionStorage.setItem(CSRF_KEY, csrf);
    else sessionStorage.removeItem(CSRF_KEY);
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
  constructor(status, body) {
    const b = body && typeof body === 'object' ? body : {};
    super(b.message_en || b.message || b.code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = b.code || '';
    this.server = { message: b.message || '', message_en: b.message_en || '' };
    this.fields = b.fields && typeof b.fields === 'object' ? b.fields : {};
  }
}

/** api('GET', '/api/v1/me') → parsed JSON, or null for 204. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
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
    throw new ApiError(0, { code: e && e.name === 'AbortError' ? 'timeout' : 'network' });
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
