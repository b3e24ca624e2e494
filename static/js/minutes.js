// minutes.js: the secretary's meeting console, the minutes page (printable
// for the paper board), the public board and the street's review queue.
// Server text goes in through textContent (the kit's h()), never as HTML.

import { api } from './api.js';
import { t, getLang } from './i18n.js';

let k; // the app's kit
const ID = '[0-9a-f]{24}';
const base = (vid) => `/api/v1/orgs/${vid}`;
const POLL_MS = 3000;

/** The views of this module, for app.js's router. */
export function minutesRoutes(kit) {
  k = kit;
  const mid = '(?<mid>[0-9a-f]{24})';
  return [
    { name: 'meeting-console', re: new RegExp(`^/v/(?<vid>${ID})/m/${mid}/console$`), view: viewConsole },
    { name: 'minutes', re: new RegExp(`^/v/(?<vid>${ID})/m/${mid}/minutes/(?<ver>[0-9]+)$`), view: viewMinutes },
    { name: 'board', re: new RegExp(`^/v/(?<vid>${ID})/board$`), view: viewBoard },
    { name: 'review-queue', re: new RegExp(`^/s/(?<sid>${ID})/review$`), view: viewReview },
  ];
}

function fmtTime(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

function countdown(seconds) {
  const d = Math.floor(seconds / 86400);
  const hrs = Math.floor((seconds % 86400) / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  return t('board.remaining', { d, h: hrs, m: min });
}

/** Repeats fn every ms while the view is on screen. */
function poll(ctx, fn, ms) {
  const tick = async () => {
    if (!ctx.alive()) return;
    try {
      await fn();
    } catch (err) {
      if (!ctx.alive()) return;
      console.info('poll', err && err.code);
    }
    if (ctx.alive()) setTimeout(tick, ms);
  };
  tick();
}

function button(id, key, onClick, cls = 'btn') {
  const b = h('button', { id, class: cls, type: 'button', text: t(key) });
  b.addEventListener('click', onClick);
  return b;
}

const h = (...a) => k.h(...a);

/* ---------- the secretary's console ---------- */

async function viewConsole(ctx) {
  const { vid, mid } = ctx.params;
  k.showLoading();
  const m = await api('GET', `${base(vid)}/meetings/${mid}`);
  if (!ctx.alive()) return;
  k.setTitle('console.title');
  const code = h('p', { id: 'sign-in-code', class: 'sign-in-code', 'aria-live': 'polite' });
  const quorum = h('p', { id: 'quorum', class: 'quorum', 'aria-live': 'polite' });
  const present = h('ul', { id: 'attendance-list', class: 'plain-list' });
  const msg = h('p', { id: 'console-msg', class: 'alert', role: 'alert' });
  const agenda = h('ol', { id: 'agenda' }, ...(m.agenda || []).map((p) =>
    h('li', null, h('a', { href: `#/v/${vid}/p/${p}`, text: p }))));

  const chair = h('input', { id: 'minutes-chair', name: 'chair', value: m.chair || '', maxlength: '32' });
  const recorder = h('input', { id: 'minutes-recorder', name: 'recorder', value: m.recorder || '', maxlength: '32' });
  const votes = h('input', { id: 'minutes-votes', name: 'votes', maxlength: '400' });
  const speaker = h('input', { id: 'opinion-speaker', maxlength: '32' });
  const opinion = h('textarea', { id: 'opinion-text', rows: '3', maxlength: '2000' });
  const draft = button('minutes-draft', 'console.draft', async () => {
    k.setAlert(msg, '');
    const body = { chair: chair.value.trim(), recorder: recorder.value.trim(),
      vote_ids: votes.value.split(/[\s,]+/).filter(Boolean), opinions: [] };
    if (speaker.value.trim() && opinion.value.trim()) body.opinions.push({ speaker: speaker.value.trim(), text: opinion.value.trim() });
    try {
      const out = await api('POST', `${base(vid)}/meetings/${mid}/minutes`, body);
      k.go(`/v/${vid}/m/${mid}/minutes/${out.version}`);
    } catch (err) {
      k.setAlert(msg, k.errorText(err));
    }
  });
  const field = (id, key, input) => h('p', null, h('label', { for: id, text: t(key) }), input);
  const editor = h('section', { id: 'minutes-editor', class: 'card' }, h('h2', { text: t('console.minutes') }),
    field('minutes-chair', 'console.chair', chair), field('minutes-recorder', 'console.recorder', recorder),
    field('minutes-votes', 'console.votes', votes), field('opinion-speaker', 'console.speaker', speaker),
    field('opinion-text', 'console.opinion', opinion), draft);

  k.show(k.title('console.title'), h('p', { class: 'lead', id: 'meeting-title', text: `${m.title} · ${m.place} · ${fmtTime(m.starts_at)}` }),
    msg, h('section', { class: 'card' }, h('h2', { text: t('console.agenda') }), agenda),
    h('section', { class: 'card' }, h('h2', { text: t('console.code') }), code),
    h('section', { class: 'card' }, h('h2', { text: t('console.quorum') }), quorum, present),
    editor, k.navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/board`, text: t('board.title') })));

  if (m.status === 'open') {
    poll(ctx, async () => {
      const c = await api('GET', `${base(vid)}/meetings/${mid}/sign-in-code`);
      if (ctx.alive()) code.textContent = c.code;
    }, 10000);
  } else {
    code.textContent = t(m.status === 'closed' ? 'console.closed' : 'console.notOpen');
  }
  poll(ctx, async () => {
    const a = await api('GET', `${base(vid)}/meetings/${mid}/attendance`);
    if (!ctx.alive()) return;
    const q = a.quorum || {};
    quorum.textContent = t(q.met ? 'console.quorumMet' : 'console.quorumNotMet', { present: q.present, eligible: q.eligible });
    quorum.dataset.met = q.met ? 'yes' : 'no';
    present.replaceChildren(...(a.attendance || []).filter((x) => x.counts).map((x) =>
      h('li', { text: `${x.resident_no} ${x.name || ''}` })));
  }, POLL_MS);
}

/* ---------- the minutes page ---------- */

async function viewMinutes(ctx) {
  const { vid, mid, ver } = ctx.params;
  k.showLoading();
  const m = await api('GET', `${base(vid)}/meetings/${mid}/minutes/${ver}`);
  if (!ctx.alive()) return;
  k.setTitle('minutes.title');
  const msg = h('p', { id: 'minutes-msg', class: 'alert', role: 'alert' });
  const row = (key, value) => h('div', null, h('dt', { text: t(key) }), h('dd', { text: value }));
  const votes = (m.votes || []).map((v) => h('li', { class: 'vote-record' },
    `${v.title}: `, Object.entries(v.counts || {}).map(([o, n]) => `${o} ${n}`).join(' / '), ` — ${t(v.adopted ? 'minutes.adopted' : 'minutes.rejected')}`));
  const actions = [];
  if (m.status === 'draft') {
    actions.push(button('minutes-confirm', 'minutes.confirm', async () => {
      try { await api('POST', `${base(vid)}/meetings/${mid}/minutes/${ver}/confirm`); k.rerender(); } catch (err) { k.setAlert(msg, k.errorText(err)); }
    }, 'btn btn-secondary'));
    actions.push(button('minutes-publish', 'minutes.publish', async () => {
      try { await api('POST', `${base(vid)}/meetings/${mid}/minutes/${ver}/publish`); k.rerender(); } catch (err) { k.setAlert(msg, k.errorText(err)); }
    }));
  }
  actions.push(button('minutes-print', 'minutes.print', () => window.print(), 'btn btn-secondary'));
  k.show(h('article', { id: 'minutes-page', class: 'minutes-page' },
    k.title('minutes.title'), h('p', { class: 'minutes-heading', text: m.title }),
    h('p', { id: 'minutes-status', class: `status status-${m.status}`, text: t(`minutes.status.${m.status}`) + ` · v${m.version}` }),
    h('dl', { class: 'minutes-facts' }, row('minutes.date', fmtTime(m.date)), row('minutes.place', m.place),
      row('minutes.chair', m.chair), row('minutes.recorder', m.recorder),
      row('minutes.quorum', t(m.quorum && m.quorum.met ? 'minutes.quorumMet' : 'minutes.quorumNotMet', { present: (m.quorum || {}).present })),
      m.reason ? row('minutes.reason', m.reason) : null),
    h('h2', { text: t('minutes.attendance') }), h('p', { id: 'minutes-attendance', text: (m.attendance || []).map((a) => `${a.name || a.resident_no}`).join('、') }),
    h('h2', { text: t('minutes.opinions') }), h('ul', null, ...(m.opinions || []).map((o) => h('li', { text: `${o.speaker}: ${o.text}` }))),
    h('h2', { text: t('minutes.votes') }), h('ul', { id: 'minutes-votes-list' }, ...votes),
    h('p', { id: 'minutes-confirmations', text: t('minutes.confirmations', { n: (m.confirmations || []).length }) }),
    m.hash ? h('p', { class: 'hash', text: `${t('minutes.hash')} ${m.hash}` }) : null,
    msg, h('p', { class: 'actions no-print' }, ...actions)));
}

/* ---------- the public board ---------- */

async function viewBoard(ctx) {
  const { vid } = ctx.params;
  k.showLoading();
  const b = await api('GET', `${base(vid)}/board`);
  if (!ctx.alive()) return;
  k.setTitle('board.title');
  const items = (b.notices || []).map((n) => h('li', { class: 'card notice', 'data-id': n.id },
    h('h2', { class: 'card-title', text: n.title }),
    h('p', { class: 'notice-meta', text: `${t(`board.kind.${n.kind}`)} · ${fmtTime(n.published_at)}` }),
    h('p', { class: 'notice-text', text: n.text }),
    h('p', { class: n.open ? 'countdown' : 'countdown closed', text: n.open ? countdown(n.remaining_seconds) : t('board.ended') }),
    n.objections ? h('p', { text: t('board.objections', { n: n.objections, open: n.unanswered }) }) : null));
  k.show(k.title('board.title'), items.length ? h('ul', { id: 'board-list', class: 'plain-list' }, ...items)
    : h('p', { id: 'board-empty', text: t('board.empty') }));
}

/* ---------- the street's review queue ---------- */

async function viewReview(ctx) {
  const { sid } = ctx.params;
  k.showLoading();
  const q = await api('GET', `${base(sid)}/review-queue`);
  if (!ctx.alive()) return;
  k.setTitle('review.title');
  const items = (q.filings || []).map((f) => {
    const msg = h('p', { class: 'alert', role: 'alert' });
    const path = `${base(f.village_id)}/filings/${f.id}`; // ids are hex:attempt, safe in a path
    const basis = h('input', { class: 'review-basis', id: `basis-${f.notice_id}`, required: true, minlength: '4', maxlength: '300' });
    const reason = h('textarea', { class: 'review-reason', id: `reason-${f.notice_id}`, rows: '3', required: true, minlength: '4', maxlength: '2000' });
    const accept = button(`accept-${f.notice_id}`, 'review.accept', async () => {
      try { await api('POST', `${path}/accept`); k.rerender(); } catch (err) { k.setAlert(msg, k.errorText(err)); }
    });
    accept.classList.add('review-accept');
    const ret = button(`return-${f.notice_id}`, 'review.return', async () => {
      if (basis.value.trim().length < 4) { k.setAlert(msg, t('review.basisRequired')); basis.focus(); return; }
      try { await api('POST', `${path}/return`, { basis: basis.value.trim(), reason: reason.value.trim() }); k.rerender(); } catch (err) { k.setAlert(msg, k.errorText(err)); }
    }, 'btn btn-secondary');
    return h('li', { class: `card filing${f.overdue ? ' overdue' : ''}`, 'data-id': f.id },
      h('h2', { class: 'card-title', text: f.title }),
      h('p', { text: t('review.due', { date: fmtTime(f.review_due) }) }),
      h('p', { class: 'actions' }, accept),
      h('p', null, h('label', { for: basis.id, text: t('review.basis') }), basis),
      h('p', null, h('label', { for: reason.id, text: t('review.reason') }), reason),
      h('p', { class: 'actions' }, ret), msg);
  });
  k.show(k.title('review.title'), items.length ? h('ul', { id: 'review-list', class: 'plain-list' }, ...items)
    : h('p', { id: 'review-empty', text: t('review.empty') }));
}
