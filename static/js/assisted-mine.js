// assisted-mine.js: a resident's own history of what helpers did for them
// (代办): each action with who helped, who confirmed and when, including
// those begun and cancelled, so nothing is done in their name unseen.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { h, show, title } from './dom.js';
import { t } from './i18n.js';
import { actionLine, whoLine } from './assist-kit.js';

/** @param {import('./auth.js').Ctx} ctx */
async function viewAssistedMine(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'assist.historyTitle', () => api('GET', `${base(vid)}/assisted-for-me`));
  if (!entered) return;
  const as = arr(entered.data.actions);
  show(
    title('assist.historyTitle'),
    h('p', { class: 'lead', text: t('assist.historyIntro') }),
    as.length ? h('ul', { id: 'assisted-mine', class: 'cards' }, as.map((a) => h('li', { class: 'card assisted', 'data-status': a.status },
      h('p', { class: 'card-title', text: actionLine(a) }),
      h('p', { class: 'line-meta', text: `${t(`assist.status.${a.status}`)} · ${whoLine(a)}` }))))
      : h('p', { id: 'assisted-mine-empty', class: 'empty', text: t('assist.historyEmpty') }),
    h('p', { class: 'actions' }, h('a', { id: 'assisted-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewAssistedMine;
