// print.js: the print views for the village's notice board (村务公开栏):
// the notice, the minutes, the implementation result and a vote's ballot
// box (box-sheet.js) on an A4 sheet in
// large type. Each names the village, the title, its dates written out
// (the notice period's end date), the votes with the options' names, the
// signature lines of the chair, the recorder and the attendees who
// confirmed, and a QR code of the record's address in the page. The sheet
// prints as drawn (@media print hides the site's header and buttons).

import { api, arr, base } from './api.js';
import { ensureMe, load } from './auth.js';
import { button, h, setTitle, show, showLoading } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { nameOf, registerOf, voteLine } from './meeting-kit.js';
import { boxSheet } from './box-sheet.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The QR image of a page of the village. @param {string} vid @param {string} path */
function qr(vid, path) {
  return h('figure', { class: 'print-qr' },
    h('img', { id: 'print-qr', src: `${base(vid)}/record-qr.png?path=${encodeURIComponent(path)}`, alt: t('print.qrAlt'), width: '160', height: '160' }),
    h('figcaption', { text: t('print.qrCaption') }));
}

/** A signature line: the role, a line to sign on, the name printed. @param {string} role @param {string} name */
function signLine(role, name) {
  return h('p', { class: 'sign-line' }, h('span', { class: 'sign-role', text: `${role}：` }), h('span', { class: 'sign-blank' }),
    h('span', { class: 'sign-name', text: name ? `（${name}）` : '' }));
}

/** The signature block of a version of the minutes. @param {any} m @param {Map<string, any>} reg */
function signatures(m, reg) {
  if (!m) return null;
  const name = (/** @type {string} */ no) => nameOf(reg, no) || arr(m.attendance).find((a) => a.resident_no === no)?.name || '';
  return h('section', { id: 'print-signatures', class: 'print-signatures' },
    signLine(t('minutes.chair'), name(m.chair)), signLine(t('minutes.recorder'), name(m.recorder)),
    h('p', { class: 'sign-head', text: t('print.confirmers') }),
    arr(m.confirmations).map((c) => signLine(t('print.attendee'), name(c.resident_no))));
}

/** The sheet: village, title, body, dates and signatures. @param {string} vid @param {string} village @param {string} title @param {any[]} body @param {string} path */
function sheet(vid, village, title, body, path) {
  show(h('article', { id: 'print-sheet', class: 'print-sheet' },
    h('p', { id: 'print-village', class: 'print-village', text: village }),
    h('h1', { id: 'view-title', class: 'print-title', tabindex: '-1', text: title }),
    ...body, qr(vid, path)),
  h('p', { class: 'actions no-print' }, button('print-now', t('minutes.print'), () => window.print()),
    h('a', { class: 'btn btn-secondary', href: `#${path}`, text: t('print.back') })));
}

/** The minutes a notice rests on, as last published (a correction is a later version). @param {string} vid @param {any} n */
async function minutesOf(vid, n) {
  if (!n.meeting_id) return null;
  const all = await api('GET', `${base(vid)}/meetings/${n.meeting_id}/minutes`).then((r) => arr(r.versions)).catch(() => []);
  return all.filter((m) => m.status === 'published').pop() || null;
}

/** The notice: its text, published and end dates, the signatures of its minutes. @param {string} vid @param {string} nid */
async function noticeSheet(vid, nid) {
  const n = await api('GET', `${base(vid)}/notices/${nid}`);
  const [m, reg] = await Promise.all([minutesOf(vid, n), registerOf(vid)]);
  return { title: n.title, path: `/v/${vid}/n/${nid}`, body: [
    h('p', { class: 'print-kind', text: t(`board.kind.${n.kind}`) }),
    h('p', { id: 'print-text', class: 'print-text', text: n.text }),
    h('p', { id: 'print-period', class: 'print-period', text: t('print.period', { from: fmtDate(n.published_at, 'long'), days: n.notice_days, end: pick(n, 'ends_on_zh', 'ends_on_en') }) }),
    h('p', { class: 'print-object', text: t('print.objectHow') }),
    m ? h('ul', { class: 'lines print-votes' }, arr(m.votes).map(voteLine)) : null,
    signatures(m, reg)] };
}

