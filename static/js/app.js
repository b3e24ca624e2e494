// app.js: hash router and views for the Yishi web shell.
// All server text goes into the page through textContent / createElement,
// never parsed as HTML.

import { api, setCsrf } from './api.js';
import { t, pick, getLang, setLang, initialLang } from './i18n.js';
import { proposalRoutes, refreshBell } from './proposals.js';
import { minutesRoutes } from './minutes.js';
import { voteRoutes } from './votes.js';
import { dashboardRoutes, dashboardLinks } from './dashboard.js';
import { moralRoutes } from './moral.js';
import { deskRoutes } from './desk.js';

const view = document.getElementById('view');
const langBtn = document.getElementById('lang-switch');
const appError = document.getElementById('app-error');

const state = {
  me: null, // Me from /api/v1/me or login
  lists: null, // /api/v1/policies/lists
  login: { phone: '', password: '', error: null, busy: false },
};

/* ---------- DOM helpers ---------- */

/** h('p', {class: 'x', text: 'hi'}, child...) — strings become text nodes. */
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
  }
  return el;
}

/** Like t(), but {name} placeholders may be DOM nodes. */
function tNodes(key, nodes) {
  const frag = document.createDocumentFragment();
  for (const part of t(key).split(/(\{\w+\})/)) {
    const m = /^\{(\w+)\}$/.exec(part);
    if (m && Object.prototype.hasOwnProperty.call(nodes, m[1])) frag.append(nodes[m[1]]);
    else if (part) frag.append(part);
  }
  return frag;
}

function setTitle(key) {
  document.title = `${t(key)} · ${t('app.name')}`;
}

function title(key) {
  return h('h1', { id: 'view-title', tabindex: '-1', text: t(key) });
}

function show(...nodes) {
  view.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
}

function showLoading() {
  show(h('p', { class: 'loading', role: 'status', text: t('common.loading') }));
}

/** Readable message for an error, in the current language. */
function errorText(err) {
  const code = err && err.code;
  if (code === 'network') return t('error.network');
  if (code === 'timeout') return t('error.timeout');
  const fromServer = err && err.server ? pick(err.server, 'message', 'message_en') : '';
  if (fromServer) return fromServer;
  const s = err && err.status;
  if (s === 401) return t('error.unauthorized');
  if (s === 403) return t('error.forbidden');
  if (s === 429) return t('error.tooMany');
  if (s >= 500) return t('error.server');
  return t('error.generic');
}

function setAlert(el, text) {
  // Clear first so screen readers announce the same text again.
  el.textContent = '';
  if (text) el.textContent = text;
}

function showError(err, retry) {
  const kids = [title('error.title'), h('p', { class: 'alert', role: 'alert', text: errorText(err) })];
  if (retry) {
    const btn = h('button', { id: 'retry', class: 'btn', type: 'button', text: t('common.retry') });
    btn.addEventListener('click', retry);
    kids.push(h('p', null, btn));
  }
  show(...kids);
}

function navLinks(...links) {
  return h('nav', { class: 'actions', 'aria-label': t('nav.label') }, ...links);
}

function linkLists() {
  return h('a', { id: 'link-lists', class: 'btn btn-secondary', href: '#/lists', text: t('nav.lists') });
}

/** One published line: description, optional "not allowed" tag, role, basis. */
function lineItem(line, { showRole = true } = {}) {
  const deny = line.effect === 'deny';
  const desc = pick(line, 'zh', 'en') || [line.obj, line.act].filter(Boolean).join(' / ');
  const li = h('li', { class: deny ? 'line deny' : 'line' },
    h('p', { class: 'line-desc' },
      deny ? h('span', { class: 'tag', text: t('common.deny') }) : null,
      desc));
  const role = pick(line, 'role_zh', 'role_en') || line.role;
  if (showRole && role) li.append(h('p', { class: 'line-meta', text: t('common.role', { role }) }));
  if (line.basis) li.append(h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: line.basis }) })));
  return li;
}

