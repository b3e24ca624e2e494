// console-proxies.js: the console's written entrustments (proxies). The
// absent person and the holder are picked by name from who may attend (the
// meeting's electorate: no children, no one outside the body), for
// the whole meeting (the holder must have signed in) or for one open vote
// of it. The village's rule (who may hold one, how many each) is said above
// the form; a refusal (over the cap, a holder the rule does not allow)
// shows next to the button in the server's words, which quote the rule
// (vote/proxyrule.go). The entrustments entered are listed below.

import { api, arr, base } from './api.js';
import { can } from './auth.js';
import { busyButton, h, panel, setAlert } from './dom.js';
import { t } from './i18n.js';
import { feedback, meetingURL, nameOf, personLabel, poll, select } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

// The holder's relation to the principal, as the entrustment declares it.
const RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'household', 'villager'];

/** Refills a select when its choices changed, keeping the choice. @param {HTMLElement & Record<string, any>} sel @param {{value: string, label: string}[]} opts @param {string} [empty] */
function fill(sel, opts, empty) {
  const key = JSON.stringify(opts);
  if (sel.dataset.opts === key) return;
  sel.dataset.opts = key;
  const keep = sel.value;
  sel.replaceChildren(...(empty ? [h('option', { value: '', text: empty })] : []), ...opts.map((o) => h('option', { value: o.value, text: o.label })));
  sel.value = opts.some((o) => o.value === keep) ? keep : (empty ? '' : (opts[0] || { value: '' }).value);
}

/** The village's rule in one sentence, from the server. @param {string} vid @param {HTMLElement} el */
async function sayRule(vid, el) {
  try {
    const r = (await api('GET', `${base(vid)}/proxy-settings`)).rule || {};
    el.textContent = t('proxy.rule', { who: t(`proxy.holders.${r.holders}`), cap: r.cap, basis: r.basis || t('proxy.defaultBasis') });
  } catch (err) {
    console.info('proxy rule', err && err.code);
  }
}

/** The lines of the list: the meeting's entrustments, then each vote's. @param {Map<string, any>} reg @param {any[]} att @param {{title: string, proxies: any[]}[]} byVote */
function lines(reg, att, byVote) {
  const who = (/** @type {string} */ no) => nameOf(reg, no) || t('proxy.unknownPerson');
  const out = att.filter((x) => x.method === 'proxy').map((x) =>
    t('proxy.lineMeeting', { principal: x.name, holder: who(x.proxy_holder), relation: t(`relation.${x.relation}`) }));
  for (const v of byVote) {
    out.push(...v.proxies.map((p) => t('proxy.lineVote', { principal: who(p.principal), holder: who(p.holder), relation: t(`relation.${p.relation}`), title: v.title })));
  }
  return out;
}

/** The form's inputs. */
function inputs() {
  return {
    scope: select('proxy-for', []),
    principal: select('proxy-principal', [], t('meet.pickPerson')),
    holder: select('proxy-holder', [], t('meet.pickPerson')),
    relation: select('proxy-relation', RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) })), t('meet.pickPerson')),
    evidence: /** @type {HTMLInputElement} */ (h('input', { id: 'proxy-evidence', name: 'proxy-evidence', type: 'text', maxlength: '200', 'aria-describedby': 'proxy-evidence-hint' })),
  };
}

/** What the page checks before sending: a message key, or ''. @param {ReturnType<typeof inputs>} f */
function missing(f) {
  if (!f.scope.value) return 'proxy.pickScope';
  if (!f.principal.value) return 'proxy.pickPrincipal';
  if (!f.holder.value) return 'proxy.pickHolder';
  if (!f.relation.value) return 'proxy.pickRelation';
  return f.evidence.value.trim() ? '' : 'proxy.evidenceRequired';
}

/** @typedef {{att: any[], votes: any[], byVote: {title: string, proxies: any[]}[], forMeeting: boolean, forVotes: boolean, eligible: Set<string>|null}} State */

/** Draws the choices and the list from the state. @param {ReturnType<typeof inputs>} f @param {Map<string, any>} reg @param {State} s @param {HTMLElement} list @param {HTMLElement} none */
function draw(f, reg, s, list, none) {
  const open = s.votes.filter((v) => v.status === 'open');
  fill(f.scope, [...(s.forMeeting ? [{ value: 'meeting', label: t('proxy.forMeeting') }] : []),
    ...(s.forVotes ? open.map((v) => ({ value: v.id, label: t('proxy.forVote', { title: v.title }) })) : [])]);
  const here = new Set(s.att.filter((x) => x.counts).map((x) => x.resident_no));
  const holders = s.att.filter((x) => x.counts && x.method !== 'proxy').map((x) => x.resident_no);
  const label = (/** @type {string} */ no) => ({ value: no, label: reg.has(no) ? personLabel(reg.get(no)) : (s.att.find((x) => x.resident_no === no) || {}).name || t('proxy.unknownPerson') });
  const whole = f.scope.value === 'meeting';
  const people = [...reg.keys()].filter((no) => !s.eligible || s.eligible.has(no)); // who may attend, no children
  fill(f.principal, people.filter((no) => !whole || !here.has(no)).map(label), t('meet.pickPerson'));
  fill(f.holder, (whole ? holders : people).map(label), t('meet.pickPerson'));
  const text = lines(reg, s.att, s.byVote);
  list.replaceChildren(...text.map((x) => h('li', { class: 'proxy-line', text: x })));
  none.hidden = text.length > 0;
}

