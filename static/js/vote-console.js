// vote-console.js: the secretary's controls on the vote page: closing the
// vote, entering and confirming hand counts.

import { api, arr, fullError } from './api.js';
import { can } from './auth.js';
import { busyButton, dialog, field, h, messageArea, setAlert } from './dom.js';
import { pick, t } from './i18n.js';
import { go } from './navigate.js';
import { optLabel, readJSON, storeKey, voteURL, writeJSON } from './vote-kit.js';

export function controlsPanel(vid, v) {
  if (v.status !== 'open' || !(can('vote', 'close') || can('vote', 'count'))) return '';
  const parts = [];
  if (can('vote', 'close')) {
    const err = messageArea('close-error');
    const warn = h('div', { id: 'close-unconfirmed', class: 'notice' });
    warn.hidden = true;
    parts.push(...dialog({
      ask: ['close-vote', t('control.close')],
      confirm: ['close-confirm', t('control.closeConfirm')],
      cancel: ['close-cancel', t('ballot.back')],
      boxId: 'close-confirm-box', question: t('control.closeAsk'), errBox: err,
      onConfirm: () => closeNaming(vid, v, warn, err),
    }), warn, err);
  }
  if (can('vote', 'count')) parts.push(countsForm(vid, v), confirmForm(vid, v));
  return h('section', { id: 'vote-controls', class: 'panel controls', 'aria-labelledby': 'controls-title' },
    h('h2', { id: 'controls-title', text: t('control.title') }), parts);
}

/**
 * Closes the vote; a count nobody confirmed is named first (409
 * unconfirmed_counts) with what closing now does, and closing anyway
 * acknowledges exactly those.
 */
async function closeNaming(vid, v, warn, err, ack = []) {
  try {
    await api('POST', `${voteURL(vid, v.id)}/close`, ack.length ? { acknowledge_unconfirmed: ack } : undefined);
    go(`/v/${vid}/votes/${v.id}/result`);
  } catch (ex) {
    const list = arr(ex.details && ex.details.unconfirmed);
    if (ex.code !== 'unconfirmed_counts' || !list.length) throw ex;
    const anyway = busyButton('close-anyway', t('meet.closeAnyway'), err, () => closeNaming(vid, v, warn, err, list.map((x) => x.entry_id)), { secondary: true });
    warn.replaceChildren(h('p', { text: t('meet.closeCounts') }),
      h('ul', { class: 'lines' }, list.map((x) => h('li', { text: pick(x, 'effect_zh', 'effect_en') }))), anyway);
    warn.hidden = false;
  }
}

function countsForm(vid, v) {
  const channel = h('select', { id: 'count-channel' }, ['paper', 'hands'].map((c) => h('option', { value: c, text: t(`channel.${c}`) })));
  const num = (id) => h('input', { id, type: 'number', min: '0', step: '1', inputmode: 'numeric', value: '0' });
  const inputs = arr(v.options).map((o) => ({ key: o.key, el: num(`count-${o.key}`), label: optLabel(o) }));
  const voters = num('count-voters');
  const households = num('count-households');
  const last = (c) => readJSON(storeKey('count', v.id, c));
  const supersedes = h('input', { id: 'count-supersedes', type: 'text', maxlength: '32', autocomplete: 'off' });
  const syncSup = () => { const l = last(channel.value); supersedes.value = l ? l.id : ''; };
  channel.addEventListener('change', syncSup);
  syncSup();
  const err = h('div', { id: 'count-error', class: 'alert', role: 'alert' });
  const done = h('p', { id: 'count-entered', class: 'notice', role: 'status' });
  done.hidden = true;
  const btn = h('button', { id: 'count-submit', class: 'btn', type: 'submit', text: t('control.countSubmit') });
  const form = h('form', { id: 'count-form', class: 'form', novalidate: true },
    field('count-channel', t('control.channel'), channel),
    inputs.map((i) => field(i.el.id, t('control.countFor', { option: i.label }), i.el)),
    field('count-voters', t('control.voters'), voters),
    v.mode === 'households' ? field('count-households', t('control.households'), households) : null,
    field('count-supersedes', t('control.supersedes'), supersedes, t('control.supersedesHint')),
    err, btn, done);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    setAlert(err, '');
    const counts = {};
    for (const i of inputs) counts[i.key] = Math.max(0, Math.trunc(Number(i.el.value) || 0));
    const body = { channel: channel.value, counts, voters: Math.trunc(Number(voters.value) || 0), households: Math.trunc(Number(households.value) || 0) };
    if (supersedes.value.trim()) body.supersedes = supersedes.value.trim();
    try {
      const entry = await api('POST', `${voteURL(vid, v.id)}/counts`, body);
      writeJSON(storeKey('count', v.id, entry.channel), { id: entry.id });
      supersedes.value = entry.id;
      done.hidden = false;
      done.textContent = t('control.entered', { id: entry.id });
    } catch (ex) {
      setAlert(err, fullError(ex));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'count-title' },
    h('h3', { id: 'count-title', text: t('control.countTitle') }),
    h('p', { class: 'hint', text: t('control.countHint') }), form);
}

function confirmForm(vid, v) {
  const entry = h('input', { id: 'confirm-entry', type: 'text', maxlength: '32', autocomplete: 'off' });
  const err = h('div', { id: 'confirm-error', class: 'alert', role: 'alert' });
  const ok = h('p', { id: 'confirm-done', class: 'notice', role: 'status' });
  ok.hidden = true;
  const btn = h('button', { id: 'confirm-submit', class: 'btn', type: 'submit', text: t('control.confirmSubmit') });
  const form = h('form', { id: 'confirm-form', class: 'form', novalidate: true },
    field('confirm-entry', t('control.entry'), entry, t('control.entryHint')), err, btn, ok);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled || !entry.value.trim()) return;
    btn.disabled = true;
    setAlert(err, '');
    ok.hidden = true;
    try {
      const r = await api('POST', `${voteURL(vid, v.id)}/counts/${encodeURIComponent(entry.value.trim())}/confirm`);
      ok.hidden = false;
      ok.textContent = t('control.confirmed', { channel: t(`channel.${r.channel}`), n: r.voters });
    } catch (ex) {
      setAlert(err, fullError(ex));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'confirm-title' },
    h('h3', { id: 'confirm-title', text: t('control.confirmTitle') }), form);
}
