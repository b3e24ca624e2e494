// review-filing.js: one filing reviewed on one page. The street official
// reads everything the village decided (the village, the decision's text,
// every version of the minutes with the vote's counts, quorum and ballots
// hash, the notice with its objections and answers, the deadline, and the
// earlier attempts with the street's orders on them) and then accepts it, behind a
// confirmation, or returns it for correction citing the legal basis.

import { api, arr, base } from './api.js';
import { ensureMe } from './auth.js';
import { busyButton, dialog, field, h, heading, messageArea, navLinks, panel, setAlert, setTitle, show, showLoading } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { voteLine } from './meeting-kit.js';
import { revokedLine } from './proposal-revoke.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** A vote of the minutes and, below it, the hash of its ballots (anyone may check the count against it). @param {any} v */
function voteItems(v) {
  return [voteLine(v), v.ballots_hash ? h('li', { class: 'ballots-hash', text: t('street.ballotsHash', { title: v.title, hash: v.ballots_hash }) }) : null];
}

/** One version of the minutes: its status, quorum and rule, and the votes. @param {any} m */
function minutesItem(m) {
  const q = m.quorum || {};
  const state = m.status === 'published' ? t('street.minutesPublished', { when: fmtTime(m.published_at) }) : t(`minutes.status.${m.status}`);
  return h('li', { class: 'card minutes-version', 'data-version': String(m.version) },
    h('p', { class: 'card-title', text: t('street.minutesVersion', { n: m.version }) }),
    h('p', { class: 'minutes-state', text: m.reason ? `${state} · ${t('street.minutesReason', { reason: m.reason })}` : state }),
    m.hash ? h('p', { class: 'hint hash', text: `${t('minutes.hash')}：${m.hash}` }) : null,
    h('p', { class: 'quorum', text: t(q.met ? 'meet.quorumMet' : 'meet.quorumNotMet', { eligible: q.eligible, present: q.present, basis: q.basis || '' }) }),
    h('p', { class: 'rule', text: t('street.rule', { basis: q.basis || '—' }) }),
    h('ul', { class: 'lines review-votes' }, arr(m.votes).flatMap(voteItems)));
}

/** An earlier attempt at this filing and the street's order on it. @param {any} f */
function earlierItem(f) {
  const o = f.correction_order || {};
  return h('li', { class: 'card earlier-attempt', 'data-attempt': String(f.attempt) },
    h('p', { class: 'card-title', text: t('street.attemptN', { n: f.attempt }) }),
    h('p', { text: t(`street.earlier.${f.status === 'returned' ? 'returned' : 'other'}`, { when: fmtTime(f.reviewed_at || f.filed_at) }) }),
    o.basis ? h('p', { text: t('street.earlierBasis', { basis: o.basis }) }) : null,
    o.reason ? h('p', { text: t('street.earlierReason', { reason: o.reason }) }) : null);
}

/** An objection and its answer. @param {any} o */
function objectionItem(o) {
  return h('li', { class: 'card objection' },
    h('p', { text: o.text }),
    h('p', { class: o.answer ? 'answer' : 'answer missing', text: o.answer ? t('street.answer', { text: o.answer }) : t('street.noAnswer') }));
}

/** The sections the official reads before deciding. @param {any} d */
function readSections(d) {
  const f = d.filing;
  const n = d.notice || {};
  return [
    h('dl', { class: 'facts' },
      h('dt', { text: t('street.village') }), h('dd', { id: 'review-village', text: d.village_name }),
      h('dt', { text: t('street.deadline') }), h('dd', { id: 'review-deadline', text: fmtTime(f.review_due) }),
      h('dt', { text: t('street.attempt') }), h('dd', { id: 'review-attempt', text: String(f.attempt) })),
    arr(d.earlier).length ? panel('review-earlier-title', t('street.earlierTitle'),
      h('ul', { id: 'review-earlier', class: 'cards' }, arr(d.earlier).map(earlierItem))) : null,
    panel('review-decision-title', t('street.decision'),
      h('h3', { text: n.title || f.title }), h('p', { id: 'review-decision', class: 'prose', text: n.text || '' }),
      f.revoked_by ? revokedLine(f.village_id, f.revoked_by, 'review-revoked') : null),
    panel('review-minutes-title', t('street.minutes'),
      h('ul', { id: 'review-minutes', class: 'cards' }, arr(d.minutes).map(minutesItem))),
    panel('review-notice-title', t('street.notice'),
      h('p', { id: 'review-notice', text: t('street.noticeFacts', { days: n.notice_days, end: fmtTime(n.deadline), count: arr(d.objections).length }) }),
      arr(d.objections).length ? h('ul', { id: 'review-objections', class: 'cards' }, arr(d.objections).map(objectionItem))
        : h('p', { id: 'review-objections-none', class: 'empty', text: t('street.noObjections') })),
  ];
}

