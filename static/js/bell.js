// bell.js: the notification bell in the header: the unread count of the
// logged-in account (GET /api/v1/notifications/unread), linking to the list.

import { api } from './api.js';
import { t } from './i18n.js';

/** @type {Promise<unknown>} the count being fetched, if any */
let inflight = Promise.resolve();

/**
 * Settles once no count is being fetched: logging out waits for it, so a
 * count asked with the old session is not answered after it ended (a 401
 * for nothing).
 */
export function bellSettled() {
  return inflight.catch(() => {});
}

/** Shows the unread count; no bell when logged out. @param {import('./auth.js').Me|null} me */
export async function refreshBell(me) {
  const bell = /** @type {HTMLAnchorElement|null} */ (document.getElementById('bell'));
  if (!bell) return;
  const count = /** @type {HTMLElement} */ (document.getElementById('bell-count'));
  if (!me) {
    bell.hidden = true;
    return;
  }
  bell.href = '#/notifications';
  // Named at once in the page's language (a language switch re-renders
  // here), with the count it shows until the new one arrives.
  if (!bell.hidden) bell.setAttribute('aria-label', t('bell.aria', { n: Number(count.textContent) || 0 }));
  try {
    const asked = api('GET', '/api/v1/notifications/unread');
    inflight = asked;
    const data = await asked;
    const n = (data && data.unread) || 0;
    count.textContent = String(n);
    count.classList.toggle('zero', n === 0);
    bell.setAttribute('aria-label', t('bell.aria', { n }));
    bell.hidden = false;
  } catch {
    bell.hidden = true; // logged out meanwhile: no bell
  }
}
