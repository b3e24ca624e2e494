// login.js: the login page (phone and password), with the ways in by a
// code sent to the phone (login-code.js).

import { api, errorText, setCsrf } from './api.js';
import { state } from './auth.js';
import { button, h, messageArea, navLinks, setAlert, setTitle, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { linkLists } from './menus.js';
import { go, render, route } from './navigate.js';
import { takeNext, takeSaid } from './login-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

// What was typed and how the last try ended: kept across a language switch.
/** @type {{phone: string, password: string, error: any, busy: boolean, said: any}} */
let ls = { phone: '', password: '', error: null, busy: false, said: null };

/** Takes what a password reset just did (and the phone it was for) into ls. */
function takeResetSaid() {
  const said = takeSaid();
  if (!said) return;
  ls.said = said;
  if (typeof said.phone === 'string') ls.phone = said.phone;
  ls.password = '';
}

/**
 * A labelled input with its error line; the input is marked invalid while
 * the error shows.
 * @param {string} id
 * @param {string} label
 * @param {HTMLInputElement} input
 * @param {...(Node|null)} extra shown after the error
 */
function fieldWithError(id, label, input, ...extra) {
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const el = h('div', { class: 'field' }, h('label', { for: id, text: label }), ...extra.slice(0, 1), input, error, ...extra.slice(1));
  return { el, input, error };
}

function inputs() {
  const phone = /** @type {HTMLInputElement} */ (h('input', {
    id: 'phone', name: 'phone', type: 'tel', autocomplete: 'username',
    required: true, 'aria-describedby': 'phone-hint phone-error',
  }));
  const password = /** @type {HTMLInputElement} */ (h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true, 'aria-describedby': 'password-error',
  }));
  phone.value = ls.phone;
  password.value = ls.password;
  phone.addEventListener('input', () => { ls.phone = phone.value; });
  password.addEventListener('input', () => { ls.password = password.value; });
  const showPw = h('input', { id: 'show-password', type: 'checkbox' });
  showPw.addEventListener('change', () => { password.type = showPw.checked ? 'text' : 'password'; });
  return {
    phone: fieldWithError('phone', t('login.phone'), phone, h('p', { id: 'phone-hint', class: 'hint', text: t('login.phoneHint') })),
    password: fieldWithError('password', t('login.password'), password, null,
      h('label', { class: 'check', for: 'show-password' }, showPw, h('span', { text: t('login.showPassword') }))),
  };
}

/**
 * Shows err on the fields it names and the rest in errBox.
 * @param {Record<string, {input: HTMLInputElement, error: HTMLElement}>} fields
 * @param {Element} errBox
 * @param {any} err
 * @param {boolean} moveFocus
 */
function renderError(fields, errBox, err, moveFocus) {
  for (const f of Object.values(fields)) {
    f.input.removeAttribute('aria-invalid');
    f.error.textContent = '';
  }
  if (!err) {
    setAlert(errBox, '');
    return;
  }
  const extra = [];
  let first = null;
  for (const [name, fe] of Object.entries(err.fields || {})) {
    const msg = pick(fe, 'message', 'message_en');
    const f = fields[name.toLowerCase()];
    if (f && msg) {
      f.input.setAttribute('aria-invalid', 'true');
      f.error.textContent = msg;
      first = first || f.input;
    } else if (msg) {
      extra.push(msg);
    }
  }
  setAlert(errBox, [errorText(err), ...extra].join(' '));
  if (moveFocus && first) first.focus();
}

/** @param {Ctx} ctx */
function viewLogin(ctx) {
  setTitle('login.title');
  if (state.me) {
    go('/home', { replace: true });
    return;
  }
  takeResetSaid();
  const fields = inputs();
  const errBox = messageArea('login-error');
  errBox.setAttribute('aria-live', 'assertive');
  const submit = button('login-submit', '', undefined, 'btn btn-wide');
  submit.type = 'submit';
  /** @param {boolean} busy */
  const setBusy = (busy) => {
    ls.busy = busy;
    submit.disabled = busy;
    submit.textContent = t(busy ? 'login.submitting' : 'login.submit');
  };
  const form = h('form', { id: 'login-form', class: 'form', novalidate: true }, fields.phone.el, fields.password.el, errBox, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (ls.busy) return;
    ls.error = null;
    renderError(fields, errBox, null, false);
    setBusy(true);
    if (await logIn(fields.phone.input.value.trim(), fields.password.input.value)) return;
    ls.busy = false;
    if (ctx.alive()) {
      setBusy(false);
      renderError(fields, errBox, ls.error, true);
    } else if (route() === '/login') {
      render({ rerender: true }); // language changed meanwhile
    }
  });
  setBusy(ls.busy);
  const said = ls.said ? h('p', { id: 'login-said', class: 'said', role: 'status', text: pick(ls.said, 'message', 'message_en') }) : null;
  const other = h('p', { class: 'actions' },
    h('a', { id: 'link-code-login', class: 'btn btn-secondary', href: '#/login/code', text: t('login.withCode') }),
    h('a', { id: 'link-forgot', class: 'btn btn-secondary', href: '#/login/reset', text: t('login.forgot') }));
  // What to do without the password (journeys.md, Resident 1).
  const forgot = h('p', { id: 'login-forgot-hint', class: 'hint', text: t('login.forgotHint') });
  show(title('login.title'), said, h('p', { class: 'lead', text: t('login.intro') }), form, other, forgot,
    h('p', { class: 'hint demo', text: t('login.demo') }), navLinks(linkLists()));
  if (ls.error) renderError(fields, errBox, ls.error, false);
}

/** Logs in and goes home; false (the error in ls) when refused. @param {string} phone @param {string} password */
async function logIn(phone, password) {
  try {
    const data = await api('POST', '/api/v1/auth/login', { phone, password });
    const user = data && data.user;
    setCsrf((data && data.csrf_token) || (user && user.csrf_token) || null);
    state.me = user || null;
    ls = { phone: '', password: '', error: null, busy: false, said: null };
    go(takeNext() || '/home');
    return true;
  } catch (err) {
    ls.error = err;
    return false;
  }
}

export default viewLogin;
