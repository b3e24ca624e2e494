// meeting-console.js: the secretary's meeting console, for a projector and
// a phone: open the meeting; the large QR code and the six-digit short code
// (rotating); attendance and quorum, live; marks of people without a phone
// and their confirmation by a second person (console-marks.js); the votes
// of the agenda (console-votes.js); closing the meeting, which names each
// mark still unconfirmed before it leaves them out.

import { api, arr } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { busyButton, button, h, heading, navLinks, panel, setAlert, setTitle, show, showLoading } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { render } from './navigate.js';
import { marksPanel } from './console-marks.js';
import { votesPanel } from './console-votes.js';
import { cardPanel } from './console-card.js';
import { proxiesPanel } from './console-proxies.js';
import { electorateOf, feedback, meetingURL, poll, registerOf, setFlash, takeFlash, whenWhere } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** Section B: the QR image and the short code, fetched again before they expire. @param {Ctx} ctx @param {string} vid @param {string} mid */
function signInPanel(ctx, vid, mid) {
  const img = h('img', { id: 'sign-in-qr', class: 'sign-in-qr', alt: t('meet.qrAlt'), width: '320', height: '320' });
  const code = h('p', { id: 'sign-in-short', class: 'sign-in-code', 'aria-live': 'polite' });
  poll(ctx, async () => {
    const c = await api('GET', `${meetingURL(vid, mid)}/sign-in-code`);
    if (!ctx.alive()) return;
    img.setAttribute('src', c.qr_png);
    img.dataset.address = c.sign_in_url;
    code.textContent = c.short_code;
  }, 10000); // the code rotates every 30 s and is accepted for two windows
  return panel('sign-in-title', t('meet.signInTitle'), img, h('p', { class: 'hint', text: t('meet.shortHint') }), code);
}

/** Section C: attendance and quorum, polled. @param {Ctx} ctx @param {string} vid @param {string} mid @param {(a: any) => void} onChange */
function attendancePanel(ctx, vid, mid, onChange) {
  const quorum = h('p', { id: 'quorum', class: 'quorum', 'aria-live': 'polite' });
  const present = h('ul', { id: 'attendance-list', class: 'lines' });
  poll(ctx, async () => {
    const a = await api('GET', `${meetingURL(vid, mid)}/attendance`);
    if (!ctx.alive()) return;
    const q = a.quorum || {};
    quorum.textContent = t(q.met ? 'meet.quorumMet' : 'meet.quorumNotMet', { eligible: q.eligible, present: q.present, basis: q.basis || '' });
    quorum.dataset.met = q.met ? 'yes' : 'no';
    quorum.dataset.present = String(q.present);
    present.replaceChildren(...arr(a.attendance).filter((x) => x.counts).map((x) =>
      h('li', { text: `${x.name} · ${t(`meet.method.${x.method}`)} · ${fmtTime(x.at)}` })));
    onChange(a);
  }, 3000); // attendance changes by the minute: every 3 s is live enough
  return panel('quorum-title', t('meet.quorumTitle'), quorum, present);
}

/** Closing the meeting: a 409 naming unconfirmed marks opens the warning. @param {string} vid @param {any} m */
function closePanel(vid, m) {
  const fb = feedback('meeting-close');
  const warn = h('div', { id: 'close-warning', class: 'notice' });
  warn.hidden = true;
  /** @param {string[]} ack */
  const close = async (ack) => {
    try {
      const r = await api('POST', `${meetingURL(vid, m.id)}/close`, ack.length ? { acknowledge_unconfirmed: ack } : undefined);
      setFlash(t('meet.closed', { when: fmtTime(r.closed_at) }));
      render({ rerender: true });
    } catch (err) {
      const list = arr(err.details && err.details.unconfirmed);
      if (err.code !== 'unconfirmed_marks' || !list.length) throw err;
      warn.replaceChildren(h('p', { text: t('meet.closeMarks') }),
        h('ul', { class: 'lines' }, list.map((x) => h('li', { text: pick(x, 'effect_zh', 'effect_en') }))),
        h('p', { class: 'actions' },
          button('close-first-confirm', t('meet.confirmFirst'), () => { warn.hidden = true; }, 'btn'),
          busyButton('close-anyway', t('meet.closeAnyway'), fb.bad, () => close(list.map((x) => x.resident_no)), { secondary: true })));
      warn.hidden = false;
    }
  };
  const ask = busyButton('meeting-close', t('meet.close'), fb.bad, async () => {
    setAlert(fb.ok, '');
    await close([]);
    ask.disabled = false;
  }, { secondary: true });
  return panel('close-title', t('meet.closeTitle'), h('p', { class: 'hint', text: t('meet.closeHint') }), ask, warn, ...fb.nodes);
}

/** @param {Ctx} ctx */
async function viewConsole(ctx) {
  const { vid, mid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, async () => ({ m: await api('GET', meetingURL(vid, mid)), reg: await registerOf(vid) }));
  if (!d || !ctx.alive()) return;
  const { m } = d;
  setTitle('meet.consoleTitle');
  const fb = feedback('console');
  const flash = takeFlash();
  if (flash) fb.say(flash);
  const back = navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/m/${mid}`, text: t('meet.pageTitle') }));
  const head = [heading(t('meet.consoleOf', { title: m.title })), h('p', { class: 'lead', id: 'meeting-title', text: whenWhere(m) }),
    h('p', { id: 'console-status', class: `status status-${m.status}`, text: t(`meet.status.${m.status}`) }), ...fb.nodes];
  if (m.status === 'scheduled') {
    const open = busyButton('console-open', t('meet.open'), fb.bad, async () => {
      const r = await api('POST', `${meetingURL(vid, mid)}/open`);
      setFlash(t('meet.opened', { when: fmtTime(r.opened_at) }));
      render({ rerender: true });
    });
    show(...head, h('p', { class: 'actions' }, open), back);
    return;
  }
  if (m.status === 'closed') {
    show(...head, h('p', { class: 'actions' },
      h('a', { id: 'console-draft', class: 'btn', href: `#/v/${vid}/m/${mid}/minutes/new`, text: t('meet.draft') })), back);
    return;
  }
  const eligible = await electorateOf(vid, mid); // the pickers offer only who may attend
  if (!ctx.alive()) return;
  const marks = marksPanel(ctx, vid, m, d.reg, eligible);
  const proxies = proxiesPanel(ctx, vid, m, d.reg, eligible); // written entrustments (console-proxies.js)
  show(...head, can('attendance', 'record') ? signInPanel(ctx, vid, mid) : null,
    attendancePanel(ctx, vid, mid, (a) => { marks.update(a); proxies.update(a); }), marks.node,
    can('household_card', 'use') ? cardPanel(vid, m) : null, proxies.node,
    votesPanel(ctx, vid, m), can('meeting', 'schedule') ? closePanel(vid, m) : null, back);
}

export default viewConsole;
