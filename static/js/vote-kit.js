// vote-kit.js: what the vote pages share: option labels, status tags,
// receipt codes, what this browser keeps (idempotency keys, receipts) and a
// vote's card.

import { arr, base } from './api.js';
import { state } from './auth.js';
import { h } from './dom.js';
import { t } from './i18n.js';

export const voteURL = (vid, id) => `${base(vid)}/votes/${id}`;

export const DEFAULT_OPTIONS = ['yes', 'no', 'abstain'];

export const MEETINGS = ['villagers_meeting', 'representatives_meeting', 'group_meeting', 'residents_meeting', 'council', 'board',
  'member_assembly', 'member_representatives_assembly'];

/** The text of an option: the standard three translated, others as given. */
export function optLabel(o) {
  return DEFAULT_OPTIONS.includes(o.key) ? t(`vote.opt.${o.key}`) : o.label;
}

export function choiceText(vote, keys) {
  const sep = t('vote.listSep');
  return arr(keys).map((key) => {
    const o = arr(vote.options).find((x) => x.key === key);
    return o ? optLabel(o) : key;
  }).join(sep);
}

export function statusTag(status) {
  return h('span', { class: `status vote-status-${status}`, text: t(`vote.status.${status}`) });
}

/** "ABCD EFGH …": a receipt code in groups of four. */
export function groupCode(code) {
  return String(code || '').replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export function storeKey(kind, voteID, who) {
  const me = state.me || {};
  return `yishi.vote.${kind}.${me.id || 'anon'}.${voteID}.${who || 'self'}`;
}

export function readJSON(key) {
  try {
    const s = localStorage.getItem(key);
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

export function writeJSON(key, v) {
  try {
    if (v === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(v));
  } catch {
    /* storage blocked: the receipt is still shown on screen */
  }
}

/** 128 random bits as 32 hex digits. */
export function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function voteCard(vid, v, cast) {
  return h('li', { class: 'card vote-card', 'data-id': v.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/votes/${v.id}`, text: v.title || t('vote.untitled') }),
    h('p', { class: 'meta' }, statusTag(v.status), ' ',
      h('span', { text: t(`meeting.${v.meeting_kind}`) }), ' · ',
      h('span', { text: t(v.secret ? 'vote.secret' : 'vote.named') })),
    cast !== undefined ? h('p', { class: 'meta', text: t('vote.castOf', { n: cast, of: v.eligible_count }) }) : null,
    v.status === 'closed'
      ? h('p', { class: 'meta' }, h('a', { class: 'vote-result-link', href: `#/v/${vid}/votes/${v.id}/result`, text: t('vote.seeResult') }))
      : null);
}
