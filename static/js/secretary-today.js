// secretary-today.js: the secretary's section of home, "what needs me
// today": meetings to run, marks and counts waiting for a second person,
// minutes to draft or publish, notices with objections to answer or ready
// to file. Each line opens the page where the work is done. It is drawn
// from the records the secretary may read; the section fills in after home
// has shown.

import { api, arr, base } from './api.js';
import { can } from './auth.js';
import { h, panel } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { meetingURL } from './meeting-kit.js';

/**
 * @typedef {{kind: string, text: string, href: string}} Line
 */

/** Lines of one open meeting: the marks and counts waiting. @param {string} vid @param {any} m @returns {Promise<Line[]>} */
async function pendingOf(vid, m) {
  const consoleHref = `#/v/${vid}/m/${m.id}/console`;
  /** @type {Line[]} */
  const out = [];
  const a = await api('GET', `${meetingURL(vid, m.id)}/attendance`);
  for (const x of arr(a.attendance)) {
    if (x.method === 'marked' && !x.counts) {
      out.push({ kind: 'mark_to_confirm', href: consoleHref, text: t('sec.markToConfirm', { name: x.name, who: x.recorded_by_name || '' }) });
    }
  }
  const votes = await api('GET', `${meetingURL(vid, m.id)}/votes`);
  for (const v of arr(votes.votes).filter((x) => x.status === 'open')) {
    const c = await api('GET', `${base(vid)}/votes/${v.id}/counts`);
    for (const e of arr(c.counts).filter((x) => !x.confirmed_by)) {
      out.push({ kind: 'count_to_confirm', href: consoleHref,
        text: t('sec.countToConfirm', { channel: t(`meet.channel.${e.channel}`), n: e.voters, who: e.entered_by_name || '' }) });
    }
  }
  return out;
}

/** The line of a closed meeting's minutes, or null. @param {string} vid @param {any} m @returns {Promise<Line|null>} */
async function minutesOf(vid, m) {
  const r = await api('GET', `${meetingURL(vid, m.id)}/minutes`);
  const versions = arr(r.versions);
  if (!versions.length) {
    return { kind: 'minutes_to_draft', href: `#/v/${vid}/m/${m.id}/minutes/new`, text: t('sec.minutesToDraft', { title: m.title }) };
  }
  const last = versions[versions.length - 1];
  if (last.status !== 'draft') return null;
  return { kind: 'minutes_to_publish', href: `#/v/${vid}/m/${m.id}/minutes/${last.version}`, text: t('sec.minutesDraft', { title: m.title }) };
}

/** Lines of the meetings. @param {string} vid @returns {Promise<Line[]>} */
async function meetingLines(vid) {
  const r = await api('GET', `${base(vid)}/meetings`);
  const all = arr(r.meetings);
  /** @type {Line[]} */
  const out = [];
  for (const m of all.filter((x) => x.status !== 'closed').reverse()) {
    const key = m.status === 'open' ? 'sec.meetingOpen' : 'sec.meetingComing';
    out.push({ kind: 'meeting_today', href: `#/v/${vid}/m/${m.id}`, text: t(key, { when: fmtTime(m.starts_at), title: m.title, place: m.place }) });
    if (m.status === 'open') out.push(...await pendingOf(vid, m));
  }
  for (const m of all.filter((x) => x.status === 'closed').slice(0, 10)) {
    const line = await minutesOf(vid, m);
    if (line) out.push(line);
  }
  return out;
}

/** Lines of the board's notices. @param {string} vid @returns {Promise<Line[]>} */
async function noticeLines(vid) {
  const b = await api('GET', `${base(vid)}/board`);
  /** @type {Line[]} */
  const out = [];
  for (const n of arr(b.notices).filter((x) => x.kind === 'resolution')) {
    const href = `#/v/${vid}/n/${n.id}`;
    const ends = pick(n, 'ends_on_zh', 'ends_on_en');
    if (n.unanswered > 0) {
      out.push({ kind: 'objection_to_answer', href, text: t('sec.objections', { title: n.title, n: n.unanswered }) });
    } else if (n.open) {
      out.push({ kind: 'notice_open', href, text: t('sec.noticeOpen', { title: n.title, date: ends }) });
    } else {
      const r = await api('GET', `${base(vid)}/notices/${n.id}/filing-readiness`);
      if (r.can_file) out.push({ kind: 'notice_ready_to_file', href, text: t('sec.readyToFile', { title: n.title }) });
    }
  }
  return out;
}

/** @param {Line} l */
function lineItem(l) {
  return h('li', { class: 'card today-line', 'data-kind': l.kind }, h('a', { class: 'card-title', href: l.href, text: l.text }));
}

/**
 * The section, filled in once its reads answer; null for an account that
 * does not schedule meetings.
 * @param {string} vid
 */
export function secretaryToday(vid) {
  if (!vid || !can('meeting', 'schedule')) return null;
  const body = h('div', { id: 'sec-today-body', 'aria-live': 'polite' }, h('p', { class: 'loading', text: t('common.loading') }));
  const fill = async () => {
    try {
      const lines = [...await meetingLines(vid), ...await noticeLines(vid)];
      body.replaceChildren(lines.length
        ? h('ul', { id: 'sec-today-list', class: 'cards' }, lines.map(lineItem))
        : h('p', { id: 'sec-today-empty', class: 'empty', text: t('sec.nothing') }));
    } catch (err) {
      console.info('secretary today', err && err.code);
      body.replaceChildren(h('p', { class: 'alert', role: 'alert', text: t('sec.failed') }));
    }
  };
  fill();
  return panel('sec-today-title', t('sec.today'),
    h('p', { class: 'actions' },
      h('a', { id: 'sec-schedule', class: 'btn', href: `#/v/${vid}/meetings/new`, text: t('sec.schedule') }),
      h('a', { id: 'sec-meetings', class: 'btn btn-secondary', href: `#/v/${vid}/meetings`, text: t('sec.meetings') })),
    body);
}