function arr(x) {
  return Array.isArray(x) ? x : [];
}

function clearSession() {
  state.me = null;
  setCsrf(null);
}

/** On logout, forget receipt codes and pending ballots: the next person on a
 * shared village tablet must not find them (a receipt shows the ballot after
 * the vote closes). */
function forgetVotes() {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key && key.startsWith('yishi.vote.')) localStorage.removeItem(key);
  }
}

/* ---------- views ---------- */

function viewLogin(ctx) {
  setTitle('login.title');
  if (state.me) {
    go('/home', { replace: true });
    return;
  }
  const ls = state.login;

  const phone = h('input', {
    id: 'phone', name: 'phone', type: 'tel', autocomplete: 'username',
    required: true, 'aria-describedby': 'phone-hint phone-error',
  });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true, 'aria-describedby': 'password-error',
  });
  phone.value = ls.phone;
  password.value = ls.password;
  phone.addEventListener('input', () => { ls.phone = phone.value; });
  password.addEventListener('input', () => { ls.password = password.value; });

  const showPw = h('input', { id: 'show-password', type: 'checkbox' });
  showPw.addEventListener('change', () => { password.type = showPw.checked ? 'text' : 'password'; });

  const phoneErr = h('p', { id: 'phone-error', class: 'field-error' });
  const pwErr = h('p', { id: 'password-error', class: 'field-error' });
  const errBox = h('div', { id: 'login-error', class: 'alert', role: 'alert', 'aria-live': 'assertive' });
  const submit = h('button', { id: 'login-submit', class: 'btn btn-wide', type: 'submit' });

  function setBusy(busy) {
    ls.busy = busy;
    submit.disabled = busy;
    submit.textContent = t(busy ? 'login.submitting' : 'login.submit');
  }

  function renderError(err, moveFocus) {
    const inputs = { phone: [phone, phoneErr], password: [password, pwErr] };
    for (const [input, p] of Object.values(inputs)) {
      input.removeAttribute('aria-invalid');
      p.textContent = '';
    }
    if (!err) {
      setAlert(errBox, '');
      return;
    }
    const extra = [];
    let first = null;
    for (const [name, f] of Object.entries(err.fields || {})) {
      const msg = pick(f, 'message', 'message_en');
      const pair = inputs[name.toLowerCase()];
      if (pair && msg) {
        pair[0].setAttribute('aria-invalid', 'true');
        pair[1].textContent = msg;
        first = first || pair[0];
      } else if (msg) {
        extra.push(msg);
      }
    }
    setAlert(errBox, [errorText(err), ...extra].join(' '));
    if (moveFocus && first) first.focus();
  }

  const form = h('form', { id: 'login-form', class: 'form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'phone', text: t('login.phone') }),
      h('p', { id: 'phone-hint', class: 'hint', text: t('login.phoneHint') }),
      phone, phoneErr),
    h('div', { class: 'field' },
      h('label', { for: 'password', text: t('login.password') }),
      password, pwErr,
      h('label', { class: 'check', for: 'show-password' }, showPw, h('span', { text: t('login.showPassword') }))),
    errBox,
    submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (ls.busy) return;
    ls.error = null;
    renderError(null);
    setBusy(true);
    try {
      const data = await api('POST', '/api/v1/auth/login', { phone: phone.value.trim(), password: password.value });
      const user = data && data.user;
      setCsrf((data && data.csrf_token) || (user && user.csrf_token) || null);
      state.me = user || null;
      state.login = { phone: '', password: '', error: null, busy: false };
      go('/home');
      return;
    } catch (err) {
      ls.error = err;
    }
    ls.busy = false;
    if (ctx.alive()) {
      setBusy(false);
      renderError(ls.error, true);
    } else if (route() === '/login') {
      render({ rerender: true }); // language changed meanwhile
    }
  });

  setBusy(ls.busy);
  show(
    title('login.title'),
    h('p', { class: 'lead', text: t('login.intro') }),
    form,
    h('p', { class: 'hint demo', text: t('login.demo') }),
    navLinks(linkLists()));
  if (ls.error) renderError(ls.error, false);
}

