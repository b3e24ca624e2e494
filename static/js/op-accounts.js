// op-accounts.js: a village's accounts and roles. Who holds which role, by
// name; giving and taking the village's roles (within the policy: only the
// roles of a village, over this village); and opening an account for a
// resident found in the register by name.

import { api, arr, base, fullError } from './api.js';
import { enter } from './auth.js';
import { button, field, h, messageArea, onSubmit, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { VILLAGE_ROLES, residentLabel, residentSearch, roleName } from './op-kit.js';
import { opNav } from './menus.js';

/**
 * @typedef {import('./op-kit.js').Resident} Resident
 * @typedef {{role: string, scope: string}} Assignment
 * @typedef {{id: string, name: string, phone: string, resident_no?: string, roles: Assignment[]}} Account
 */

/** @param {import('./auth.js').Ctx} ctx */
async function viewAccounts(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'op.accounts', () => Promise.all([
    api('GET', base(vid)), api('GET', `${base(vid)}/residents`), api('GET', `${base(vid)}/accounts`)]));
  if (!entered) return;
  const [village, register, accts] = entered.data;
  /** @type {Resident[]} */
  const residents = arr(register.residents);
  const held = h('div', { id: 'roles-held' });
  const listBox = h('div', { id: 'op-account-list' });
  const news = messageArea('acct-news', { polite: true, cls: 'check-found' });
  const page = { vid, path: village.path, residents, news, /** @type {Account[]} */ accounts: arr(accts.accounts) };
  const redraw = async (/** @type {string} */ said) => {
    const again = await api('GET', `${base(vid)}/accounts`);
    page.accounts = arr(again.accounts);
    held.replaceChildren(rolesHeld(page.accounts, village.path));
    listBox.replaceChildren(...page.accounts.map((a) => accountCard(page, a, redraw)));
    setAlert(news, said);
  };
  held.replaceChildren(rolesHeld(page.accounts, village.path));
  listBox.replaceChildren(...page.accounts.map((a) => accountCard(page, a, redraw)));
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('op.accountsOf', { village: village.name }) }),
    opNav(vid),
    h('section', { class: 'panel', 'aria-labelledby': 'roles-held-title' }, h('h2', { id: 'roles-held-title', text: t('op.rolesHeld') }), held),
    news,
    h('section', { class: 'panel', 'aria-labelledby': 'acct-new-title' }, h('h2', { id: 'acct-new-title', text: t('op.accountNew') }), newAccount(page, redraw)),
    h('section', { class: 'panel', 'aria-labelledby': 'acct-list-title' }, h('h2', { id: 'acct-list-title', text: t('op.accountList') }), listBox));
}

/** Who holds which role in the village, by role. @param {Account[]} accounts @param {string} path */
function rolesHeld(accounts, path) {
  return h('dl', { class: 'facts' }, VILLAGE_ROLES.flatMap((role) => {
    const names = accounts.filter((a) => a.roles.some((r) => r.role === role && r.scope === path)).map((a) => a.name);
    return [h('dt', { text: roleName(role) }), h('dd', { id: `held-${role}`, text: names.length ? names.join('、') : t('op.nobody') })];
  }));
}

/** An account, its roles, a button to give or take each village role. @param {any} page @param {Account} a @param {(said: string) => Promise<void>} redraw */
function accountCard(page, a, redraw) {
  const err = messageArea(`acct-${a.phone}-error`);
  const here = (/** @type {string} */ role) => a.roles.some((r) => r.role === role && r.scope === page.path);
  const toggles = VILLAGE_ROLES.filter((role) => role !== 'resident').map((role) => {
    const has = here(role);
    const b = button(`acct-${a.phone}-${role}`, t(has ? 'op.roleTake' : 'op.roleGive', { role: roleName(role) }), async () => {
      b.disabled = true;
      setAlert(err, '');
      const mine = a.roles.map((r) => ({ role: r.role, scope: r.scope }));
      const next = has ? mine.filter((r) => !(r.role === role && r.scope === page.path)) : [...mine, { role, scope: page.path }];
      try {
        await api('PUT', `/api/v1/accounts/${a.id}/roles`, { roles: next });
        await redraw(t(has ? 'op.roleTaken' : 'op.roleGiven', { role: roleName(role), name: a.name }));
        document.getElementById(`acct-${a.phone}-${role}`)?.focus();
      } catch (e) {
        b.disabled = false;
        setAlert(err, fullError(e));
      }
    }, has ? 'btn btn-secondary' : 'btn');
    return b;
  });
  const roles = a.roles.map((r) => (r.scope === page.path ? roleName(r.role) : `${roleName(r.role)}（${r.scope}）`)).join('、');
  return h('div', { class: 'card', 'data-account': a.name },
    h('p', { class: 'card-title', text: a.name }),
    h('p', { class: 'hint', text: t('op.accountLine', { phone: a.phone, roles }) }),
    h('p', { class: 'actions' }, toggles), err);
}

/** Finding a resident without an account and opening one. @param {any} page @param {(said: string) => Promise<void>} redraw */
function newAccount(page, redraw) {
  const box = h('div', { id: 'acct-form-box' });
  const linked = (/** @type {Resident} */ r) => page.accounts.some((/** @type {Account} */ a) => a.resident_no === r.resident_no);
  const search = residentSearch('acct-search', page.residents, (r) => box.replaceChildren(accountForm(page, r, redraw, box)), (r) => !linked(r));
  return h('div', null, search, box);
}

/** @param {any} page @param {Resident} r @param {(said: string) => Promise<void>} redraw @param {HTMLElement} box */
function accountForm(page, r, redraw, box) {
  const phone = h('input', { id: 'acct-phone', type: 'tel', inputmode: 'numeric', maxlength: '11', required: true, value: r.phone || '' });
  const password = h('input', { id: 'acct-password', type: 'password', minlength: '8', maxlength: '128', required: true, autocomplete: 'new-password' });
  const err = messageArea('acct-error');
  const btn = h('button', { id: 'acct-create', class: 'btn', type: 'submit', text: t('op.accountCreate', { name: r.name }) });
  const form = h('form', { id: 'acct-form', class: 'form', novalidate: true },
    h('p', { class: 'card-title', text: residentLabel(r) }),
    field('acct-phone', t('op.accountPhone'), phone, t('op.accountPhoneHint')),
    field('acct-password', t('op.accountPassword'), password, t('op.accountPasswordHint')), err, btn);
  onSubmit(form, btn, err, async () => {
    await api('POST', '/api/v1/accounts', { phone: phone.value.trim(), name: r.name, password: password.value,
      roles: [{ role: 'resident', scope: page.path }], village_id: page.vid, resident_no: r.resident_no });
    box.replaceChildren();
    await redraw(t('op.accountCreated', { name: r.name }));
  });
  return form;
}

export default viewAccounts;
