// projects.js: a village's implementation projects, newest first, each
// with how many milestones are done; the secretary starts one from here.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { card, h, heading, list, navLinks, setTitle, show, showLoading } from './dom.js';
import { t } from './i18n.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** @param {Ctx} ctx */
async function viewProjects(ctx) {
  const { vid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const r = await load(ctx, () => api('GET', `${base(vid)}/projects`));
  if (!r || !ctx.alive()) return;
  setTitle('proj.listTitle');
  show(heading(t('proj.listTitle')),
    can('implementation', 'manage') ? h('p', { class: 'actions' },
      h('a', { id: 'proj-new', class: 'btn', href: `#/v/${vid}/projects/new`, text: t('proj.newTitle') })) : null,
    list('proj-list', arr(r.projects), (/** @type {any} */ p) => {
      const done = arr(p.milestones).filter((m) => m.done_at && !String(m.done_at).startsWith('0001-')).length;
      return card({ href: `#/v/${vid}/projects/${p.id}`, title: p.title, data: { 'data-id': p.id } },
        h('p', { class: 'meta', text: `${t(`proj.status.${p.status}`)} · ${t('proj.progress', { done, of: arr(p.milestones).length })} · ${p.responsible}` }));
    }, { cls: 'cards', empty: 'proj.none', emptyId: 'proj-empty' }),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewProjects;