/** The panel's form and list. @param {ReturnType<typeof inputs>} f @param {HTMLElement[]} tail */
function formNode(f, ...tail) {
  /** @param {string} id @param {string} label @param {HTMLElement} input @param {string} [hint] */
  const row = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id, text: label }),
    hint ? h('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null, input);
  return [row('proxy-for', t('proxy.for'), f.scope), row('proxy-principal', t('proxy.principal'), f.principal),
    row('proxy-holder', t('proxy.holder'), f.holder, t('proxy.holderHint')), row('proxy-relation', t('proxy.relation'), f.relation),
    row('proxy-evidence', t('proxy.evidence'), f.evidence, t('proxy.evidenceHint')), ...tail];
}

/**
 * The proxies panel and the function the attendance poll calls with each
 * answer (who signed in may hold a meeting's entrustment).
 * @param {Ctx} ctx @param {string} vid @param {any} m @param {Map<string, any>} reg
 * @param {Set<string>|null} eligible who may attend (null: not known, the register)
 */
export function proxiesPanel(ctx, vid, m, reg, eligible) {
  /** @type {State} */
  const s = { att: [], votes: [], byVote: [], forMeeting: can('attendance', 'record'), forVotes: can('proxy', 'record'), eligible };
  if (!s.forMeeting && !s.forVotes) return { node: null, update: () => {} };
  const fb = feedback('proxy');
  const f = inputs();
  const rule = h('p', { id: 'proxy-rule', class: 'hint' });
  const list = h('ul', { id: 'proxy-list', class: 'lines' });
  const none = h('p', { id: 'proxy-none', class: 'empty', text: t('proxy.none') });
  const redraw = () => draw(f, reg, s, list, none);
  const readVotes = async () => {
    s.votes = arr((await api('GET', `${meetingURL(vid, m.id)}/votes`)).votes);
    s.byVote = await Promise.all(s.votes.map(async (v) => ({ title: v.title, proxies: arr((await api('GET', `${base(vid)}/votes/${v.id}/proxies`)).proxies) })));
    if (ctx.alive()) redraw();
  };
  poll(ctx, readVotes, 5000); // a vote opened at the console shows here within 5 s
  f.scope.addEventListener('change', redraw);
  const submit = busyButton('proxy-submit', t('proxy.submit'), fb.bad, async () => {
    setAlert(fb.ok, '');
    const lack = missing(f);
    if (lack) {
      setAlert(fb.bad, t(lack));
      submit.disabled = false;
      return;
    }
    const whole = f.scope.value === 'meeting';
    const names = { principal: nameOf(reg, f.principal.value), holder: nameOf(reg, f.holder.value), title: (s.votes.find((v) => v.id === f.scope.value) || {}).title || '' };
    try {
      await api('POST', whole ? `${meetingURL(vid, m.id)}/proxies` : `${base(vid)}/votes/${f.scope.value}/proxies`,
        { principal: f.principal.value, holder: f.holder.value, relation: f.relation.value, evidence: f.evidence.value.trim() });
    } catch (err) {
      fb.fail(err); // the server's words quote the rule (the cap and its basis, who may hold one)
      fb.bad.scrollIntoView({ block: 'nearest' });
      submit.disabled = false;
      return;
    }
    fb.say(t(whole ? 'proxy.recordedMeeting' : 'proxy.recordedVote', names));
    f.principal.value = '';
    f.evidence.value = '';
    submit.disabled = false;
    readVotes().catch((err) => console.info('proxies', err && err.code)); // the list follows; the poll retries
  });
  sayRule(vid, rule);
  redraw();
  const node = panel('proxies-title', t('proxy.title'), rule,
    ...formNode(f, submit, ...fb.nodes, h('h3', { id: 'proxy-list-title', text: t('proxy.listTitle') }), none, list));
  /** @param {any} a the attendance answer */
  const update = (a) => {
    s.att = arr(a.attendance);
    redraw();
  };
  return { node, update };
}
