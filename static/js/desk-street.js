// desk-street.js: a street official's villages, with their desk pages.

import { api, arr } from './api.js';
import { can, enter } from './auth.js';
import { h, show, title } from './dom.js';
import { t } from './i18n.js';

/** A street official's villages, with their desk pages. */
async function viewStreet(ctx) {
  const entered = await enter(ctx, 'desk.street', () => api('GET', '/api/v1/orgs'));
  if (!entered) return;
  const { me, data } = entered;
  const roles = new Set(arr(me.powers)
    .filter((p) => p.obj === 'service_request' && p.act === 'answer' && p.effect !== 'deny')
    .map((p) => p.role));
  const scopes = arr(me.roles).filter((r) => roles.has(r.role)).map((r) => r.scope).filter(Boolean);
  const villages = arr(data.orgs).filter((o) => o.level === 'village' && scopes.some((s) => o.path.startsWith(`${s}/`)));
  show(
    title('desk.street'),
    h('nav', { class: 'subnav', 'aria-label': t('nav.label') }, h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') })),
    h('p', { class: 'lead', text: t('desk.streetIntro') }),
    villages.length ? h('ul', { id: 'street-villages', class: 'cards' }, villages.map((v) => h('li', { class: 'card', 'data-village': v.id },
      h('p', { class: 'card-title', text: v.name }),
      h('p', { class: 'actions' },
        h('a', { class: 'btn link-forwarded', href: `#/v/${v.id}/desk/forwarded`, text: t('desk.forwarded') }),
        can('task', 'assign') ? h('a', { class: 'btn btn-secondary link-task', href: `#/v/${v.id}/desk/task`, text: t('desk.task') }) : null,
        can('outcome', 'read') ? h('a', { class: 'btn btn-secondary link-outcomes', href: `#/v/${v.id}/moral`, text: t('desk.moralOutcomes') }) : null))))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

export default viewStreet;
