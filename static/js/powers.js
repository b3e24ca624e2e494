// powers.js: "我的权利 / What I may do": the account's roles and the policy
// lines of its powers (they were on home; home now shows what is happening).

import { arr } from './api.js';
import { ensureMe } from './auth.js';
import { h, panel, setTitle, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { linkHome } from './menus.js';
import { lineItem } from './policy-line.js';

/** @param {any} r a role assignment */
function roleCard(r) {
  const role = pick(r, 'role_zh', 'role_en') || r.role || '';
  const scope = pick(r, 'scope_name', 'scope_name_en') || r.scope || '';
  return h('li', { class: 'card' },
    h('strong', { class: 'role-name', text: role }),
    scope ? h('span', { class: 'scope', text: t('home.scope', { scope }) }) : null);
}

/** @param {import('./auth.js').Ctx} ctx */
async function viewPowers(ctx) {
  setTitle('home.powersTitle');
  const me = await ensureMe(ctx);
  if (!me || !ctx.alive()) return;
  const roles = arr(me.roles);
  const powers = arr(me.powers);
  show(
    title('home.powersTitle'),
    panel('roles-title', t('home.roles'),
      h('ul', { id: 'roles-list', class: 'cards' }, roles.map(roleCard)),
      roles.length ? null : h('p', { class: 'empty', text: t('home.rolesEmpty') })),
    panel('powers-title', t('home.powers'),
      h('ul', { id: 'powers-list', class: 'lines' }, powers.map((p) => lineItem(p, { showRole: false }))),
      powers.length ? null : h('p', { class: 'empty', text: t('home.powersEmpty') })),
    h('p', { class: 'actions' }, linkHome()));
}

export default viewPowers;
