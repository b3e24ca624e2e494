// login-code.js: log in with a one-time code sent to the phone, or set a
// forgotten password with one (#/login/code, #/login/reset). The send
// button counts down to when it can be pressed again.

import { api, errorText, setCsrf } from './api.js';
import { state } from './auth.js';
import { button, h, messageArea, setAlert, setTitle, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { go, render, route } from './navigate.js';
import { leaveSaid, takeNext } from './login-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */
/** @typedef {{input: HTMLInputElement, error: HTMLElement, el: HTMLElement}} Field */

// What was typed, when the next code may be asked for and what the last
// answer said: kept across a language switch, for one page (mode). Moving
// between the code login and "forgot password" keeps only the phone and
// the wait the server asks for; the other page's code, message and error
// are not this page's.
/** @type {{phone: string, code: string, password: string, until: number, sent: any, error: any, mode: string}} */
let cs = { phone: '', code: '', password: '', until: 0, sent: null, error: null, mode: '' };

/**
 * A labelled input with its hint and error line, kept in cs[key].
 * @param {string} id @param {string} label @param {string} hint @param {'phone'|'code'|'password'} key
 * @param {Record<string, string|boolean>} attrs
 * @returns {Field}
 */
function inputField(id, label, hint, key, attrs) {
  const input = /** @type {HTMLInputElement} */ (h('input', { id, name: id, required: true,
    'aria-describedby': `${id}-hint ${id}-error`, ...attrs }));
  input.value = cs[key];
  input.addEventListener('input', () => { cs[key] = input.value; });
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const el = h('div', { class: 'field' }, h('label', { for: id, text: label }),
    h('p', { id: `${id}-hint`, class: 'hint', text: hint }), input, error);
  return { input, error, el };
}

/** Shows err on the fields it names and the rest in box. @param {Record<string, Field>} fields @param {Element} box @param {any} err */
function showError(fields, box, err) {
  for (const f of Object.values(fields)) {
    f.input.removeAttribute('aria-invalid');
    f.error.textContent = '';
  }
  if (!err) {
    setAlert(box, '');
    return;
  }
  const extra = [];
  for (const [name, fe] of Object.entries(err.fields || {})) {
    const msg = pick(fe, 'message', 'message_en');
    const f = fields[name];
    if (f && msg) {
      f.input.setAttribute('aria-invalid', 'true');
      f.error.textContent = msg;
    } else if (msg) {
      extra.push(msg);
    }
  }
  setAlert(box, [errorText(err), ...extra].join(' '));
}

/** The send button, counting down while no code may be asked for. @param {Ctx} ctx */
function sendButton(ctx) {
  const send = button('code-send', '', undefined, 'btn btn-secondary');
  const tick = () => {
    if (!ctx.alive()) {
      clearInterval(timer);
      return;
    }
    const left = Math.ceil((cs.until - Date.now()) / 1000);
    send.disabled = left > 0 || send.dataset.busy === '1';
    send.textContent = left > 0 ? t('code.resendIn', { s: left }) : t(cs.sent ? 'code.resend' : 'code.send');
  };
  const timer = setInterval(tick, 1000);
  tick();
  return { send, tick };
}

/** @param {Ctx} ctx */
function viewCode(ctx) {
  const reset = route() === '/login/reset';
  const mode = reset ? 'reset' : 'code';
  if (cs.mode !== mode) cs = { phone: cs.phone, code: '', password: '', until: cs.until, sent: null, error: null, mode };
  setTitle(reset ? 'code.resetTitle' : 'code.title');
  if (state.me && !reset) {
    go('/home', { replace: true });
    return;
  }
  /** @type {Record<string, Field>} */
  const fields = {
    phone: inputField('code-phone', t('login.phone'), t('login.phoneHint'), 'phone', { type: 'tel', autocomplete: 'username' }),
    code: inputField('code', t('code.code'), t('code.codeHint'), 'code',
      { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}' }),
  };
  if (reset) {
    fields.password = inputField('new-password', t('code.newPassword'), t('code.newPasswordHint'), 'password',
      { type: 'password', autocomplete: 'new-password', minlength: '8', maxlength: '128' });
    const showPw = h('input', { id: 'show-new-password', type: 'checkbox' });
    const pw = fields.password.input;
    showPw.addEventListener('change', () => { pw.type = /** @type {HTMLInputElement} */ (showPw).checked ? 'text' : 'password'; });
    fields.password.el.append(h('label', { class: 'check', for: 'show-new-password' }, showPw, h('span', { text: t('login.showPassword') })));
  }
  const box = messageArea('code-form-error');
  // Styled once it says something, so no empty bar shows before.
  const sentBox = messageArea('code-sent', { polite: true, cls: cs.sent ? 'said' : null });
  if (cs.sent) sentBox.textContent = pick(cs.sent, 'message', 'message_en');
  const { send, tick } = sendButton(ctx);
  send.addEventListener('click', () => askCode(ctx, { fields, box, sentBox, send, tick }));
  const submit = button('code-submit', t(reset ? 'code.submitReset' : 'code.submit'), undefined, 'btn btn-wide');
  submit.type = 'submit';
  const form = h('form', { id: 'code-form', class: 'form', novalidate: true }, fields.phone.el,
    h('p', { class: 'actions' }, send), sentBox, fields.code.el, fields.password ? fields.password.el : null, box, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void useCode(ctx, reset, { fields, box, submit });
  });
  show(title(reset ? 'code.resetTitle' : 'code.title'), h('p', { class: 'lead', text: t(reset ? 'code.resetIntro' : 'code.intro') }),
    form, h('nav', { class: 'actions', 'aria-label': t('nav.label') },
      h('a', { id: 'link-password-login', class: 'btn btn-secondary', href: '#/login', text: t('code.back') })));
  if (cs.error) showError(fields, box, cs.error);
}

/**
 * Asks for a code; the answer (or the refusal) says when the next may be asked for.
 * @param {Ctx} ctx
 * @param {{fields: Record<string, Field>, box: Element, sentBox: Element, send: HTMLButtonElement, tick: () => void}} v
 */
async function askCode(ctx, v) {
  if (v.send.disabled) return;
  v.send.dataset.busy = '1';
  v.send.disabled = true;
  v.send.textContent = t('code.sending');
  cs.error = null;
  showError(v.fields, v.box, null);
  try {
    const data = await api('POST', '/api/v1/auth/code', { phone: v.fields.phone.input.value.trim() });
    cs.sent = data;
    cs.until = Date.now() + (Number(data.resend_after) || 60) * 1000;
    if (!ctx.alive()) return;
    v.sentBox.classList.add('said');
    setAlert(v.sentBox, pick(data, 'message', 'message_en'));
    v.fields.code.input.focus();
  } catch (err) {
    cs.error = err;
    const wait = Number(err && err.details && err.details.retry_after);
    if (wait > 0) cs.until = Date.now() + wait * 1000;
    if (ctx.alive()) showError(v.fields, v.box, err);
  } finally {
    delete v.send.dataset.busy;
    if (ctx.alive()) v.tick();
  }
}

/**
 * Logs in with the code, or sets the new password and goes back to log in.
 * @param {Ctx} ctx @param {boolean} reset
 * @param {{fields: Record<string, Field>, box: Element, submit: HTMLButtonElement}} v
 */
async function useCode(ctx, reset, v) {
  if (v.submit.disabled) return;
  v.submit.disabled = true;
  v.submit.textContent = t('code.submitting');
  cs.error = null;
  showError(v.fields, v.box, null);
  const body = { phone: v.fields.phone.input.value.trim(), code: v.fields.code.input.value.trim() };
  try {
    if (reset) {
      const data = await api('POST', '/api/v1/auth/password-reset', { ...body, password: v.fields.password.input.value });
      leaveSaid({ message: data.message, message_en: data.message_en, phone: body.phone });
      cs = { phone: '', code: '', password: '', until: cs.until, sent: null, error: null, mode: '' };
      go('/login');
      return;
    }
    const data = await api('POST', '/api/v1/auth/code-login', body);
    setCsrf((data && data.csrf_token) || null);
    state.me = (data && data.user) || null;
    cs = { phone: '', code: '', password: '', until: 0, sent: null, error: null, mode: '' };
    go(takeNext() || '/home');
  } catch (err) {
    cs.error = err;
    if (ctx.alive()) {
      v.submit.disabled = false;
      v.submit.textContent = t(reset ? 'code.submitReset' : 'code.submit');
      showError(v.fields, v.box, err);
    } else if (route().startsWith('/login/')) {
      render({ rerender: true }); // language changed meanwhile
    }
  }
}

export default viewCode;
