// vote-receipt.js: "check my receipt": found or not, and after the close
// what a named ballot holds (a secret one's choice is never told by its
// code); copying a code.

import { api, arr, fullError } from './api.js';
import { field, h } from './dom.js';
import { t } from './i18n.js';
import { choiceText, groupCode, readJSON, storeKey, voteURL } from './vote-kit.js';

export async function copyText(text, el) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http): select the code so it can be copied.
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** "Check my receipt": found or not, and after close what it holds. */
export function receiptCheck(vid, v) {
  const input = h('input', { id: 'check-code', type: 'text', maxlength: '40', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const stored = readJSON(storeKey('receipt', v.id, ''));
  if (stored) input.value = groupCode(stored.code);
  const out = h('div', { id: 'check-result', role: 'status', 'aria-live': 'polite' });
  const btn = h('button', { id: 'check-submit', class: 'btn', type: 'submit', text: t('check.submit') });
  const form = h('form', { id: 'check-form', class: 'form', novalidate: true },
    field('check-code', t('check.code'), input, t('check.hint')), btn, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.replace(/[\s-]+/g, '').toUpperCase();
    out.replaceChildren();
    if (!/^[A-Z2-7]{20}$/.test(code)) {
      out.append(h('p', { class: 'alert', text: t('check.badCode') }));
      return;
    }
    btn.disabled = true;
    try {
      const r = await api('GET', `${voteURL(vid, v.id)}/receipts/${code}`);
      out.append(r.found
        ? h('p', { id: 'check-found', class: 'check-found', text: t('check.found') })
        : h('p', { id: 'check-missing', class: 'alert', text: t('check.notFound') }));
      if (r.found && arr(r.choices).length) {
        out.append(h('p', { id: 'check-choices', class: 'ballot-chosen', text: t('check.holds', { choice: choiceText(v, r.choices) }) }));
      } else if (r.found && v.secret) {
        // A secret ballot's content is never told by its code (vote-box.js).
        out.append(h('p', { id: 'check-secret', class: 'hint', text: t('check.secretKept') }));
      } else if (r.found) {
        out.append(h('p', { class: 'hint', text: t('check.afterClose') }));
      }
    } catch (ex) {
      out.append(h('p', { class: 'alert', text: fullError(ex) }));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { id: 'receipt-check', class: 'panel', 'aria-labelledby': 'check-title' },
    h('h2', { id: 'check-title', text: t('check.title') }), form);
}