/** The minutes: date and place, attendance, opinions, votes, signatures. @param {string} vid @param {string} mid @param {string} ver */
async function minutesSheet(vid, mid, ver) {
  const [m, reg] = await Promise.all([api('GET', `${base(vid)}/meetings/${mid}/minutes/${ver}`), registerOf(vid)]);
  const q = m.quorum || {};
  return { title: t('minutes.titleOf', { title: m.title }), path: `/v/${vid}/m/${mid}/minutes/${ver}`, body: [
    h('p', { id: 'print-when', class: 'print-period', text: t('print.when', { date: fmtDate(m.date, 'long'), place: m.place, n: m.version }) }),
    m.reason ? h('p', { text: `${t('minutes.reason')}：${m.reason}` }) : null,
    h('p', { text: t(q.met ? 'meet.quorumMet' : 'meet.quorumNotMet', { eligible: q.eligible, present: q.present, basis: q.basis || '' }) }),
    h('p', { text: `${t('minutes.attendance')}：${arr(m.attendance).map((a) => a.name).join('、')}` }),
    h('ul', { class: 'lines' }, arr(m.opinions).map((o) => h('li', { text: `${nameOf(reg, o.speaker) || o.speaker}：${o.text}` }))),
    h('ul', { class: 'lines print-votes' }, arr(m.votes).map(voteLine)),
    m.published_at ? h('p', { text: t('print.publishedOn', { date: fmtDate(m.published_at, 'long') }) }) : null,
    signatures(m, reg)] };
}

/** The result: the project's milestones and the published result notice. @param {string} vid @param {string} pid */
async function resultSheet(vid, pid) {
  const p = await api('GET', `${base(vid)}/projects/${pid}`);
  const n = p.result_notice_id ? await api('GET', `${base(vid)}/notices/${p.result_notice_id}`) : null;
  const done = (/** @type {any} */ m) => m.done_at && !String(m.done_at).startsWith('0001-');
  return { title: n ? n.title : p.title, path: `/v/${vid}/projects/${pid}`, body: [
    h('p', { text: t('proj.responsibleIs', { who: p.responsible }) }),
    n ? h('p', { id: 'print-text', class: 'print-text', text: n.text }) : h('p', { text: t('proj.status.in_progress') }),
    h('ul', { class: 'lines' }, arr(p.milestones).map((m) => h('li', { text: `${m.title}：${done(m) ? t('proj.doneOn', { date: fmtDate(m.done_at, 'long') }) : t('proj.dueOn', { date: fmtDate(m.due, 'long') })}` }))),
    n ? h('p', { id: 'print-period', class: 'print-period', text: t('print.period', { from: fmtDate(n.published_at, 'long'), days: n.notice_days, end: pick(n, 'ends_on_zh', 'ends_on_en') }) }) : null,
    signLine(t('print.responsibleSign'), p.responsible)] };
}

/** @param {Ctx} ctx */
async function viewPrint(ctx) {
  const { vid, nid, mid, ver, pid, id } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, async () => {
    const [village, s] = await Promise.all([api('GET', `/api/v1/orgs/${vid}`).then((o) => o.name || '').catch(() => ''),
      nid ? noticeSheet(vid, nid) : pid ? resultSheet(vid, pid) : id ? boxSheet(vid, id) : minutesSheet(vid, mid, ver)]);
    return { village, ...s };
  });
  if (!d || !ctx.alive()) return;
  setTitle('print.title');
  document.body.classList.add('printing');
  sheet(vid, d.village, d.title, d.body, d.path);
  window.addEventListener('hashchange', () => document.body.classList.remove('printing'), { once: true });
}

export default viewPrint;
