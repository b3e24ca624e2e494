// desk-forwarded.js: the street's queue of requests a village forwarded.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { lists, replyForm, requestCard } from './desk-kit.js';
import { h, show } from './dom.js';
import { t } from './i18n.js';
import { deskNav } from './menus.js';

async function viewForwarded(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'desk.forwarded', () => Promise.all([lists(vid), api('GET', `${base(vid)}/forwarded-requests`), api('GET', `/api/v1/orgs/${vid}`)]));
  if (!entered) return;
  const data = entered.data;
  const [{ services, certificates }, got, village] = data;
  const requests = arr(got.requests);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('desk.forwardedOf', { village: village.name || '' }) }),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.forwardedIntro') }),
    requests.length ? h('ul', { id: 'forwarded-queue', class: 'cards' }, requests.map((r) => requestCard(r, services, certificates, {
      extra: r.status === 'forwarded' ? replyForm(vid, r, [{ name: 'street-answer', path: 'street-answer', label: 'desk.answer' }]) : null,
    }))) : h('p', { id: 'forwarded-queue-empty', class: 'empty', text: t('desk.queueEmpty') }));
}

export default viewForwarded;
