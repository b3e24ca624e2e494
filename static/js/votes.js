// votes.js: votes: the village's list, the ballot (one question per
// screen, a confirm step, a receipt), the receipt check, the secretary's
// controls, the live meeting board and the result with its SVG chart.
// Server text goes into the page through textContent (the kit's h()) or
// SVG text nodes, never parsed as HTML; every fixed string is in /i18n.

import { api } from './api.js';
import { viewHelpers } from './viewkit.js';
import { t } from './i18n.js';

let k; // the app's kit: h, show, go, state, ...
let fmtTime, can, ensureMe, failed, load, fullError, field; // viewkit.js, bound to k

const ID = '[0-9a-f]{24}';
const V = `^/v/(?<vid>${ID})`;
const VOTE = `${V}/votes/(?<id>${ID})`;

/** The views of this module, for app.js's router. */
export function voteRoutes(kit) {
  k = kit;
  ({ fmtTime, can, ensureMe, failed, load, fullError, field } = viewHelpers(kit));
  return [
    { name: 'votes', re: new RegExp(`${V}/votes$`), view: viewList },
    { name: 'proposal-votes', re: new RegExp(`${V}/p/(?<pid>${ID})/votes$`), view: viewProposalVotes },
    { name: 'vote', re: new RegExp(`${VOTE}$`), view: viewVote },
    { name: 'vote-live', re: new RegExp(`${VOTE}/live$`), view: viewLive },
    { name: 'vote-result', re: new RegExp(`${VOTE}/result$`), view: viewResult },
  ];
}

/* ---------- helpers ---------- */

const base = (vid) => `/api/v1/orgs/${vid}`;
const voteURL = (vid, id) => `${base(vid)}/votes/${id}`;
const DEFAULT_OPTIONS = ['yes', 'no', 'abstain'];
const MEETINGS = ['villagers_meeting', 'representatives_meeting', 'group_meeting', 'residents_meeting', 'council', 'board'];

