// desk-queue.js: the village desk's queue: answer or forward to the street.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { lists, replyForm, requestCard, STATUSES } from './desk-kit.js';
import { field, h, show, title } from './dom.js';
import { t } from './i18n.js';
import { deskNav } from './menus.js';
import { rerender } from './navigate.js';

let queueStatus = 'filed';

async function viewQueue(ctx) {
  const { vid } = ctx.params;
  const q = queueStatus ? `?status=${encodeURIComponent(queueStatus)}` : '';
  const entered = await enter(ctx, 'desk.queue', () => Promise.all([lists(vid), api('GET', `${base(vid)}/service-requests${q}`)]));
  if (!entered) return;
  const data = entered.data;
  const [{ services, certificates }, got] = data;
  const requests = arr(got.requests);
  const filter = h('select', { id: 'queue-status' },
    h('option', { value: '', text: t('desk.all') }),
    STATUSES.map((s) => h('option', { value: s, text: t(`desk.status.${s}`) })));
  filter.value = queueStatus;
  filter.addEventListener('change', () => {
    queueStatus = filter.value;
    rerender();
  });
  show(
    title('desk.queue'),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.queueIntro') }),
    field('queue-status', t('desk.show'), filter),
    requests.length ? h('ul', { id: 'desk-queue', class: 'cards' }, requests.map((r) => requestCard(r, services, certificates, {
      showResident: true,
      extra: r.status === 'filed' ? replyForm(vid, r, [
        { name: 'answer', path: 'answer', label: 'desk.answer' },
        { name: 'forward', path: 'forward', label: 'desk.forward' },
      ]) : null,
    }))) : h('p', { id: 'desk-queue-empty', class: 'empty', text: t('desk.queueEmpty') }));
}

export default viewQueue;
