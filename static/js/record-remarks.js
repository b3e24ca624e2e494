// record-remarks.js: the supervision committee's remarks on a notice or on
// published minutes (V2026 Art. 37 ¶1–2; U2026 Art. 36 ¶1–2), shown with the
// record to everyone who reads it; a supervision member sees the form. The
// panel draws itself once its remarks are read, and again after a remark.

import { api, arr, fullError } from './api.js';
import { can } from './auth.js';
import { field, h, messageArea, setAlert } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';

/**
 * @param {string} url the record's address (…/notices/:id or …/minutes/:ver)
 * @param {string} obj the policy object whose remark action allows the form (outcome, minutes)
 */
export function remarksPanel(url, obj) {
  const section = h('section', { id: 'record-remarks', class: 'panel', 'aria-labelledby': 'record-remarks-title' });
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'record-remark-text', rows: '3', maxlength: '2000' }));
  const err = messageArea('record-remark-error');
  const news = messageArea('record-remark-news', { polite: true, cls: 'said' });
  const btn = /** @type {HTMLButtonElement} */ (h('button', { id: 'record-remark-submit', class: 'btn', type: 'button', text: t('remark.add') }));
  const draw = async () => {
    const got = await api('GET', `${url}/remarks`);
    const rs = arr(got.remarks);
    section.replaceChildren(h('h2', { id: 'record-remarks-title', text: t('remark.title') }),
      rs.length ? h('ul', { id: 'record-remark-list', class: 'cards' }, rs.map((r) => h('li', { class: 'card remark' },
        h('p', { text: r.text }), h('p', { class: 'meta', text: fmtTime(r.at) }))))
        : h('p', { class: 'empty', id: 'record-remarks-none', text: t('remark.none') }),
      ...(can(obj, 'remark') ? [field('record-remark-text', t('remark.label'), text, t('remark.hint')), err, h('p', { class: 'actions' }, btn), news] : []));
  };
  btn.addEventListener('click', async () => {
    if (btn.disabled) return;
    btn.disabled = true;
    setAlert(err, '');
    try {
      await api('POST', `${url}/remarks`, { text: text.value.trim() });
      text.value = '';
      await draw();
      setAlert(news, t('remark.added'));
    } catch (e) {
      setAlert(err, fullError(e));
    } finally {
      btn.disabled = false;
    }
  });
  draw().catch(() => section.replaceChildren());
  return section;
}
