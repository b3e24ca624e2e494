// proposal-list.js: a village's proposals: search, sort, the list.

import { api, arr, base, fullError } from './api.js';
import { can, enter } from './auth.js';
import { field, h, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { villageNav } from './menus.js';
import { rerender } from './navigate.js';
import { proposalCard, sortButtons, villageName } from './proposal-kit.js';

const listState = { sort: 'recent' };

async function viewList(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'proposals.title', () => Promise.all([
    villageName(vid),
    api('GET', `${base(vid)}/proposals?sort=${listState.sort}&limit=50`),
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const [name, page] = data;

  const list = h('ul', { id: 'proposal-list', class: 'cards' }, arr(page.items).map((p) => proposalCard(vid, p)));
  const empty = h('p', { id: 'proposal-empty', class: 'empty', text: t('proposals.empty') });
  empty.hidden = arr(page.items).length > 0;
  const listTitle = h('h2', { id: 'list-title', text: t('proposals.all') });

  const q = h('input', { id: 'search-q', type: 'search', maxlength: '50', autocomplete: 'off' });
  const searchErr = h('p', { id: 'search-error', class: 'field-error', role: 'alert' });
  const clear = h('button', { id: 'search-clear', class: 'btn btn-secondary', type: 'button', text: t('proposals.searchClear') });
  clear.hidden = true;
  clear.addEventListener('click', () => rerender());
  const search = h('form', { id: 'search-form', class: 'form inline-form', role: 'search' },
    field('search-q', t('proposals.search'), q, t('proposals.searchHint')),
    searchErr,
    h('p', { class: 'actions' }, h('button', { id: 'search-submit', class: 'btn', type: 'submit', text: t('proposals.searchSubmit') }), clear));
  search.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(searchErr, '');
    try {
      const res = await api('GET', `${base(vid)}/search?q=${encodeURIComponent(q.value.trim())}`);
      if (!ctx.alive()) return;
      list.replaceChildren(...arr(res.items).map((p) => proposalCard(vid, p)));
      listTitle.textContent = t('proposals.results', { q: q.value.trim() });
      empty.hidden = arr(res.items).length > 0;
      clear.hidden = false;
    } catch (err) {
      setAlert(searchErr, fullError(err));
    }
  });

  const sorts = sortButtons('sort-', ['recent', 'support', 'created'], listState);

  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('proposals.heading', { village: name }) }),
    villageNav(vid),
    can('proposal', 'create') && me.village_id === vid
      ? h('p', null, h('a', { id: 'new-proposal', class: 'btn btn-wide', href: `#/v/${vid}/proposals/new`, text: t('proposals.new') }))
      : null,
    search,
    listTitle,
    sorts,
    list,
    empty);
}

export default viewList;
