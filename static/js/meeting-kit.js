// meeting-kit.js: what the meeting pages share: the meeting's address in the
// API, people by name from the register, the statutory announcement rule of
// each kind, a poll while the page is on screen, and a message line that
// says what an action did.

import { api, arr, base, errorText } from './api.js';
import { can } from './auth.js';
import { h, setAlert } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The API address of a meeting. @param {string} vid @param {string} mid */
export const meetingURL = (vid, mid) => `${base(vid)}/meetings/${mid}`;

/** The kind's name in words. @param {string} kind */
export const kindName = (kind) => t(`meeting.${kind}`);

/**
 * The register by resident number ({no → resident}); empty when the
 * account may not read it (then names come from the records themselves).
 * @param {string} vid
 * @returns {Promise<Map<string, any>>}
 */
export async function registerOf(vid) {
  // Not asked when the policy says no: the 403 would only be noise.
  if (!can('register', 'read')) return new Map();
  try {
    const r = await api('GET', `${base(vid)}/residents`);
    return new Map(arr(r.residents).map((x) => [x.resident_no, x]));
  } catch (err) {
    console.info('register', err && err.code);
    return new Map();
  }
}

/**
 * Who may attend the meeting (its electorate), so the console's pickers
 * offer only them; null when the page may not ask (the pickers then offer
 * the register, and the server still refuses anyone else).
 * @param {string} vid @param {string} mid @returns {Promise<Set<string>|null>}
 */
export async function electorateOf(vid, mid) {
  if (!can('attendance', 'record')) return null;
  try {
    return new Set(arr((await api('GET', `${meetingURL(vid, mid)}/electorate`)).electorate));
  } catch (err) {
    console.info('electorate', err && err.code);
    return null;
  }
}

/** A person as the page names them: "陈建国 · 第1组". @param {any} r */
export function personLabel(r) {
  return r.group ? `${r.name} · ${r.group}` : r.name;
}

/** The name of a resident number, from the register; '' when unknown. @param {Map<string, any>} reg @param {string} no */
export function nameOf(reg, no) {
  const r = reg.get(no);
  return r ? r.name : '';
}

/**
 * Repeats fn every ms while the view is on screen.
 * @param {Ctx} ctx @param {() => Promise<unknown>} fn @param {number} ms
 */
export function poll(ctx, fn, ms) {
  const tick = async () => {
    if (!ctx.alive()) return;
    try {
      await fn();
    } catch (err) {
      if (!ctx.alive()) return;
      console.info('poll', err && err.code);
    }
    if (ctx.alive()) setTimeout(tick, ms);
  };
  tick();
}

/** A select of options [{value, label}] with a first empty choice. @param {string} id @param {{value: string, label: string}[]} opts @param {string} [empty] */
export function select(id, opts, empty) {
  return h('select', { id, name: id },
    empty ? h('option', { value: '', text: empty }) : null,
    opts.map((o) => h('option', { value: o.value, text: o.label })));
}

/**
 * A pair of message areas next to a button: news (status) and errors (alert).
 * @param {string} id
 */
export function feedback(id) {
  const ok = h('p', { id: `${id}-msg`, class: 'status-msg', role: 'status', 'aria-live': 'polite' });
  const bad = h('p', { id: `${id}-error`, class: 'alert', role: 'alert' });
  return {
    ok, bad, nodes: [ok, bad],
    /** @param {string} text */
    say(text) { setAlert(bad, ''); setAlert(ok, text); },
    /** @param {any} err */
    fail(err) { setAlert(ok, ''); setAlert(bad, errorText(err)); },
  };
}

/** "2026年3月25日 10:00 · 社区活动室". @param {any} m */
export function whenWhere(m) {
  return [fmtTime(m.starts_at), m.place].filter(Boolean).join(' · ');
}

/** The local date and time of an input pair as a Date, or null. @param {string} date @param {string} time */
export function localDate(date, time) {
  if (!date || !time) return null;
  const d = new Date(`${date}T${time}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A message an action's page leaves for the page it goes to ("scheduled…"
// shown on the meeting page): kept in memory for one drawing.
let flash = '';

/** @param {string} text */
export function setFlash(text) {
  flash = text;
}

/** The message left for this page, once. */
export function takeFlash() {
  const f = flash;
  flash = '';
  return f;
}

/** A field's error line under its input. @param {string} id */
export function fieldError(id) {
  return h('p', { id: `${id}-error`, class: 'field-error', role: 'alert' });
}

/** "2026-03-25" of a local Date. @param {Date} d */
export function isoDay(d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** "10:05" of a local Date. @param {Date} d */
export function isoClock(d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The sentence of a refusal, with the way out. @param {any} err */
export function signInError(err) {
  if (err && err.code === 'already_signed_in') return t('signin.already');
  if (err && err.code === 'bad_sign_in_code') return t('signin.badCode');
  if (err && err.status === 429) return t('signin.tooMany');
  return errorText(err);
}

/** An option's Chinese name where the key is one of the usual three. @param {string} o */
const optionName = (o) => (['yes', 'no', 'abstain'].includes(o) ? t(`minutes.option.${o}`) : o);

/** A vote's line of the minutes: counts by option and the outcome. @param {any} v */
export function voteLine(v) {
  // 同意, 反对, 弃权 in that order, as a count is read out; other options after.
  const order = (/** @type {string} */ o) => { const i = ['yes', 'no', 'abstain'].indexOf(o); return i < 0 ? 9 : i; };
  const counts = Object.entries(v.counts || {}).sort(([a], [b]) => order(a) - order(b)).map(([o, n]) => `${optionName(o)} ${n}`).join(' / ');
  const outcome = !v.attendance_met ? t('minutes.invalid') : t(v.adopted ? 'minutes.adopted' : 'minutes.rejected');
  return h('li', { class: 'vote-record', text: `${v.title}：${counts}（${t('minutes.votersOf', { n: v.voters, of: v.eligible })}）— ${outcome}` });
}
