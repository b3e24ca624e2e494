// minutes-page.js: one version of the minutes, printable for the paper
// board: every fact by name, the votes with their result sentences, who
// has confirmed. An attendee confirms it; the secretary publishes it, which
// opens the resolution's notice on the board in the same action.

import { api, arr, base } from './api.js';
import { can, ensureMe, load, state } from './auth.js';
import { busyButton, dialog, h, heading, navLinks, setTitle, show, showLoading } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { render, rerenderSaying } from './navigate.js';
import { feedback, meetingURL, nameOf, registerOf, setFlash, takeFlash, voteLine } from './meeting-kit.js';
import { remarksPanel } from './record-remarks.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** What the page reads. @param {string} vid @param {string} mid @param {string} ver */
async function loadAll(vid, mid, ver) {
  const [m, reg, board, all] = await Promise.all([api('GET', `${meetingURL(vid, mid)}/minutes/${ver}`), registerOf(vid),
    api('GET', `${base(vid)}/board`).catch(() => ({ notices: [] })),
    api('GET', `${meetingURL(vid, mid)}/minutes`).catch(() => ({ versions: [] }))]);
  // A correction opens no notice of its own: the meeting's notice stays.
  const latest = arr(all.versions).reduce((n, v) => Math.max(n, v.version), 0);
  return { m, reg, latest, notices: arr(board.notices).filter((n) => n.minutes_id === m.id || (n.meeting_id && n.meeting_id === m.meeting_id)) };
}

/** The buttons of a draft. @param {string} vid @param {string} mid @param {any} m @param {ReturnType<typeof feedback>} fb */
function draftActions(vid, mid, m, fb) {
  const me = state.me || {};
  const url = `${meetingURL(vid, mid)}/minutes/${m.version}`;
  const out = [];
  const attended = arr(m.attendance).some((a) => a.resident_no === me.resident_no);
  const done = arr(m.confirmations).some((c) => c.resident_no === me.resident_no);
  if (can('minutes', 'confirm') && attended && !done) {
    out.push(busyButton('minutes-confirm', t('minutes.confirm'), fb.bad, async () => {
      const r = await api('POST', `${url}/confirm`);
      // Said under who has confirmed, now counting me; the focus goes there.
      await rerenderSaying(t('minutes.youConfirmed', { when: fmtTime(arr(r.confirmations).slice(-1)[0]?.at) }), 'minutes-confirmations');
    }, { secondary: true }));
  }
  if (can('minutes', 'record')) {
    out.push(h('a', { id: 'minutes-edit', class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}/minutes/${m.version}/edit`, text: t('minutes.editDraft') }));
  }
  if (can('minutes', 'publish')) {
    out.push(...dialog({
      ask: ['minutes-publish', t('minutes.publish')], confirm: ['minutes-publish-sure', t('minutes.publish')],
      cancel: ['minutes-publish-cancel', t('meet.cancel')], boxId: 'minutes-publish-box', question: t('minutes.publishAsk'),
      errBox: fb.bad, onConfirm: async () => {
        const r = await api('POST', `${url}/publish`);
        const n = arr(r.notices)[0];
        setFlash(n ? t('minutes.publishedNotice', { date: pick(n, 'ends_on_zh', 'ends_on_en') || fmtTime(n.deadline) }) : t('minutes.publishedPlain'));
        render({ rerender: true });
      },
    }));
  }
  return out;
}

/** @param {Ctx} ctx */
async function viewMinutes(ctx) {
  const { vid, mid, ver } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid, mid, ver));
  if (!d || !ctx.alive()) return;
  const { m, reg } = d;
  setTitle('minutes.title');
  const fb = feedback('minutes');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  /** @param {string} key @param {string} value */
  const row = (key, value) => h('div', null, h('dt', { text: t(key) }), h('dd', { text: value }));
  const names = arr(m.confirmations).map((c) => nameOf(reg, c.resident_no) || arr(m.attendance).find((a) => a.resident_no === c.resident_no)?.name || '');
  show(h('article', { id: 'minutes-page', class: 'minutes-page' },
    heading(t('minutes.titleOf', { title: m.title })),
    h('p', { id: 'minutes-status', class: `status status-${m.status}`, text: `${t(`minutes.status.${m.status}`)} · v${m.version}` }),
    h('dl', { class: 'minutes-facts' }, row('minutes.date', fmtTime(m.date)), row('minutes.place', m.place),
      row('minutes.chair', nameOf(reg, m.chair) || m.chair), row('minutes.recorder', nameOf(reg, m.recorder) || m.recorder),
      row('minutes.quorum', t(m.quorum && m.quorum.met ? 'meet.quorumMet' : 'meet.quorumNotMet',
        { eligible: (m.quorum || {}).eligible, present: (m.quorum || {}).present, basis: (m.quorum || {}).basis || '' })),
      m.reason ? row('minutes.reason', m.reason) : null),
    h('h2', { text: t('minutes.attendance') }), h('p', { id: 'minutes-attendance', text: arr(m.attendance).map((a) => a.name).join('、') }),
    h('h2', { text: t('minutes.opinions') }), h('ul', { class: 'lines' }, arr(m.opinions).map((o) => h('li', { text: `${o.speaker}：${o.text}` }))),
    h('h2', { text: t('minutes.votes') }), h('ul', { id: 'minutes-votes-list', class: 'lines' }, arr(m.votes).map(voteLine)),
    h('p', { id: 'minutes-confirmations', tabindex: '-1', text: t('minutes.confirmedBy', { n: names.length, names: names.join('、') }) }),
    m.hash ? h('p', { class: 'hash', text: `${t('minutes.hash')} ${m.hash}` }) : null,
    ...fb.nodes,
    h('div', { class: 'actions no-print' }, m.status === 'draft' ? draftActions(vid, mid, m, fb) : null,
      d.notices.map((n) => h('a', { class: 'btn notice-link', href: `#/v/${vid}/n/${n.id}`, text: t('minutes.seeNotice', { title: n.title }) })),
      m.status === 'published' && m.version === d.latest && can('minutes', 'record')
        ? h('a', { id: 'minutes-correct', class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}/minutes/${m.version}/correct`, text: t('cyc.correctMinutes') }) : null,
      h('a', { id: 'minutes-print-view', class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}/minutes/${m.version}/print`, text: t('print.minutes') })),
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}`, text: t('meet.pageTitle') })),
    // Last, as it fills in once read: nothing on the page moves.
    m.status === 'published' ? remarksPanel(`${meetingURL(vid, mid)}/minutes/${m.version}`, 'minutes') : null));
}

export default viewMinutes;
