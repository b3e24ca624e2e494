// petition-list.js: the village's audit and recall petitions (V2026 Art.
// 19, Art. 40; U2026 Art. 20, Art. 38). Each card says how many signatures
// it still needs and signs with one tap; a recall names the member and the
// reasons, with the member's response (the member writes it here). Below,
// the audits the petitions demanded, with what the street recorded: the
// street official records the start and publishes the result here.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { busyButton, card, field, h, list, messageArea, navLinks, panel, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** How many more signatures, or that the threshold is reached. @param {any} p */
function neededText(p) {
  if (p.reached) return t('petition.reached');
  return t('petition.stillNeeded', { n: p.still_needed });
}

/** The named member's response form, for the member only. @param {string} vid @param {any} p */
function responseForm(vid, p) {
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: `petition-response-${p.id}`, rows: '4', maxlength: '5000' }));
  const err = messageArea(`petition-response-error-${p.id}`);
  const send = busyButton(`petition-respond-${p.id}`, t('petition.respond'), err, async () => {
    await api('POST', `${base(vid)}/proposals/${p.id}/recall-response`, { text: text.value.trim() });
    await rerenderSaying(t('petition.responded'), `petition-respond-${p.id}`, `petition-${p.id}`);
  });
  return h('div', { class: 'petition-respond' }, field(text.id, t('petition.responseLabel'), text, t('petition.responseHint')),
    h('p', { class: 'actions' }, send), err);
}

/** The recall's lines: whom it names, why, and the response. @param {string} vid @param {any} p @param {any} me */
function recallLines(vid, p, me) {
  const r = p.recall;
  if (!r) return [];
  return [
    h('p', { class: 'petition-member', text: t('petition.names', { name: r.member_name }) }),
    r.response ? h('p', { class: 'petition-response', text: t('petition.response', { text: r.response }) })
      : h('p', { class: 'hint', text: t('petition.noResponse') }),
    me.resident_no && me.resident_no === r.member_no && me.village_id === vid ? responseForm(vid, p) : null,
  ];
}

/** One petition as a card with its sign button. @param {string} vid @param {any} p @param {any} me */
function petitionCard(vid, p, me) {
  const err = messageArea(`petition-error-${p.id}`);
  const sign = can('proposal', 'cosign') && !p.reached
    ? busyButton(`petition-sign-${p.id}`, t('petition.sign'), err, async () => {
      const out = await api('POST', `${base(vid)}/proposals/${p.id}/cosign`);
      await rerenderSaying(out.signatures_locked ? t('petition.signedReached') : t('petition.signed'), `petition-${p.id}`);
    }) : null;
  return card({ href: `#/v/${vid}/p/${p.id}`, title: p.title, cls: `card petition petition-${p.petition}`, data: { id: `petition-${p.id}`, 'data-id': p.id, tabindex: '-1' } },
    h('p', { class: 'meta', text: `${t(`petition.kind.${p.petition}`)} · ${p.proposer_name || ''} · ${fmtDate(p.created_at, 'long')}` }),
    p.body ? h('p', { class: 'petition-body', text: p.body }) : null,
    ...recallLines(vid, p, me),
    h('p', { class: 'petition-needed', text: `${t('petition.signatures', { n: p.counts ? p.counts.signatures : 0 })} · ${neededText(p)}` }),
    sign ? h('p', { class: 'actions' }, sign) : null, err);
}

/** The street's two steps of an audit. @param {string} vid @param {any} a */
function auditSteps(vid, a) {
  if (!can('audit_demand', 'record') || a.result_published) return null;
  const err = messageArea(`audit-error-${a.proposal_id}`);
  if (!a.started_at) {
    const note = /** @type {HTMLInputElement} */ (h('input', { id: `audit-note-${a.proposal_id}`, type: 'text', maxlength: '2000' }));
    const start = busyButton(`audit-start-${a.proposal_id}`, t('audit.start'), err, async () => {
      await api('POST', `${base(vid)}/audit-demands/${a.proposal_id}/start`, { note: note.value.trim() });
      await rerenderSaying(t('audit.started'), `audit-result-${a.proposal_id}`, `audit-${a.proposal_id}`);
    });
    return h('div', null, field(note.id, t('audit.noteLabel'), note), h('p', { class: 'actions' }, start), err);
  }
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: `audit-text-${a.proposal_id}`, rows: '4', maxlength: '10000' }));
  const publish = busyButton(`audit-result-${a.proposal_id}`, t('audit.publish'), err, async () => {
    await api('POST', `${base(vid)}/audit-demands/${a.proposal_id}/result`, { result: text.value.trim() });
    await rerenderSaying(t('audit.published'), `audit-${a.proposal_id}`);
  });
  return h('div', null, field(text.id, t('audit.resultLabel'), text), h('p', { class: 'actions' }, publish), err);
}

/** One audit demand with its state. @param {string} vid @param {any} a */
function auditCard(vid, a) {
  return card({ title: a.title, cls: 'card audit', data: { id: `audit-${a.proposal_id}`, 'data-id': a.proposal_id, tabindex: '-1' } },
    h('p', { class: 'audit-status', text: pick(a, 'status_zh', 'status_en') }),
    h('p', { class: 'meta', text: `${t('petition.signatures', { n: a.signatures })} · ${pick(a, 'basis_zh', 'basis_en')}` }),
    a.started_at ? h('p', { class: 'audit-started', text: t('audit.startedOn', { date: fmtDate(a.started_at, 'long'), note: a.start_note || '' }) }) : null,
    a.result ? h('p', { class: 'audit-result', text: t('audit.result', { text: a.result }) }) : null,
    auditSteps(vid, a));
}

/** @param {Ctx} ctx */
async function viewPetitions(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'petition.title', () => Promise.all([
    api('GET', `${base(vid)}/petitions`),
    can('audit_demand', 'read') ? api('GET', `${base(vid)}/audit-demands`) : Promise.resolve({ audits: [] })]));
  if (!entered) return;
  const [ps, audits] = entered.data;
  const me = entered.me;
  show(title('petition.title'),
    h('p', { id: 'petition-what', class: 'lead', text: t('petition.what') }),
    can('proposal', 'create') && me.village_id === vid
      ? h('p', { class: 'actions' }, h('a', { id: 'petition-new', class: 'btn', href: `#/v/${vid}/petitions/new`, text: t('petition.start') })) : null,
    list('petition-list', arr(ps.petitions), (p) => petitionCard(vid, p, me), { cls: 'cards', emptyId: 'petition-empty', empty: 'petition.empty' }),
    panel('audit-title', t('audit.title'),
      list('audit-list', arr(audits.audits), (a) => auditCard(vid, a), { cls: 'cards', emptyId: 'audit-empty', empty: 'audit.empty' })),
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewPetitions;
