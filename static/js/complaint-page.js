// complaint-page.js: one complaint: the village, the matter (linked to its
// notice), the kind, the text and the date; the street's finding once it is
// answered. The street official answers here with a finding and, when
// founded, the order and the days the village has (V2026 Art. 36; U2026
// Art. 35); the street never publishes for the village (V2026 Art. 6). The
// secretary reports here that the village carried the order out. The
// resident reads their own complaint (from their list: the village's copy
// never names who complained).

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { busyButton, field, h, heading, navLinks, panel, setAlert, show } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { render } from './navigate.js';
import { feedback, setFlash, takeFlash } from './meeting-kit.js';
import { answerNodes, orgNames, statusText } from './complaint-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The complaint as the caller may read it, and the village's name. @param {string} vid @param {string} cid */
async function loadComplaint(vid, cid) {
  const names = await orgNames();
  if (can('complaint', 'read')) return { c: await api('GET', `${base(vid)}/complaints/${cid}`), village: names.get(vid) || '' };
  const mine = await api('GET', `${base(vid)}/complaints/mine`);
  const c = arr(mine.complaints).find((x) => x.id === cid);
  if (!c) throw Object.assign(new Error('not found'), { status: 404 });
  return { c, village: names.get(vid) || '' };
}

/** The facts of the complaint as a definition list. @param {string} vid @param {any} c @param {string} village */
function facts(vid, c, village) {
  const matter = c.notice_id ? h('a', { id: 'complaint-matter-link', href: `#/v/${vid}/n/${c.notice_id}`, text: c.subject }) : c.subject;
  return h('dl', { id: 'complaint-facts', class: 'facts' },
    h('dt', { text: t('complaint.villageLabel') }), h('dd', { id: 'complaint-village', text: village || c.village_path || '' }),
    h('dt', { text: t('complaint.matter') }), h('dd', { id: 'complaint-matter' }, matter),
    h('dt', { text: t('complaint.kindOf') }), h('dd', { id: 'complaint-kind-text', text: t(`complaint.kind.${c.kind}`) }),
    h('dt', { text: t('complaint.text') }), h('dd', { id: 'complaint-text-shown', text: c.text }),
    h('dt', { text: t('complaint.date') }), h('dd', { id: 'complaint-date', text: fmtDate(c.at, 'long') }));
}

/** The rule a finding breaks, or ''. @param {string} finding @param {string} factsText @param {string} order @param {number} days */
function findingError(finding, factsText, order, days) {
  if (!finding) return t('complaint.findingRequired');
  if (factsText.length < 4) return t('complaint.factsRequired');
  if (finding === 'founded' && (!order || !(days >= 1 && days <= 60))) return t('complaint.orderRequired');
  return '';
}

