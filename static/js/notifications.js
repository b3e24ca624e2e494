// notifications.js: my notifications, newest first, from every org I have
// an inbox in (GET /api/v1/notifications). Opening one marks it read and
// goes to its page; "mark all read" clears the bell; older ones load on.

import { api, arr, errorText } from './api.js';
import { enter, state } from './auth.js';
import { busyButton, h, messageArea, setAlert, show, title } from './dom.js';
import { fmtTime } from './format.js';
import { has, pick, t } from './i18n.js';
import { titleWords } from './home-lines.js';
import { linkHref } from './links.js';
import { linkHome } from './menus.js';
import { go } from './navigate.js';
import { refreshBell } from './bell.js';

/**
 * @typedef {{id: string, kind: string, org_id?: string, org_name?: string, title: string, detail_zh?: string,
 *   detail_en?: string, link?: import('./links.js').Link, at?: string, read?: boolean}} Note
 * @typedef {{notifications?: Note[], unread?: number, next?: string}} Page
 */

const PATH = '/api/v1/notifications';

/** The sentence of a notification; a kind this page does not know shows its title. @param {Note} n */
function sentence(n) {
  const detail = pick(n, 'detail_zh', 'detail_en') || '';
  const key = `notify.${n.kind}`;
  const named = titleWords(n.kind, n.title);
  return has(key) ? t(key, { title: named, step: detail, who: detail, detail }) : named;
}

/** Marks ids read; a failure leaves them unread and says so. @param {Record<string, unknown>} body @param {Element} status */
async function markRead(body, status) {
  try {
    await api('POST', `${PATH}/read`, body);
  } catch (err) {
    setAlert(status, errorText(err));
    return false;
  }
  refreshBell(state.me);
  return true;
}

/** One notification; tapping it marks it read, then opens its page. @param {Note} n @param {Element} status */
function item(n, status) {
  const href = linkHref(n.link, n.org_id);
  const a = h('a', { class: 'card-title', href, text: sentence(n) });
  a.addEventListener('click', async (e) => {
    e.preventDefault();
    if (!n.read) await markRead({ ids: [n.id] }, status);
    go(href.replace(/^#/, ''));
  });
  return h('li', { class: n.read ? 'card note' : 'card note unread', 'data-id': n.id, 'data-kind': n.kind },
    n.read ? null : h('span', { class: 'tag-plain', text: t('notifications.new') }),
    a,
    h('p', { class: 'line-meta' },
      n.org_name ? `${n.org_name} · ` : '',
      h('time', { datetime: n.at || '', text: fmtTime(n.at) })));
}

/** @param {import('./auth.js').Ctx} ctx */
async function viewNotifications(ctx) {
  const entered = await enter(ctx, 'notifications.title', () => api('GET', `${PATH}?limit=20`));
  if (!entered) return;
  /** @type {Page} */
  const first = entered.data || {};
  const status = messageArea('notifications-status', { polite: true, cls: 'status' });
  const err = messageArea('notifications-error');
  const ul = h('ul', { id: 'notification-list', class: 'cards' });
  const empty = h('p', { id: 'notifications-empty', class: 'empty', text: t('notifications.none') });
  const more = h('p', null);
  /** @param {Page} page */
  const add = (page) => {
    ul.append(...arr(page.notifications).map((n) => item(n, err)));
    empty.hidden = ul.children.length > 0;
    more.replaceChildren();
    if (page.next) {
      more.append(busyButton('notifications-more', t('bell.older'), err, async () => {
        add(await api('GET', `${PATH}?limit=20&before=${encodeURIComponent(page.next || '')}`));
      }, { secondary: true }));
    }
  };
  add(first);
  const readAll = busyButton('notifications-read-all', t('notifications.readAll'), err, async () => {
    if (!(await markRead({ all: true }, err))) {
      readAll.disabled = false;
      return;
    }
    ul.querySelectorAll('.unread').forEach((li) => {
      li.classList.remove('unread');
      li.querySelector('.tag-plain')?.remove();
    });
    readAll.hidden = true;
    setAlert(status, t('bell.allRead'));
  });
  readAll.hidden = !(first.unread || 0);
  show(
    title('notifications.title'),
    status,
    err,
    h('p', null, readAll),
    ul, empty, more,
    h('p', { class: 'actions' }, linkHome()));
}

export default viewNotifications;
