// minutes-editor.js: drafting a closed meeting's minutes. Attendance and
// quorum come from the records; chair and recorder are picked by name from
// those present; the votes of this meeting are ticked by title (a vote
// still open is listed, not pickable); per agenda item the opinions voiced.
// Errors land next to the field they concern.

import { api, arr, base, errorText } from './api.js';
import { ensureMe, load } from './auth.js';
import { field, h, heading, navLinks, setAlert, setTitle, show, showLoading } from './dom.js';
import { t } from './i18n.js';
import { go } from './navigate.js';
import { resultSentence } from './console-votes.js';
import { fieldError, meetingURL, select, setFlash, whenWhere } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** What the editor reads. @param {string} vid @param {string} mid */
async function loadAll(vid, mid) {
  const m = await api('GET', meetingURL(vid, mid));
  const [att, mv] = await Promise.all([api('GET', `${meetingURL(vid, mid)}/attendance`), api('GET', `${meetingURL(vid, mid)}/votes`)]);
  const votes = await Promise.all(arr(mv.votes).map(async (v) => (await api('GET', `${base(vid)}/votes/${v.id}`)).vote));
  const items = await Promise.all(arr(m.agenda).map(async (id) => ({ id, title: ((await api('GET', `${base(vid)}/proposals/${id}`)).proposal || {}).title || '' })));
  return { m, present: arr(att.attendance).filter((x) => x.counts), quorum: att.quorum || {}, votes, items };
}

/** The vote tick boxes. @param {any[]} votes */
function voteChecks(votes) {
  return h('div', { id: 'minutes-votes', class: 'checks', role: 'group', 'aria-labelledby': 'minutes-votes-label' },
    votes.length ? votes.map((v) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'vote', value: v.id, checked: v.status === 'closed', disabled: v.status !== 'closed', 'data-title': v.title }),
      h('span', { text: v.status === 'closed' ? `${v.title}：${resultSentence(v)}` : t('minutes.voteOpen', { title: v.title }) })))
      : h('p', { class: 'empty', text: t('meet.votesNone') }));
}

/** Per agenda item: a speaker picked from those present and what they said. @param {any} d */
function opinionRows(d) {
  const people = d.present.map((/** @type {any} */ x) => ({ value: x.name, label: x.name }));
  return d.items.map((/** @type {any} */ it, /** @type {number} */ i) => ({
    item: it,
    speaker: select(`opinion-speaker-${i}`, people, t('meet.pickPerson')),
    text: h('textarea', { id: `opinion-text-${i}`, rows: '3', maxlength: '2000' }),
  }));
}

/** @param {Ctx} ctx */
async function viewEditor(ctx) {
  const { vid, mid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid, mid));
  if (!d || !ctx.alive()) return;
  setTitle('minutes.editorTitle');
  const people = d.present.map((/** @type {any} */ x) => ({ value: x.resident_no, label: x.name }));
  const chair = select('minutes-chair', people, t('meet.pickPerson'));
  const recorder = select('minutes-recorder', people, t('meet.pickPerson'));
  chair.value = d.m.chair || '';
  recorder.value = d.m.recorder || '';
  const rows = opinionRows(d);
  const notes = h('textarea', { id: 'minutes-notes', rows: '3', maxlength: '5000' });
  const errs = { chair: fieldError('minutes-chair'), votes: fieldError('minutes-votes'), form: h('p', { id: 'minutes-form-error', class: 'alert', role: 'alert' }) };
  const save = h('button', { id: 'minutes-save', class: 'btn btn-wide', type: 'submit', text: t('minutes.save') });
  const form = h('form', { id: 'minutes-form', class: 'form', novalidate: true },
    field('minutes-chair', t('meet.chair'), chair), errs.chair, field('minutes-recorder', t('meet.recorder'), recorder),
    h('p', { id: 'minutes-votes-label', class: 'label', text: t('minutes.pickVotes') }), voteChecks(d.votes), errs.votes,
    h('h2', { text: t('minutes.opinions') }),
    rows.map((r) => h('fieldset', { class: 'opinion' }, h('legend', { text: r.item.title }),
      field(r.speaker.id, t('minutes.speaker'), r.speaker), field(r.text.id, t('minutes.said'), r.text))),
    field('minutes-notes', t('minutes.notes'), notes), errs.form, save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    for (const el of Object.values(errs)) setAlert(el, '');
    if (!chair.value) {
      setAlert(errs.chair, t('minutes.chairRequired'));
      return;
    }
    const body = { chair: chair.value, recorder: recorder.value, notes: notes.value.trim(),
      vote_ids: [...form.querySelectorAll('input[name=vote]:checked')].map((x) => /** @type {HTMLInputElement} */ (x).value),
      opinions: rows.filter((r) => r.speaker.value && r.text.value.trim()).map((r) => ({ item: r.item.id, speaker: r.speaker.value, text: r.text.value.trim() })) };
    save.disabled = true;
    try {
      const out = await api('POST', `${meetingURL(vid, mid)}/minutes`, body);
      setFlash(t('minutes.saved', { n: out.version }));
      go(`/v/${vid}/m/${mid}/minutes/${out.version}`);
    } catch (err) {
      save.disabled = false;
      const named = Object.keys(err.fields || {})[0];
      setAlert(named === 'vote_ids' || err.code === 'vote_not_closed' ? errs.votes : named === 'chair' ? errs.chair : errs.form, errorText(err));
    }
  });
  show(heading(t('minutes.editorOf', { title: d.m.title })),
    h('p', { class: 'lead', text: whenWhere(d.m) }),
    h('p', { id: 'minutes-quorum', text: t(d.quorum.met ? 'meet.quorumMet' : 'meet.quorumNotMet', { eligible: d.quorum.eligible, present: d.quorum.present, basis: d.quorum.basis || '' }) }),
    h('p', { id: 'minutes-present', text: t('minutes.presentList', { names: d.present.map((/** @type {any} */ x) => x.name).join('、') }) }),
    form, navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}`, text: t('meet.pageTitle') })));
}

export default viewEditor;
