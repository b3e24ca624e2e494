// meeting-schedule.js: the form that schedules a meeting: kind, body,
// title, place, date and time, chair and recorder picked by name, the
// agenda picked from the proposals waiting for that body. Under the date it
// says how early the kind must be announced and the earliest start, by the
// server's rules and clock (GET meeting-kinds: a villagers' meeting ten
// days ahead, V2026 Art. 25), and refuses a date too early next to the field.
// Such a date is accepted only with a recorded special circumstance (short
// notice, V2026 Art. 25 ¶2; U2026 Art. 26 ¶2): the refusal offers the reason
// field, and the reason is kept with the meeting and shown on its page.

import { api, arr, base, errorText } from './api.js';
import { ensureMe, load } from './auth.js';
import { field, h, navLinks, setAlert, setTitle, show, showLoading, title } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { go } from './navigate.js';
import { fieldError, isoClock, isoDay, localDate, personLabel, registerOf, select, setFlash } from './meeting-kit.js';
import { clockField, whenWords } from './clock-field.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

const WAITING = ['submitted', 'in_progress'];

/** What the form reads first: the kinds with their rules by the server's clock, bodies, register, waiting proposals. @param {string} vid */
async function loadAll(vid) {
  const [kinds, bodies, reg, props] = await Promise.all([
    api('GET', `${base(vid)}/meeting-kinds`), api('GET', `${base(vid)}/bodies`), registerOf(vid),
    api('GET', `${base(vid)}/proposals?limit=50`)]);
  return { kinds: arr(kinds.kinds), skew: new Date(kinds.now).getTime() - Date.now(), bodies: arr(bodies.bodies), reg,
    proposals: arr(props.items).filter((p) => WAITING.includes(p.status)) };
}

/** The form's inputs. @param {any} d */
function inputs(d) {
  // A quarter of an hour ahead, on the five minutes the clock offers.
  const soon = new Date(Math.ceil((Date.now() + d.skew + 15 * 60000) / 300000) * 300000);
  return {
    kind: select('meet-kind', d.kinds.map((/** @type {any} */ k) => ({ value: k.kind, label: pick(k, 'name_zh', 'name_en') }))),
    body: select('meet-body', []),
    group: select('meet-group', [...new Set([...d.reg.values()].map((r) => r.group).filter(Boolean))].map((g) => ({ value: g, label: g }))),
    title: h('input', { id: 'meet-title', name: 'title', maxlength: '100', required: true }),
    place: h('input', { id: 'meet-place', name: 'place', maxlength: '100', required: true }),
    date: h('input', { id: 'meet-date', name: 'date', type: 'date', value: isoDay(soon), required: true }),
    time: clockField('meet-time', isoClock(soon)),
    chair: select('meet-chair', [], t('meet.pickPerson')),
    recorder: select('meet-recorder', [], t('meet.pickPerson')),
    agenda: h('div', { id: 'meet-agenda', class: 'checks', role: 'group', 'aria-labelledby': 'meet-agenda-label' }),
    short: /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'meet-short-reason', name: 'short_notice_reason', rows: '3', maxlength: '500', 'aria-describedby': 'meet-short-hint' })),
  };
}

/** The kind's rule as the server gives it. @param {any} d @param {string} kind */
const kindInfo = (d, kind) => d.kinds.find((/** @type {any} */ k) => k.kind === kind) || {};

/** Fills chair and recorder with the people of the meeting by name, members of the body first. */
async function fillPeople(/** @type {string} */ vid, /** @type {any} */ f) {
  const q = new URLSearchParams({ kind: f.kind.value, limit: '200' });
  if (f.body.value && !f.body.parentElement.closest('[hidden]')) q.set('body_id', f.body.value);
  if (f.kind.value === 'group_meeting') q.set('group', f.group.value);
  let people = [];
  try {
    people = arr((await api('GET', `${base(vid)}/meeting-people?${q}`)).people);
  } catch (err) {
    console.info('meeting people', err && err.code);
  }
  for (const sel of [f.chair, f.recorder]) {
    const keep = sel.value;
    sel.replaceChildren(h('option', { value: '', text: t('meet.pickPerson') }),
      ...people.map((/** @type {any} */ p) => h('option', { value: p.resident_no, text: personLabel(p) })));
    sel.value = keep;
  }
}

