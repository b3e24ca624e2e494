// street-home.js: the street official's home, one section for each kind of
// work: filings waiting for review (the earliest deadline first, as the
// server sends them), the villages' alerts, the service requests villages
// forwarded. Each line opens its page; each empty section says what comes
// next. Lines of a kind no section takes (yet) stay in "waits for me".

import { arr } from './api.js';
import { h, list, panel } from './dom.js';
import { t } from './i18n.js';
import { homeLine } from './home-lines.js';

/** @typedef {import('./home-lines.js').HomeLine} HomeLine */

/**
 * The sections in the order home shows them: the kinds of line each takes,
 * its title and what its empty state says. A new kind of street work (the
 * complaints, Art. 36) is one more entry here.
 * @type {Array<{id: string, kinds: string[]}>}
 */
const SECTIONS = [
  { id: 'filings', kinds: ['filing_to_review'] },
  { id: 'alerts', kinds: ['alert'] },
  { id: 'requests', kinds: ['request_forwarded'] },
];

/** @param {{id: string, kinds: string[]}} s @param {HomeLine[]} lines */
function section(s, lines) {
  return panel(`street-${s.id}-title`, t(`streetHome.${s.id}`),
    list(`street-${s.id}`, lines, (l) => homeLine(l, false), {
      cls: 'cards', emptyId: `street-${s.id}-empty`, empty: `streetHome.${s.id}Empty`,
    }));
}

/**
 * The street's sections from home's waiting lines, then whatever else
 * waits (null when nothing does).
 * @param {HomeLine[]|undefined} waiting
 */
export function streetSections(waiting) {
  const all = arr(waiting);
  const taken = new Set(SECTIONS.flatMap((s) => s.kinds));
  const rest = all.filter((l) => !taken.has(l.kind));
  return [
    ...SECTIONS.map((s) => section(s, all.filter((l) => s.kinds.includes(l.kind)))),
    rest.length ? panel('home-waiting-title', t('home.waiting'),
      h('ul', { id: 'home-waiting', class: 'cards' }, rest.map((l) => homeLine(l, true)))) : null,
  ];
}
