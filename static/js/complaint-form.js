// complaint-form.js: a resident reports to the township (street) that a
// matter of the village was not published or is untrue (V2026 Art. 36;
// U2026 Art. 35). The page says what a report is for and where a report of
// the township's own interference goes (the county, V2026 Art. 41 ¶3); the
// matter is picked by its title from the board, or named when it is not
// there; the result shows next to the button.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, field, h, navLinks, setAlert, show, title } from './dom.js';
import { t } from './i18n.js';
import { feedback, select } from './meeting-kit.js';
import { takeMatter } from './complaint-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The two kinds as radio buttons. */
function kindChoice() {
  const radios = ['unpublished', 'untrue'].map((k) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'complaint-kind', id: `complaint-kind-${k}`, value: k }), ' ', t(`complaint.kind.${k}`)));
  return h('fieldset', { id: 'complaint-kind', class: 'field' }, h('legend', { text: t('complaint.kindLabel') }), ...radios);
}

/** The matter: a notice of the board by its title, or another matter named in words. @param {any[]} notices @param {string} nid */
function matterChoice(notices, nid) {
  const pick = select('complaint-matter', [...notices.map((n) => ({ value: n.id, label: n.title })),
    { value: 'other', label: t('complaint.matterOther') }], t('complaint.matterPick'));
  /** @type {HTMLSelectElement} */ (pick).value = notices.some((n) => n.id === nid) ? nid : '';
  const subject = h('input', { id: 'complaint-subject', type: 'text', maxlength: '100' });
  const other = field('complaint-subject', t('complaint.subjectLabel'), subject);
  const sync = () => { other.hidden = /** @type {HTMLSelectElement} */ (pick).value !== 'other'; };
  pick.addEventListener('change', sync);
  sync();
  return { nodes: [field('complaint-matter', t('complaint.matterLabel'), pick), other], pick, subject };
}

/**
 * What the form sends, or the rule it breaks.
 * @param {any[]} notices @param {{pick: Element, subject: Element}} m @param {HTMLTextAreaElement} text
 */
function readForm(notices, m, text) {
  const kind = /** @type {HTMLInputElement|null} */ (document.querySelector('input[name="complaint-kind"]:checked'));
  const value = /** @type {HTMLSelectElement} */ (m.pick).value;
  const notice = notices.find((n) => n.id === value);
  const subject = notice ? notice.title : /** @type {HTMLInputElement} */ (m.subject).value.trim();
  if (!kind) return { error: t('complaint.kindRequired') };
  if (!subject) return { error: t('complaint.subjectRequired') };
  if (!text.value.trim()) return { error: t('complaint.textRequired') };
  return { body: { kind: kind.value, subject, text: text.value.trim(), notice_id: notice ? notice.id : '' } };
}

/** @param {Ctx} ctx */
async function viewComplaintForm(ctx) {
  const { vid } = ctx.params;
  const nid = takeMatter();
  const entered = await enter(ctx, 'complaint.newTitle', () => api('GET', `${base(vid)}/board`));
  if (!entered) return;
  const notices = arr(entered.data.notices);
  const m = matterChoice(notices, nid || '');
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'complaint-text', rows: '5', maxlength: '4000', 'aria-describedby': 'complaint-text-hint' }));
  const fb = feedback('complaint');
  const send = busyButton('complaint-submit', t('complaint.submit'), fb.bad, async () => {
    const r = readForm(notices, m, text);
    if (r.error) {
      setAlert(fb.bad, r.error);
      send.disabled = false;
      return;
    }
    await api('POST', `${base(vid)}/complaints`, r.body);
    fb.say(t('complaint.sent'));
    mine.hidden = false;
  });
  const mine = h('p', { id: 'complaint-next' }, h('a', { id: 'link-my-complaints', class: 'btn btn-secondary', href: `#/v/${vid}/complaints/mine`, text: t('complaint.mine') }));
  mine.hidden = true;
  show(title('complaint.newTitle'),
    h('p', { id: 'complaint-what', class: 'lead', text: t('complaint.what') }),
    h('p', { id: 'complaint-county', class: 'hint', text: t('complaint.county') }),
    h('p', { class: 'hint', text: t('complaint.who') }),
    kindChoice(), ...m.nodes,
    field('complaint-text', t('complaint.textLabel'), text, t('complaint.textHint')),
    send, ...fb.nodes, mine,
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/board`, text: t('board.title') })));
}

export default viewComplaintForm;
