// vote-ballot.js: the ballot of the vote page: one question on the screen,
// a confirm step, then the receipt. It casts for the voter (who = '') or for
// a principal whose entrustment the voter holds. A pending ballot keeps its
// idempotency key in this browser until the server answers, so a retry
// after a lost answer is the same cast.

import { api, arr, fullError } from './api.js';
import { button, h, messageArea, setAlert } from './dom.js';
import { t } from './i18n.js';
import { rerender } from './navigate.js';
import { readButton } from './read-aloud.js';
import { copyText } from './vote-receipt.js';
import { choiceText, groupCode, newKey, optLabel, readJSON, storeKey, voteURL, writeJSON } from './vote-kit.js';

/**
 * @typedef {{vid: string, v: any, stage: HTMLElement, more: HTMLElement, names: Record<string, string>}} Ballot
 */

/**
 * The ballot's stage (where the steps show) and the rest of the page (hidden
 * while a step asks for attention).
 * @param {string} vid
 * @param {any} v the vote
 * @returns {Ballot}
 */
export function newBallot(vid, v) {
  return {
    vid, v,
    stage: h('section', { id: 'ballot', class: 'panel ballot', 'aria-live': 'polite' }),
    more: h('div', { id: 'vote-more' }),
    names: {}, // principals' names by resident number (vote-page.js)
  };
}

/** @param {Ballot} b */
export function focusStage(b) {
  const hd = /** @type {HTMLElement|null} */ (b.stage.querySelector('h2'));
  if (hd) hd.focus();
}

/** @param {Ballot} b @param {...any} kids */
function setStage(b, ...kids) {
  b.stage.replaceChildren(...kids.flat().filter(Boolean));
}

/** @param {Ballot} b @param {string} who */
function whoLine(b, who) {
  return who ? h('p', { class: 'notice proxy-for', text: t('ballot.forPrincipal', { who: b.names[who] || who }) }) : null;
}

/** One ballot: the receipt if cast, the pending confirm, else the question. @param {Ballot} b @param {string} who */
export function startBallot(b, who) {
  const receipt = readJSON(storeKey('receipt', b.v.id, who));
  if (receipt) {
    showReceipt(b, who, receipt.code, false);
    return;
  }
  const pending = readJSON(storeKey('pending', b.v.id, who));
  if (pending && arr(pending.choices).length) {
    confirmStep(b, who, pending.choices, true);
    return;
  }
  chooseStep(b, who, []);
}

/**
 * The options as buttons: one tap picks a single choice; with several
 * choices a tap toggles and "next" goes on.
 * @param {Ballot} b @param {string} who @param {Set<string>} picked @param {Element} err @param {() => void} sync
 */
function optionButtons(b, who, picked, err, sync) {
  const v = b.v;
  const multi = v.max_choices > 1;
  return arr(v.options).map((o) => {
    const btn = h('button', {
      class: `btn ballot-option option-${o.key}`, type: 'button', 'data-key': o.key,
      'aria-pressed': multi ? String(picked.has(o.key)) : null, text: optLabel(o),
    });
    btn.addEventListener('click', () => {
      if (!multi) {
        confirmStep(b, who, [o.key], false);
        return;
      }
      if (picked.has(o.key)) picked.delete(o.key);
      else if (picked.size < v.max_choices) picked.add(o.key);
      else {
        setAlert(err, t('ballot.tooMany', { max: v.max_choices }));
        return;
      }
      setAlert(err, '');
      btn.setAttribute('aria-pressed', String(picked.has(o.key)));
      sync();
    });
    return btn;
  });
}

/** The question step. @param {Ballot} b @param {string} who @param {string[]} chosen */
function chooseStep(b, who, chosen) {
  const v = b.v;
  b.more.hidden = who !== '';
  const multi = v.max_choices > 1;
  const picked = new Set(chosen);
  const err = h('p', { id: 'ballot-error', class: 'field-error', role: 'alert' });
  const count = multi ? h('p', { id: 'ballot-count', class: 'hint' }) : null;
  const sync = () => {
    if (count) count.textContent = t('ballot.picked', { n: picked.size, max: v.max_choices });
  };
  const next = multi ? button('ballot-next', t('ballot.next'), () => {
    if (!picked.size) {
      setAlert(err, t('ballot.pickOne'));
      return;
    }
    confirmStep(b, who, v.options.filter((/** @type {any} */ o) => picked.has(o.key)).map((/** @type {any} */ o) => o.key), false);
  }, 'btn btn-wide') : null;
  sync();
  const cancel = who ? button('ballot-cancel', t('ballot.cancelProxy'), () => { setStage(b); b.more.hidden = false; }, 'btn btn-secondary') : null;
  const question = h('h2', { id: 'ballot-question', tabindex: '-1', text: t(multi ? 'ballot.questionMulti' : 'ballot.question', { max: v.max_choices }) });
  // Read aloud (issue 21): what is voted on, the question, each option.
  const read = readButton('ballot-read', () => [v.title || '', question.textContent || '', ...arr(v.options).map(optLabel)].filter(Boolean).join('\n'));
  setStage(b, question, read, whoLine(b, who),
    h('div', { id: 'ballot-options', class: 'ballot-options', role: 'group', 'aria-labelledby': 'ballot-question' },
      optionButtons(b, who, picked, err, sync)),
    count, err, next, cancel);
}

