// proposal-revoke.js: revoking or changing a decision (V2026 Art. 27;
// U2026 Art. 30 ¶3). In the proposal form, the decision is picked from those
// the committee's bodies or the representatives' meeting made; on a
// proposal's page, the decision it revokes is named, and a decision that was
// revoked says by what, when and which meeting.

import { arr } from './api.js';
import { field, h } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';

/**
 * The form's two fields: which decision, and revoke or change.
 * @param {any[]} decisions the revocable decisions
 * @param {any} p the draft being edited, or null
 */
export function revokesFields(decisions, p) {
  const target = /** @type {HTMLSelectElement} */ (h('select', { id: 'proposal-revokes' },
    h('option', { value: '', text: t('revoke.none') }),
    arr(decisions).map((d) => h('option', { value: d.id,
      text: t('revoke.option', { title: d.title, meeting: t(`meeting.${d.decided_by}`), date: fmtDate(d.decided_at) }) }))));
  const mode = /** @type {HTMLSelectElement} */ (h('select', { id: 'proposal-revokes-mode' },
    h('option', { value: 'revoke', text: t('revoke.mode.revoke') }), h('option', { value: 'change', text: t('revoke.mode.change') })));
  if (p && p.revokes) {
    target.value = p.revokes.proposal_id;
    mode.value = p.revokes.mode;
  }
  const box = h('fieldset', { class: 'field', id: 'proposal-revokes-box' },
    h('legend', { text: t('revoke.legend') }),
    field('proposal-revokes', t('revoke.which'), target, t('revoke.hint')),
    field('proposal-revokes-mode', t('revoke.how'), mode));
  /** What the request sends: null when no decision is named. */
  const value = () => (target.value ? { proposal_id: target.value, mode: mode.value } : null);
  return { box, value };
}

/**
 * The lines on a proposal's page: what it revokes, and what revoked it.
 * @param {string} vid @param {any} p @param {any} d the detail
 */
export function revokeNotes(vid, p, d) {
  const out = [];
  if (p.revokes) {
    out.push(h('p', { id: 'revokes-note', class: 'notice' },
      t(`revoke.revokes.${p.revokes.mode}`), ' ',
      h('a', { href: `#/v/${vid}/p/${p.revokes.proposal_id}`, text: p.revokes.title }),
      ` ${t('revoke.basis')}`));
  }
  if (d.revoked_by) out.push(revokedLine(vid, d.revoked_by, 'revoked-note'));
  return out;
}

/**
 * The line on a revoked decision wherever it appears (its page, the
 * proposals list, its board notice, its filing): which meeting revoked or
 * changed it, when, and a link to the revoking decision (V2026 Art. 27).
 * @param {string} vid the decision's village
 * @param {any} r its revoked_by
 * @param {string|null} [id]
 */
export function revokedLine(vid, r, id = null) {
  return h('p', { id, class: 'alert revoked-line', role: 'status' },
    t(`revoke.revokedBy.${r.mode}`, { meeting: t(`meeting.${r.meeting}`), date: fmtDate(r.at, 'long') }), ' ',
    h('a', { class: 'revoked-link', href: `#/v/${vid}/p/${r.id}`, text: r.title }),
    ` ${t('revoke.basis')}`);
}
