// household-cards.js: the secretary prints household cards (一户一码).
// The households of the register are listed by number and head's name,
// with a filter to type either; "打印户卡" issues a household's card and
// shows it as a card to print (on A6 card stock or on A4, large type: the village, the household's
// number, the head's surname, the QR code and the short code under it).
// The codes are kept hashed, so a card prints once; "挂失补办" (asked to
// confirm) makes a new card and the old one stops working.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, button, dialog, h, navLinks, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { rerender } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** Prints the card on A6 card stock or, larger, on an A4 sheet (named @page rules in app.css). @param {'a6'|'a4'} paper */
function printOn(paper) {
  const sheet = document.getElementById('hcard-sheet');
  if (sheet) sheet.dataset.paper = paper;
  window.print();
}

/** The card to print, and the buttons to print it and go back. @param {any} p */
function printView(p) {
  show(h('article', { id: 'hcard-sheet', class: 'hcard-sheet', 'data-paper': 'a6' },
    h('p', { id: 'hcard-village', class: 'hcard-village', text: p.village_name }),
    h('h1', { id: 'view-title', class: 'hcard-title', tabindex: '-1', text: t('hcard.cardTitle') }),
    h('p', { id: 'hcard-no', class: 'hcard-no', text: t('hcard.cardNo', { no: p.household_no }) }),
    p.head_surname ? h('p', { class: 'hcard-head', text: t('hcard.cardHead', { surname: p.head_surname }) }) : null,
    h('img', { id: 'hcard-qr', class: 'hcard-qr', src: p.qr_png, alt: t('hcard.qrAlt'), width: '240', height: '240', 'data-address': p.card_url }),
    h('p', { id: 'hcard-short', class: 'hcard-short', text: p.short_code }),
    h('p', { class: 'hcard-note', text: t('hcard.cardNote') })),
  h('p', { id: 'hcard-msg', class: 'status-msg no-print', role: 'status', text: pick(p, 'message', 'message_en') }),
  h('p', { class: 'actions no-print' }, button('hcard-print-now', t('hcard.printNow'), () => printOn('a6')),
    button('hcard-print-a4', t('hcard.printA4'), () => printOn('a4'), 'btn btn-secondary'),
    button('hcard-back', t('hcard.back'), () => rerender(), 'btn btn-secondary')));
}

/** One household's row: print its first card, or report it lost and reissue. @param {string} vid @param {any} x */
function row(vid, x) {
  const err = h('p', { id: `hcard-${x.household_no}-error`, class: 'alert', role: 'alert' });
  const url = `${base(vid)}/households/${encodeURIComponent(x.household_no)}/card`;
  const actions = x.has_card
    ? dialog({ ask: [`hcard-reissue-${x.household_no}`, t('hcard.reissue')], askCls: 'btn btn-secondary',
      confirm: [`hcard-reissue-yes-${x.household_no}`, t('hcard.reissueYes')], cancel: [`hcard-reissue-no-${x.household_no}`, t('hcard.keep')],
      boxId: `hcard-reissue-box-${x.household_no}`, question: t('hcard.reissueAsk', { no: x.household_no }), errBox: err,
      onConfirm: async () => printView(await api('POST', `${url}/reissue`)) })
    : [h('p', null, busyButton(`hcard-print-${x.household_no}`, t('hcard.print'), err, async () => printView(await api('POST', url))))];
  const state = x.has_card ? t('hcard.issued', { when: fmtDate(x.issued_at), who: x.issued_by_name || '' }) : t('hcard.none');
  return h('li', { class: 'card', 'data-household': x.household_no, 'data-head': x.head_name },
    h('p', { class: 'card-title', text: t('hcard.rowTitle', { no: x.household_no, head: x.head_name || '' }) }),
    h('p', { class: 'meta', text: `${x.group ? `${x.group} · ` : ''}${t('hcard.members', { n: x.members })} · ${state}` }),
    ...actions, err);
}

/** @param {Ctx} ctx */
async function viewHouseholdCards(ctx) {
  const { vid } = ctx.params;
  const got = await enter(ctx, 'hcard.title', () => api('GET', `${base(vid)}/household-cards`));
  if (!got) return;
  const all = arr(got.data.households);
  const filter = /** @type {HTMLInputElement} */ (h('input', { id: 'hcard-filter', type: 'search', autocomplete: 'off' }));
  const items = all.map((x) => row(vid, x));
  const listEl = h('ul', { id: 'hcard-list', class: 'cards' }, items);
  const none = h('p', { id: 'hcard-none', class: 'empty', text: t('hcard.noMatch') });
  none.hidden = true;
  filter.addEventListener('input', () => {
    const q = filter.value.trim();
    let shown = 0;
    all.forEach((x, i) => {
      const hit = !q || x.household_no.includes(q) || (x.head_name || '').includes(q);
      items[i].hidden = !hit;
      if (hit) shown++;
    });
    none.hidden = shown > 0;
  });
  show(title('hcard.title'), h('p', { class: 'lead', text: t('hcard.lead', { village: got.data.village_name }) }),
    h('p', { class: 'hint', text: t('hcard.notPassword') }),
    h('div', { class: 'field' }, h('label', { for: 'hcard-filter', text: t('hcard.filter') }), filter),
    listEl, none, navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewHouseholdCards;
