// format.js: dates, durations, counts and shares written out in the page's
// language (zh-CN or en-GB), and the end date of a period.

import { t, getLang } from './i18n.js';

function locale() {
  return getLang() === 'en' ? 'en-GB' : 'zh-CN';
}

/**
 * A date from the server; null for none, Go's zero time or nonsense.
 * @param {string|null|undefined} iso
 */
function parse(iso) {
  if (!iso || iso.startsWith('0001-')) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time, e.g. "2026年3月1日 14:00" / "1 Mar 2026, 14:00". @param {string|null|undefined} iso */
export function fmtTime(iso) {
  const d = parse(iso);
  return d ? d.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/**
 * The date only.
 * @param {string|null|undefined} iso
 * @param {'long'|'medium'} [style]
 */
export function fmtDate(iso, style = 'medium') {
  const d = parse(iso);
  return d ? d.toLocaleDateString(locale(), { dateStyle: style }) : '';
}

/** A duration in days, hours and minutes ("2 天 3 小时 5 分"). @param {number} seconds */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const d = Math.floor(s / 86400);
  const hrs = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  return t('board.remaining', { d, h: hrs, m: min });
}

/** A count with the locale's digit grouping; 0 for none. @param {number|null|undefined} n */
export function count(n) {
  return (typeof n === 'number' && Number.isFinite(n) ? n : 0).toLocaleString(locale());
}

/** A share 0..1 as a percentage with one decimal, or "none". @param {unknown} x */
export function pct(x) {
  if (typeof x !== 'number' || Number.isNaN(x)) return t('dash.none');
  return `${Math.round(x * 1000) / 10}%`;
}

/**
 * The last day of a period that starts on start and runs days days (the
 * start day counts): periodEnd('2026-03-01', 7) is 7 March.
 * @param {string} start
 * @param {number} days
 * @returns {Date|null}
 */
export function periodEnd(start, days) {
  const d = parse(start);
  if (!d || !(days > 0)) return null;
  const end = new Date(d.getTime());
  end.setDate(end.getDate() + days - 1);
  return end;
}

const CN_DIGITS = '零一二三四五六七八九';
/** A number from 1 to 99 in Chinese numerals (35 → 三十五). @param {number} n */
function cnNumber(n) {
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? CN_DIGITS[tens] : ''}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** @type {Record<string, string>} */
const LAW_NAMES = { V: '村委会组织法', U: '居委会组织法', LC: '农村土地承包法', LA: '土地管理法', CEO: '农村集体经济组织法' };

/**
 * A citation in the words a villager reads: on a Chinese page "V2026 Art. 35
 * ¶3" is 村委会组织法2026年版第三十五条第三款; an English page keeps it.
 * @param {string} basis
 */
export function lawWords(basis) {
  if (getLang() === 'en') return basis || '';
  return String(basis || '').replace(/\b(V|U|LC|LA|CEO)(\d{4})? Art\. (\d+)(?: ¶(\d+))?(?:\((\d+)\))?/g,
    (_, law, year, art, para, item) => `${LAW_NAMES[law]}${year ? `${year}年版` : ''}第${cnNumber(+art)}条`
      + `${para ? `第${cnNumber(+para)}款` : ''}${item ? `第${cnNumber(+item)}项` : ''}`);
}

/** A calendar period in words: 2026Q4 → 2026年第4季度, 2026-11 → 2026年11月. @param {string} p */
export function periodWords(p) {
  const q = /^(\d{4})Q(\d)$/.exec(p || '');
  if (q) return t('cal.quarter', { y: q[1], q: q[2] });
  const m = /^(\d{4})-(\d{2})$/.exec(p || '');
  return m ? t('cal.month', { y: m[1], m: String(+m[2]) }) : p || '';
}