/** Redraws what depends on the kind and body: bodies, people, agenda, the deadline line. */
function refresh(/** @type {string} */ vid, /** @type {any} */ f, /** @type {any} */ d, /** @type {any} */ parts) {
  const info = kindInfo(d, f.kind.value);
  const bodies = d.bodies.filter((/** @type {any} */ b) => arr(info.body_kinds).includes(b.kind));
  if (f.body.dataset.kind !== f.kind.value) {
    f.body.replaceChildren(...bodies.map((/** @type {any} */ b) => h('option', { value: b.id, text: b.name })));
    f.body.dataset.kind = f.kind.value;
  }
  parts.bodyField.hidden = !info.needs_body;
  parts.groupField.hidden = !info.needs_group;
  fillPeople(vid, f);
  const items = d.proposals.filter((/** @type {any} */ p) => !info.needs_body || p.body_id === f.body.value);
  f.agenda.replaceChildren(...(items.length ? items.map((/** @type {any} */ p) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'agenda', value: p.id, 'data-title': p.title }), h('span', { text: p.title })))
    : [h('p', { id: 'meet-agenda-empty', class: 'empty', text: t('meet.agendaNone') })]));
  const rule = pick(info, 'announce_zh', 'announce_en');
  parts.deadline.textContent = info.announce_days > 0 ? t('meet.announceRule', { rule, date: fmtTime(info.earliest_starts_at) }) : rule;
}

/** Whether the start is before the kind's announcement deadline (short notice). @param {any} d @param {string} kind @param {Date|null} starts */
function tooEarly(d, kind, starts) {
  const info = kindInfo(d, kind);
  return Boolean(starts && info.announce_days > 0 && starts < new Date(info.earliest_starts_at));
}

/**
 * The date's own check, before sending: null when fine. A date too early
 * passes with a special circumstance written down; without one the
 * refusal says so and points to the reason field.
 * @param {any} d @param {string} kind @param {Date|null} starts @param {string} reason
 */
function dateProblem(d, kind, starts, reason) {
  if (!starts) return t('meet.dateRequired');
  if (starts.getTime() <= Date.now() + d.skew) return t('meet.dateInPast');
  if (tooEarly(d, kind, starts) && !reason.trim()) {
    const info = kindInfo(d, kind);
    return t('meet.tooEarly', { rule: pick(info, 'announce_zh', 'announce_en'), date: fmtTime(info.earliest_starts_at) }) + t('meet.snOffer'); // the English starts with its space
  }
  return null;
}

/** The short-notice part, shown while the date is too early. @param {any} f */
function shortNoticeField(f) {
  const box = h('div', { id: 'meet-short', class: 'field notice' },
    h('h2', { text: t('meet.snTitle') }), h('p', { id: 'meet-short-hint', class: 'hint', text: t('meet.snHint') }),
    h('label', { for: 'meet-short-reason', text: t('meet.snReason') }), f.short);
  box.hidden = true;
  return box;
}

/** Where a server error goes: the field it names. @param {any} err */
function errorField(err) {
  const code = err && err.code;
  if (code === 'announced_late' || code === 'starts_in_past') return 'date';
  if (code === 'body_required') return 'body';
  if (code === 'group_required') return 'group';
  const named = Object.keys((err && err.fields) || {})[0];
  return ({ starts_at: 'date', title: 'title', place: 'place', kind: 'kind' })[named] || '';
}

