// bell.js: the notification bell in the header.

import { api, base } from './api.js';
import { t } from './i18n.js';

/** Shows the unread count of the logged-in resident's notifications. */
/** @param {import('./auth.js').Me|null} me */
export async function refreshBell(me) {
  const bell = /** @type {HTMLAnchorElement|null} */ (document.getElementById('bell'));
  if (!bell) return;
  const count = document.getElementById('bell-count');
  if (!me || !me.village_id) {
    bell.hidden = true;
    return;
  }
  bell.href = `#/v/${me.village_id}/notifications`;
  try {
    const data = await api('GET', `${base(me.village_id)}/notifications/unread`);
    const n = (data && data.unread) || 0;
    count.textContent = String(n);
    count.classList.toggle('zero', n === 0);
    bell.setAttribute('aria-label', t('bell.aria', { n }));
    bell.hidden = false;
  } catch {
    bell.hidden = true; // logged out meanwhile, or no permission: no bell
  }
}
