// supervision-reports.js: the supervision committee member's reports of
// wrongdoing (V2026 Art. 37 ¶3; U2026 Art. 36 ¶3) to the township (street) or
// the county government and the supervision commission, and the answers. The
// form keeps what was typed on an error; the list shows each report's answer.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { card, field, h, list, messageArea, navLinks, onSubmit, panel, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** One report and, once given, its answer. @param {any} r */
function reportCard(r) {
  const answer = r.status === 'answered'
    ? [h('p', { class: 'sup-finding', text: t(`sup.finding.${r.finding}`) }),
      h('p', { class: 'sup-facts', text: r.facts }),
      r.action ? h('p', { class: 'sup-action', text: r.action }) : null,
      h('p', { class: 'meta', text: t('sup.answeredOn', { date: fmtDate(r.answered_at, 'long') }) })]
    : [h('p', { class: 'meta', text: t('sup.waiting') })];
  return card({ title: r.subject, cls: 'card sup-report', data: { 'data-id': r.id, 'data-status': r.status } },
    h('p', { class: 'meta', text: `${t(`sup.to.${r.to}`)} · ${fmtDate(r.at, 'long')} · ${r.basis}` }),
    h('p', { text: r.text }), ...answer);
}

/** @param {string} vid */
function reportForm(vid) {
  const to = h('select', { id: 'sup-to' }, ['township', 'county'].map((k) => h('option', { value: k, text: t(`sup.to.${k}`) })));
  const subject = /** @type {HTMLInputElement} */ (h('input', { id: 'sup-subject', type: 'text', maxlength: '100', required: true }));
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'sup-text', rows: '5', maxlength: '4000', required: true }));
  const err = messageArea('sup-error');
  const btn = h('button', { id: 'sup-submit', class: 'btn', type: 'submit', text: t('sup.send') });
  const form = h('form', { id: 'sup-form', class: 'form', novalidate: true },
    field('sup-to', t('sup.toLabel'), to), field('sup-subject', t('sup.subject'), subject),
    field('sup-text', t('sup.text'), text, t('sup.textHint')), err, h('p', { class: 'actions' }, btn));
  onSubmit(form, btn, err, async () => {
    await api('POST', `${base(vid)}/supervision-reports`, { to: /** @type {HTMLSelectElement} */ (to).value, subject: subject.value.trim(), text: text.value.trim() });
    await rerenderSaying(t('sup.sent'), 'sup-submit');
  });
  return form;
}

/** @param {Ctx} ctx */
async function viewReports(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'sup.reportsTitle', () => api('GET', `${base(vid)}/supervision-reports/mine`));
  if (!entered) return;
  show(title('sup.reportsTitle'),
    h('p', { class: 'lead', text: t('sup.reportRule') }),
    panel('sup-new-title', t('sup.newReport'), reportForm(vid)),
    panel('sup-mine-title', t('sup.mine'),
      list('sup-list', arr(entered.data.reports), reportCard, { cls: 'cards', empty: 'sup.noReports', emptyId: 'sup-empty' })),
    navLinks(h('a', { id: 'nav-home', class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewReports;
