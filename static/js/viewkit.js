// viewkit.js: the helpers every page module shares (dates, powers, loading
// the account, showing an error, form fields and their submit), bound to the
// app's kit.

import { api, setCsrf } from './api.js';
import { pick, getLang } from './i18n.js';

/** Returns the shared view helpers for the app's kit k. */
export function viewHelpers(k) {
  function fmtTime(iso) {
    if (!iso || iso.startsWith('0001-')) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  }

  /** Whether the logged-in account holds a power (and no deny line). */
  function can(obj, act) {
    const ps = k.arr((k.state.me || {}).powers).filter((p) => p.obj === obj && p.act === act);
    return ps.length > 0 && !ps.some((p) => p.effect === 'deny');
  }

  /** Loads the logged-in account if the page was opened directly. */
  async function ensureMe(ctx) {
    if (k.state.me) return k.state.me;
    try {
      const me = await api('GET', '/api/v1/me');
      if (!ctx.alive()) return null;
      k.state.me = me;
      if (me && me.csrf_token) setCsrf(me.csrf_token);
      return me;
    } catch (err) {
      if (ctx.alive()) failed(err);
      return null;
    }
  }

  /** A failed load: back to the login page, or the error with a retry. */
  function failed(err) {
    if (err.status === 401) {
      k.clearSession();
      k.go('/login', { replace: true });
    } else {
      k.showError(err, () => k.rerender());
    }
  }

  /** Runs a view's loading; on failure shows the error with a retry. */
  async function load(ctx, fn) {
    try {
      return await fn();
    } catch (err) {
      if (ctx.alive()) failed(err);
      return null;
    }
  }

  /** An error's message with the fields it names. */
  function fullError(err) {
    const extra = Object.entries(err.fields || {}).map(([name, f]) => `${name}: ${pick(f, 'message', 'message_en')}`);
    return [k.errorText(err), ...extra].join(' ');
  }

  function field(id, label, input, hint) {
    return k.h('div', { class: 'field' },
      k.h('label', { for: id, text: label }),
      hint ? k.h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null,
      input);
  }

  /** Busy-guarded submit: runs fn, shows its error in errEl. */
  function onSubmit(form, btn, errEl, fn) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (btn.disabled) return;
      btn.disabled = true;
      k.setAlert(errEl, '');
      try {
        await fn();
      } catch (ex) {
        k.setAlert(errEl, fullError(ex));
      } finally {
        btn.disabled = false;
      }
    });
  }

  return { fmtTime, can, ensureMe, failed, load, fullError, field, onSubmit };
}
