// card-sign-in.js: the address a household card's QR code encodes
// (#/card/<village>/<token>), opened by the secretary's phone camera at a
// meeting. It finds the secretary's open meeting (or lets them pick one),
// shows the card's household members on that meeting's list, and signs in
// the one present after the secretary confirms (console-card.js). A lost
// card says it was replaced; a card of another village says so.

import { api, arr, base, errorText } from './api.js';
import { can, enter, setMe, state } from './auth.js';
import { h, navLinks, show, title } from './dom.js';
import { t } from './i18n.js';
import { cardMembers } from './console-card.js';
import { whenWhere } from './meeting-kit.js';
import { go, route } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

const homeLink = () => navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') }));

/** The household of the card at meeting m, or the card's refusal. @param {Ctx} ctx @param {string} vid @param {any} m @param {Record<string, string>} card */
async function showFor(ctx, vid, m, card) {
  let body;
  try {
    const found = await api('POST', `${base(vid)}/meetings/${m.id}/household-card`, card);
    body = cardMembers(vid, m.id, card, found);
  } catch (err) {
    body = h('p', { id: 'card-error', class: 'alert', role: 'alert', text: errorText(err) });
  }
  if (!ctx.alive()) return;
  show(title('hcard.scanTitle'), h('p', { id: 'card-meeting', class: 'lead', text: `${m.title} · ${whenWhere(m)}` }), body, homeLink());
}

/** A phone not logged in logs in first and comes back to the card: false then. */
async function loggedIn() {
  if (state.me) return true;
  try {
    setMe(await api('GET', '/api/v1/me'));
    return true;
  } catch (err) {
    if (err.status !== 401) return true; // enter() shows the error
    try {
      sessionStorage.setItem('yishi.next', route());
    } catch {
      /* without storage the secretary scans again after logging in */
    }
    go('/login', { replace: true });
    return false;
  }
}

/** @param {Ctx} ctx */
async function viewCardSignIn(ctx) {
  const { vid: cardVillage, token } = ctx.params;
  if (!(await loggedIn()) || !ctx.alive()) return;
  const got = await enter(ctx, 'hcard.scanTitle', async (me) => {
    const vid = me.village_id || '';
    if (!vid || !can('household_card', 'use')) return { vid, open: [] };
    const r = await api('GET', `${base(vid)}/meetings`);
    return { vid, open: arr(r.meetings).filter((m) => m.status === 'open') };
  });
  if (!got) return;
  const { vid, open } = got.data;
  const card = { token, card_village: cardVillage };
  if (!vid || !can('household_card', 'use')) {
    show(title('hcard.scanTitle'), h('p', { id: 'card-error', class: 'alert', role: 'alert', text: t('hcard.onlySecretary') }), homeLink());
    return;
  }
  if (open.length === 0) {
    show(title('hcard.scanTitle'), h('p', { id: 'card-error', class: 'alert', role: 'alert', text: t('hcard.noOpenMeeting') }), homeLink());
    return;
  }
  if (open.length === 1) {
    await showFor(ctx, vid, open[0], card);
    return;
  }
  show(title('hcard.scanTitle'), h('p', { class: 'hint', text: t('hcard.pickMeeting') }),
    h('ul', { id: 'card-meetings', class: 'lines' }, open.map((m) => h('li', null,
      h('button', { id: `card-meeting-${m.id}`, class: 'btn btn-secondary', type: 'button', text: `${m.title} · ${whenWhere(m)}` })))),
    homeLink());
  for (const m of open) {
    document.getElementById(`card-meeting-${m.id}`)?.addEventListener('click', () => showFor(ctx, vid, m, card));
  }
}

export default viewCardSignIn;
