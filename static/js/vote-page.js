// vote-page.js: the vote page: its facts, the ballot (vote-ballot.js), the
// ballots a proxy holds, the receipt check and the secretary's console.

import { api, arr } from './api.js';
import { can, enter } from './auth.js';
import { button, h, heading, show } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { votesNav } from './menus.js';
import { focusStage, newBallot, showReceipt, startBallot } from './vote-ballot.js';
import { controlsPanel } from './vote-console.js';
import { readJSON, statusTag, storeKey, voteURL } from './vote-kit.js';
import { receiptCheck } from './vote-receipt.js';

/** @param {any} v @param {number} cast */
function facts(v, cast) {
  return h('dl', { class: 'facts' },
    h('dt', { text: t('vote.statusLabel') }), h('dd', { id: 'vote-status' }, statusTag(v.status)),
    h('dt', { text: t('vote.meeting') }), h('dd', { text: t(`meeting.${v.meeting_kind}`) }),
    h('dt', { text: t('vote.kind') }), h('dd', { id: 'vote-kind', text: t(v.secret ? 'vote.secretLong' : 'vote.namedLong') }),
    h('dt', { text: t('vote.cast') }), h('dd', { id: 'vote-cast', text: t('vote.castOf', { n: cast, of: v.eligible_count }) }),
    h('dt', { text: t('vote.opened') }), h('dd', { text: fmtTime(v.opened_at) }),
    v.status === 'closed' ? h('dt', { text: t('vote.closedAt') }) : null,
    v.status === 'closed' ? h('dd', { text: fmtTime(v.closed_at) }) : null);
}

/** The ballots the voter casts for principals. @param {import('./vote-ballot.js').Ballot} b @param {any[]} proxies */
function proxyPanel(b, proxies) {
  return h('section', { id: 'proxy-ballots', class: 'panel', 'aria-labelledby': 'proxy-title' },
    h('h2', { id: 'proxy-title', text: t('ballot.proxyTitle') }),
    h('p', { class: 'hint', text: t('ballot.proxyHint') }),
    h('ul', { class: 'lines' }, proxies.map((p) => {
      const done = readJSON(storeKey('receipt', b.v.id, p.principal));
      const principal = p.principal_name || p.principal;
      b.names[p.principal] = principal;
      const btn = button(null, t(done ? 'ballot.proxyReceipt' : 'ballot.proxyVote', { who: principal }), () => {
        startBallot(b, p.principal);
        window.scrollTo(0, 0);
        focusStage(b);
      }, 'btn btn-secondary proxy-ballot');
      btn.dataset.principal = p.principal;
      return h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: t('proxy.line', { principal, holder: p.holder_name || p.holder, relation: t(`relation.${p.relation}`) }) }),
        h('p', null, btn));
    })));
}

/** @param {string} vid @param {any} v */
function voteLinks(vid, v) {
  const links = [];
  if (v.status === 'closed') {
    links.push(h('a', { id: 'link-result', class: 'btn', href: `#/v/${vid}/votes/${v.id}/result`, text: t('vote.seeResult') }));
  }
  if (can('vote', 'close') || can('vote', 'count')) {
    links.push(h('a', { id: 'link-live', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${v.id}/live`, text: t('vote.liveBoard') }));
  }
  if (v.subject_kind === 'proposal') {
    links.push(h('a', { id: 'link-subject', class: 'btn btn-secondary', href: `#/v/${vid}/p/${v.subject_id}`, text: t('vote.subject') }));
  }
  return links.length ? h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links) : '';
}

/** @param {import('./auth.js').Ctx} ctx */
async function viewVote(ctx) {
  const { vid, id } = ctx.params;
  const entered = await enter(ctx, 'vote.title', () => Promise.all([
    api('GET', voteURL(vid, id)),
    api('GET', `${voteURL(vid, id)}/proxies`).catch(() => ({ proxies: [] })),
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const [got, px] = data;
  const v = got.vote;
  const open = v.status === 'open';
  const mayCast = open && can('vote', 'cast') && me.village_id === vid;
  // Entrustments this user may hold. Me has no resident number yet, so
  // every recorded one is offered and the server refuses the wrong ones.
  const proxies = arr(px.proxies).filter((p) => !me.resident_no || p.holder === me.resident_no);
  const b = newBallot(vid, v);
  b.more.append(
    facts(v, got.ballots_cast),
    mayCast && proxies.length ? proxyPanel(b, proxies) : '',
    voteLinks(vid, v),
    receiptCheck(vid, v),
    controlsPanel(vid, v));
  show(
    heading(v.title || t('vote.untitled')),
    votesNav(vid),
    open ? null : h('p', { id: 'vote-closed-note', class: 'notice', text: t('vote.closedNote') }),
    open && !mayCast && me.village_id === vid ? h('p', { class: 'hint', text: t('vote.cannotCast') }) : null,
    b.stage,
    b.more);
  if (mayCast) startBallot(b, '');
  else {
    const own = readJSON(storeKey('receipt', v.id, ''));
    if (own) showReceipt(b, '', own.code, false);
  }
}

export default viewVote;