/** @param {Ctx} ctx */
async function viewSchedule(ctx) {
  const { vid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid));
  if (!d || !ctx.alive()) return;
  setTitle('meet.scheduleTitle');
  const f = inputs(d);
  /** @type {Record<string, HTMLElement>} */
  const errs = Object.fromEntries(['kind', 'body', 'group', 'title', 'place', 'date'].map((k) => [k, fieldError(`meet-${k}`)]));
  const parts = {
    deadline: h('p', { id: 'meet-deadline', class: 'hint', 'aria-live': 'polite' }),
    bodyField: h('div', null, field('meet-body', t('meet.body'), f.body), errs.body),
    groupField: h('div', null, field('meet-group', t('meet.group'), f.group), errs.group),
    shortField: shortNoticeField(f),
    // What was picked, written out in the page's language (the date box
    // follows the browser's locale).
    when: h('p', { id: 'meet-when', class: 'hint', 'aria-live': 'polite' }),
  };
  const formErr = h('p', { id: 'meet-form-error', class: 'alert', role: 'alert' });
  const submit = /** @type {HTMLButtonElement} */ (h('button', { id: 'meet-submit', class: 'btn btn-wide', type: 'submit', text: t('meet.submit') }));
  const form = h('form', { id: 'meet-form', class: 'form', novalidate: true },
    field('meet-kind', t('meet.kind'), f.kind), errs.kind, parts.bodyField, parts.groupField,
    field('meet-title', t('meet.titleLabel'), f.title), errs.title,
    field('meet-place', t('meet.place'), f.place), errs.place,
    h('div', { class: 'field' }, h('label', { for: 'meet-date', text: t('meet.date') }), parts.deadline, f.date,
      h('label', { for: 'meet-time', text: t('meet.time') }), f.time, parts.when), errs.date, parts.shortField,
    field('meet-chair', t('meet.chair'), f.chair), field('meet-recorder', t('meet.recorder'), f.recorder),
    h('div', { class: 'field' }, h('p', { id: 'meet-agenda-label', class: 'label', text: t('meet.agenda') }), f.agenda),
    formErr, submit);
  const checkDate = () => {
    const starts = localDate(f.date.value, f.time.value);
    parts.when.textContent = whenWords(starts);
    parts.shortField.hidden = !tooEarly(d, f.kind.value, starts);
    setAlert(errs.date, dateProblem(d, f.kind.value, starts, parts.shortField.hidden ? '' : f.short.value) || '');
  };
  const redraw = () => {
    refresh(vid, f, d, parts);
    if (errs.date.textContent || !parts.shortField.hidden) checkDate(); // the kind changes the deadline
  };
  f.kind.addEventListener('change', redraw);
  f.body.addEventListener('change', redraw);
  f.group.addEventListener('change', redraw);
  f.date.addEventListener('change', checkDate);
  f.time.addEventListener('change', checkDate);
  f.short.addEventListener('input', () => { if (errs.date.textContent) checkDate(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); send(vid, d, f, errs, formErr, submit, parts.shortField); });
  redraw();
  parts.when.textContent = whenWords(localDate(f.date.value, f.time.value));
  show(title('meet.scheduleTitle'), form,
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/meetings`, text: t('sec.meetings') })));
}

/** Checks and sends the form; errors go under their fields. */
async function send(/** @type {string} */ vid, /** @type {any} */ d, /** @type {any} */ f, /** @type {Record<string, HTMLElement>} */ errs,
  /** @type {HTMLElement} */ formErr, /** @type {HTMLButtonElement} */ submit, /** @type {HTMLElement} */ shortField) {
  if (submit.disabled) return;
  for (const el of Object.values(errs)) setAlert(el, '');
  setAlert(formErr, '');
  const kind = f.kind.value;
  const starts = localDate(f.date.value, f.time.value);
  const missing = [['title', f.title.value.trim()], ['place', f.place.value.trim()]].filter(([, v]) => !v);
  for (const [k] of missing) setAlert(errs[k], t('meet.required'));
  const short = tooEarly(d, kind, starts);
  shortField.hidden = !short;
  const reason = short ? f.short.value.trim() : '';
  const bad = dateProblem(d, kind, starts, reason);
  if (bad) setAlert(errs.date, bad);
  if (bad || missing.length) {
    // The first refusal in view; at short notice the reason field takes the focus.
    (bad ? errs.date : errs[missing[0][0]]).scrollIntoView({ block: 'center' });
    if (bad && short) f.short.focus({ preventScroll: true });
    return;
  }
  const agenda = [...f.agenda.querySelectorAll('input:checked')].map((x) => x.value);
  const body = { kind, title: f.title.value.trim(), place: f.place.value.trim(), starts_at: starts.toISOString(), agenda,
    chair: f.chair.value, recorder: f.recorder.value, convener: '', short_notice_reason: reason,
    body_id: kindInfo(d, kind).needs_body ? f.body.value : '', group: kindInfo(d, kind).needs_group ? f.group.value : '' };
  submit.disabled = true;
  try {
    const m = await api('POST', `${base(vid)}/meetings`, body);
    setFlash(t('meet.scheduled', { title: m.title, when: fmtTime(m.starts_at) }) + (m.short_notice_reason ? t('meet.snRecorded') : '') +
      arr(m.warnings).map((w) => ` ${pick(w, 'message', 'message_en')}`).join(''));
    go(`/v/${vid}/m/${m.id}`);
  } catch (err) {
    submit.disabled = false;
    const where = errorField(err);
    setAlert(where ? errs[where] : formErr, errorText(err));
  }
}

export default viewSchedule;