async function viewHome(ctx) {
  setTitle('home.title');
  if (!ctx.rerender || !state.me) {
    if (!state.me) showLoading();
    try {
      const me = await api('GET', '/api/v1/me');
      if (!ctx.alive()) return;
      state.me = me;
      if (me && me.csrf_token) setCsrf(me.csrf_token);
    } catch (err) {
      if (!ctx.alive()) return;
      if (err.status === 401) {
        clearSession();
        go('/login', { replace: true });
      } else {
        showError(err, () => render({ focus: true }));
      }
      return;
    }
  }
  const me = state.me || {};

  const name = h('span', { id: 'user-name', text: me.name || me.phone || '' });
  const greeting = h('h1', { id: 'view-title', tabindex: '-1' }, tNodes('home.greeting', { name }));

  const roles = arr(me.roles);
  const rolesList = h('ul', { id: 'roles-list', class: 'cards' },
    roles.map((r) => {
      const role = pick(r, 'role_zh', 'role_en') || r.role || '';
      const scope = pick(r, 'scope_name', 'scope_name_en') || r.scope || '';
      return h('li', { class: 'card' },
        h('strong', { class: 'role-name', text: role }),
        scope ? h('span', { class: 'scope', text: t('home.scope', { scope }) }) : null);
    }));

  const powers = arr(me.powers);
  const powersList = h('ul', { id: 'powers-list', class: 'lines' },
    powers.map((p) => {
      const li = h('li', { class: p.effect === 'deny' ? 'line deny' : 'line' },
        h('p', { class: 'line-desc' },
          p.effect === 'deny' ? h('span', { class: 'tag', text: t('common.deny') }) : null,
          pick(p, 'zh', 'en') || [p.obj, p.act].filter(Boolean).join(' / ')));
      if (p.basis) li.append(h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: p.basis }) })));
      return li;
    }));

  const homeError = h('div', { id: 'home-error', class: 'alert', role: 'alert' });
  const logout = h('button', { id: 'logout', class: 'btn btn-secondary', type: 'button', text: t('home.logout') });
  logout.addEventListener('click', async () => {
    if (logout.disabled) return;
    logout.disabled = true;
    logout.textContent = t('home.loggingOut');
    setAlert(homeError, '');
    try {
      await doLogout();
    } catch (err) {
      if (ctx.alive()) {
        logout.disabled = false;
        logout.textContent = t('home.logout');
        setAlert(homeError, errorText(err));
      }
      return;
    }
    clearSession();
    forgetVotes();
    go('/login');
  });

  const villageLinks = [];
  if (me.village_id) {
    villageLinks.push(
      h('a', { id: 'link-proposals', class: 'btn', href: `#/v/${me.village_id}/proposals`, text: t('nav.proposals') }),
      h('a', { id: 'link-hall', class: 'btn', href: `#/v/${me.village_id}/hall`, text: t('nav.hall') }),
      h('a', { id: 'link-moral', class: 'btn', href: `#/v/${me.village_id}/moral`, text: t('moral.title') }),
      h('a', { id: 'link-desk', class: 'btn', href: `#/v/${me.village_id}/desk`, text: t('desk.title') }));
  } else if (arr(me.powers).some((p) => p.obj === 'proposal' && p.act === 'read')) {
    villageLinks.push(h('a', { id: 'link-proposals', class: 'btn', href: '#/proposals', text: t('nav.proposals') }));
  }
  if (!me.village_id && arr(me.powers).some((p) => p.obj === 'service_request' && p.act === 'answer' && p.effect !== 'deny')) {
    villageLinks.push(h('a', { id: 'link-street-desk', class: 'btn', href: '#/desk/street', text: t('desk.street') }));
  }

  show(
    greeting,
    villageLinks.length ? h('nav', { class: 'actions', 'aria-label': t('nav.village') }, villageLinks) : null,
    dashboardLinks(me),
    h('section', { class: 'panel', 'aria-labelledby': 'roles-title' },
      h('h2', { id: 'roles-title', text: t('home.roles') }),
      rolesList,
      roles.length ? null : h('p', { class: 'empty', text: t('home.rolesEmpty') })),
    h('section', { class: 'panel', 'aria-labelledby': 'powers-title' },
      h('h2', { id: 'powers-title', text: t('home.powers') }),
      powersList,
      powers.length ? null : h('p', { class: 'empty', text: t('home.powersEmpty') })),
    homeError,
    navLinks(linkLists(), logout));
}