function villageNav(vid) {
  const { h } = k;
  return h('nav', { class: 'subnav', 'aria-label': t('nav.village') },
    h('a', { id: 'nav-votes', href: `#/v/${vid}/votes`, text: t('nav.votes') }),
    h('a', { id: 'nav-proposals', href: `#/v/${vid}/proposals`, text: t('nav.proposals') }),
    h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') }));
}

/** The text of an option: the standard three translated, others as given. */
function optLabel(o) {
  return DEFAULT_OPTIONS.includes(o.key) ? t(`vote.opt.${o.key}`) : o.label;
}

function choiceText(vote, keys) {
  const sep = t('vote.listSep');
  return k.arr(keys).map((key) => {
    const o = k.arr(vote.options).find((x) => x.key === key);
    return o ? optLabel(o) : key;
  }).join(sep);
}

function statusTag(status) {
  return k.h('span', { class: `status vote-status-${status}`, text: t(`vote.status.${status}`) });
}

/** "ABCD EFGH …": a receipt code in groups of four. */
function groupCode(code) {
  return String(code || '').replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/* ---------- what this browser keeps: idempotency keys and receipts ---------- */

function storeKey(kind, voteID, who) {
  const me = k.state.me || {};
  return `yishi.vote.${kind}.${me.id || 'anon'}.${voteID}.${who || 'self'}`;
}

function readJSON(key) {
  try {
    const s = localStorage.getItem(key);
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

function writeJSON(key, v) {
  try {
    if (v === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(v));
  } catch {
    /* storage blocked: the receipt is still shown on screen */
  }
}

/** 128 random bits as 32 hex digits. */
function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/* ---------- list ---------- */

function voteCard(vid, v, cast) {
  const { h } = k;
  return h('li', { class: 'card vote-card', 'data-id': v.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/votes/${v.id}`, text: v.title || t('vote.untitled') }),
    h('p', { class: 'meta' }, statusTag(v.status), ' ',
      h('span', { text: t(`meeting.${v.meeting_kind}`) }), ' · ',
      h('span', { text: t(v.secret ? 'vote.secret' : 'vote.named') })),
    cast !== undefined ? h('p', { class: 'meta', text: t('vote.castOf', { n: cast, of: v.eligible_count }) }) : null,
    v.status === 'closed'
      ? h('p', { class: 'meta' }, h('a', { class: 'vote-result-link', href: `#/v/${vid}/votes/${v.id}/result`, text: t('vote.seeResult') }))
      : null);
}

async function viewList(ctx) {
  k.setTitle('votes.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => api('GET', `${base(vid)}/votes`));
  if (!data || !ctx.alive()) return;
  const votes = k.arr(data.votes);
  const open = votes.filter((v) => v.status === 'open');
  const closed = votes.filter((v) => v.status !== 'open');
  const { h } = k;
  k.show(
    k.title('votes.title'),
    villageNav(vid),
    h('h2', { id: 'votes-open-title', text: t('votes.open') }),
    open.length ? h('ul', { id: 'vote-list-open', class: 'cards' }, open.map((v) => voteCard(vid, v)))
      : h('p', { class: 'empty', text: t('votes.noneOpen') }),
    h('h2', { id: 'votes-closed-title', text: t('votes.closed') }),
    closed.length ? h('ul', { id: 'vote-list-closed', class: 'cards' }, closed.map((v) => voteCard(vid, v)))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

/* ---------- a proposal's votes, and opening one ---------- */

async function viewProposalVotes(ctx) {
  k.setTitle('votes.forProposal');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, pid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const mayOpen = can('vote', 'open');
  const data = await load(ctx, () => Promise.all([
    api('GET', `${base(vid)}/proposals/${pid}`),
    api('GET', `${base(vid)}/votes?subject_id=${encodeURIComponent(pid)}`),
    mayOpen ? api('GET', `/api/v1/orgs/${vid}`) : Promise.resolve(null),
    mayOpen ? api('GET', `${base(vid)}/bodies`) : Promise.resolve(null),
  ]));
  if (!data || !ctx.alive()) return;
  const [d, list, village, bodies] = data;
  const p = d.proposal || {};
  const votes = k.arr(list.votes);
  const { h } = k;
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('votes.forProposalOf', { title: p.title || '' }) }),
    villageNav(vid),
    h('p', null, h('a', { id: 'back-to-proposal', href: `#/v/${vid}/p/${pid}`, text: t('votes.backToProposal') })),
    votes.length ? h('ul', { id: 'proposal-vote-list', class: 'cards' }, votes.map((v) => voteCard(vid, v)))
      : h('p', { id: 'proposal-votes-empty', class: 'empty', text: t('votes.noneForProposal') }),
    mayOpen ? openPanel(vid, pid, p, village, bodies) : null);
}

function openPanel(vid, pid, p, village, bodies) {
  const { h } = k;
  const urban = village && village.kind === 'community';
  const kinds = MEETINGS.filter((m) => (urban ? !['villagers_meeting', 'group_meeting'].includes(m) : m !== 'residents_meeting'));
  const kind = h('select', { id: 'open-meeting-kind' }, kinds.map((m) => h('option', { value: m, text: t(`meeting.${m}`) })));
  const preferred = p.convene && kinds.includes(p.convene) ? p.convene : (urban ? 'residents_meeting' : 'villagers_meeting');
  kind.value = preferred;
  const bodySel = h('select', { id: 'open-body' },
    k.arr(bodies && bodies.bodies).filter((b) => b.kind !== 'hall').map((b) => h('option', { value: b.id, text: b.name })));
  const bodyField = field('open-body', t('open.body'), bodySel);
  const group = h('input', { id: 'open-group', type: 'text', maxlength: '32' });
  const groupField = field('open-group', t('open.group'), group);
  const secret = h('input', { id: 'open-secret', type: 'checkbox' });
  const sync = () => {
    bodyField.hidden = !['council', 'board'].includes(kind.value);
    groupField.hidden = kind.value !== 'group_meeting';
  };
  kind.addEventListener('change', sync);
  sync();
  const err = h('div', { id: 'open-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'open-submit', class: 'btn btn-wide', type: 'submit', text: t('open.submit') });
  const form = h('form', { id: 'open-form', class: 'form', novalidate: true },
    field('open-meeting-kind', t('open.meeting'), kind),
    bodyField, groupField,
    h('label', { class: 'check', for: 'open-secret' }, secret, h('span', { text: t('open.secret') })),
    h('p', { class: 'hint', text: t('open.secretHint') }),
    err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    k.setAlert(err, '');
    const body = { subject_kind: 'proposal', subject_id: pid, meeting_kind: kind.value, secret: secret.checked };
    if (!bodyField.hidden && bodySel.value) body.body_id = bodySel.value;
    if (!groupField.hidden) body.group = group.value.trim();
    try {
      const v = await api('POST', `${base(vid)}/votes`, body);
      k.go(`/v/${vid}/votes/${v.id}`);
    } catch (ex) {
      btn.disabled = false;
      k.setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'open-title' },
    h('h2', { id: 'open-title', text: t('open.title') }), form);
}

/* ---------- the vote page: ballot, receipt, check, controls ---------- */

async function viewVote(ctx) {
  k.setTitle('vote.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, id } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([
    api('GET', voteURL(vid, id)),
    api('GET', `${voteURL(vid, id)}/proxies`).catch(() => ({ proxies: [] })),
  ]));
  if (!data || !ctx.alive()) return;
  const [got, px] = data;
  const v = got.vote;
  const { h } = k;
  const open = v.status === 'open';
  const mayCast = open && can('vote', 'cast') && me.village_id === vid;

  // Entrustments this user may hold. Me has no resident number yet, so
  // every recorded one is offered and the server refuses the wrong ones.
  const proxies = k.arr(px.proxies).filter((p) => !me.resident_no || p.holder === me.resident_no);

  const more = h('div', { id: 'vote-more' });
  const stage = h('section', { id: 'ballot', class: 'panel ballot', 'aria-live': 'polite' });
  const focusStage = () => {
    const hd = stage.querySelector('h2');
    if (hd) hd.focus();
  };
  const setStage = (...kids) => {
    stage.replaceChildren(...kids.flat().filter(Boolean));
  };

  /** One ballot, for the voter (who = '') or for a principal. */
  function startBallot(who) {
    const receipt = readJSON(storeKey('receipt', v.id, who));
    if (receipt) {
      showReceipt(who, receipt.code);
      return;
    }
    const pending = readJSON(storeKey('pending', v.id, who));
    if (pending && k.arr(pending.choices).length) {
      confirmStep(who, pending.choices, true);
      return;
    }
    chooseStep(who, []);
  }

  function whoLine(who) {
    return who ? h('p', { class: 'notice proxy-for', text: t('ballot.forPrincipal', { who }) }) : null;
  }

  function chooseStep(who, chosen) {
    more.hidden = who !== '';
    const multi = v.max_choices > 1;
    const picked = new Set(chosen);
    const err = h('p', { id: 'ballot-error', class: 'field-error', role: 'alert' });
    const next = multi ? h('button', { id: 'ballot-next', class: 'btn btn-wide', type: 'button', text: t('ballot.next') }) : null;
    const count = multi ? h('p', { id: 'ballot-count', class: 'hint' }) : null;
    const syncCount = () => {
      if (count) count.textContent = t('ballot.picked', { n: picked.size, max: v.max_choices });
    };
    const buttons = k.arr(v.options).map((o) => {
      const b = h('button', {
        class: `btn ballot-option option-${o.key}`, type: 'button', 'data-key': o.key,
        'aria-pressed': multi ? String(picked.has(o.key)) : null, text: optLabel(o),
      });
      b.addEventListener('click', () => {
        if (!multi) {
          confirmStep(who, [o.key], false);
          return;
        }
        if (picked.has(o.key)) picked.delete(o.key);
        else if (picked.size < v.max_choices) picked.add(o.key);
        else {
          k.setAlert(err, t('ballot.tooMany', { max: v.max_choices }));
          return;
        }
        k.setAlert(err, '');
        b.setAttribute('aria-pressed', String(picked.has(o.key)));
        syncCount();
      });
      return b;
    });
    if (next) {
      next.addEventListener('click', () => {
        if (!picked.size) {
          k.setAlert(err, t('ballot.pickOne'));
          return;
        }
        confirmStep(who, v.options.filter((o) => picked.has(o.key)).map((o) => o.key), false);
      });
    }
    syncCount();
    const cancel = who ? h('button', { id: 'ballot-cancel', class: 'btn btn-secondary', type: 'button', text: t('ballot.cancelProxy') }) : null;
    if (cancel) cancel.addEventListener('click', () => { setStage(); more.hidden = false; });
    setStage(
      h('h2', { id: 'ballot-question', tabindex: '-1', text: t(multi ? 'ballot.questionMulti' : 'ballot.question', { max: v.max_choices }) }),
      whoLine(who),
      h('div', { id: 'ballot-options', class: 'ballot-options', role: 'group', 'aria-labelledby': 'ballot-question' }, buttons),
      count, err, next, cancel);
  }

  function confirmStep(who, choices, resumed) {
    more.hidden = true;
    const err = h('div', { id: 'ballot-error', class: 'alert', role: 'alert' });
    const yes = h('button', { id: 'ballot-confirm', class: 'btn btn-wide', type: 'button', text: t('ballot.confirm') });
    const back = h('button', { id: 'ballot-back', class: 'btn btn-secondary btn-wide', type: 'button', text: t('ballot.back') });
    back.addEventListener('click', () => chooseStep(who, choices));
    yes.addEventListener('click', async () => {
      if (yes.disabled) return;
      yes.disabled = true;
      back.disabled = true;
      yes.textContent = t('ballot.sending');
      k.setAlert(err, '');
      // The key is kept until the server answers, so a retry after a lost
      // answer is the same cast: the server gives the same receipt.
      const pendingKey = storeKey('pending', v.id, who);
      const pending = readJSON(pendingKey) || { key: newKey() };
      pending.choices = choices;
      writeJSON(pendingKey, pending);
      const body = { choices, idempotency_key: pending.key };
      if (who) body.on_behalf_of = who;
      try {
        const r = await api('POST', `${voteURL(vid, v.id)}/ballots`, body);
        writeJSON(storeKey('receipt', v.id, who), { code: r.receipt, at: new Date().toISOString() });
        writeJSON(pendingKey, null);
        showReceipt(who, r.receipt, true);
      } catch (ex) {
        yes.disabled = false;
        back.disabled = false;
        yes.textContent = t('ballot.confirm');
        if (ex.status === 0) {
          k.setAlert(err, t('ballot.retry'));
        } else {
          // Refused: this key will never be accepted, so start afresh.
          writeJSON(pendingKey, null);
          k.setAlert(err, fullError(ex));
          if (ex.status === 409 || ex.status === 403) {
            const done = h('button', { id: 'ballot-done', class: 'btn btn-secondary btn-wide', type: 'button', text: t('ballot.done') });
            done.addEventListener('click', () => k.rerender());
            yes.remove();
            back.replaceWith(done);
          }
        }
      }
    });
    setStage(
      h('h2', { id: 'ballot-confirm-title', tabindex: '-1', text: t('ballot.confirmTitle') }),
      whoLine(who),
      resumed ? h('p', { id: 'ballot-resumed', class: 'notice', text: t('ballot.resumed') }) : null,
      h('p', { id: 'ballot-chosen', class: 'ballot-chosen', text: t('ballot.youChose', { choice: choiceText(v, choices) }) }),
      err,
      h('div', { class: 'ballot-confirm-actions' }, yes, back));
    focusStage();
  }

  function showReceipt(who, code, fresh) {
    more.hidden = false;
    const codeEl = h('p', { id: 'receipt-code', class: 'receipt-code', translate: 'no', text: groupCode(code) });
    const copied = h('p', { id: 'receipt-copied', class: 'hint', role: 'status' });
    const copy = h('button', { id: 'receipt-copy', class: 'btn btn-secondary', type: 'button', text: t('receipt.copy') });
    copy.addEventListener('click', async () => {
      const ok = await copyText(groupCode(code), codeEl);
      k.setAlert(copied, t(ok ? 'receipt.copied' : 'receipt.copyFailed'));
    });
    const again = who ? h('button', { id: 'ballot-close-proxy', class: 'btn btn-secondary', type: 'button', text: t('ballot.done') }) : null;
    if (again) again.addEventListener('click', () => { setStage(); });
    setStage(
      h('h2', { id: 'receipt-title', tabindex: '-1', text: t(fresh ? 'receipt.thanks' : 'receipt.already') }),
      whoLine(who),
      h('p', { text: t('receipt.your') }),
      codeEl,
      h('p', { class: 'notice', text: t('receipt.keep') }),
      h('p', { class: 'actions' }, copy, again),
      copied);
    if (fresh) focusStage();
    const input = document.getElementById('check-code');
    if (input && !input.value) input.value = groupCode(code);
  }

  const facts = h('dl', { class: 'facts' },
    h('dt', { text: t('vote.statusLabel') }), h('dd', { id: 'vote-status' }, statusTag(v.status)),
    h('dt', { text: t('vote.meeting') }), h('dd', { text: t(`meeting.${v.meeting_kind}`) }),
    h('dt', { text: t('vote.kind') }), h('dd', { id: 'vote-kind', text: t(v.secret ? 'vote.secretLong' : 'vote.namedLong') }),
    h('dt', { text: t('vote.cast') }), h('dd', { id: 'vote-cast', text: t('vote.castOf', { n: got.ballots_cast, of: v.eligible_count }) }),
    h('dt', { text: t('vote.opened') }), h('dd', { text: fmtTime(v.opened_at) }),
    v.status === 'closed' ? h('dt', { text: t('vote.closedAt') }) : null,
    v.status === 'closed' ? h('dd', { text: fmtTime(v.closed_at) }) : null);

  let proxyPanel = null;
  if (mayCast && proxies.length) {
    proxyPanel = h('section', { id: 'proxy-ballots', class: 'panel', 'aria-labelledby': 'proxy-title' },
      h('h2', { id: 'proxy-title', text: t('ballot.proxyTitle') }),
      h('p', { class: 'hint', text: t('ballot.proxyHint') }),
      h('ul', { class: 'lines' }, proxies.map((p) => {
        const done = readJSON(storeKey('receipt', v.id, p.principal));
        const b = h('button', { class: 'btn btn-secondary proxy-ballot', type: 'button', 'data-principal': p.principal,
          text: t(done ? 'ballot.proxyReceipt' : 'ballot.proxyVote', { who: p.principal }) });
        b.addEventListener('click', () => {
          startBallot(p.principal);
          window.scrollTo(0, 0);
          focusStage();
        });
        return h('li', { class: 'line' },
          h('p', { class: 'line-desc', text: t('proxy.line', { principal: p.principal, holder: p.holder, relation: t(`relation.${p.relation}`) }) }),
          h('p', null, b));
      })));
  }

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

  more.append(
    facts,
    proxyPanel || '',
    links.length ? h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links) : '',
    receiptCheck(vid, v),
    controlsPanel(vid, v));

  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: v.title || t('vote.untitled') }),
    villageNav(vid),
    open ? null : h('p', { id: 'vote-closed-note', class: 'notice', text: t('vote.closedNote') }),
    open && !mayCast && me.village_id === vid ? h('p', { class: 'hint', text: t('vote.cannotCast') }) : null,
    stage,
    more);
  if (mayCast) startBallot('');
  else {
    const own = readJSON(storeKey('receipt', v.id, ''));
    if (own) showReceipt('', own.code);
  }
}

async function copyText(text, el) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http): select the code so it can be copied.
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** "Check my receipt": found or not, and after close what it holds. */
function receiptCheck(vid, v) {
  const { h } = k;
  const input = h('input', { id: 'check-code', type: 'text', maxlength: '40', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const stored = readJSON(storeKey('receipt', v.id, ''));
  if (stored) input.value = groupCode(stored.code);
  const out = h('div', { id: 'check-result', role: 'status', 'aria-live': 'polite' });
  const btn = h('button', { id: 'check-submit', class: 'btn', type: 'submit', text: t('check.submit') });
  const form = h('form', { id: 'check-form', class: 'form', novalidate: true },
    field('check-code', t('check.code'), input, t('check.hint')), btn, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.replace(/[\s-]+/g, '').toUpperCase();
    out.replaceChildren();
    if (!/^[A-Z2-7]{20}$/.test(code)) {
      out.append(h('p', { class: 'alert', text: t('check.badCode') }));
      return;
    }
    btn.disabled = true;
    try {
      const r = await api('GET', `${voteURL(vid, v.id)}/receipts/${code}`);
      out.append(r.found
        ? h('p', { id: 'check-found', class: 'check-found', text: t('check.found') })
        : h('p', { id: 'check-missing', class: 'alert', text: t('check.notFound') }));
      if (r.found && k.arr(r.choices).length) {
        out.append(h('p', { id: 'check-choices', class: 'ballot-chosen', text: t('check.holds', { choice: choiceText(v, r.choices) }) }));
      } else if (r.found) {
        out.append(h('p', { class: 'hint', text: t('check.afterClose') }));
      }
    } catch (ex) {
      out.append(h('p', { class: 'alert', text: fullError(ex) }));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { id: 'receipt-check', class: 'panel', 'aria-labelledby': 'check-title' },
    h('h2', { id: 'check-title', text: t('check.title') }), form);
}

/* ---------- secretary's controls ---------- */

function controlsPanel(vid, v) {
  const { h } = k;
  if (v.status !== 'open' || !(can('vote', 'close') || can('vote', 'count'))) return '';
  const parts = [];
  if (can('vote', 'close')) {
    const err = h('div', { id: 'close-error', class: 'alert', role: 'alert' });
    const ask = h('button', { id: 'close-vote', class: 'btn', type: 'button', text: t('control.close') });
    const sure = h('button', { id: 'close-confirm', class: 'btn', type: 'button', text: t('control.closeConfirm') });
    const keep = h('button', { id: 'close-cancel', class: 'btn btn-secondary', type: 'button', text: t('ballot.back') });
    const confirmBox = h('div', { id: 'close-confirm-box', class: 'notice' },
      h('p', { text: t('control.closeAsk') }), h('p', { class: 'actions' }, sure, keep));
    confirmBox.hidden = true;
    ask.addEventListener('click', () => { confirmBox.hidden = false; ask.hidden = true; sure.focus(); });
    keep.addEventListener('click', () => { confirmBox.hidden = true; ask.hidden = false; ask.focus(); });
    sure.addEventListener('click', async () => {
      if (sure.disabled) return;
      sure.disabled = true;
      k.setAlert(err, '');
      try {
        await api('POST', `${voteURL(vid, v.id)}/close`);
        k.go(`/v/${vid}/votes/${v.id}/result`);
      } catch (ex) {
        sure.disabled = false;
        k.setAlert(err, fullError(ex));
      }
    });
    parts.push(h('p', null, ask), confirmBox, err);
  }
  if (can('vote', 'count')) parts.push(countsForm(vid, v), confirmForm(vid, v));
  return h('section', { id: 'vote-controls', class: 'panel controls', 'aria-labelledby': 'controls-title' },
    h('h2', { id: 'controls-title', text: t('control.title') }), parts);
}

function countsForm(vid, v) {
  const { h } = k;
  const channel = h('select', { id: 'count-channel' }, ['paper', 'hands'].map((c) => h('option', { value: c, text: t(`channel.${c}`) })));
  const num = (id) => h('input', { id, type: 'number', min: '0', step: '1', inputmode: 'numeric', value: '0' });
  const inputs = k.arr(v.options).map((o) => ({ key: o.key, el: num(`count-${o.key}`), label: optLabel(o) }));
  const voters = num('count-voters');
  const households = num('count-households');
  const last = (c) => readJSON(storeKey('count', v.id, c));
  const supersedes = h('input', { id: 'count-supersedes', type: 'text', maxlength: '32', autocomplete: 'off' });
  const syncSup = () => { const l = last(channel.value); supersedes.value = l ? l.id : ''; };
  channel.addEventListener('change', syncSup);
  syncSup();
  const err = h('div', { id: 'count-error', class: 'alert', role: 'alert' });
  const done = h('p', { id: 'count-entered', class: 'notice', role: 'status' });
  done.hidden = true;
  const btn = h('button', { id: 'count-submit', class: 'btn', type: 'submit', text: t('control.countSubmit') });
  const form = h('form', { id: 'count-form', class: 'form', novalidate: true },
    field('count-channel', t('control.channel'), channel),
    inputs.map((i) => field(i.el.id, t('control.countFor', { option: i.label }), i.el)),
    field('count-voters', t('control.voters'), voters),
    v.mode === 'households' ? field('count-households', t('control.households'), households) : null,
    field('count-supersedes', t('control.supersedes'), supersedes, t('control.supersedesHint')),
    err, btn, done);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    k.setAlert(err, '');
    const counts = {};
    for (const i of inputs) counts[i.key] = Math.max(0, Math.trunc(Number(i.el.value) || 0));
    const body = { channel: channel.value, counts, voters: Math.trunc(Number(voters.value) || 0), households: Math.trunc(Number(households.value) || 0) };
    if (supersedes.value.trim()) body.supersedes = supersedes.value.trim();
    try {
      const entry = await api('POST', `${voteURL(vid, v.id)}/counts`, body);
      writeJSON(storeKey('count', v.id, entry.channel), { id: entry.id });
      supersedes.value = entry.id;
      done.hidden = false;
      done.textContent = t('control.entered', { id: entry.id });
    } catch (ex) {
      k.setAlert(err, fullError(ex));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'count-title' },
    h('h3', { id: 'count-title', text: t('control.countTitle') }),
    h('p', { class: 'hint', text: t('control.countHint') }), form);
}

function confirmForm(vid, v) {
  const { h } = k;
  const entry = h('input', { id: 'confirm-entry', type: 'text', maxlength: '32', autocomplete: 'off' });
  const err = h('div', { id: 'confirm-error', class: 'alert', role: 'alert' });
  const ok = h('p', { id: 'confirm-done', class: 'notice', role: 'status' });
  ok.hidden = true;
  const btn = h('button', { id: 'confirm-submit', class: 'btn', type: 'submit', text: t('control.confirmSubmit') });
  const form = h('form', { id: 'confirm-form', class: 'form', novalidate: true },
    field('confirm-entry', t('control.entry'), entry, t('control.entryHint')), err, btn, ok);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled || !entry.value.trim()) return;
    btn.disabled = true;
    k.setAlert(err, '');
    ok.hidden = true;
    try {
      const r = await api('POST', `${voteURL(vid, v.id)}/counts/${encodeURIComponent(entry.value.trim())}/confirm`);
      ok.hidden = false;
      ok.textContent = t('control.confirmed', { channel: t(`channel.${r.channel}`), n: r.voters });
    } catch (ex) {
      k.setAlert(err, fullError(ex));
    } finally {
      btn.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'confirm-title' },
    h('h3', { id: 'confirm-title', text: t('control.confirmTitle') }), form);
}

