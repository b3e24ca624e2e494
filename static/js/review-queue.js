// review-queue.js: the street's queue of filings to review.

import { api, base, errorText } from './api.js';
import { busyButton, button, h, setAlert, setTitle, show, showLoading, title } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { rerender } from './navigate.js';

async function viewReview(ctx) {
  const { sid } = ctx.params;
  showLoading();
  const q = await api('GET', `${base(sid)}/review-queue`);
  if (!ctx.alive()) return;
  setTitle('review.title');
  const items = (q.filings || []).map((f) => {
    const msg = h('p', { class: 'alert', role: 'alert' });
    const path = `${base(f.village_id)}/filings/${f.id}`; // ids are hex:attempt, safe in a path
    const basis = h('input', { class: 'review-basis', id: `basis-${f.notice_id}`, required: true, minlength: '4', maxlength: '300' });
    const reason = h('textarea', { class: 'review-reason', id: `reason-${f.notice_id}`, rows: '3', required: true, minlength: '4', maxlength: '2000' });
    const accept = busyButton(`accept-${f.notice_id}`, t('review.accept'), msg, async () => { await api('POST', `${path}/accept`); rerender(); },
      { cls: 'btn review-accept' });
    const ret = button(`return-${f.notice_id}`, t('review.return'), async () => {
      if (basis.value.trim().length < 4) { setAlert(msg, t('review.basisRequired')); basis.focus(); return; }
      try { await api('POST', `${path}/return`, { basis: basis.value.trim(), reason: reason.value.trim() }); rerender(); } catch (err) { setAlert(msg, errorText(err)); }
    }, 'btn btn-secondary');
    return h('li', { class: `card filing${f.overdue ? ' overdue' : ''}`, 'data-id': f.id },
      h('h2', { class: 'card-title', text: f.title }),
      h('p', { text: t('review.due', { date: fmtTime(f.review_due) }) }),
      h('p', { class: 'actions' }, accept),
      h('p', null, h('label', { for: basis.id, text: t('review.basis') }), basis),
      h('p', null, h('label', { for: reason.id, text: t('review.reason') }), reason),
      h('p', { class: 'actions' }, ret), msg);
  });
  show(title('review.title'), items.length ? h('ul', { id: 'review-list', class: 'plain-list' }, ...items)
    : h('p', { id: 'review-empty', text: t('review.empty') }));
}

export default viewReview;
