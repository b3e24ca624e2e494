// lists.js: the public lists (powers, negative, services, roles), as enforced.

import { api, arr } from './api.js';
import { state } from './auth.js';
import { h, navLinks, setTitle, show, showError, showLoading, title } from './dom.js';
import { t } from './i18n.js';
import { lineItem } from './policy-line.js';
import { linkHome } from './menus.js';
import { render } from './navigate.js';

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
    navLinks(linkHome(), print));
}

export default viewLists;
