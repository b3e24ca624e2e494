// clock-field.js: a time of day picked as hour and minute, always on a
// 24-hour clock, and a date and time written out in the page's language.
// A native time input follows the browser's locale, not the page's: it
// shows "07:05 PM" on a Chinese page, and its box is small on a phone.

import { h } from './dom.js';
import { getLang, t } from './i18n.js';

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * Options 00, step, 2·step … under n, with the given value among them.
 * @param {number} n @param {number} step @param {number} value @param {string} key the label's dictionary key
 */
function options(n, step, value, key) {
  const vals = [];
  for (let v = 0; v < n; v += step) vals.push(v);
  if (!vals.includes(value) && value >= 0 && value < n) vals.push(value);
  return vals.sort((a, b) => a - b).map((v) => h('option', { value: pad(v), text: t(key, { n: pad(v) }) }));
}

/**
 * The picker: two large selects, hour (id, the label's target) and minute
 * (id-minute). Its value is "19:05", like a time input's, and a change of
 * either select reaches listeners on the returned element.
 * @param {string} id @param {string} value "HH:MM"
 * @returns {HTMLElement & {value: string}}
 */
export function clockField(id, value) {
  const [hh, mm] = String(value || '00:00').split(':').map(Number);
  const hour = /** @type {HTMLSelectElement} */ (h('select', { id, name: id }, options(24, 1, hh, 'clock.hour')));
  const minute = /** @type {HTMLSelectElement} */ (h('select', { id: `${id}-minute`, name: `${id}-minute`, 'aria-label': t('clock.minuteLabel') },
    options(60, 5, mm, 'clock.minute')));
  hour.value = pad(hh);
  minute.value = pad(mm);
  const el = /** @type {HTMLElement & {value: string}} */ (h('div', { class: 'clock' }, hour, h('span', { class: 'clock-sep', text: ':', 'aria-hidden': 'true' }), minute));
  Object.defineProperty(el, 'value', { get: () => `${hour.value}:${minute.value}` });
  return el;
}

/** A moment written out: "2026年12月5日星期六 19:05", "Saturday, 5 December 2026 at 19:05". @param {Date|null} d */
export function whenWords(d) {
  if (!d) return '';
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' });
}