/** The citations the app knows, once each, for the basis list. @param {any} rules */
function citations(rules) {
  const seen = new Set(['V2026 Art. 31 ¶3']);
  for (const r of arr(rules && rules.rules)) {
    for (const p of arr(r.provisions)) if (p.citation) seen.add(p.citation);
    if (r.basis) seen.add(r.basis);
  }
  return [...seen];
}

/** What the page says once the filing is decided. @param {any} d @param {'accepted'|'returned'} how */
function decided(d, how) {
  show(heading(t('street.decidedTitle')),
    h('p', { id: 'review-done', role: 'status', text: t(`street.done.${how}`, { title: d.filing.title, village: d.village_name }) }),
    h('p', { id: 'review-next', text: t(`street.next.${how}`) }),
    navLinks(h('a', { id: 'link-review-queue', class: 'btn', href: `#/s/${d.street_id}/review`, text: t('street.backToQueue') })));
}

/** The return form: the basis picked from the list plus free text, and what to correct. @param {any} d @param {string[]} cites @param {string} url */
function returnForm(d, cites, url) {
  const pickBasis = h('select', { id: 'review-basis-pick', 'aria-describedby': 'review-basis-error' },
    h('option', { value: '', text: t('street.basisPick') }), cites.map((c) => h('option', { value: c, text: c })));
  const extra = h('input', { id: 'review-basis-text', maxlength: '200' });
  const reason = h('textarea', { id: 'review-reason', rows: '4', maxlength: '2000' });
  const basisErr = messageArea('review-basis-error');
  const msg = messageArea('review-return-error');
  const send = busyButton('review-return', t('street.return'), msg, async () => {
    setAlert(basisErr, '');
    const basis = [/** @type {HTMLSelectElement} */ (pickBasis).value, /** @type {HTMLInputElement} */ (extra).value.trim()].filter(Boolean).join('；');
    if (!(/** @type {HTMLSelectElement} */ (pickBasis).value)) {
      setAlert(basisErr, t('street.basisRequired'));
      send.disabled = false;
      pickBasis.focus();
      return;
    }
    await api('POST', `${url}/return`, { basis, reason: /** @type {HTMLTextAreaElement} */ (reason).value.trim() });
    decided(d, 'returned');
  }, { secondary: true });
  return panel('review-return-title', t('street.returnTitle'),
    field('review-basis-pick', t('street.basis'), pickBasis), basisErr,
    field('review-basis-text', t('street.basisMore'), extra),
    field('review-reason', t('street.reason'), reason), h('p', { class: 'actions' }, send), msg);
}

/** @param {Ctx} ctx */
async function viewFiling(ctx) {
  const { vid } = ctx.params;
  const fid = decodeURIComponent(ctx.params.fid);
  setTitle('street.reviewTitle');
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const url = `${base(vid)}/filings/${fid}`;
  const [d, rules] = await Promise.all([api('GET', `${url}/dossier`), api('GET', '/api/v1/rules').catch(() => ({ rules: [] }))]);
  if (!ctx.alive()) return;
  const acceptErr = messageArea('review-accept-error');
  const open = d.filing.status === 'filed';
  show(heading(t('street.reviewOf', { title: d.filing.title })), ...readSections(d),
    open ? panel('review-accept-title', t('street.acceptTitle'), ...dialog({
      ask: ['review-accept', t('street.accept')], confirm: ['review-accept-sure', t('street.acceptSure')],
      cancel: ['review-accept-cancel', t('street.cancel')], boxId: 'review-accept-box', errBox: acceptErr,
      question: t('street.acceptQuestion', { title: d.filing.title, village: d.village_name }),
      onConfirm: async () => { await api('POST', `${url}/accept`); decided(d, 'accepted'); },
    }), acceptErr) : h('p', { id: 'review-status', text: t(d.filing.status === 'accepted' ? 'street.already.accepted' : 'street.already.returned') }),
    open ? returnForm(d, citations(rules), url) : null);
}

export default viewFiling;
