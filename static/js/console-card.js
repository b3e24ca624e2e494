// console-card.js: sign-in by household card (户卡签到, 一户一码). The card
// names a household, not a person: the secretary running the meeting
// finds it (the short code typed here, or the card's QR scanned, which
// opens card-sign-in.js), sees the household's members on this meeting's
// list, taps the one standing there and confirms. The server records it as
// the meeting's attendance by household card; the card logs no one in.

import { api, arr } from './api.js';
import { busyButton, button, h, panel, setAlert } from './dom.js';
import { pick, t } from './i18n.js';
import { feedback, meetingURL } from './meeting-kit.js';

/**
 * The members of the card's household for the meeting, each a button; a
 * tap asks "is this 陈建国?" and the confirmation signs them in.
 * @param {string} vid @param {string} mid @param {Record<string, string>} card token or short_code (and card_village)
 * @param {any} found the answer naming the household and its members
 */
export function cardMembers(vid, mid, card, found) {
  const fb = feedback('card-sign-in');
  const ask = h('div', { id: 'card-confirm', class: 'notice' });
  ask.hidden = true;
  /** @param {any} x */
  const confirm = (x) => {
    const sure = busyButton('card-confirm-yes', t('hcard.confirmYes', { name: x.name }), fb.bad, async () => {
      const r = await api('POST', `${meetingURL(vid, mid)}/household-card/sign-in`, { ...card, resident_no: x.resident_no });
      ask.hidden = true;
      fb.say(pick(r, 'message', 'message_en'));
      const row = document.getElementById(`card-member-${x.resident_no}`);
      if (row) {
        row.setAttribute('disabled', '');
        row.textContent = t('hcard.memberSigned', { name: x.name });
      }
    });
    ask.replaceChildren(h('p', { text: t('hcard.confirmAsk', { name: x.name }) }),
      h('p', { class: 'actions' }, sure, button('card-confirm-no', t('hcard.confirmNo'), () => { ask.hidden = true; }, 'btn btn-secondary')));
    ask.hidden = false;
    sure.focus();
  };
  const rows = arr(found.members).map((x) => {
    const label = x.signed_in ? t('hcard.memberSigned', { name: x.name })
      : x.eligible ? x.name : t('hcard.memberNotOnList', { name: x.name });
    const b = button(`card-member-${x.resident_no}`, label, () => confirm(x), 'btn btn-secondary');
    if (x.signed_in || !x.eligible) b.setAttribute('disabled', '');
    return h('li', null, b);
  });
  return h('div', { id: 'card-household', 'data-household': found.household_no },
    h('p', { class: 'lead', text: t('hcard.householdOf', { no: found.household_no }) }),
    h('p', { class: 'hint', text: t('hcard.pickMember') }),
    h('ul', { id: 'card-members', class: 'lines' }, rows), ask, ...fb.nodes);
}

/** The console's panel: type the short code printed under the QR. @param {string} vid @param {any} m */
export function cardPanel(vid, m) {
  const input = h('input', { id: 'card-short', name: 'card-short', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', inputmode: 'text' });
  const err = h('p', { id: 'card-error', class: 'alert', role: 'alert' });
  const out = h('div', { id: 'card-found' });
  const find = busyButton('card-find', t('hcard.find'), err, async () => {
    const card = { short_code: /** @type {HTMLInputElement} */ (input).value.trim() };
    out.replaceChildren();
    try {
      const found = await api('POST', `${meetingURL(vid, m.id)}/household-card`, card);
      out.replaceChildren(cardMembers(vid, m.id, card, found));
    } finally {
      find.disabled = false;
    }
  });
  input.addEventListener('input', () => setAlert(err, ''));
  input.addEventListener('keydown', (e) => { if (/** @type {KeyboardEvent} */ (e).key === 'Enter') find.click(); });
  return panel('card-title', t('hcard.consoleTitle'), h('p', { class: 'hint', text: t('hcard.consoleHint') }),
    h('div', { class: 'field' }, h('label', { for: 'card-short', text: t('hcard.shortLabel') }), input), find, err, out);
}
