// assist.js: 代办 / Help a resident. A secretary or council member, with
// the resident beside them, records an action for a resident who cannot
// use a phone: sign in at a meeting in session, co-sign a proposal, or
// request a certificate. The resident is found by name in the register and
// the target picked from a list; nothing is done until a second person
// confirms it on their home (assist-home.js). A vote is never assisted.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, field, h, onSubmit, setAlert, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { fmtTime } from './format.js';
import { rerenderSaying } from './navigate.js';
import { actionLine, KINDS } from './assist-kit.js';

/**
 * @typedef {{id: string, title: string, title_en?: string, at?: string}} Choice
 * @typedef {{resident_no: string, name: string, household_no: string, group?: string, birth_year?: string}} Match
 */

/** The kinds as radio buttons; the first is chosen. @param {(k: string) => void} onPick */
function kindField(onPick) {
  const radios = KINDS.map((k, i) => {
    const input = h('input', { type: 'radio', name: 'assist-kind', id: `assist-kind-${k}`, value: k });
    input.checked = i === 0;
    input.addEventListener('change', () => onPick(k));
    return h('label', { class: 'choice', for: `assist-kind-${k}` }, input, h('span', { text: t(`assist.kind.${k}`) }));
  });
  return h('fieldset', { id: 'assist-kind', class: 'field' }, h('legend', { text: t('assist.kind') }), ...radios,
    h('p', { class: 'hint', text: t('assist.noVote') }));
}

/** The resident finder: type a part of the name, tap find, pick one. @param {string} vid */
function residentField(vid) {
  const q = h('input', { id: 'assist-resident-q', type: 'text', maxlength: '20', autocomplete: 'off' });
  const found = h('div', { id: 'assist-residents', 'aria-live': 'polite' });
  const err = h('div', { id: 'assist-resident-error', class: 'alert', role: 'alert' });
  const find = busyButton('assist-resident-find', t('assist.find'), err, async () => {
    const r = await api('GET', `${base(vid)}/assist/residents?q=${encodeURIComponent(q.value.trim())}`);
    /** @type {Match[]} */
    const ms = arr(r.residents);
    found.replaceChildren(ms.length ? h('div', { class: 'checks' }, ms.map((m, i) => {
      const input = h('input', { type: 'radio', name: 'assist-resident', id: `assist-resident-${m.resident_no}`, value: m.resident_no });
      input.checked = ms.length === 1 && i === 0;
      return h('label', { class: 'choice', for: `assist-resident-${m.resident_no}` }, input,
        h('span', { text: t('assist.found', { name: m.name, household: m.household_no, year: m.birth_year || '—' }) }));
    })) : h('p', { class: 'empty', text: t('assist.noneFound') }));
    find.disabled = false;
  }, { secondary: true });
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find.click();
    }
  });
  const box = h('fieldset', { class: 'field' }, h('legend', { text: t('assist.who') }),
    field('assist-resident-q', t('assist.nameLabel'), q, t('assist.nameHint')), h('p', { class: 'actions' }, find), err, found);
  const picked = () => {
    const r = /** @type {HTMLInputElement|null} */ (found.querySelector('input[name="assist-resident"]:checked'));
    const label = r && r.closest('label');
    return r ? { no: r.value, name: label ? label.textContent || '' : '' } : null;
  };
  return { box, picked };
}

/** The target list of a kind. @param {Record<string, Choice[]>} choices */
function targetField(choices) {
  const select = h('select', { id: 'assist-target' });
  const label = h('label', { for: 'assist-target' });
  const none = h('p', { id: 'assist-target-none', class: 'empty', text: t('assist.noTargets') });
  const purpose = h('textarea', { id: 'assist-purpose', rows: '3', maxlength: '500' });
  const purposeBox = field('assist-purpose', t('assist.purpose'), purpose);
  /** @param {string} kind */
  const fill = (kind) => {
    const cs = arr(choices[kind]);
    label.textContent = t(`assist.target.${kind}`);
    select.replaceChildren(...cs.map((c) => h('option', { value: c.id,
      text: c.at && kind === 'sign_in' ? `${pick(c, 'title', 'title_en') || c.title} · ${fmtTime(c.at)}` : pick(c, 'title', 'title_en') || c.title })));
    select.hidden = cs.length === 0;
    none.hidden = cs.length > 0;
    purposeBox.hidden = kind !== 'certificate';
  };
  const box = h('div', null, h('div', { class: 'field' }, label, select, none), purposeBox);
  return { box, fill, select, purpose };
}

