// meeting-sign-in.js: the address the console's QR code encodes. Opening it
// signs the logged-in resident in at once (they scanned on purpose); a
// person not logged in logs in first and comes back here.

import { api, errorText } from './api.js';
import { setMe, state } from './auth.js';
import { h, navLinks, setTitle, show, showLoading, title } from './dom.js';
import { pick, t } from './i18n.js';
import { go, route } from './navigate.js';
import { meetingURL, signInError } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The logged-in account, or null after sending the person to log in first. @param {Ctx} ctx */
async function who(ctx) {
  if (state.me) return state.me;
  try {
    const me = await api('GET', '/api/v1/me');
    setMe(me);
    return me;
  } catch (err) {
    if (!ctx.alive()) return null;
    if (err.status === 401) {
      try {
        sessionStorage.setItem('yishi.next', route());
      } catch {
        /* without storage the person comes back by scanning again */
      }
      go('/login', { replace: true });
    } else {
      show(title('signin.title'), h('p', { class: 'alert', role: 'alert', text: errorText(err) }));
    }
    return null;
  }
}

/** @param {Ctx} ctx */
async function viewMeetingSignIn(ctx) {
  const { vid, mid, code } = ctx.params;
  showLoading();
  if (!(await who(ctx)) || !ctx.alive()) return;
  setTitle('signin.title');
  let line;
  try {
    const r = await api('POST', `${meetingURL(vid, mid)}/sign-in`, { code });
    line = h('p', { id: 'sign-in-done', class: 'status-msg big', role: 'status', text: pick(r, 'message', 'message_en') });
  } catch (err) {
    const good = err.code === 'already_signed_in';
    line = h('p', { id: good ? 'sign-in-done' : 'sign-in-error', class: good ? 'status-msg big' : 'alert', role: good ? 'status' : 'alert', text: signInError(err) });
  }
  if (!ctx.alive()) return;
  show(title('signin.title'), line,
    navLinks(h('a', { id: 'sign-in-by-code', class: 'btn btn-secondary', href: `#/v/${vid}/sign-in`, text: t('signin.byCode') }),
      h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewMeetingSignIn;
