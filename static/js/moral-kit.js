// moral-kit.js: what the moral review board's pages share: categories,
// verdicts, status tags, case cards.

import { base } from './api.js';
import { h } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';

export const caseURL = (vid, cid) => `${base(vid)}/cases/${cid}`;

// The board's categories (modules/moralboard/rules.go); an association
// hears some of them, and the server refuses the others with its reason.
export const CATEGORIES = ['filial_piety', 'neighbourliness', 'frugal_ceremonies', 'environment', 'anti_gambling', 'anti_drug', 'other'];

export const VERDICTS = ['commendation', 'criticism', 'persuasion', 'no_action'];

export const NOTICES = ['nominated', 'hearing_opened', 'appeal_opened', 'verdict'];

export const OPEN_FOR_HEARING = ['nominated', 'no_verdict', 'appealed'];

export const HEARING = ['hearing', 'appeal_hearing'];

export function statusTag(status) {
  return h('span', { class: `status moral-status-${status}`, text: t(`moral.status.${status}`) });
}

/** A category in words; a points table may name one of its own. */
export function catText(c) {
  return CATEGORIES.includes(c) ? t(`moral.cat.${c}`) : String(c || '');
}

export function verdictText(v) {
  return v ? t(`moral.verdict.${v}`) : t('moral.noMajority');
}

export function shortID(id) {
  return String(id || '').slice(0, 8);
}

function caseCard(vid, c) {
  return h('li', { class: 'card case-card', 'data-id': c.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/moral/c/${c.id}`,
      text: t('moral.caseCard', { category: catText(c.category), no: shortID(c.id) }) }),
    h('p', { class: 'meta' }, statusTag(c.status),
      c.verdict ? h('span', { class: 'case-verdict', text: ` ${verdictText(c.verdict)}` }) : null),
    h('p', { class: 'meta', text: t('moral.nominatedOn', { at: fmtDate(c.nominated_at) }) }));
}

export function caseList(id, vid, cases, emptyKey) {
  return cases.length
    ? h('ul', { id, class: 'cards' }, cases.map((c) => caseCard(vid, c)))
    : h('p', { id: `${id}-empty`, class: 'empty', text: t(emptyKey) });
}
