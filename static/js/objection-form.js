// objection-form.js: a resident's objection during a notice period, which
// may cite a receipt missing from a vote's published ballot box (issue 21
// (6)): "my receipt is not in the list", with the receipt code.

import { api, base } from './api.js';
import { busyButton, field, h, setAlert } from './dom.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';
import { feedback } from './meeting-kit.js';
import { groupCode } from './vote-kit.js';

/** The receipt code as typed, without spaces or dashes. @param {string} s */
const cleanCode = (s) => s.replace(/[\s-]+/g, '').toUpperCase();

/** "My receipt is missing": a box to tick and the code it cites. */
function missingReceipt() {
  const tick = h('input', { id: 'object-missing', type: 'checkbox' });
  const code = h('input', { id: 'object-receipt', type: 'text', maxlength: '40', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const codeField = field('object-receipt', t('notice.receiptLabel'), code, t('notice.receiptHint'));
  codeField.hidden = true;
  tick.addEventListener('change', () => {
    codeField.hidden = !tick.checked;
    if (tick.checked) code.focus();
  });
  const node = h('div', { class: 'field' },
    h('label', { class: 'choice' }, tick, ' ', t('notice.missingReceipt')), codeField);
  return { node, tick, code };
}

/** The objection form (resident, period open). @param {string} vid @param {any} n */
export function objectForm(vid, n) {
  const fb = feedback('object');
  const text = h('textarea', { id: 'object-text', rows: '4', maxlength: '2000' });
  const miss = missingReceipt();
  const send = busyButton('object-submit', t('notice.objectSubmit'), fb.bad, async () => {
    const code = miss.tick.checked ? cleanCode(miss.code.value) : '';
    if (miss.tick.checked && !/^[A-Z2-7]{20}$/.test(code)) {
      setAlert(fb.bad, t('check.badCode'));
      send.disabled = false;
      return;
    }
    if (!text.value.trim() && !code) {
      setAlert(fb.bad, t('notice.textRequired'));
      send.disabled = false;
      return;
    }
    const body = code ? { text: text.value.trim(), missing_receipt: code } : { text: text.value.trim() };
    await api('POST', `${base(vid)}/notices/${n.id}/objections`, body);
    // Said under the button, where the objection was written.
    await rerenderSaying(code ? t('notice.objectedReceipt', { code: groupCode(code) }) : t('notice.objected'), 'object-submit');
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'object-title' }, h('h2', { id: 'object-title', text: t('notice.objectTitle') }),
    miss.node, field('object-text', t('notice.objectLabel'), text), send, ...fb.nodes);
}

/** The receipt an objection cites, as its line shows it. @param {any} o */
export function citedReceipt(o) {
  return o.missing_receipt
    ? h('p', { class: 'objection-receipt mono', translate: 'no', text: t('notice.missingReceiptIs', { code: groupCode(o.missing_receipt) }) })
    : null;
}
