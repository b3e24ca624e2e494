// meetings.js: the village's meetings, coming and past, each opening its
// page; "schedule a meeting" at the top for who may.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { card, h, list, navLinks, setTitle, show, showLoading, title } from './dom.js';
import { t } from './i18n.js';
import { kindName, whenWhere } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** @param {Ctx} ctx */
async function viewMeetings(ctx) {
  const { vid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const r = await load(ctx, () => api('GET', `${base(vid)}/meetings`));
  if (!r || !ctx.alive()) return;
  setTitle('meet.listTitle');
  const all = arr(r.meetings);
  /** @param {any} m */
  const item = (m) => card({ href: `#/v/${vid}/m/${m.id}`, title: m.title, data: { 'data-id': m.id } },
    h('p', { class: 'meta', text: `${kindName(m.kind)} · ${whenWhere(m)}` }),
    h('p', { class: `status status-${m.status}`, text: t(`meet.status.${m.status}`) }));
  show(title('meet.listTitle'),
    can('meeting', 'schedule') ? h('p', { class: 'actions' },
      h('a', { id: 'meetings-schedule', class: 'btn', href: `#/v/${vid}/meetings/new`, text: t('sec.schedule') })) : null,
    h('h2', { text: t('meet.coming') }),
    list('meetings-coming', all.filter((m) => m.status !== 'closed').reverse(), item, { cls: 'cards', empty: 'meet.noneComing' }),
    h('h2', { text: t('meet.past') }),
    list('meetings-past', all.filter((m) => m.status === 'closed'), item, { cls: 'cards', empty: 'meet.nonePast' }),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewMeetings;
