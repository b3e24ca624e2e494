// flows.js: the secretary sees the village's flows as their steps, in
// order, and adjusts one: moves a step up or down, removes it, adds one,
// or picks the body or role that performs it. Nothing is kept until
// "保存" sends the whole flow; the server checks it against the law and
// its refusal shows under the steps, quoting the rule (e.g. V2026 Art. 28
// ¶3: an important matter is studied by the Party organisation before the
// vote). Proposals already started keep the version they started with.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, button, field, h, messageArea, navLinks, panel, setAlert, show, title } from './dom.js';
import { getLang, has, pick, t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

const PERFORMERS = ['party_branch', 'committees', 'party_members_meeting', 'villagers_meeting', 'representatives_meeting',
  'council', 'secretary', 'resident'];
const ADDABLE = ['deliberate', 'review', 'propose', 'publish', 'result'];

/** A performer's name in words. @param {string} p */
const performerName = (p) => (has(`flows.performer.${p}`) ? t(`flows.performer.${p}`) : p);

/** The choice of performer. @param {string} id @param {string} value */
function performerSelect(id, value) {
  const all = PERFORMERS.includes(value) ? PERFORMERS : [value, ...PERFORMERS];
  const sel = /** @type {HTMLSelectElement} */ (h('select', { id }, all.map((p) => h('option', { value: p, text: performerName(p) }))));
  sel.value = value;
  return sel;
}

/** A step key not used yet in the flow. @param {any[]} steps @param {string} kind */
function freshKey(steps, kind) {
  let n = 1;
  while (steps.some((s) => s.key === `${kind}_added_${n}`)) n++;
  return `${kind}_added_${n}`;
}

/**
 * One step of the flow being edited, with its controls.
 * @param {string} fk the flow's key @param {any[]} steps @param {number} i @param {() => void} redraw
 */
function stepItem(fk, steps, i, redraw) {
  const s = steps[i];
  const id = `flow-${fk}-${s.key}`;
  // A vote is held by the meetings the law allows for the matter, not by a
  // performer picked here: the page names them instead of offering a choice.
  const who = s.kind === 'vote' ? null : performerSelect(`${id}-performer`, s.performer);
  if (who) who.addEventListener('change', () => { s.performer = who.value; });
  const move = (d) => () => { [steps[i], steps[i + d]] = [steps[i + d], steps[i]]; redraw(); };
  const up = button(`${id}-up`, t('flows.up'), move(-1), 'btn btn-secondary');
  const down = button(`${id}-down`, t('flows.down'), move(1), 'btn btn-secondary');
  up.disabled = i === 0;
  down.disabled = i === steps.length - 1;
  const remove = button(`${id}-remove`, t('flows.remove'), () => { steps.splice(i, 1); redraw(); }, 'btn btn-secondary');
  return h('li', { class: 'card flow-step', 'data-step': s.key },
    h('p', { class: 'card-title', text: t('flows.stepN', { n: i + 1, name: getLang() === 'en' ? s.name_en : s.name_zh }) }),
    h('p', { class: 'meta', text: t(`flows.kind.${s.kind}`) }),
    who ? field(who.id, t('flows.performer'), who)
      : h('p', { id: `${id}-meetings`, text: t('flows.voteBy', { meetings: arr(s.meetings).map((m) => t(`meeting.${m}`)).join(getLang() === 'en' ? ', ' : '、') }) }),
    h('p', { class: 'actions' }, up, down, remove));
}

/** The row that adds a step at the end. @param {string} fk @param {any[]} steps @param {() => void} redraw */
function addRow(fk, steps, redraw) {
  const kind = /** @type {HTMLSelectElement} */ (h('select', { id: `flow-${fk}-add-kind` },
    ADDABLE.map((k) => h('option', { value: k, text: t(`flows.kind.${k}`) }))));
  const name = /** @type {HTMLInputElement} */ (h('input', { id: `flow-${fk}-add-name`, type: 'text', maxlength: '40', autocomplete: 'off' }));
  const who = performerSelect(`flow-${fk}-add-performer`, 'council');
  const err = h('p', { id: `flow-${fk}-add-error`, class: 'field-error', role: 'alert' });
  const add = button(`flow-${fk}-add`, t('flows.add'), () => {
    const n = name.value.trim();
    if (!n) {
      setAlert(err, t('flows.nameNeeded'));
      name.focus();
      return;
    }
    steps.push({ key: freshKey(steps, kind.value), name_zh: n, name_en: n, performer: who.value, kind: kind.value });
    redraw();
  }, 'btn btn-secondary');
  return h('fieldset', { class: 'field' }, h('legend', { text: t('flows.addTitle') }),
    field(kind.id, t('flows.addKind'), kind), field(name.id, t('flows.addName'), name), field(who.id, t('flows.performer'), who),
    err, h('p', { class: 'actions' }, add));
}

/** One flow: its steps to adjust and save, or (the hall's) to read. @param {string} vid @param {any} f */
function flowPanel(vid, f) {
  const fk = f.key;
  const name = pick(f, 'name_zh', 'name_en');
  const heading = t('flows.flowTitle', { name, version: f.version });
  if (fk === 'hall') {
    return panel(`flow-${fk}-title`, heading, h('ol', { id: `flow-${fk}-steps`, class: 'lines' },
      arr(f.steps).map((s) => h('li', { text: `${pick(s, 'name_zh', 'name_en')} · ${performerName(s.performer)}` }))),
    h('p', { class: 'hint', text: t('flows.hallFixed') }));
  }
  const steps = arr(f.steps).map((s) => ({ ...s }));
  const list = h('ol', { id: `flow-${fk}-steps`, class: 'cards' });
  const redraw = () => list.replaceChildren(...steps.map((_, i) => stepItem(fk, steps, i, redraw)));
  redraw();
  const err = messageArea(`flow-${fk}-error`);
  const save = busyButton(`flow-${fk}-save`, t('flows.save'), err, async () => {
    const body = { key: fk, steps: steps.map(({ key, name_zh: zh, name_en: en, performer, kind, meetings }) =>
      ({ key, name_zh: zh, name_en: en, performer, kind, ...(meetings ? { meetings } : {}) })) };
    try {
      const saved = await api('POST', `${base(vid)}/flows`, body);
      await rerenderSaying(t('flows.saved', { name, version: saved.version }), `flow-${fk}-save`);
    } catch (e) {
      list.setAttribute('aria-describedby', `flow-${fk}-error`);
      throw e;
    }
  }, { full: true });
  const undo = button(`flow-${fk}-undo`, t('flows.undo'), () => {
    steps.splice(0, steps.length, ...arr(f.steps).map((s) => ({ ...s })));
    setAlert(err, '');
    redraw();
  }, 'btn btn-secondary');
  return panel(`flow-${fk}-title`, heading, h('p', { class: 'hint', text: t(f.statutory ? 'flows.statutoryHint' : 'flows.minorHint') }),
    list, err, h('p', { class: 'actions' }, save, undo), addRow(fk, steps, redraw));
}

/** @param {Ctx} ctx */
async function viewFlows(ctx) {
  const { vid } = ctx.params;
  const got = await enter(ctx, 'flows.title', () => api('GET', `${base(vid)}/flows`));
  if (!got) return;
  show(title('flows.title'), h('p', { class: 'lead', text: t('flows.lead') }),
    ...arr(got.data.flows).map((f) => flowPanel(vid, f)),
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/authorisation`, text: t('auth.title') })));
}

export default viewFlows;
