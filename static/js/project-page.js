// project-page.js: one implementation project: the person or unit
// responsible, the milestones (each marked done by one tap), progress
// notes with photos, the supervising members' remarks, and publishing the
// result on the board (the second disclosure of 4+2), which ends the
// project's changes. Every action says what happened next to its button.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { busyButton, field, h, heading, navLinks, panel, setTitle, show, showLoading } from './dom.js';
import { fmtDate, fmtTime } from './format.js';
import { t } from './i18n.js';
import { render } from './navigate.js';
import { feedback, setFlash, takeFlash } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

const MAX_PHOTO = 256 * 1024;

/** A chosen file as the API takes it (base64), or an error. @param {File} f @returns {Promise<any>} */
function photoOf(f) {
  if (f.size > MAX_PHOTO) return Promise.reject(new Error(t('proj.photoTooLarge', { name: f.name })));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: f.name, content_type: f.type, data: String(r.result).split(',')[1] || '' });
    r.onerror = () => reject(new Error(t('proj.photoUnreadable', { name: f.name })));
    r.readAsDataURL(f);
  });
}

/** The milestones, each with its done button while the project runs. @param {string} url @param {any} p @param {boolean} manage */
function milestoneList(url, p, manage) {
  return h('ol', { id: 'proj-milestone-list', class: 'cards' }, arr(p.milestones).map((m, i) => {
    const fb = feedback(`ms-${i}`);
    const done = Boolean(m.done_at && !String(m.done_at).startsWith('0001-'));
    return h('li', { class: done ? 'card milestone done' : 'card milestone', 'data-done': String(done) },
      h('p', { class: 'card-title', text: `${done ? '✓ ' : ''}${m.title}` }),
      h('p', { class: 'meta', text: done ? t('proj.doneOn', { date: fmtDate(m.done_at, 'long') }) : t('proj.dueOn', { date: fmtDate(m.due, 'long') }) }),
      !done && manage ? busyButton(`ms-done-${i}`, t('proj.markDone'), fb.bad, async () => {
        await api('POST', `${url}/milestones/${i}/done`);
        setFlash(t('proj.markedDone', { title: m.title }));
        render({ rerender: true });
      }, { secondary: true }) : null, ...fb.nodes);
  }));
}

/** A progress note with its photos. @param {string} url @param {any} n */
function noteItem(url, n) {
  return h('li', { class: 'card progress-note' }, h('p', { text: n.text }), h('p', { class: 'meta', text: fmtTime(n.at) }),
    arr(n.photos).map((ph) => h('img', { class: 'note-photo', src: `${url}/photos/${ph.id}`, alt: ph.name, loading: 'lazy' })));
}

/** The progress note form: text and up to four small photos. @param {string} url */
function noteForm(url) {
  const fb = feedback('note');
  const text = h('textarea', { id: 'note-text', rows: '3', maxlength: '4000' });
  const photos = h('input', { id: 'note-photos', type: 'file', accept: 'image/png,image/jpeg,image/webp', multiple: true });
  const send = busyButton('note-submit', t('proj.addNote'), fb.bad, async () => {
    const typed = /** @type {HTMLTextAreaElement} */ (text).value.trim();
    if (!typed) throw new Error(t('proj.noteRequired'));
    const files = [...(/** @type {HTMLInputElement} */ (photos).files || [])].slice(0, 4);
    await api('POST', `${url}/notes`, { text: typed, photos: await Promise.all(files.map(photoOf)) });
    setFlash(t('proj.noteAdded', { n: files.length }));
    render({ rerender: true });
  });
  return [field('note-text', t('proj.noteLabel'), text), field('note-photos', t('proj.photos'), photos, t('proj.photosHint')), send, ...fb.nodes];
}

