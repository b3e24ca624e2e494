// sign-in-code.js: "sign in to a meeting" for a resident at the meeting:
// one large field for the six digits the secretary's screen shows under the
// QR code. The answer says "signed in to … at …".

import { api, base } from './api.js';
import { ensureMe } from './auth.js';
import { h, navLinks, setAlert, setTitle, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { signInError } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** @param {Ctx} ctx */
async function viewSignInCode(ctx) {
  const { vid } = ctx.params;
  if (!(await ensureMe(ctx))) return;
  setTitle('signin.title');
  const input = h('input', { id: 'sign-in-digits', class: 'big-digits', inputmode: 'numeric', autocomplete: 'off',
    pattern: '[0-9]{6}', maxlength: '6', required: true, 'aria-describedby': 'sign-in-digits-error' });
  const err = h('p', { id: 'sign-in-digits-error', class: 'field-error', role: 'alert' });
  const ok = h('p', { id: 'sign-in-done', class: 'status-msg big', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { id: 'sign-in-submit', class: 'btn btn-wide', type: 'submit', text: t('signin.submit') });
  const form = h('form', { id: 'sign-in-form', class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'sign-in-digits', text: t('signin.digits') }), input, err), submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    setAlert(err, '');
    const digits = input.value.replace(/\D/g, '');
    if (digits.length !== 6) {
      setAlert(err, t('signin.sixDigits'));
      return;
    }
    submit.disabled = true;
    try {
      const r = await api('POST', `${base(vid)}/sign-in`, { short_code: digits });
      setAlert(ok, pick(r, 'message', 'message_en'));
      form.hidden = true;
    } catch (ex) {
      setAlert(err, signInError(ex));
    } finally {
      submit.disabled = false;
    }
  });
  show(title('signin.title'), h('p', { class: 'lead', text: t('signin.intro') }), form, ok,
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
  input.focus();
}

export default viewSignInCode;
