// notifications.js: a resident's notifications.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { busyButton, h, show, title } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { villageNav } from './menus.js';
import { rerender } from './navigate.js';

async function viewNotifications(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'notifications.title', () => api('GET', `${base(vid)}/notifications`));
  if (!entered) return;
  const data = entered.data;
  const list = arr(data.notifications);
  const err = h('div', { id: 'notifications-error', class: 'alert', role: 'alert' });
  const readAll = list.some((n) => !n.read) && can('proposal', 'follow')
    ? busyButton('notifications-read-all', t('notifications.readAll'), err, async () => {
      await api('POST', `${base(vid)}/notifications/read`, { all: true });
      rerender();
    })
    : null;
  show(
    title('notifications.title'),
    villageNav(vid),
    err,
    readAll ? h('p', null, readAll) : null,
    list.length
      ? h('ul', { id: 'notification-list', class: 'lines' }, list.map((n) => h('li', { class: n.read ? 'line' : 'line unread' },
        h('p', { class: 'line-desc' },
          n.read ? null : h('span', { class: 'tag-plain', text: t('notifications.new') }),
          h('a', { href: `#/v/${vid}/p/${n.proposal_id}`, text: t(`notify.${n.kind}`, { title: n.title, step: pick(n, 'step_zh', 'step_en'), who: n.actor_name || '' }) })),
        h('p', { class: 'line-meta' }, h('time', { datetime: n.at, text: fmtTime(n.at) })))))
      : h('p', { class: 'empty', text: t('notifications.none') }));
}

export default viewNotifications;