/** The supervising members' remarks and their form. @param {string} url @param {any} p */
function remarks(url, p) {
  const fb = feedback('remark');
  const text = h('textarea', { id: 'remark-text', rows: '3', maxlength: '2000' });
  return panel('proj-remarks-title', t('proj.remarks'),
    arr(p.remarks).length ? h('ul', { id: 'proj-remark-list', class: 'cards' }, arr(p.remarks).map((r) => h('li', { class: 'card remark' },
      h('p', { text: r.text }), h('p', { class: 'meta', text: fmtTime(r.at) })))) : h('p', { class: 'empty', text: t('proj.noRemarks') }),
    can('implementation', 'remark') ? [field('remark-text', t('proj.remarkLabel'), text), busyButton('remark-submit', t('proj.addRemark'), fb.bad, async () => {
      if (!/** @type {HTMLTextAreaElement} */ (text).value.trim()) throw new Error(t('notice.textRequired'));
      await api('POST', `${url}/remarks`, { text: /** @type {HTMLTextAreaElement} */ (text).value.trim() });
      setFlash(t('proj.remarked'));
      render({ rerender: true });
    }), ...fb.nodes] : null);
}

/** Publishing the result: a notice of kind result naming the project, then the project closed on it. @param {string} vid @param {string} url @param {any} p */
function resultForm(vid, url, p) {
  const fb = feedback('result');
  const text = h('textarea', { id: 'result-text', rows: '5', maxlength: '10000' });
  return panel('proj-result-title', t('proj.result'), h('p', { class: 'hint', text: t('proj.resultHint') }),
    field('result-text', t('proj.resultLabel'), text), busyButton('result-submit', t('proj.publishResult'), fb.bad, async () => {
      const typed = /** @type {HTMLTextAreaElement} */ (text).value.trim();
      if (!typed) throw new Error(t('notice.textRequired'));
      const n = await api('POST', `${base(vid)}/notices`, { kind: 'result', title: t('proj.resultTitleOf', { title: p.title }), text: typed, project_id: p.id });
      await api('POST', `${url}/result`, { notice_id: n.id });
      setFlash(t('proj.resultPublished'));
      render({ rerender: true });
    }), ...fb.nodes);
}

/** @param {Ctx} ctx */
async function viewProject(ctx) {
  const { vid, pid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const url = `${base(vid)}/projects/${pid}`;
  const p = await load(ctx, () => api('GET', url));
  if (!p || !ctx.alive()) return;
  setTitle('proj.title');
  const fb = feedback('project');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  const running = p.status === 'in_progress';
  const manage = running && can('implementation', 'manage');
  show(heading(p.title), ...fb.nodes,
    h('p', { id: 'proj-status', class: `status status-${p.status}`, text: t(`proj.status.${p.status}`) }),
    h('p', { id: 'proj-responsible-name', text: t('proj.responsibleIs', { who: p.responsible }) }),
    p.notice_id ? h('p', null, h('a', { id: 'proj-resolution', href: `#/v/${vid}/n/${p.notice_id}`, text: t('proj.seeResolution') })) : null,
    panel('proj-milestones-title', t('proj.milestones'), milestoneList(url, p, manage)),
    panel('proj-notes-title', t('proj.notes'),
      arr(p.notes).length ? h('ul', { id: 'proj-note-list', class: 'cards' }, arr(p.notes).map((n) => noteItem(url, n)))
        : h('p', { class: 'empty', text: t('proj.noNotes') }), manage ? noteForm(url) : null),
    remarks(url, p),
    manage ? resultForm(vid, url, p) : null,
    p.result_notice_id ? h('p', { class: 'actions' },
      h('a', { id: 'proj-result-notice', class: 'btn btn-secondary', href: `#/v/${vid}/n/${p.result_notice_id}`, text: t('proj.seeResult') }),
      h('a', { id: 'proj-print', class: 'btn btn-secondary', href: `#/v/${vid}/projects/${pid}/print`, text: t('print.result') })) : null,
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/projects`, text: t('proj.listTitle') })));
}

export default viewProject;