/** POST logout; a 401 means already logged out. A 403 (stale CSRF token) is retried once with a fresh token. */
async function doLogout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch (err) {
    if (err.status === 401) return;
    if (err.status !== 403) throw err;
    let me;
    try {
      me = await api('GET', '/api/v1/me');
    } catch (e2) {
      if (e2.status === 401) return;
      throw err;
    }
    if (!me || !me.csrf_token) throw err;
    setCsrf(me.csrf_token);
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch (e3) {
      if (e3.status !== 401) throw e3;
    }
  }
}

const SECTIONS = [
  { field: 'powers', title: 'lists.powers', intro: 'lists.powersIntro' },
  { field: 'negative', title: 'lists.negative', intro: 'lists.negativeIntro' },
  { field: 'services', title: 'lists.services', intro: 'lists.servicesIntro' },
  { field: 'roles', title: 'lists.roles', intro: 'lists.rolesIntro' },
];

async function viewLists(ctx) {
  setTitle('lists.title');
  if (!ctx.rerender || !state.lists) {
    if (!state.lists) showLoading();
    try {
      const data = await api('GET', '/api/v1/policies/lists');
      if (!ctx.alive()) return;
      state.lists = data || {};
    } catch (err) {
      if (!ctx.alive()) return;
      showError(err, () => render({ focus: true }));
      return;
    }
  }
  const data = state.lists;
  const print = h('button', { id: 'print-lists', class: 'btn btn-secondary', type: 'button', text: t('lists.print') });
  print.addEventListener('click', () => window.print());

  show(
    title('lists.title'),
    h('p', { class: 'lead', text: t('lists.intro') }),
    SECTIONS.map((s) => {
      const lines = arr(data[s.field]);
      return h('section', { id: `list-${s.field}`, class: 'panel', 'aria-labelledby': `list-${s.field}-title` },
        h('h2', { id: `list-${s.field}-title`, text: t(s.title) }),
        h('p', { class: 'hint', text: t(s.intro) }),
        lines.length
          ? h('ul', { class: 'lines' }, lines.map((l) => lineItem(l)))
          : h('p', { class: 'empty', text: t('common.empty') }));
    }),
    navLinks(h('a', { id: 'link-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') }), print));
}

/* ---------- router ---------- */

const ROUTES = { '/login': viewLogin, '/home': viewHome, '/lists': viewLists };
// Routes with parameters, e.g. /v/:vid/p/:pid: { name, re (named groups), view }.
const PATTERNS = [];
let seq = 0;

function match(path) {
  if (ROUTES[path]) return { fn: ROUTES[path], name: path.slice(1), params: {} };
  for (const r of PATTERNS) {
    const m = r.re.exec(path);
    if (m) return { fn: r.view, name: r.name, params: { ...m.groups } };
  }
  return null;
}

