// supervision-queue.js: the reports of wrongdoing supervision committees
// addressed to the street (township) or the county (V2026 Art. 37 ¶3; U2026
// Art. 36 ¶3), unanswered first; each is answered once, in writing, with a
// finding and, where founded, what was done.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { card, field, h, list, messageArea, navLinks, onSubmit, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The orgs whose queue the official answers. @param {any} me @param {any[]} orgs */
function answeringOrgs(me, orgs) {
  const roles = new Set(arr(me.powers).filter((p) => p.obj === 'supervision_report' && p.act === 'answer' && p.effect !== 'deny').map((p) => p.role));
  const scopes = arr(me.roles).filter((r) => roles.has(r.role)).map((r) => r.scope).filter(Boolean);
  return orgs.filter((o) => scopes.includes(o.path));
}

/** The answer form of one report. @param {any} r */
function answerForm(r) {
  const id = (/** @type {string} */ k) => `sup-${k}-${r.id}`;
  const finding = h('select', { id: id('finding') }, ['founded', 'unfounded'].map((k) => h('option', { value: k, text: t(`sup.finding.${k}`) })));
  const facts = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: id('facts'), rows: '4', maxlength: '4000' }));
  const action = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: id('action'), rows: '3', maxlength: '4000' }));
  const err = messageArea(id('error'));
  const btn = h('button', { id: id('answer'), class: 'btn', type: 'submit', text: t('sup.answer') });
  const form = h('form', { class: 'form', novalidate: true },
    field(id('finding'), t('sup.findingLabel'), finding), field(id('facts'), t('sup.facts'), facts),
    field(id('action'), t('sup.action'), action, t('sup.actionHint')), err, h('p', { class: 'actions' }, btn));
  onSubmit(form, btn, err, async () => {
    await api('POST', `${base(r.village_id)}/supervision-reports/${r.id}/answer`,
      { finding: /** @type {HTMLSelectElement} */ (finding).value, facts: facts.value.trim(), action: action.value.trim() });
    await rerenderSaying(t('sup.answered'), 'view-title');
  });
  return form;
}

/** @param {any} r */
function queueCard(r) {
  return card({ title: r.subject, cls: 'card sup-report', data: { 'data-id': r.id, 'data-status': r.status } },
    h('p', { class: 'meta', text: `${r.village_name} · ${r.reporter_name} · ${fmtDate(r.at, 'long')} · ${r.basis}` }),
    h('p', { text: r.text }),
    r.status === 'answered'
      ? h('p', { class: 'sup-facts', text: `${t(`sup.finding.${r.finding}`)}：${r.facts}` })
      : answerForm(r));
}

/** @param {Ctx} ctx */
async function viewQueue(ctx) {
  const entered = await enter(ctx, 'sup.queueTitle', async (me) => {
    const orgs = arr((await api('GET', '/api/v1/orgs')).orgs);
    const queues = await Promise.all(answeringOrgs(me, orgs).map((o) => api('GET', `${base(o.id)}/supervision-report-queue`)));
    return queues.flatMap((q) => arr(q.reports));
  });
  if (!entered) return;
  show(title('sup.queueTitle'),
    h('p', { class: 'lead', text: t('sup.queueRule') }),
    list('sup-queue', entered.data, queueCard, { cls: 'cards', empty: 'sup.queueEmpty', emptyId: 'sup-queue-empty' }),
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewQueue;
