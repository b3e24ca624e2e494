// moral-board.js: the case page's panel of the board's actions: telling the
// subject, opening a hearing, deciding, recusing oneself.

import { api, arr } from './api.js';
import { can } from './auth.js';
import { busyButton, dialog, field, h, messageArea, onSubmit } from './dom.js';
import { t } from './i18n.js';
import { HEARING, OPEN_FOR_HEARING, caseURL } from './moral-kit.js';
import { rerender } from './navigate.js';

/** Posts to the case and draws it again. @param {string} vid @param {any} c @param {string} what @param {unknown} [body] */
async function post(vid, c, what, body) {
  await api('POST', `${caseURL(vid, c.id)}/${what}`, body);
  rerender();
}

/** Recording how the subject was told. @param {string} vid @param {any} c @param {Element} err */
function noticeForm(vid, c, err) {
  const how = h('select', { id: 'notice-how' }, ['in_person', 'paper', 'phone'].map((x) => h('option', { value: x, text: t(`moral.how.${x}`) })));
  const note = h('input', { id: 'notice-note', type: 'text', maxlength: '500' });
  const btn = h('button', { id: 'notice-submit', class: 'btn btn-secondary', type: 'submit', text: t('moral.noticeSubmit') });
  const form = h('form', { id: 'notice-form', class: 'form', novalidate: true },
    h('h3', { text: t('moral.noticeTitle') }), h('p', { class: 'hint', text: t('moral.noticeHint') }),
    field('notice-how', t('moral.noticeHow'), how), field('notice-note', t('moral.note'), note), btn);
  onSubmit(form, btn, err, () => post(vid, c, 'notice', { how: how.value, note: note.value.trim() }));
  return form;
}

/** Recusing oneself from the hearing. @param {string} vid @param {any} c @param {Element} err */
function recuseForm(vid, c, err) {
  const note = h('input', { id: 'recuse-note', type: 'text', maxlength: '500', required: true });
  const btn = h('button', { id: 'recuse-submit', class: 'btn btn-secondary', type: 'submit', text: t('moral.recuseSubmit') });
  const form = h('form', { id: 'recuse-form', class: 'form', novalidate: true },
    h('h3', { text: t('moral.recuseTitle') }), field('recuse-note', t('moral.recuseNote'), note, t('moral.recuseHint')), btn);
  onSubmit(form, btn, err, () => post(vid, c, 'recusals', { note: note.value.trim() }));
  return form;
}

/** During a hearing: the link to its vote, and deciding it. @param {string} vid @param {any} c @param {Element} err */
function hearingParts(vid, c, err) {
  const last = arr(c.hearings)[c.hearings.length - 1] || {};
  const parts = [h('p', null, h('a', { id: 'go-vote', class: 'btn btn-wide', href: `#/v/${vid}/votes/${last.vote_id}`, text: t('moral.goVote') }))];
  if (can('case', 'decide')) {
    parts.push(...dialog({
      ask: ['decide', t('moral.decide')], askCls: 'btn btn-wide',
      confirm: ['decide-confirm', t('moral.decideConfirm')],
      cancel: ['decide-cancel', t('moral.cancel')],
      boxId: 'decide-box', question: t('moral.decideAsk'), errBox: err,
      onConfirm: () => post(vid, c, 'verdict'),
    }));
  }
  return parts;
}

/** What a board member may do at the case's stage; the server decides. @param {string} vid @param {any} c */
export function boardPanel(vid, c) {
  const err = messageArea('board-error');
  const parts = [];
  if (!c.told_at && ['nominated', 'no_verdict'].includes(c.status)) parts.push(noticeForm(vid, c, err));
  if (OPEN_FOR_HEARING.includes(c.status)) {
    const open = busyButton('open-hearing', t(c.status === 'appealed' ? 'moral.openAppealHearing' : 'moral.openHearing'), err,
      () => post(vid, c, 'hearing'), { cls: 'btn btn-wide', full: true });
    parts.push(h('p', { class: 'hint', text: t('moral.openHearingHint') }), h('p', null, open));
  }
  if (HEARING.includes(c.status)) parts.push(...hearingParts(vid, c, err));
  if (OPEN_FOR_HEARING.includes(c.status)) parts.push(recuseForm(vid, c, err));
  if (!parts.length) return null;
  return h('section', { id: 'board-actions', class: 'panel controls', 'aria-labelledby': 'board-actions-title' },
    h('h2', { id: 'board-actions-title', text: t('moral.boardActions') }), err, parts);
}
