// proposal-pick.js: an official's villages, to reach their proposals.

import { api, arr } from './api.js';
import { ensureMe, load } from './auth.js';
import { h, navLinks, setTitle, show, showLoading, title } from './dom.js';
import { t } from './i18n.js';
import { go } from './navigate.js';

async function viewPick(ctx) {
  setTitle('proposals.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (me.village_id) {
    go(`/v/${me.village_id}/proposals`, { replace: true });
    return;
  }
  showLoading();
  const data = await load(ctx, () => api('GET', '/api/v1/orgs'));
  if (!data || !ctx.alive()) return;
  const scopes = arr(me.roles).map((r) => r.scope);
  const villages = arr(data.orgs).filter((o) => o.level === 'village'
    && scopes.some((s) => s === '/' || o.path === s || o.path.startsWith(`${s}/`)));
  show(
    title('proposals.pickTitle'),
    h('p', { class: 'lead', text: t('proposals.pickIntro') }),
    villages.length
      ? h('ul', { id: 'village-list', class: 'cards' }, villages.map((o) => h('li', { class: 'card' },
        h('a', { class: 'card-title', href: `#/v/${o.id}/proposals`, text: o.name }))))
      : h('p', { class: 'empty', text: t('common.empty') }),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewPick;
