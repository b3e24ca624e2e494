// policy-line.js: one policy line as the lists and the home page show it.

import { h } from './dom.js';
import { pick, t } from './i18n.js';

/** One published line: description, optional "not allowed" tag, role, basis. */
export function lineItem(line, { showRole = true } = {}) {
  const deny = line.effect === 'deny';
  const desc = pick(line, 'zh', 'en') || [line.obj, line.act].filter(Boolean).join(' / ');
  const li = h('li', { class: deny ? 'line deny' : 'line' },
    h('p', { class: 'line-desc' },
      deny ? h('span', { class: 'tag', text: t('common.deny') }) : null,
      desc));
  const role = pick(line, 'role_zh', 'role_en') || line.role;
  if (showRole && role) li.append(h('p', { class: 'line-meta', text: t('common.role', { role }) }));
  if (line.basis) li.append(h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: line.basis }) })));
  return li;
}
