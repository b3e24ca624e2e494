// notice-new.js: the secretary publishes a plain notice on the village's
// board: village affairs (each quarter), finances (each month or quarter)
// or what a consultation agreed and how it is carried out (V2026 Art. 33,
// Art. 35). Resolutions, rules and results are published from their own
// pages (the minutes, the project). The notice period starts at once; the
// page says until when and links to the notice.

import { api, base } from './api.js';
import { ensureMe } from './auth.js';
import { field, h, messageArea, navLinks, onSubmit, setAlert, setTitle, show } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';

export const PLAIN_KINDS = ['affairs', 'finance', 'consultation'];

/** @param {import('./auth.js').Ctx} ctx */
async function viewNoticeNew(ctx) {
  const { vid } = ctx.params;
  if (!(await ensureMe(ctx))) return;
  setTitle('nnew.title');
  const chosen = PLAIN_KINDS.includes(ctx.params.notice) ? ctx.params.notice : PLAIN_KINDS[0];
  const kind = /** @type {HTMLSelectElement} */ (h('select', { id: 'nnew-kind' },
    PLAIN_KINDS.map((k) => h('option', { value: k, text: t(`board.kind.${k}`), selected: k === chosen }))));
  const rule = h('p', { id: 'nnew-rule', class: 'hint', 'aria-live': 'polite' });
  const sayRule = () => { rule.textContent = t(`nnew.rule.${kind.value}`); };
  kind.addEventListener('change', sayRule);
  sayRule();
  const titleIn = /** @type {HTMLInputElement} */ (h('input', { id: 'nnew-title', type: 'text', maxlength: '100', required: true }));
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'nnew-text', rows: '8', maxlength: '10000', required: true }));
  const err = messageArea('nnew-error');
  const done = messageArea('nnew-done', { polite: true, cls: 'check-found' });
  const btn = h('button', { id: 'nnew-submit', class: 'btn btn-wide', type: 'submit', text: t('nnew.submit') });
  const form = h('form', { id: 'nnew-form', class: 'form', novalidate: true },
    field('nnew-kind', t('nnew.kind'), kind), rule,
    field('nnew-title', t('nnew.titleLabel'), titleIn, t('nnew.titleHint')),
    field('nnew-text', t('nnew.text'), text, t('nnew.textHint')),
    err, btn, done);
  onSubmit(form, btn, err, async () => {
    done.replaceChildren();
    const n = await api('POST', `${base(vid)}/notices`, { kind: kind.value, title: titleIn.value.trim(), text: text.value.trim() });
    titleIn.value = '';
    text.value = '';
    setAlert(done, t('nnew.done', { title: n.title, date: fmtDate(n.deadline, 'long') }));
    done.append(' ', h('a', { id: 'nnew-open', href: `#/v/${vid}/n/${n.id}`, text: t('nnew.open') }));
  });
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('nnew.title') }),
    h('p', { class: 'lead', text: t('nnew.intro') }),
    form,
    navLinks(h('a', { id: 'board-link-back', class: 'btn btn-secondary', href: `#/v/${vid}/board`, text: t('board.title') }),
      h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewNoticeNew;