/**
 * Sends the ballot; the receipt on success. A refusal forgets the pending
 * key (it will never be accepted); no answer keeps it for the retry.
 * @param {Ballot} b @param {string} who @param {string[]} choices
 * @returns {Promise<string>} the receipt code
 */
async function cast(b, who, choices) {
  const pendingKey = storeKey('pending', b.v.id, who);
  const pending = readJSON(pendingKey) || { key: newKey() };
  pending.choices = choices;
  writeJSON(pendingKey, pending);
  /** @type {Record<string, unknown>} */
  const body = { choices, idempotency_key: pending.key };
  if (who) body.on_behalf_of = who;
  try {
    const r = await api('POST', `${voteURL(b.vid, b.v.id)}/ballots`, body);
    writeJSON(storeKey('receipt', b.v.id, who), { code: r.receipt, at: new Date().toISOString() });
    writeJSON(pendingKey, null);
    return r.receipt;
  } catch (ex) {
    if (ex.status !== 0) writeJSON(pendingKey, null);
    throw ex;
  }
}

/** The confirm step. @param {Ballot} b @param {string} who @param {string[]} choices @param {boolean} resumed */
function confirmStep(b, who, choices, resumed) {
  b.more.hidden = true;
  const err = messageArea('ballot-error');
  const yes = button('ballot-confirm', t('ballot.confirm'), undefined, 'btn btn-wide');
  const back = button('ballot-back', t('ballot.back'), () => chooseStep(b, who, choices), 'btn btn-secondary btn-wide');
  yes.addEventListener('click', async () => {
    if (yes.disabled) return;
    yes.disabled = true;
    back.disabled = true;
    yes.textContent = t('ballot.sending');
    setAlert(err, '');
    try {
      showReceipt(b, who, await cast(b, who, choices), true);
    } catch (ex) {
      yes.disabled = false;
      back.disabled = false;
      yes.textContent = t('ballot.confirm');
      setAlert(err, ex.status === 0 ? t('ballot.retry') : fullError(ex));
      if (ex.status === 409 || ex.status === 403) {
        yes.remove();
        back.replaceWith(button('ballot-done', t('ballot.done'), () => rerender(), 'btn btn-secondary btn-wide'));
      }
    }
  });
  setStage(b,
    h('h2', { id: 'ballot-confirm-title', tabindex: '-1', text: t('ballot.confirmTitle') }),
    whoLine(b, who),
    resumed ? h('p', { id: 'ballot-resumed', class: 'notice', text: t('ballot.resumed') }) : null,
    h('p', { id: 'ballot-chosen', class: 'ballot-chosen', 'data-no-read': '', text: t('ballot.youChose', { choice: choiceText(b.v, choices) }) }),
    err,
    h('div', { class: 'ballot-confirm-actions' }, yes, back));
  focusStage(b);
}

/** The receipt step. @param {Ballot} b @param {string} who @param {string} code @param {boolean} fresh */
export function showReceipt(b, who, code, fresh) {
  b.more.hidden = false;
  const codeEl = h('p', { id: 'receipt-code', class: 'receipt-code', translate: 'no', 'data-no-read': '', text: groupCode(code) });
  const copied = h('p', { id: 'receipt-copied', class: 'hint', role: 'status' });
  const copy = button('receipt-copy', t('receipt.copy'), async () => {
    const ok = await copyText(groupCode(code), codeEl);
    setAlert(copied, t(ok ? 'receipt.copied' : 'receipt.copyFailed'));
  }, 'btn btn-secondary');
  const again = who ? button('ballot-close-proxy', t('ballot.done'), () => setStage(b), 'btn btn-secondary') : null;
  setStage(b,
    h('h2', { id: 'receipt-title', tabindex: '-1', text: t(fresh ? 'receipt.thanks' : 'receipt.already') }),
    whoLine(b, who),
    h('p', { text: t('receipt.your') }),
    codeEl,
    h('p', { class: 'notice', text: t('receipt.keep') }),
    h('p', { class: 'actions' }, copy, again),
    copied);
  if (fresh) focusStage(b);
  const input = /** @type {HTMLInputElement|null} */ (document.getElementById('check-code'));
  if (input && !input.value) input.value = groupCode(code);
}
