// op-kit.js: what the operator's pages share: the village roles an operator
// may give, and finding a resident of the register by name (never by number).

import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * @typedef {{resident_no: string, household_no: string, name: string, gender: string, birth_date: string,
 *   phone?: string, group?: string, household_head: boolean}} Resident
 */

/** The roles an operator gives in a village, as the policy names them. */
export const VILLAGE_ROLES = ['resident', 'council_member', 'board_member', 'secretary'];

/** A resident as a person reads them: name, household, year of birth. @param {Resident} r */
export function residentLabel(r) {
  return t('op.residentLabel', { name: r.name, household: r.household_no, year: (r.birth_date || '').slice(0, 4) });
}

/**
 * A search box over the register by name: typing shows the matching
 * residents as buttons; tapping one calls onPick.
 * @param {string} id
 * @param {Resident[]} residents
 * @param {(r: Resident) => void} onPick
 * @param {(r: Resident) => boolean} [keep] which residents may be picked
 */
export function residentSearch(id, residents, onPick, keep = () => true) {
  const input = h('input', { id, type: 'search', autocomplete: 'off', 'aria-describedby': `${id}-hint`, 'aria-controls': `${id}-results` });
  const results = h('ul', { id: `${id}-results`, class: 'lines', 'aria-live': 'polite' });
  const draw = () => {
    const q = input.value.trim();
    results.replaceChildren();
    if (!q) return;
    const found = residents.filter((r) => r.name.includes(q) && keep(r)).slice(0, 20);
    if (!found.length) {
      results.append(h('li', { class: 'empty', text: t('op.noneFound', { q }) }));
      return;
    }
    for (const r of found) {
      const b = h('button', { type: 'button', class: 'btn btn-secondary', 'data-resident': r.name, text: residentLabel(r) });
      b.addEventListener('click', () => onPick(r));
      results.append(h('li', null, b));
    }
  };
  input.addEventListener('input', draw);
  return h('div', { class: 'field' },
    h('label', { for: id, text: t('op.searchByName') }),
    h('p', { class: 'hint', id: `${id}-hint`, text: t('op.searchHint') }),
    input, results);
}

/** The role's name in the current language. @param {string} role */
export function roleName(role) {
  return t(`op.role.${role}`);
}
