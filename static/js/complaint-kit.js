// complaint-kit.js: what the complaint pages share (V2026 Art. 36; U2026
// Art. 35): a complaint's state in words, the street's answer (finding,
// facts, order and deadline, or the older guidance), and the village's
// report that it carried the order out.

import { api, arr } from './api.js';
import { h } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';

/** The state of a complaint in words. @param {any} c */
export function statusText(c) {
  return t(`complaint.status.${c.status || 'submitted'}`);
}

/** The street's answer and the village's report, as paragraphs; none while it waits. @param {any} c */
export function answerNodes(c) {
  const out = [];
  if (c.finding) {
    out.push(h('p', { class: `finding finding-${c.finding}`, text: t(`complaint.finding.${c.finding}`) }),
      h('p', { class: 'answer-facts', text: t('complaint.facts', { text: c.facts || '' }) }));
    if (c.order) {
      out.push(h('p', { class: 'order', text: t('complaint.order', { text: c.order }) }),
        c.order_due ? h('p', { class: 'meta order-due', text: t('complaint.due', { date: fmtDate(c.order_due, 'long') }) }) : null);
    }
  } else if (c.guidance) {
    out.push(h('p', { class: 'guidance', text: t('complaint.guidance', { text: c.guidance }) }));
  }
  if (c.basis) out.push(h('p', { class: 'meta basis', text: t('complaint.basis', { basis: c.basis }) }));
  if (c.done_note) out.push(h('p', { class: 'done-note', text: t('complaint.done', { text: c.done_note }) }));
  return out;
}

/** The names of orgs by id, from the org list; empty when it cannot be read. */
export async function orgNames() {
  /** @type {Map<string, string>} */
  const names = new Map();
  try {
    const data = await api('GET', '/api/v1/orgs');
    for (const o of arr(data && data.orgs)) names.set(o.id, o.name || o.path);
  } catch (err) {
    console.info('org names', err && err.code);
  }
  return names;
}

// The matter a report is about, when the resident starts from a notice's
// page: kept in memory for the form's next drawing (the address stays the
// form's own).
let matter = '';

/** @param {string} nid */
export function setMatter(nid) {
  matter = nid;
}

/** The notice the form starts on, once. */
export function takeMatter() {
  const m = matter;
  matter = '';
  return m;
}
