// meeting-console.js: the secretary's meeting console: agenda, sign-in
// code, quorum and attendance, and drafting the minutes.

import { api, base, errorText } from './api.js';
import { button, h, navLinks, setAlert, setTitle, show, showLoading, title } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { go } from './navigate.js';

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

async function viewConsole(ctx) {
  const { vid, mid } = ctx.params;
  showLoading();
  const m = await api('GET', `${base(vid)}/meetings/${mid}`);
  if (!ctx.alive()) return;
  setTitle('console.title');
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
  const draft = button('minutes-draft', t('console.draft'), async () => {
    setAlert(msg, '');
    const body = { chair: chair.value.trim(), recorder: recorder.value.trim(),
      vote_ids: votes.value.split(/[\s,]+/).filter(Boolean), opinions: [] };
    if (speaker.value.trim() && opinion.value.trim()) body.opinions.push({ speaker: speaker.value.trim(), text: opinion.value.trim() });
    try {
      const out = await api('POST', `${base(vid)}/meetings/${mid}/minutes`, body);
      go(`/v/${vid}/m/${mid}/minutes/${out.version}`);
    } catch (err) {
      setAlert(msg, errorText(err));
    }
  });
  const field = (id, key, input) => h('p', null, h('label', { for: id, text: t(key) }), input);
  const editor = h('section', { id: 'minutes-editor', class: 'card' }, h('h2', { text: t('console.minutes') }),
    field('minutes-chair', 'console.chair', chair), field('minutes-recorder', 'console.recorder', recorder),
    field('minutes-votes', 'console.votes', votes), field('opinion-speaker', 'console.speaker', speaker),
    field('opinion-text', 'console.opinion', opinion), draft);

  show(title('console.title'), h('p', { class: 'lead', id: 'meeting-title', text: `${m.title} · ${m.place} · ${fmtTime(m.starts_at)}` }),
    msg, h('section', { class: 'card' }, h('h2', { text: t('console.agenda') }), agenda),
    h('section', { class: 'card' }, h('h2', { text: t('console.code') }), code),
    h('section', { class: 'card' }, h('h2', { text: t('console.quorum') }), quorum, present),
    editor, navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/board`, text: t('board.title') })));

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
  }, 3000); // attendance changes by the minute: every 3 s is live enough
}

export default viewConsole;
