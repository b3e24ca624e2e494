// console-votes.js: the console's agenda and votes. Per agenda item (by
// title): open a vote at this meeting; while it is open, the ballots cast
// live, a paper count entered by option name, the counts waiting for a
// second person confirmed by one tap; closing names each count still
// unconfirmed and what closing now does to it before anything is left out.

import { api, arr, base } from './api.js';
import { can } from './auth.js';
import { busyButton, button, h, panel, setAlert } from './dom.js';
import { pick, t } from './i18n.js';
import { feedback, meetingURL, poll } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The result as a villager reads it, consistent with the numbers. @param {any} v a closed vote */
export function resultSentence(v) {
  const r = v.result || {};
  const yesKey = arr(v.options).some((o) => o.key === 'yes') ? 'yes' : (arr(v.options)[0] || {}).key;
  const yes = (r.counts || {})[yesKey] || 0;
  // Where they took part: in person and remotely (attendance is physical
  // except where the law allows remote attendance).
  const where = r.attendance_zh ? ` ${pick(r, 'attendance_zh', 'attendance_en')}` : '';
  if (!r.attendance_met) return t('meet.resultInvalid', { eligible: r.eligible, voters: r.voters }) + where;
  return t(r.adopted ? 'meet.resultAdopted' : 'meet.resultRejected', { eligible: r.eligible, voters: r.voters, yes }) + where;
}

/** A count waiting for a second person, with its confirm button. @param {string} vid @param {string} voteId @param {any} e */
function countRow(vid, voteId, e) {
  const fb = feedback(`count-${e.id}`);
  const what = t('meet.countLine', { channel: t(`meet.channel.${e.channel}`), n: e.voters, who: e.entered_by_name || '' });
  const ok = busyButton(null, t('meet.confirm'), fb.bad, async () => {
    await api('POST', `${base(vid)}/votes/${voteId}/counts/${e.id}/confirm`);
    fb.say(t('meet.countConfirmed', { channel: t(`meet.channel.${e.channel}`), n: e.voters }));
  });
  ok.classList.add('confirm-count');
  return h('li', { class: 'card pending-count' }, h('p', { text: what }), ok, ...fb.nodes);
}

/** The paper-count form of an open vote. @param {string} vid @param {any} v @param {ReturnType<typeof feedback>} fb */
function countForm(vid, v, fb) {
  const inputs = arr(v.options).map((o) => ({ key: o.key, el: h('input', { id: `count-${o.key}`, type: 'number', min: '0', inputmode: 'numeric', value: '0' }), label: o.label }));
  const voters = h('input', { id: 'count-voters', type: 'number', min: '0', inputmode: 'numeric', value: '0' });
  const enter = busyButton('count-submit', t('meet.enterCount'), fb.bad, async () => {
    const counts = Object.fromEntries(inputs.map((i) => [i.key, Number(i.el.value) || 0]));
    const e = await api('POST', `${base(vid)}/votes/${v.id}/counts`, { channel: 'paper', counts, voters: Number(voters.value) || 0 });
    fb.say(t('meet.countEntered', { channel: t('meet.channel.paper'), n: e.voters }));
    enter.disabled = false;
  });
  return h('div', { class: 'count-form' }, h('h3', { text: t('meet.paperTitle') }),
    inputs.map((i) => h('div', { class: 'field' }, h('label', { for: i.el.id, text: i.label }), i.el)),
    h('div', { class: 'field' }, h('label', { for: 'count-voters', text: t('meet.countVoters') }), voters), enter);
}

/** Closing a vote; a 409 naming unconfirmed counts opens the warning. @param {string} vid @param {any} v @param {() => void} done */
function closeButton(vid, v, done) {
  const fb = feedback('vote-close');
  const warn = h('div', { id: 'vote-close-warning', class: 'notice' });
  warn.hidden = true;
  /** @param {string[]} ack */
  const close = async (ack) => {
    try {
      await api('POST', `${base(vid)}/votes/${v.id}/close`, ack.length ? { acknowledge_unconfirmed: ack } : undefined);
      done();
    } catch (err) {
      const list = arr(err.details && err.details.unconfirmed);
      if (err.code !== 'unconfirmed_counts' || !list.length) throw err;
      warn.replaceChildren(h('p', { text: t('meet.closeCounts') }),
        h('ul', { id: 'vote-close-list', class: 'lines' }, list.map((x) => h('li', { text: pick(x, 'effect_zh', 'effect_en') }))),
        h('p', { class: 'actions' },
          button('vote-close-first', t('meet.confirmFirst'), () => { warn.hidden = true; }, 'btn'),
          busyButton('vote-close-anyway', t('meet.closeAnyway'), fb.bad, () => close(list.map((x) => x.entry_id)), { secondary: true })));
      warn.hidden = false;
    }
  };
  const ask = busyButton('vote-close', t('meet.closeVote'), fb.bad, async () => {
    await close([]);
    ask.disabled = false;
  }, { secondary: true });
  return [ask, warn, ...fb.nodes];
}

