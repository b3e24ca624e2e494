// notice-page.js: one notice of the board, for every role: the text, the
// period with its end date written out, the objections with their written
// answers. A resident lodges an objection during the period; the secretary
// answers each one in writing and files the outcome with the street by one
// button, which says why it cannot be pressed yet until it can.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { busyButton, dialog, field, h, heading, navLinks, setTitle, show, showLoading } from './dom.js';
import { fmtDate, fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { render, rerenderSaying } from './navigate.js';
import { feedback, setFlash, takeFlash } from './meeting-kit.js';
import { setMatter } from './complaint-kit.js';
import { citedReceipt, objectForm } from './objection-form.js';
import { remarksPanel } from './record-remarks.js';
import { revokedLine } from './proposal-revoke.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** What the page reads. @param {string} vid @param {string} nid */
async function loadAll(vid, nid) {
  const url = `${base(vid)}/notices/${nid}`;
  const [n, o, r] = await Promise.all([api('GET', url), api('GET', `${url}/objections`),
    can('outcome', 'file') ? api('GET', `${url}/filing-readiness`) : Promise.resolve(null)]);
  return { n, objections: arr(o.objections), ready: r };
}

/** One objection with its answer, or the answer form for the secretary. @param {string} vid @param {any} n @param {any} o @param {number} i */
function objectionItem(vid, n, o, i) {
  const kids = [h('p', { class: 'objection-text', text: o.text }), citedReceipt(o), h('p', { class: 'meta', text: fmtTime(o.at) })];
  if (o.answer) {
    kids.push(h('p', { id: `answer-${i}`, class: 'answer', text: t('notice.answer', { text: o.answer }) }), h('p', { class: 'meta', text: fmtTime(o.answered_at) }));
  } else if (can('objection', 'answer')) {
    const fb = feedback(`answer-${i}`);
    const text = h('textarea', { id: `answer-text-${i}`, class: 'answer-text', rows: '3', maxlength: '2000' });
    kids.push(field(text.id, t('notice.answerLabel'), text), busyButton(null, t('notice.answerSubmit'), fb.bad, async () => {
      if (!text.value.trim()) throw new Error(t('notice.textRequired'));
      await api('POST', `${base(vid)}/notices/${n.id}/objections/${o.id}/answer`, { answer: text.value.trim() });
      // Said under the answer now shown in its place.
      await rerenderSaying(t('notice.answered'), `answer-${i}`);
    }, { cls: 'btn answer-submit' }), ...fb.nodes);
  } else {
    kids.push(h('p', { class: 'meta', text: t('notice.waitingAnswer') }));
  }
  return h('li', { class: 'card objection' }, ...kids);
}

/** The filing button: disabled with the reason until the outcome can be filed. @param {string} vid @param {any} n @param {any} r */
function filePanel(vid, n, r) {
  const fb = feedback('file');
  const reason = h('p', { id: 'file-reason', class: r.can_file ? 'hint' : 'notice', text: pick(r, 'message', 'message_en') });
  if (!r.can_file) {
    const b = h('button', { id: 'file-submit', class: 'btn', type: 'button', disabled: true, 'aria-describedby': 'file-reason', text: t('notice.file') });
    return h('section', { id: 'file-panel', class: 'panel' }, h('h2', { text: t('notice.fileTitle') }), b, reason);
  }
  const parts = dialog({
    ask: ['file-submit', t('notice.file')], confirm: ['file-sure', t('notice.fileSure')], cancel: ['file-cancel', t('meet.cancel')],
    boxId: 'file-box', question: t('notice.fileAsk', { title: n.title, street: r.street }), errBox: fb.bad,
    onConfirm: async () => {
      const f = await api('POST', `${base(vid)}/filings`, { kind: r.kind, notice_id: n.id });
      setFlash(t('notice.filed', { street: r.street, date: fmtDate(f.review_due, 'long') }));
      render({ rerender: true });
    },
  });
  return h('section', { id: 'file-panel', class: 'panel' }, h('h2', { text: t('notice.fileTitle') }), reason, ...parts, ...fb.nodes);
}

/** To the report form, starting on this notice (V2026 Art. 36). @param {string} vid @param {any} n */
function complainLink(vid, n) {
  const a = h('a', { id: 'notice-complain', class: 'btn btn-secondary', href: `#/v/${vid}/complaints/new`, text: t('complaint.report') });
  a.addEventListener('click', () => setMatter(n.id));
  return a;
}

/** @param {Ctx} ctx */
async function viewNotice(ctx) {
  const { vid, nid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid, nid));
  if (!d || !ctx.alive()) return;
  const { n } = d;
  setTitle('notice.title');
  const fb = feedback('notice');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  const ends = pick(n, 'ends_on_zh', 'ends_on_en');
  show(heading(n.title),
    h('p', { class: 'meta', text: `${t(`board.kind.${n.kind}`)} · ${t('notice.published', { date: fmtDate(n.published_at, 'long') })}` }),
    h('p', { id: 'notice-period', class: n.open ? 'countdown' : 'countdown closed',
      text: t(n.open ? 'notice.periodOpen' : 'notice.periodEnded', { days: n.notice_days, date: ends }) }),
    h('p', { id: 'notice-text', class: 'notice-text', text: n.text }),
    n.revoked_by ? revokedLine(vid, n.revoked_by, 'notice-revoked') : null,
    n.vote_id ? h('p', null, h('a', { id: 'notice-vote-result', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${n.vote_id}/result`, text: t('notice.voteResult') })) : null,
    ...fb.nodes,
    h('h2', { text: t('notice.objections', { n: d.objections.length }) }),
    d.objections.length ? h('ul', { id: 'objection-list', class: 'cards' }, d.objections.map((o, i) => objectionItem(vid, n, o, i)))
      : h('p', { id: 'objections-none', class: 'empty', text: t('notice.noObjections') }),
    n.open && can('objection', 'create') ? objectForm(vid, n) : null,
    d.ready ? filePanel(vid, n, d.ready) : null,
    h('p', { class: 'actions' }, h('a', { id: 'notice-print', class: 'btn btn-secondary', href: `#/v/${vid}/n/${n.id}/print`, text: t('print.notice') })),
    navLinks(can('complaint', 'create') ? complainLink(vid, n) : null,
      h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/board`, text: t('board.title') })),
    // Last, as it fills in once read: nothing on the page moves.
    remarksPanel(`${base(vid)}/notices/${n.id}`, 'outcome'));
}

export default viewNotice;
