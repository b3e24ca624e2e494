// minutes-editor.js: drafting a closed meeting's minutes. Attendance and
// quorum come from the records; chair and recorder are picked by name from
// those present; the votes of this meeting are ticked by title (a vote
// still open is listed, not pickable); per agenda item the opinions voiced.
// Errors land next to the field they concern. At .../minutes/:ver/correct
// it corrects a published version: the form starts from that version and
// asks for the reason; the correction is a new version (every version
// stays readable). At .../minutes/:ver/edit it reopens a saved draft: the
// form starts from it and saving replaces it (PUT), which asks those who
// had confirmed it to confirm again.

import { api, arr, base, errorText } from './api.js';
import { ensureMe, load } from './auth.js';
import { field, h, heading, navLinks, setAlert, setTitle, show, showLoading } from './dom.js';
import { t } from './i18n.js';
import { go, route } from './navigate.js';
import { resultSentence } from './console-votes.js';
import { fieldError, meetingURL, select, setFlash, whenWhere } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** What the editor reads; ver is the published version corrected, if any. @param {string} vid @param {string} mid @param {string} [ver] */
async function loadAll(vid, mid, ver) {
  const m = await api('GET', meetingURL(vid, mid));
  const from = ver ? await api('GET', `${meetingURL(vid, mid)}/minutes/${ver}`) : null;
  const [att, mv] = await Promise.all([api('GET', `${meetingURL(vid, mid)}/attendance`), api('GET', `${meetingURL(vid, mid)}/votes`)]);
  // A correction keeps the votes of the version it corrects, even one not opened at the meeting's console.
  const ids = [...new Set([...arr(mv.votes).map((v) => v.id), ...arr(from && from.votes).map((v) => v.vote_id)])];
  const votes = await Promise.all(ids.map(async (id) => (await api('GET', `${base(vid)}/votes/${id}`)).vote));
  const items = await Promise.all(arr(m.agenda).map(async (id) => ({ id, title: ((await api('GET', `${base(vid)}/proposals/${id}`)).proposal || {}).title || '' })));
  return { m, from, present: arr(att.attendance).filter((x) => x.counts), quorum: att.quorum || {}, votes, items };
}

/** The vote tick boxes, those of the corrected version ticked. @param {any[]} votes @param {any} from */
function voteChecks(votes, from) {
  const had = from ? new Set(arr(from.votes).map((/** @type {any} */ v) => v.vote_id)) : null;
  return h('div', { id: 'minutes-votes', class: 'checks', role: 'group', 'aria-labelledby': 'minutes-votes-label' },
    votes.length ? votes.map((v) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'vote', value: v.id, checked: v.status === 'closed' && (!had || had.has(v.id)), disabled: v.status !== 'closed', 'data-title': v.title }),
      h('span', { text: v.status === 'closed' ? `${v.title}：${resultSentence(v)}` : t('minutes.voteOpen', { title: v.title }) })))
      : h('p', { class: 'empty', text: t('meet.votesNone') }));
}

/** Per agenda item: a speaker picked from those present and what they said. @param {any} d */
function opinionRows(d) {
  const people = d.present.map((/** @type {any} */ x) => ({ value: x.name, label: x.name }));
  return d.items.map((/** @type {any} */ it, /** @type {number} */ i) => {
    const said = d.from ? arr(d.from.opinions).find((/** @type {any} */ o) => o.item === it.id) : null;
    const row = { item: it, speaker: select(`opinion-speaker-${i}`, people, t('meet.pickPerson')),
      text: h('textarea', { id: `opinion-text-${i}`, rows: '3', maxlength: '2000' }) };
    if (said) {
      row.speaker.value = said.speaker;
      /** @type {HTMLTextAreaElement} */ (row.text).value = said.text;
    }
    return row;
  });
}

/**
 * Where the form sends and what it adds: a first draft posts; an edit puts
 * the draft it reopened; a correction names its reason.
 * @param {string} vid @param {string} mid @param {any} d @param {boolean} edit
 */
function target(vid, mid, d, edit) {
  const first = { method: 'POST', url: `${meetingURL(vid, mid)}/minutes`, reason: null, err: null,
    title: 'minutes.editorTitle', heading: 'minutes.editorOf', save: 'minutes.save', saved: 'minutes.saved' };
  if (!d.from) return first;
  if (edit) {
    return { ...first, method: 'PUT', url: `${meetingURL(vid, mid)}/minutes/${d.from.version}`,
      title: 'minutes.editTitle', heading: 'minutes.editOf', save: 'minutes.editSave', saved: 'minutes.edited' };
  }
  const reason = h('textarea', { id: 'minutes-correct-reason', rows: '3', maxlength: '500', 'aria-describedby': 'minutes-correct-reason-error' });
  return { ...first, url: `${meetingURL(vid, mid)}/minutes/${d.from.version}/corrections`, reason, err: fieldError('minutes-correct-reason'),
    title: 'cyc.correctTitle', heading: 'cyc.correctOf' };
}

