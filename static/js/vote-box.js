// vote-box.js: a closed vote's published ballot box on its result page
// (issue 21 (6)): "my receipt is in the list", checked in the page itself
// against the published receipts; the receipts and the ballots as two
// lists, each sorted by its own value, so no receipt is seen beside a
// choice; a search over the receipts; the file to recount with
// `yishi recount`, and the print view for the notice board.

import { arr } from './api.js';
import { field, h } from './dom.js';
import { t } from './i18n.js';
import { receiptHash } from './sha256.js';
import { choiceText, groupCode, readJSON, storeKey, voteURL } from './vote-kit.js';

/** The receipts, each a line; the list filters by what is typed. @param {string[]} receipts */
function receiptList(receipts) {
  const ul = h('ul', { id: 'box-receipts', class: 'lines box-list' }, receipts.map((r) => h('li', { class: 'line mono', translate: 'no', 'data-hash': r, text: r })));
  const search = h('input', { id: 'box-search', type: 'search', autocomplete: 'off', spellcheck: 'false' });
  const shown = h('p', { id: 'box-shown', class: 'hint', role: 'status', text: t('box.shown', { n: receipts.length, of: receipts.length }) });
  search.addEventListener('input', () => {
    const q = search.value.replace(/\s+/g, '').toLowerCase();
    let n = 0;
    for (const li of ul.children) {
      const hit = !q || String(/** @type {HTMLElement} */ (li).dataset.hash).includes(q);
      /** @type {HTMLElement} */ (li).hidden = !hit;
      if (hit) n++;
    }
    shown.textContent = t('box.shown', { n, of: receipts.length });
  });
  return h('div', null, field('box-search', t('box.search'), search, t('box.searchHint')), shown, ul);
}

/** The ballots, the same ballots counted once each: "同意 × 3". @param {any} v @param {string[][]} ballots */
function ballotList(v, ballots) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const b of ballots) counts.set(b.join(','), (counts.get(b.join(',')) || 0) + 1);
  return h('ul', { id: 'box-ballots', class: 'lines' }, [...counts].map(([line, n]) => h('li', { class: 'line', 'data-ballot': line },
    h('p', { class: 'line-desc', text: t('box.ballotTimes', { choice: choiceText(v, line ? line.split(',') : []), n }) }))));
}

/** "Is my receipt in the list?": the code hashed here, looked up in the list. @param {any} v @param {HTMLElement} list */
function mineForm(v, list) {
  const input = h('input', { id: 'box-code', type: 'text', maxlength: '40', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const stored = readJSON(storeKey('receipt', v.id, ''));
  if (stored) input.value = groupCode(stored.code);
  const out = h('div', { id: 'box-mine', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { id: 'box-mine-form', class: 'form', novalidate: true },
    field('box-code', t('check.code'), input, t('check.hint')), h('button', { id: 'box-find', class: 'btn', type: 'submit', text: t('box.find') }), out);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = input.value.replace(/[\s-]+/g, '').toUpperCase();
    for (const li of list.querySelectorAll('li.mine')) li.classList.remove('mine');
    if (!/^[A-Z2-7]{20}$/.test(code)) {
      out.replaceChildren(h('p', { class: 'alert', text: t('check.badCode') }));
      return;
    }
    const hash = receiptHash(v.id, code);
    const li = list.querySelector(`li[data-hash="${hash}"]`);
    if (li) {
      li.classList.add('mine');
      out.replaceChildren(h('p', { id: 'box-mine-found', class: 'check-found', text: t('box.mineFound') }),
        h('p', { class: 'hint mono', translate: 'no', text: t('box.mineHash', { hash }) }));
      return;
    }
    out.replaceChildren(h('p', { id: 'box-mine-missing', class: 'alert', text: t('box.mineMissing') }));
  });
  return form;
}

/** The box panel of the result page. @param {string} vid @param {any} v @param {any} box */
export function boxPanel(vid, v, box) {
  if (!box) return null;
  const receipts = receiptList(arr(box.receipts));
  const list = /** @type {HTMLElement} */ (receipts.querySelector('#box-receipts'));
  return h('section', { id: 'box-panel', class: 'panel', 'aria-labelledby': 'box-title' },
    h('h2', { id: 'box-title', text: t('box.title', { n: arr(box.receipts).length }) }),
    h('p', { class: 'hint', text: t(v.secret ? 'box.hintSecret' : 'box.hintNamed') }),
    h('p', { id: 'box-hash', class: 'hint mono', translate: 'no', text: t('box.hash', { hash: box.box_hash }) }),
    h('p', { id: 'box-chained', class: box.chained ? 'hint' : 'alert', text: t(box.chained ? 'box.chained' : 'box.notChained') }),
    mineForm(v, list),
    h('h3', { text: t('box.receipts') }), receipts,
    h('h3', { text: t('box.ballots', { n: arr(box.ballots).length }) }), ballotList(v, arr(box.ballots)),
    h('p', { class: 'actions' },
      h('a', { id: 'box-download', class: 'btn btn-secondary', href: `${voteURL(vid, v.id)}/box?download=1`, download: `ballot-box-${v.id}.json`, text: t('box.download') }),
      h('a', { id: 'box-print', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${v.id}/box/print`, text: t('box.print') })),
    h('p', { class: 'hint', text: t('box.recountHow') }),
    h('pre', { id: 'box-recount', class: 'computation', translate: 'no', text: `${box.recount}\n${box.recount} -receipt <${t('check.code')}>` }));
}
