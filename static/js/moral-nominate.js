// moral-nominate.js: nominating a case to the board.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { field, h, onSubmit, show, title } from './dom.js';
import { t } from './i18n.js';
import { moralNav } from './menus.js';
import { CATEGORIES } from './moral-kit.js';
import { go } from './navigate.js';

async function viewNominate(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'moral.nominate', () => api('GET', `/api/v1/orgs/${vid}/bodies`));
  if (!entered) return;
  const data = entered.data;
  const bodies = arr(data.bodies).filter((b) => b.kind === 'moralboard' || b.kind === 'association');
  const body = h('select', { id: 'nominate-body' }, bodies.map((b) => h('option', { value: b.id, text: b.name })));
  const kind = h('select', { id: 'nominate-kind' },
    ['resident', 'household'].map((x) => h('option', { value: x, text: t(`moral.subjectKind.${x}`) })));
  const subject = h('input', { id: 'nominate-subject', type: 'text', maxlength: '32', required: true, autocomplete: 'off', 'aria-describedby': 'nominate-subject-hint' });
  const category = h('select', { id: 'nominate-category' }, CATEGORIES.map((c) => h('option', { value: c, text: t(`moral.cat.${c}`) })));
  const description = h('textarea', { id: 'nominate-description', rows: '5', maxlength: '4000', required: true });
  const evidence = h('textarea', { id: 'nominate-evidence', rows: '3', maxlength: '10000', 'aria-describedby': 'nominate-evidence-hint' });
  const clause = h('input', { id: 'nominate-clause', type: 'text', maxlength: '500', required: true, 'aria-describedby': 'nominate-clause-hint' });
  const err = h('div', { id: 'nominate-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'nominate-submit', class: 'btn btn-wide', type: 'submit', text: t('moral.nominateSubmit') });
  const form = h('form', { id: 'nominate-form', class: 'form', novalidate: true },
    bodies.length > 1 ? field('nominate-body', t('moral.body'), body, t('moral.bodyHint')) : null,
    field('nominate-kind', t('moral.subjectKind'), kind),
    field('nominate-subject', t('moral.subjectNo'), subject, t('moral.subjectNoHint')),
    field('nominate-category', t('moral.category'), category),
    field('nominate-description', t('moral.description'), description),
    field('nominate-evidence', t('moral.evidence'), evidence, t('moral.evidenceHint')),
    field('nominate-clause', t('moral.clause'), clause, t('moral.clauseHint')),
    err, btn);
  onSubmit(form, btn, err, async () => {
    const links = evidence.value.split(/\s+/).map((s) => s.trim()).filter(Boolean);
    const payload = {
      subject_kind: kind.value, subject_no: subject.value.trim(), category: category.value,
      description: description.value.trim(), evidence: links, clause: clause.value.trim(),
    };
    if (bodies.length > 1 && body.value) payload.body_id = body.value;
    const c = await api('POST', `${base(vid)}/cases`, payload);
    go(`/v/${vid}/moral/c/${c.id}`);
  });
  show(
    title('moral.nominate'),
    moralNav(vid),
    h('p', { class: 'lead', text: t('moral.nominateIntro') }),
    form);
}

export default viewNominate;
