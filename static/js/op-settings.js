// op-settings.js: the rules a village tightened within the law, entered by
// the operator as the villagers' meeting decided them. Each field shows the
// bound it may not pass and its basis; a refusal appears next to its field.

import { api, base } from './api.js';
import { enter } from './auth.js';
import { h, messageArea, onSubmit, setAlert, show } from './dom.js';
import { pick, t } from './i18n.js';
import { opNav } from './menus.js';
import { collectiveForm } from './op-collective.js';

const FIELDS = ['notice_days', 'proxy_cap', 'convene_deadline_days', 'hall_support_threshold'];

/** @param {import('./auth.js').Ctx} ctx */
async function viewSettings(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'op.settings', () => Promise.all([api('GET', base(vid)), api('GET', `${base(vid)}/village-rules`),
    api('GET', `${base(vid)}/village-rules/collective`)]));
  if (!entered) return;
  const [village, rules, collective] = entered.data;
  /** @type {Record<string, HTMLInputElement>} */
  const inputs = {};
  /** @type {Record<string, HTMLElement>} */
  const errs = {};
  const rows = FIELDS.map((name) => {
    const b = rules.bounds[name];
    const id = `rule-${name}`;
    inputs[name] = /** @type {HTMLInputElement} */ (h('input', { id, type: 'number', inputmode: 'numeric', min: String(b.min), max: String(b.max),
      value: String(rules[name]), required: true, 'aria-describedby': `${id}-bound ${id}-error` }));
    errs[name] = messageArea(`${id}-error`);
    return h('div', { class: 'field' },
      h('label', { for: id, text: t(`op.rule.${name}`) }),
      h('p', { class: 'hint', id: `${id}-bound`, text: t('op.ruleBound', { min: b.min, max: b.max, basis: pick(b, 'basis', 'basis_en') }) }),
      inputs[name], errs[name]);
  });
  const err = messageArea('rules-error');
  const news = messageArea('rules-news', { polite: true, cls: 'check-found' });
  const btn = h('button', { id: 'rules-save', class: 'btn', type: 'submit', text: t('op.rulesSave') });
  const form = h('form', { id: 'rules-form', class: 'form', novalidate: true }, rows, err, btn, news);
  onSubmit(form, btn, err, async () => {
    setAlert(news, '');
    for (const name of FIELDS) setAlert(errs[name], '');
    /** @type {Record<string, number>} */
    const body = {};
    for (const name of FIELDS) body[name] = Number(inputs[name].value);
    try {
      await api('PUT', `${base(vid)}/village-rules`, body);
      setAlert(news, t('op.rulesSaved'));
    } catch (e) {
      const fields = (e && e.fields) || {};
      for (const name of FIELDS) if (fields[name]) setAlert(errs[name], pick(fields[name], 'message', 'message_en'));
      throw Object.keys(fields).length ? { server: e.server } : e;
    }
  });
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('op.settingsOf', { village: village.name }) }),
    opNav(vid),
    h('p', { class: 'lead', text: t('op.settingsIntro') }),
    form,
    village.kind !== 'community' && collective ? collectiveForm(vid, collective) : null);
}

export default viewSettings;