/** The live part of an open vote: cast so far and the counts waiting. @param {Ctx} ctx @param {string} vid @param {any} v */
function liveOf(ctx, vid, v) {
  const cast = h('p', { id: 'vote-cast-live', class: 'quorum', 'aria-live': 'polite' });
  const pending = h('ul', { id: 'pending-counts', class: 'cards' });
  /** @type {Set<string>} */
  const shown = new Set();
  poll(ctx, async () => {
    const [g, c] = await Promise.all([api('GET', `${base(vid)}/votes/${v.id}`), api('GET', `${base(vid)}/votes/${v.id}/counts`)]);
    if (!ctx.alive()) return;
    cast.textContent = t('meet.castLive', { n: g.ballots_cast, of: (g.vote || {}).eligible_count });
    for (const e of arr(c.counts).filter((x) => !x.confirmed_by && !shown.has(x.id))) {
      shown.add(e.id);
      pending.append(countRow(vid, v.id, e));
    }
  }, 3000);
  return [cast, h('h3', { text: t('meet.countsPending') }), pending];
}

/**
 * One agenda item's section.
 * @param {Ctx} ctx @param {string} vid @param {any} m @param {{id: string, title: string}} item @param {any[]} votes
 * @param {(news?: (votes: any[]) => string) => void} redraw
 */
function itemSection(ctx, vid, m, item, votes, redraw) {
  const fb = feedback(`item-${item.id}`);
  const mine = votes.filter((v) => v.subject_id === item.id);
  const open = mine.find((v) => v.status === 'open');
  const closed = mine.filter((v) => v.status === 'closed');
  const kids = [h('h3', { class: 'agenda-title', text: item.title })];
  for (const v of closed) {
    kids.push(h('p', { class: 'vote-result' }, h('a', { href: `#/v/${vid}/votes/${v.id}/result`, text: resultSentence(v) })));
  }
  if (open) {
    kids.push(...liveOf(ctx, vid, open), can('vote', 'count') ? countForm(vid, open, fb) : null);
    if (can('vote', 'close')) {
      kids.push(...closeButton(vid, open, () => redraw((vs) => {
        const done = vs.find((x) => x.id === open.id);
        return done ? resultSentence(done) : '';
      })));
    }
  } else if (can('vote', 'open')) {
    const secret = h('input', { id: `secret-${item.id}`, type: 'checkbox' });
    kids.push(h('label', { class: 'check', for: `secret-${item.id}` }, secret, h('span', { text: t('meet.secret') })),
      busyButton(null, t('meet.openVote'), fb.bad, async () => {
        await api('POST', `${base(vid)}/votes`, { subject_kind: 'proposal', subject_id: item.id, meeting_id: m.id, secret: secret.checked });
        redraw(() => t('meet.voteOpened', { title: item.title }));
      }, { cls: 'btn open-vote' }));
  }
  kids.push(...fb.nodes);
  return h('section', { class: 'card agenda-item', 'data-title': item.title }, ...kids);
}

/** The agenda's titles. @param {string} vid @param {string[]} ids */
async function titles(vid, ids) {
  return Promise.all(ids.map(async (id) => {
    const p = await api('GET', `${base(vid)}/proposals/${id}`);
    return { id, title: (p.proposal || {}).title || t('meet.untitled') };
  }));
}

/** Section G. @param {Ctx} ctx @param {string} vid @param {any} m */
export function votesPanel(ctx, vid, m) {
  const body = h('div', { id: 'console-votes', 'aria-live': 'polite' });
  const msg = h('p', { id: 'console-votes-msg', class: 'status-msg', role: 'status' });
  let gen = 0;
  /** @param {(votes: any[]) => string} [news] what the last action did, from the votes after it */
  const redraw = async (news) => {
    const mine = ++gen;
    /** @type {Ctx} */
    const sub = { ...ctx, alive: () => ctx.alive() && mine === gen };
    try {
      const [items, r] = await Promise.all([titles(vid, arr(m.agenda)), api('GET', `${meetingURL(vid, m.id)}/votes`)]);
      const votes = await Promise.all(arr(r.votes).map(async (x) => (await api('GET', `${base(vid)}/votes/${x.id}`)).vote));
      if (!sub.alive()) return;
      body.replaceChildren(...(items.length ? items.map((i) => itemSection(sub, vid, m, i, votes, redraw))
        : [h('p', { class: 'empty', text: t('meet.agendaEmpty') })]));
      setAlert(msg, typeof news === 'function' ? news(votes) : '');
    } catch (err) {
      console.info('console votes', err && err.code);
    }
  };
  redraw();
  return panel('votes-title', t('meet.votesTitle'), msg, body);
}