/** @param {Ctx} ctx */
async function viewEditor(ctx) {
  const { vid, mid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid, mid, ctx.params.ver));
  if (!d || !ctx.alive()) return;
  const to = target(vid, mid, d, route().endsWith('/edit'));
  setTitle(to.title);
  const people = d.present.map((/** @type {any} */ x) => ({ value: x.resident_no, label: x.name }));
  const chair = select('minutes-chair', people, t('meet.pickPerson'));
  const recorder = select('minutes-recorder', people, t('meet.pickPerson'));
  chair.value = (d.from || d.m).chair || '';
  recorder.value = (d.from || d.m).recorder || '';
  const rows = opinionRows(d);
  const notes = h('textarea', { id: 'minutes-notes', rows: '3', maxlength: '5000' });
  notes.value = d.from ? d.from.notes || '' : '';
  const errs = { chair: fieldError('minutes-chair'), votes: fieldError('minutes-votes'), form: h('p', { id: 'minutes-form-error', class: 'alert', role: 'alert' }) };
  const save = h('button', { id: 'minutes-save', class: 'btn btn-wide', type: 'submit', text: t(to.save) });
  const form = h('form', { id: 'minutes-form', class: 'form', novalidate: true },
    to.reason ? [field('minutes-correct-reason', t('cyc.correctReason'), to.reason), to.err] : null,
    field('minutes-chair', t('meet.chair'), chair), errs.chair, field('minutes-recorder', t('meet.recorder'), recorder),
    h('p', { id: 'minutes-votes-label', class: 'label', text: t('minutes.pickVotes') }), voteChecks(d.votes, d.from), errs.votes,
    h('h2', { text: t('minutes.opinions') }),
    rows.map((r) => h('fieldset', { class: 'opinion' }, h('legend', { text: r.item.title }),
      field(r.speaker.id, t('minutes.speaker'), r.speaker), field(r.text.id, t('minutes.said'), r.text))),
    field('minutes-notes', t('minutes.notes'), notes), errs.form, save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    for (const el of [...Object.values(errs), to.err]) if (el) setAlert(el, '');
    if (to.reason && to.err && !/** @type {HTMLTextAreaElement} */ (to.reason).value.trim()) {
      setAlert(to.err, t('cyc.reasonRequired'));
      return;
    }
    if (!chair.value) {
      setAlert(errs.chair, t('minutes.chairRequired'));
      return;
    }
    const body = { reason: to.reason ? /** @type {HTMLTextAreaElement} */ (to.reason).value.trim() : undefined, chair: chair.value, recorder: recorder.value, notes: notes.value.trim(),
      vote_ids: [...form.querySelectorAll('input[name=vote]:checked')].map((x) => /** @type {HTMLInputElement} */ (x).value),
      opinions: rows.filter((r) => r.speaker.value && r.text.value.trim()).map((r) => ({ item: r.item.id, speaker: r.speaker.value, text: r.text.value.trim() })) };
    save.disabled = true;
    try {
      const out = await api(to.method, to.url, body);
      setFlash(t(to.saved, { n: out.version }));
      go(`/v/${vid}/m/${mid}/minutes/${out.version}`);
    } catch (err) {
      save.disabled = false;
      const named = Object.keys(err.fields || {})[0];
      setAlert(named === 'vote_ids' || err.code === 'vote_not_closed' ? errs.votes : named === 'chair' ? errs.chair : errs.form, errorText(err));
    }
  });
  show(heading(t(to.heading, { title: d.m.title, n: d.from ? d.from.version : 0 })),
    h('p', { class: 'lead', text: whenWhere(d.m) }),
    h('p', { id: 'minutes-quorum', text: t(d.quorum.met ? 'meet.quorumMet' : 'meet.quorumNotMet', { eligible: d.quorum.eligible, present: d.quorum.present, basis: d.quorum.basis || '' }) }),
    h('p', { id: 'minutes-present', text: t('minutes.presentList', { names: d.present.map((/** @type {any} */ x) => x.name).join('、') }) }),
    form, navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}`, text: t('meet.pageTitle') })));
}

export default viewEditor;
