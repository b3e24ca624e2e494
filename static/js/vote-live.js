// vote-live.js: the live meeting board: ballots cast, streamed from the
// server while the vote is open.

import { api } from './api.js';
import { enter } from './auth.js';
import { h, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { statusTag, voteURL } from './vote-kit.js';

/** @type {EventSource|null} */
let live = null; // the open EventSource, closed when the view goes

function stopLive() {
  if (live) {
    live.close();
    live = null;
  }
}

window.addEventListener('hashchange', () => {
  if (!/\/live$/.test(location.hash.split('?')[0])) stopLive();
});

function fullscreenButton() {
  const full = h('button', { id: 'live-fullscreen', class: 'btn btn-secondary', type: 'button', text: t('live.fullscreen') });
  full.hidden = !document.fullscreenEnabled;
  full.addEventListener('click', () => {
    const board = document.getElementById('live-board');
    if (board && board.requestFullscreen) board.requestFullscreen().catch(() => {});
  });
  return full;
}

/**
 * Follows the tally stream while the view is on screen.
 * @param {import('./auth.js').Ctx} ctx
 * @param {string} url
 * @param {Element} conn where connection trouble shows
 * @param {(n: number, of: number, status: string) => void} paint
 */
function follow(ctx, url, conn, paint) {
  const es = new EventSource(url);
  live = es;
  es.addEventListener('tally', (e) => {
    let d;
    try {
      d = JSON.parse(e.data);
    } catch {
      return;
    }
    if (!ctx.alive()) {
      if (live === es) stopLive();
      else es.close();
      return;
    }
    setAlert(conn, '');
    paint(d.ballots_cast, d.eligible, d.status);
    if (d.status === 'closed') {
      // The server ends the stream after a closed vote; do not reconnect.
      es.close();
      if (live === es) live = null;
    }
  });
  es.addEventListener('open', () => {
    setAlert(conn, '');
    const board = document.getElementById('live-board');
    if (board) board.dataset.stream = 'open';
  });
  es.addEventListener('error', () => {
    if (es.readyState !== EventSource.CLOSED && ctx.alive()) setAlert(conn, t('live.reconnecting'));
  });
}

async function viewLive(ctx) {
  stopLive();
  const { vid, id } = ctx.params;
  const entered = await enter(ctx, 'live.title', () => api('GET', voteURL(vid, id)));
  if (!entered) return;
  const got = entered.data;
  const v = got.vote;
  const cast = h('span', { id: 'live-cast', class: 'live-num', text: String(got.ballots_cast) });
  const eligible = h('span', { id: 'live-eligible', class: 'live-num', text: String(v.eligible_count) });
  const status = h('p', { id: 'live-status', class: 'live-status', role: 'status' }, statusTag(v.status));
  const conn = h('p', { id: 'live-conn', class: 'hint', role: 'status' });
  const meter = h('div', { class: 'live-meter', 'aria-hidden': 'true' }, h('div', { id: 'live-bar', class: 'live-bar' }));
  const resultLink = h('a', { id: 'live-result', class: 'btn', href: `#/v/${vid}/votes/${id}/result`, text: t('vote.seeResult') });
  resultLink.hidden = v.status !== 'closed';
  const paint = (n, of, st) => {
    cast.textContent = String(n);
    eligible.textContent = String(of);
    /** @type {HTMLElement} */ (meter.firstChild).style.width = `${of > 0 ? Math.min(100, Math.round((100 * n) / of)) : 0}%`;
    status.replaceChildren(statusTag(st));
    resultLink.hidden = st !== 'closed';
  };
  const full = fullscreenButton();
  show(
    h('section', { id: 'live-board', class: 'live-board', 'aria-labelledby': 'view-title' },
      h('h1', { id: 'view-title', tabindex: '-1', text: v.title || t('vote.untitled') }),
      h('p', { class: 'live-meeting', text: t(`meeting.${v.meeting_kind}`) }),
      h('p', { class: 'live-label', text: t('live.cast') }),
      h('p', { class: 'live-numbers' }, cast, h('span', { class: 'live-of', text: ' / ' }), eligible),
      h('p', { class: 'live-label', text: t('live.eligible', { n: v.eligible_count }) }),
      meter,
      status,
      conn),
    h('nav', { class: 'actions', 'aria-label': t('nav.label') },
      resultLink, full,
      h('a', { id: 'live-back', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${id}`, text: t('live.back') })));
  paint(got.ballots_cast, v.eligible_count, v.status);
  if (v.status === 'closed') return;
  follow(ctx, `${voteURL(vid, id)}/live`, conn, paint);
}

export default viewLive;