function route() {
  return location.hash.replace(/^#/, '').split('?')[0];
}

function go(path, { replace = false } = {}) {
  const target = `#${path}`;
  if (replace) {
    history.replaceState(null, '', target);
    render({ focus: true });
  } else if (location.hash === target) {
    render({ focus: true });
  } else {
    location.hash = target; // hashchange renders
  }
}

/** opts.rerender: same view again (language switch), reuse loaded data. */
async function render(opts = {}) {
  const path = route();
  const found = match(path);
  if (!found) {
    history.replaceState(null, '', '#/home');
    render(opts);
    return;
  }
  const id = ++seq;
  const ctx = { rerender: Boolean(opts.rerender), params: found.params, alive: () => id === seq && route() === path };
  view.dataset.view = found.name;
  try {
    await found.fn(ctx);
  } catch (err) {
    console.error(err);
    if (ctx.alive()) showError(err);
  }
  refreshBell(state.me);
  if (opts.focus && ctx.alive()) {
    const h1 = view.querySelector('#view-title');
    if (h1) h1.focus();
  }
}

/* ---------- proposal views (proposals.js) ---------- */

const views = proposalRoutes({
  h, tNodes, setTitle, title, show, showLoading, showError, errorText, setAlert, navLinks, arr, go, state,
  rerender: () => render({ rerender: false }),
  clearSession,
});
for (const r of views) {
  if (r.path) ROUTES[r.path] = r.view;
  else PATTERNS.push(r);
}

/* ---------- vote views (votes.js) ---------- */

for (const r of voteRoutes({
  h, setTitle, title, show, showLoading, showError, errorText, setAlert, navLinks, arr, go, state,
  rerender: () => render({ rerender: false }),
  clearSession,
})) {
  if (r.path) ROUTES[r.path] = r.view;
  else PATTERNS.push(r);
}

/* ---------- meetings, minutes, board, review (minutes.js) ---------- */

for (const r of minutesRoutes({ h, setTitle, title, show, showLoading, setAlert, errorText, navLinks, go,
  rerender: () => render({ rerender: false }) })) {
  PATTERNS.push(r);
}

/* ---------- dashboards, alerts, topics (dashboard.js) ---------- */

for (const r of dashboardRoutes({ h, setTitle, title, show, showLoading, showError, navLinks, go,
  rerender: () => render({ rerender: false }) })) {
  PATTERNS.push(r);
}

/* ---------- moral review board, service desk (moral.js, desk.js) ---------- */

for (const r of [
  ...moralRoutes({ h, setTitle, title, show, showLoading, showError, errorText, setAlert, arr, go, state,
    rerender: () => render({ rerender: false }), clearSession }),
  ...deskRoutes({ h, setTitle, title, show, showLoading, showError, errorText, setAlert, arr, go, state,
    rerender: () => render({ rerender: false }), clearSession }),
]) {
  if (r.path) ROUTES[r.path] = r.view;
  else PATTERNS.push(r);
}

/* ---------- start ---------- */

function syncLangButton() {
  // The button names the other language, in that language.
  langBtn.lang = getLang() === 'en' ? 'zh-CN' : 'en';
}

let switching = false;
langBtn.addEventListener('click', async () => {
  if (switching) return;
  switching = true;
  langBtn.setAttribute('aria-busy', 'true');
  try {
    await setLang(getLang() === 'en' ? 'zh' : 'en');
    setAlert(appError, '');
    syncLangButton();
    await render({ rerender: true });
  } catch (err) {
    console.error(err);
    setAlert(appError, t('error.langLoad'));
  } finally {
    switching = false;
    langBtn.removeAttribute('aria-busy');
  }
});

window.addEventListener('hashchange', () => {
  setAlert(appError, '');
  render({ focus: true });
});

async function boot() {
  try {
    await setLang(initialLang());
  } catch (err) {
    console.error(err);
    try {
      await setLang('zh');
    } catch {
      // Dictionaries unreachable: the only text not taken from /i18n.
      show(h('p', { class: 'alert', role: 'alert' },
        h('span', { lang: 'zh-CN', text: '页面加载失败，请检查网络后刷新。' }), ' ',
        h('span', { lang: 'en', text: 'Could not load the page. Please check the network and reload.' })));
      return;
    }
  }
  syncLangButton();
  render();
}

boot();
