// review-queue.js: the street's queue of filings to review, the oldest
// deadline first; each card opens the filing's review page, where the
// official reads the whole dossier before accepting or returning it.

import { api, arr, base } from './api.js';
import { card, h, list, setTitle, show, showLoading, title } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { revokedLine } from './proposal-revoke.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** @param {any} f a queued filing */
function filingCard(f) {
  return card({ href: `#/v/${f.village_id}/filings/${f.id}`, title: f.title, cls: `card filing${f.overdue ? ' overdue' : ''}`, data: { 'data-id': f.id } },
    f.village_name ? h('p', { class: 'village', text: t('review.villageOf', { village: f.village_name, kind: f.village_kind ? t(`op.kind.${f.village_kind}`) : '' }) }) : null,
    h('p', { text: t('review.due', { date: fmtTime(f.review_due) }) }),
    h('p', { class: 'attempt', text: t('street.attemptN', { n: f.attempt }) }),
    f.overdue ? h('p', { class: 'alert-text', text: t('street.overdue') }) : null,
    f.revoked_by ? revokedLine(f.village_id, f.revoked_by) : null);
}

/** @param {Ctx} ctx */
async function viewReview(ctx) {
  const { sid } = ctx.params;
  showLoading();
  const q = await api('GET', `${base(sid)}/review-queue`);
  if (!ctx.alive()) return;
  setTitle('review.title');
  const items = arr(q.filings).slice().sort((a, b) => String(a.review_due).localeCompare(String(b.review_due)));
  show(title('review.title'), list('review-list', items, filingCard, { cls: 'plain-list', empty: 'review.empty', emptyId: 'review-empty' }));
}

export default viewReview;