/** The street's answer form. @param {string} vid @param {any} c @param {string} village */
function answerForm(vid, c, village) {
  const radios = ['founded', 'unfounded'].map((k) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'finding', id: `finding-${k}`, value: k }), ' ', t(k === 'founded' ? 'complaint.findingFounded' : 'complaint.findingUnfounded')));
  const factsIn = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'finding-facts', rows: '4', maxlength: '4000' }));
  const order = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'finding-order', rows: '3', maxlength: '4000' }));
  const days = /** @type {HTMLInputElement} */ (h('input', { id: 'finding-days', type: 'number', min: '1', max: '60', value: '10', inputmode: 'numeric' }));
  const orderPart = h('div', { id: 'finding-order-part' }, field('finding-order', t('complaint.orderLabel'), order), field('finding-days', t('complaint.daysLabel'), days));
  const fb = feedback('finding');
  /** @type {Record<string, unknown>} */
  let body = {};
  const question = h('p', { id: 'finding-question' });
  const sure = busyButton('finding-sure', t('complaint.answerSure'), fb.bad, async () => {
    await api('POST', `${base(vid)}/complaints/${c.id}/finding`, body);
    setFlash(t('complaint.answered', { title: c.subject, village }));
    render({ rerender: true });
  });
  const keep = h('button', { id: 'finding-cancel', class: 'btn btn-secondary', type: 'button', text: t('meet.cancel') });
  const box = h('div', { id: 'finding-box', class: 'notice' }, question, h('p', { class: 'actions' }, sure, keep));
  box.hidden = true;
  // The finding binds the village: it is sent after a second look at what it says.
  const send = h('button', { id: 'finding-submit', class: 'btn', type: 'button', text: t('complaint.answerSubmit') });
  send.addEventListener('click', () => {
    const picked = /** @type {HTMLInputElement|null} */ (document.querySelector('input[name="finding"]:checked'));
    const finding = picked ? picked.value : '';
    const err = findingError(finding, factsIn.value.trim(), order.value.trim(), Number(days.value));
    setAlert(fb.bad, err);
    if (err) return;
    body = finding === 'founded'
      ? { finding, facts: factsIn.value.trim(), order: order.value.trim(), due_days: Number(days.value) }
      : { finding, facts: factsIn.value.trim() };
    question.textContent = finding === 'founded'
      ? t('complaint.askFounded', { village, order: order.value.trim(), days: days.value })
      : t('complaint.askUnfounded', { village });
    box.hidden = false;
    send.hidden = true;
    sure.focus();
  });
  keep.addEventListener('click', () => { box.hidden = true; send.hidden = false; send.focus(); });
  return panel('finding-title', t('complaint.answerTitle'), h('p', { id: 'finding-rule', class: 'hint', text: t('complaint.answerRule') }),
    h('fieldset', { id: 'finding-choice', class: 'field' }, h('legend', { text: t('complaint.findingLabel') }), ...radios),
    field('finding-facts', t('complaint.factsLabel'), factsIn), orderPart, send, box, ...fb.nodes);
}

/** The village's report that it carried the order out. @param {string} vid @param {any} c */
function doneForm(vid, c) {
  const note = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'done-note', rows: '3', maxlength: '2000' }));
  const fb = feedback('done');
  const send = busyButton('done-submit', t('complaint.doneSubmit'), fb.bad, async () => {
    if (note.value.trim().length < 4) {
      setAlert(fb.bad, t('complaint.doneRequired'));
      send.disabled = false;
      return;
    }
    await api('POST', `${base(vid)}/complaints/${c.id}/carried-out`, { note: note.value.trim() });
    setFlash(t('complaint.doneSaved'));
    render({ rerender: true });
  });
  return panel('done-title', t('complaint.doneTitle'), field('done-note', t('complaint.doneLabel'), note), send, ...fb.nodes);
}

/** @param {Ctx} ctx */
async function viewComplaint(ctx) {
  const { vid, cid } = ctx.params;
  const entered = await enter(ctx, 'complaint.title', () => loadComplaint(vid, cid));
  if (!entered) return;
  const { c, village } = entered.data;
  const fb = feedback('complaint-page');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  const back = can('complaint', 'answer')
    ? h('a', { id: 'link-complaint-queue', class: 'btn btn-secondary', href: '#/complaints/street', text: t('complaint.queueTitle') })
    : h('a', { id: 'link-my-complaints', class: 'btn btn-secondary', href: `#/v/${vid}/complaints/mine`, text: t(can('complaint', 'create') ? 'complaint.mine' : 'complaint.village') });
  show(heading(c.subject), ...fb.nodes, facts(vid, c, village),
    h('p', { id: 'complaint-status', class: 'complaint-status', text: statusText(c) }),
    h('section', { id: 'complaint-answer', 'aria-label': t('complaint.answerTitle') }, ...answerNodes(c)),
    c.status === 'submitted' && can('complaint', 'answer') ? answerForm(vid, c, village) : null,
    c.status === 'answered' && c.finding === 'founded' && can('complaint', 'comply') ? doneForm(vid, c) : null,
    navLinks(back));
}

export default viewComplaint;