/* ---------- live meeting board ---------- */

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

async function viewLive(ctx) {
  stopLive();
  k.setTitle('live.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, id } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const got = await load(ctx, () => api('GET', voteURL(vid, id)));
  if (!got || !ctx.alive()) return;
  const v = got.vote;
  const { h } = k;
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
    meter.firstChild.style.width = `${of > 0 ? Math.min(100, Math.round((100 * n) / of)) : 0}%`;
    status.replaceChildren(statusTag(st));
    resultLink.hidden = st !== 'closed';
  };
  const full = h('button', { id: 'live-fullscreen', class: 'btn btn-secondary', type: 'button', text: t('live.fullscreen') });
  full.hidden = !document.fullscreenEnabled;
  full.addEventListener('click', () => {
    const board = document.getElementById('live-board');
    if (board && board.requestFullscreen) board.requestFullscreen().catch(() => {});
  });
  k.show(
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
  const es = new EventSource(`${voteURL(vid, id)}/live`);
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
    k.setAlert(conn, '');
    paint(d.ballots_cast, d.eligible, d.status);
    if (d.status === 'closed') {
      // The server ends the stream after a closed vote; do not reconnect.
      es.close();
      if (live === es) live = null;
    }
  });
  es.addEventListener('open', () => {
    k.setAlert(conn, '');
    const board = document.getElementById('live-board');
    if (board) board.dataset.stream = 'open';
  });
  es.addEventListener('error', () => {
    if (es.readyState !== EventSource.CLOSED && ctx.alive()) k.setAlert(conn, t('live.reconnecting'));
  });
}

