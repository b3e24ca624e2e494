// moral-lists.js: the public honour roll, warning list and ranking.

import { api, arr, base } from './api.js';
import { load } from './auth.js';
import { h, setTitle, show, showLoading } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { moralNav } from './menus.js';
import { catText } from './moral-kit.js';

async function viewLists(ctx) {
  setTitle('moral.lists');
  const { vid } = ctx.params;
  if (!ctx.rerender) showLoading();
  // Public: no login needed, so no ensureMe.
  const data = await load(ctx, () => Promise.all([
    api('GET', `/api/v1/orgs/${vid}`),
    api('GET', `${base(vid)}/honour-roll`),
    api('GET', `${base(vid)}/warning-list`),
    api('GET', `${base(vid)}/points/ranking`).catch((err) => {
      if (err.status === 404) return null; // the village keeps its ranking private
      throw err;
    }),
  ]));
  if (!data || !ctx.alive()) return;
  const [village, honour, warning, ranking] = data;
  const roll = arr(honour.entries);
  const warned = arr(warning.entries);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('moral.listsOf', { village: village.name || '' }) }),
    moralNav(vid),
    h('section', { class: 'panel', 'aria-labelledby': 'honour-title' },
      h('h2', { id: 'honour-title', text: t('moral.honourRoll') }),
      roll.length ? h('ul', { id: 'honour-roll', class: 'lines' }, roll.map((e) => h('li', { class: 'line honour' },
        h('p', { class: 'line-desc' }, h('span', { class: 'honour-name', text: e.name }), e.group ? ` · ${e.group}` : ''),
        h('p', { class: 'line-meta', text: t('moral.honourLine', { category: catText(e.category), since: fmtDate(e.since) }) }))))
        : h('p', { id: 'honour-roll-empty', class: 'empty', text: t('moral.honourEmpty') })),
    h('section', { class: 'panel', 'aria-labelledby': 'warning-title' },
      h('h2', { id: 'warning-title', text: t('moral.warningList') }),
      h('p', { class: 'hint', text: t('moral.warningHint') }),
      warned.length ? h('ul', { id: 'warning-list', class: 'lines' }, warned.map((e) => h('li', { class: 'line warning' },
        h('p', { class: 'line-desc' }, h('span', { class: 'warning-surname', text: t('moral.surname', { surname: e.surname }) }),
          ' · ', h('span', { class: 'warning-group', text: e.group })),
        h('p', { class: 'line-meta', text: t('moral.warningLine', { category: catText(e.category), since: fmtDate(e.since), until: fmtDate(e.until) }) }))))
        : h('p', { id: 'warning-list-empty', class: 'empty', text: t('moral.warningEmpty') })),
    ranking ? h('section', { class: 'panel', 'aria-labelledby': 'ranking-title' },
      h('h2', { id: 'ranking-title', text: t('moral.ranking') }),
      arr(ranking.ranking).length ? h('ol', { id: 'points-ranking', class: 'lines' }, arr(ranking.ranking).map((r) => h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: t('moral.rankLine', { rank: r.rank, surname: r.surname, group: r.group || '', points: r.points }) }))))
        : h('p', { class: 'empty', text: t('common.empty') })) : null);
}

export default viewLists;
