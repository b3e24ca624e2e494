// op-collective.js: the collective part of the village's rules on the
// operator's page: whether the village has its own collective economic
// organisation (else the villagers' committee acts for it, V2026 Art. 28 ¶4,
// CEO Art. 64), and remote attendance for each meeting kind whose law
// allows it (CEO Art. 27 ¶1), off by default. Each choice shows its basis.

import { api, arr, base } from './api.js';
import { h, messageArea, onSubmit, setAlert } from './dom.js';
import { pick, t } from './i18n.js';

/**
 * The form, filled from GET village-rules/collective.
 * @param {string} vid @param {any} rules
 */
export function collectiveForm(vid, rules) {
  const org = /** @type {HTMLInputElement} */ (h('input', { id: 'collective-organisation', type: 'checkbox', 'aria-describedby': 'collective-organisation-basis' }));
  org.checked = Boolean(rules.organisation);
  /** @type {Record<string, HTMLInputElement>} */
  const remote = {};
  const remoteRows = arr(rules.remote_kinds).map((/** @type {any} */ k) => {
    const id = `collective-remote-${k.kind}`;
    remote[k.kind] = /** @type {HTMLInputElement} */ (h('input', { id, type: 'checkbox', 'aria-describedby': `${id}-basis` }));
    remote[k.kind].checked = arr(rules.remote).includes(k.kind);
    return h('div', { class: 'field' },
      h('label', { for: id }, remote[k.kind], ' ', t('op.collectiveRemote', { kind: pick(k, 'name_zh', 'name_en') })),
      h('p', { class: 'hint', id: `${id}-basis`, text: t('op.collectiveBasis', { basis: pick(k, 'basis', 'basis_en') }) }));
  });
  const err = messageArea('collective-error');
  const news = messageArea('collective-news', { polite: true, cls: 'check-found' });
  const btn = h('button', { id: 'collective-save', class: 'btn', type: 'submit', text: t('op.collectiveSave') });
  const form = h('form', { id: 'collective-form', class: 'form', novalidate: true, 'aria-labelledby': 'collective-title' },
    h('h2', { id: 'collective-title', text: t('op.collectiveTitle') }),
    h('div', { class: 'field' },
      h('label', { for: 'collective-organisation' }, org, ' ', t('op.collectiveOrganisation')),
      h('p', { class: 'hint', id: 'collective-organisation-basis', text: t('op.collectiveBasis', { basis: pick(rules, 'basis', 'basis_en') }) })),
    remoteRows, err, btn, news);
  onSubmit(form, btn, err, async () => {
    setAlert(news, '');
    const saved = await api('PUT', `${base(vid)}/village-rules/collective`, {
      organisation: org.checked, remote: Object.keys(remote).filter((k) => remote[k].checked),
    });
    setAlert(news, t(saved.organisation ? 'op.collectiveSavedOwn' : 'op.collectiveSavedCommittee', { n: arr(saved.remote).length }));
  });
  return form;
}