/* ---------- result ---------- */

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [a, val] of Object.entries(attrs || {})) el.setAttribute(a, String(val));
  for (const kid of kids) el.append(kid);
  return el;
}

/** Horizontal bars, one per option, built with the DOM. */
function barChart(v, counts) {
  const opts = k.arr(v.options);
  const max = Math.max(1, ...opts.map((o) => counts[o.key] || 0));
  const W = 600;
  const barMax = 440;
  const row = 76;
  const H = row * opts.length + 8;
  const titleID = 'chart-title';
  const svg = s('svg', { id: 'result-chart', class: 'chart', viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': titleID });
  svg.append(s('title', { id: titleID }, t('result.chartTitle')));
  opts.forEach((o, i) => {
    const n = counts[o.key] || 0;
    const y = i * row + 4;
    const w = n > 0 ? Math.max(4, Math.round((barMax * n) / max)) : 0;
    const g = s('g', { class: `chart-row option-${o.key}`, 'data-key': o.key });
    g.append(
      s('text', { x: 0, y: y + 24, class: 'chart-label' }, optLabel(o)),
      s('rect', { x: 0, y: y + 34, width: barMax, height: 32, class: 'chart-track' }),
      s('rect', { x: 0, y: y + 34, width: w, height: 32, class: `chart-bar bar-${DEFAULT_OPTIONS.includes(o.key) ? o.key : 'other'}` }),
      s('text', { x: barMax + 12, y: y + 60, class: 'chart-count' }, t('result.votes', { n })));
    svg.append(g);
  });
  return svg;
}

async function viewResult(ctx) {
  stopLive();
  k.setTitle('result.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, id } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  let pub;
  try {
    pub = await api('GET', `${voteURL(vid, id)}/published`);
  } catch (err) {
    if (!ctx.alive()) return;
    if (err.code === 'vote_not_closed') {
      const { h } = k;
      k.show(k.title('result.title'), villageNav(vid),
        h('p', { id: 'result-not-closed', class: 'notice', text: t('result.notClosed') }),
        h('p', null, h('a', { class: 'btn', href: `#/v/${vid}/votes/${id}`, text: t('result.backToVote') })));
      return;
    }
    failed(err);
    return;
  }
  if (!ctx.alive()) return;
  const { h } = k;
  const v = pub.vote;
  const r = v.result || { counts: {}, passed: {} };
  const yesNo = Object.prototype.hasOwnProperty.call(r.counts || {}, 'yes');
  const household = r.attendance_by === 'households';

  const headline = h('p', { id: 'result-adopted', class: r.adopted ? 'verdict verdict-yes' : 'verdict verdict-no',
    text: t(r.adopted ? 'result.adopted' : 'result.notAdopted') });

  const attendance = h('li', { id: 'check-attendance', class: r.attendance_met ? 'line' : 'line deny' },
    h('p', { class: 'line-desc', text: t(r.attendance_met ? 'result.attendanceMet' : 'result.attendanceNotMet') }),
    h('p', { class: 'line-meta', text: household
      ? t('result.householdsCame', { n: r.households_present, of: r.households })
      : t('result.votersCame', { n: r.voters, of: r.eligible }) }));
  const decisionText = yesNo
    ? t('result.decisionYes', { need: r.needed, n: r.voters, yes: (r.counts || {}).yes || 0 })
    : t('result.decisionOptions', { need: r.needed, n: r.voters });
  const decision = h('li', { id: 'check-decision', class: r.adopted ? 'line' : 'line deny' },
    h('p', { class: 'line-desc', text: t(r.adopted ? 'result.decisionMet' : 'result.decisionNotMet') }),
    h('p', { class: 'line-meta', text: decisionText }));
  const basis = v.rule && v.rule.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: v.rule.basis }) })) : null;

  const countList = h('ul', { id: 'result-counts', class: 'lines' }, k.arr(v.options).map((o) => h('li', { class: 'line', 'data-key': o.key },
    h('p', { class: 'line-desc' },
      h('span', { text: optLabel(o) }), ': ', h('strong', { class: 'count', text: String((r.counts || {})[o.key] || 0) }),
      (r.passed || {})[o.key] && !yesNo ? h('span', { class: 'tag-plain', text: t('result.passed') }) : null),
    h('p', { class: 'line-meta', text: t('result.onlinePart', { n: (r.online || {})[o.key] || 0 }) }))));

  const channels = Object.entries(r.channels || {});
  const ballots = v.secret
    ? h('ul', { id: 'published-ballots', class: 'lines published' }, k.arr(pub.secret_ballots).map((b) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: choiceText(v, b.choices) }),
      h('p', { class: 'line-meta mono', translate: 'no', text: b.receipt_hash }))))
    : h('ul', { id: 'published-ballots', class: 'lines published' }, k.arr(pub.ballots).map((b) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: `${b.voter}: ${choiceText(v, b.choices)}` }),
      b.proxy_by ? h('p', { class: 'line-meta', text: t('result.castByProxy', { who: b.proxy_by }) }) : null)));
  const nBallots = v.secret ? k.arr(pub.secret_ballots).length : k.arr(pub.ballots).length;

  const proxies = k.arr(pub.proxies);
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: v.title || t('vote.untitled') }),
    villageNav(vid),
    h('p', { class: 'lead', text: t('result.title') }),
    headline,
    h('section', { class: 'panel', 'aria-labelledby': 'checks-title' },
      h('h2', { id: 'checks-title', text: t('result.checks') }),
      h('ul', { class: 'lines' }, attendance, decision), basis),
    h('section', { class: 'panel', 'aria-labelledby': 'counts-title' },
      h('h2', { id: 'counts-title', text: t('result.counts') }),
      barChart(v, r.counts || {}),
      countList,
      channels.length ? h('p', { id: 'result-channels', class: 'hint', text: channels.map(([c, n]) => t('result.channel', { channel: t(`channel.${c}`), n })).join(t('vote.listSep')) }) : null),
    receiptCheck(vid, v),
    h('section', { class: 'panel', 'aria-labelledby': 'computation-title' },
      h('h2', { id: 'computation-title', text: t('result.computation') }),
      h('p', { class: 'hint', text: t('result.computationHint') }),
      h('pre', { id: 'computation', class: 'computation', translate: 'no', text: k.arr(pub.computation).join('\n') }),
      r.ballots_hash ? h('p', { class: 'hint mono', text: t('result.hash', { hash: r.ballots_hash }) }) : null),
    h('section', { class: 'panel', 'aria-labelledby': 'published-title' },
      h('h2', { id: 'published-title', text: t('result.published', { n: nBallots }) }),
      h('p', { class: 'hint', text: t(v.secret ? 'result.publishedSecret' : 'result.publishedNamed') }),
      nBallots ? ballots : h('p', { class: 'empty', text: t('common.empty') }),
      v.secret && k.arr(pub.turnout).length
        ? h('p', { id: 'published-turnout', class: 'hint', text: t('result.turnout', { who: k.arr(pub.turnout).join(t('vote.listSep')) }) })
        : null),
    h('section', { class: 'panel', 'aria-labelledby': 'proxies-title' },
      h('h2', { id: 'proxies-title', text: t('result.proxies') }),
      proxies.length
        ? h('ul', { id: 'published-proxies', class: 'lines' }, proxies.map((p) => h('li', { class: 'line' },
          h('p', { class: 'line-desc', text: t('proxy.line', { principal: p.principal, holder: p.holder, relation: t(`relation.${p.relation}`) }) }),
          p.evidence ? h('p', { class: 'line-meta', text: p.evidence }) : null)))
        : h('p', { class: 'empty', text: t('result.noProxies') })),
    k.navLinks(h('a', { id: 'result-back', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${id}`, text: t('result.backToVote') })));
}
