// meeting-page.js: one meeting: when and where, kind, chair and recorder by
// name, the agenda by title, its votes and minutes. The secretary opens the
// meeting here and goes on to its console or its minutes; an attendee finds
// the sign-in button while it is open.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { busyButton, h, navLinks, setTitle, show, showLoading, heading } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { render } from './navigate.js';
import { feedback, kindName, meetingURL, nameOf, registerOf, setFlash, takeFlash, whenWhere } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The proposals of the agenda by title; a failed read keeps the line. @param {string} vid @param {string[]} ids */
async function agendaTitles(vid, ids) {
  return Promise.all(ids.map(async (id) => {
    try {
      const p = await api('GET', `${base(vid)}/proposals/${id}`);
      return { id, title: (p.proposal || p).title || t('meet.untitled') };
    } catch {
      return { id, title: t('meet.untitled') };
    }
  }));
}

/** What the page reads. @param {string} vid @param {string} mid */
async function loadMeeting(vid, mid) {
  const m = await api('GET', meetingURL(vid, mid));
  const [reg, agenda, votes, versions] = await Promise.all([registerOf(vid), agendaTitles(vid, arr(m.agenda)),
    api('GET', `${meetingURL(vid, mid)}/votes`), api('GET', `${meetingURL(vid, mid)}/minutes`)]);
  return { m, reg, agenda, votes: arr(votes.votes), versions: arr(versions.versions) };
}

/** The secretary's buttons. @param {string} vid @param {any} d @param {ReturnType<typeof feedback>} fb */
function actions(vid, d, fb) {
  const { m } = d;
  const out = [];
  if (m.status === 'open' && !can('meeting', 'schedule') && can('attendance', 'confirm')) {
    out.push(h('a', { id: 'meeting-console', class: 'btn', href: `#/v/${vid}/m/${m.id}/console`, text: t('meet.console') }));
  }
  if (!can('meeting', 'schedule')) return out;
  if (m.status === 'scheduled') {
    out.push(busyButton('meeting-open', t('meet.open'), fb.bad, async () => {
      const r = await api('POST', `${meetingURL(vid, m.id)}/open`);
      setFlash(t('meet.opened', { when: fmtTime(r.opened_at) }));
      render({ rerender: true });
    }));
  }
  if (m.status !== 'closed') {
    out.push(h('a', { id: 'meeting-console', class: 'btn', href: `#/v/${vid}/m/${m.id}/console`, text: t('meet.console') }));
  }
  if (m.status === 'closed' && !d.versions.length) {
    out.push(h('a', { id: 'meeting-draft', class: 'btn', href: `#/v/${vid}/m/${m.id}/minutes/new`, text: t('meet.draft') }));
  }
  return out;
}

/** @param {Ctx} ctx */
async function viewMeeting(ctx) {
  const { vid, mid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadMeeting(vid, mid));
  if (!d || !ctx.alive()) return;
  const { m, reg } = d;
  setTitle('meet.pageTitle');
  const fb = feedback('meeting');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  /** @param {string} key @param {string} value */
  const row = (key, value) => (value ? h('div', null, h('dt', { text: t(key) }), h('dd', { text: value })) : null);
  show(heading(m.title),
    h('dl', { id: 'meeting-facts', class: 'facts' },
      row('meet.kind', kindName(m.kind)), row('meet.when', whenWhere(m)),
      m.short_notice_reason ? h('div', { id: 'meeting-short-notice' }, h('dt', { text: t('meet.shortNotice') }), h('dd', { text: m.short_notice_reason })) : null,
      row('meet.chair', m.chair_name || nameOf(reg, m.chair)), row('meet.recorder', m.recorder_name || nameOf(reg, m.recorder)),
      h('div', null, h('dt', { text: t('meet.statusLabel') }), h('dd', { id: 'meeting-status', text: t(`meet.status.${m.status}`) }))),
    ...fb.nodes,
    h('p', { class: 'actions' }, actions(vid, d, fb),
      m.status === 'open' ? h('a', { id: 'meeting-sign-in', class: 'btn btn-secondary', href: `#/v/${vid}/sign-in`, text: t('meet.signIn') }) : null),
    h('h2', { text: t('meet.agenda') }),
    d.agenda.length ? h('ol', { id: 'meeting-agenda' }, d.agenda.map((a) => h('li', null, h('a', { href: `#/v/${vid}/p/${a.id}`, text: a.title }))))
      : h('p', { class: 'empty', text: t('meet.agendaEmpty') }),
    h('h2', { text: t('meet.votes') }),
    d.votes.length ? h('ul', { id: 'meeting-votes', class: 'lines' }, d.votes.map((v) => h('li', null,
      h('a', { href: `#/v/${vid}/votes/${v.id}${v.status === 'closed' ? '/result' : ''}`, text: `${v.title} · ${t(`meet.voteStatus.${v.status}`)}` }))))
      : h('p', { class: 'empty', text: t('meet.votesNone') }),
    h('h2', { text: t('meet.minutes') }),
    d.versions.length ? h('ul', { id: 'meeting-minutes', class: 'lines' }, d.versions.map((v) => h('li', null,
      h('a', { href: `#/v/${vid}/m/${m.id}/minutes/${v.version}`, text: t('meet.version', { n: v.version, status: t(`minutes.status.${v.status}`) }) }))))
      : h('p', { class: 'empty', text: t('meet.minutesNone') }),
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/meetings`, text: t('sec.meetings') })));
}

export default viewMeeting;
