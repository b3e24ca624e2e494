// assist-home.js: the section of home "assisted actions to confirm" for a
// secretary or council member: what a helper recorded for a resident and
// waits for a second person, each with a one-tap confirm (never for the
// helper's own: the server refuses it and the page says so instead).

import { api, arr, base } from './api.js';
import { can } from './auth.js';
import { busyButton, h } from './dom.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';
import { actionLine, whoLine } from './assist-kit.js';

/** One pending action. @param {string} vid @param {any} a */
function pendingItem(vid, a) {
  const err = h('div', { class: 'alert', role: 'alert' });
  const act = a.mine
    ? h('p', { class: 'hint assist-own', text: t('assist.ownNote') })
    : h('p', { class: 'actions' }, busyButton(`assist-confirm-${a.id}`, t('assist.confirm'), err, async () => {
      const r = await api('POST', `${base(vid)}/assist/${a.id}/confirm`);
      const said = r.already ? t('assist.saidAlready')
        : t('assist.saidConfirmed', { name: a.resident_name, what: actionLine(a) });
      await rerenderSaying(said, 'assist-pending-title');
    }, { full: true }));
  return h('li', { class: 'card assist-action', 'data-id': a.id },
    h('p', { class: 'card-title', text: `${a.resident_name}：${actionLine(a)}` }),
    h('p', { class: 'line-meta', text: whoLine(a) }), err, act);
}

/**
 * The section, filled in once the list answers; null for an account that
 * may not confirm.
 * @param {string} vid
 */
export function assistPending(vid) {
  if (!vid || !can('assist', 'confirm')) return null;
  const body = h('div', { id: 'assist-pending-body', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('p', { class: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const r = await api('GET', `${base(vid)}/assist/pending`);
      const as = arr(r.actions);
      body.replaceChildren(as.length
        ? h('div', null, h('p', { class: 'hint', text: t('assist.pendingHint') }),
          h('ul', { id: 'assist-pending', class: 'cards' }, as.map((a) => pendingItem(vid, a))))
        : h('p', { id: 'assist-pending-empty', class: 'empty', text: t('assist.pendingEmpty') }));
    } catch (err) {
      console.info('assist pending', err && err.code);
      body.replaceChildren(h('p', { class: 'alert', role: 'alert', text: t('assist.pendingFailed') }));
    }
    body.removeAttribute('aria-busy');
  })();
  return h('section', { class: 'panel', 'aria-labelledby': 'assist-pending-title' },
    h('h2', { id: 'assist-pending-title', tabindex: '-1', text: t('assist.pendingTitle') }), body);
}