/** The form. @param {string} vid @param {Record<string, Choice[]>} choices */
function assistForm(vid, choices) {
  let kind = KINDS[0];
  const target = targetField(choices);
  const resident = residentField(vid);
  target.fill(kind);
  const present = h('input', { id: 'assist-present', type: 'checkbox' });
  const err = h('div', { id: 'assist-error', class: 'alert', role: 'alert' });
  const submit = h('button', { id: 'assist-submit', class: 'btn btn-wide', type: 'submit', text: t('assist.submit') });
  const form = h('form', { id: 'assist-form', class: 'form', novalidate: true },
    kindField((k) => { kind = k; target.fill(k); }), resident.box, target.box,
    h('label', { class: 'check', for: 'assist-present' }, present, h('span', { text: t('assist.present') })), err, submit);
  onSubmit(form, submit, err, async () => {
    const who = resident.picked();
    if (!who) {
      setAlert(err, t('assist.pickResident'));
      return;
    }
    const a = await api('POST', `${base(vid)}/assist`, { kind, resident_no: who.no, target: target.select.value,
      purpose: kind === 'certificate' ? target.purpose.value.trim() : '', resident_present: present.checked });
    await rerenderSaying(t('assist.saidRecorded', { name: a.resident_name, what: actionLine(a) }), 'assist-mine-title');
  });
  return form;
}

/** What I recorded that waits for a second person; each can be cancelled. @param {string} vid @param {any[]} mine */
function minePanel(vid, mine) {
  return h('section', { class: 'panel', 'aria-labelledby': 'assist-mine-title' },
    h('h2', { id: 'assist-mine-title', tabindex: '-1', text: t('assist.mine') }),
    mine.length ? h('ul', { id: 'assist-mine', class: 'cards' }, mine.map((a) => {
      const err = h('div', { class: 'alert', role: 'alert' });
      return h('li', { class: 'card assist-action', 'data-id': a.id },
        h('p', { class: 'card-title', text: `${a.resident_name}：${actionLine(a)}` }),
        h('p', { class: 'line-meta', text: t('assist.by', { helper: a.helper_name, at: fmtTime(a.created_at) }) }),
        err, h('p', { class: 'actions' }, busyButton(`assist-cancel-${a.id}`, t('assist.cancel'), err, async () => {
          await api('POST', `${base(vid)}/assist/${a.id}/cancel`);
          await rerenderSaying(t('assist.saidCancelled'), 'assist-mine-title');
        }, { secondary: true, full: true })));
    })) : h('p', { id: 'assist-mine-empty', class: 'empty', text: t('assist.mineEmpty') }));
}

/** @param {import('./auth.js').Ctx} ctx */
async function viewAssist(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'assist.title', () => Promise.all([
    api('GET', `${base(vid)}/assist/choices`), api('GET', `${base(vid)}/assist/pending`)]));
  if (!entered) return;
  const [c, p] = entered.data;
  show(
    title('assist.title'),
    h('p', { class: 'lead', text: t('assist.intro') }),
    h('section', { class: 'panel', 'aria-labelledby': 'assist-form-title' },
      h('h2', { id: 'assist-form-title', text: t('assist.formTitle') }), assistForm(vid, c.choices || {})),
    minePanel(vid, arr(p.actions).filter((a) => a.mine)),
    h('p', { class: 'actions' }, h('a', { id: 'assist-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewAssist;
