// op-register.js: the register import. The operator chooses a CSV file; the
// page shows its first rows and every bad row (line, column, reason) before
// anything is stored; the import then sends the file in parts, showing rows
// done of total, and ends with how many were added, updated, unchanged and
// refused. The same file twice changes nothing.

import { api, arr, base, fullError } from './api.js';
import { enter } from './auth.js';
import { button, field, h, messageArea, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { count } from './format.js';
import { residentLabel } from './op-kit.js';
import { opNav } from './menus.js';
import { splitRecords, parts } from './op-csv.js';

/** @param {import('./auth.js').Ctx} ctx */
async function viewRegister(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'op.register', () => Promise.all([api('GET', base(vid)), api('GET', `${base(vid)}/residents`)]));
  if (!entered) return;
  const [village, register] = entered.data;
  const file = h('input', { id: 'reg-file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'reg-file-hint' });
  const err = messageArea('reg-error');
  const out = h('div', { id: 'reg-preview', 'aria-live': 'polite' });
  const held = h('p', { id: 'reg-count', text: t('op.registerHolds', { n: count(arr(register.residents).length) }) });
  file.addEventListener('change', async () => {
    setAlert(err, '');
    out.replaceChildren();
    const f = file.files && file.files[0];
    if (!f) return;
    try {
      const text = await f.text();
      const pre = await api('POST', `${base(vid)}/residents/check`, new Blob([text], { type: 'text/csv' }));
      out.replaceChildren(preview(pre), importer(vid, text, pre, held));
    } catch (e) {
      setAlert(err, fullError(e));
    }
  });
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('op.registerOf', { village: village.name }) }),
    opNav(vid), held,
    h('p', { class: 'lead', text: t('op.registerIntro') }),
    h('p', { class: 'hint', text: t('op.registerHeader', { header: 'resident_no,household_no,name,gender,birth_date,phone,group,household_head' }) }),
    field('reg-file', t('op.registerFile'), file, t('op.registerFileHint')), err, out);
}

/** What the file would do: counts, the first rows, every bad cell. @param {any} pre */
function preview(pre) {
  const bad = arr(pre.bad);
  return h('section', { class: 'panel', 'aria-labelledby': 'reg-preview-title' },
    h('h2', { id: 'reg-preview-title', text: t('op.previewTitle') }),
    h('p', { id: 'reg-preview-counts', text: t('op.previewCounts', { rows: count(pre.rows), good: count(pre.good), refused: count(pre.refused) }) }),
    h('h3', { text: t('op.previewFirst') }),
    h('ul', { id: 'reg-first', class: 'lines' }, arr(pre.first).map((r) => h('li', { text: residentLabel(r) }))),
    h('h3', { text: t('op.previewBad') }),
    bad.length
      ? h('ul', { id: 'reg-bad', class: 'lines' }, bad.map(badLine))
      : h('p', { id: 'reg-no-bad', class: 'check-found', text: t('op.previewNoBad') }),
    pre.more ? h('p', { class: 'hint', text: t('op.previewMore') }) : null);
}

/** @param {{line: number, field: string, message: string, message_en: string}} b */
function badLine(b) {
  const why = document.documentElement.lang === 'en' ? b.message_en : b.message;
  return h('li', { class: 'alert', 'data-line': String(b.line), text: t('op.badCell', { line: b.line, field: t(`op.column.${b.field}`), why }) });
}

/**
 * The import button, its progress and its summary.
 * @param {string} vid @param {string} text @param {any} pre @param {HTMLElement} held
 */
function importer(vid, text, pre, held) {
  const bar = h('progress', { id: 'reg-progress', max: String(Math.max(pre.rows, 1)), value: '0', 'aria-labelledby': 'reg-progress-text' });
  const said = h('p', { id: 'reg-progress-text', role: 'status', 'aria-live': 'polite' });
  const err = messageArea('reg-import-error');
  const sum = h('div', { id: 'reg-summary', role: 'status' });
  const label = pre.refused ? t('op.importGood', { good: count(pre.good), refused: count(pre.refused) }) : t('op.importAll', { rows: count(pre.rows) });
  const go = button('reg-import', label, async () => {
    go.disabled = true;
    setAlert(err, '');
    sum.replaceChildren();
    try {
      const total = { rows: 0, created: 0, updated: 0, unchanged: 0, refused: 0, households: 0 };
      const { header, records } = splitRecords(text);
      // About twenty parts: enough steps for the bar, and few enough reads of
      // the village's register (each part reads it once) for a large file.
      const size = Math.min(20000, Math.max(1000, Math.ceil(pre.rows / 20)));
      for (const p of parts(header, records, size)) {
        const r = await api('POST', `${base(vid)}/residents/import-part?first_line=${p.firstLine}`, new Blob([p.text], { type: 'text/csv' }));
        for (const k of ['rows', 'created', 'updated', 'unchanged', 'refused']) total[k] += r[k] || 0;
        total.households = r.households || total.households;
        bar.setAttribute('value', String(total.rows));
        said.textContent = t('op.importProgress', { done: count(total.rows), total: count(pre.rows) });
      }
      sum.append(h('p', { id: 'reg-done', class: 'check-found', text: t('op.importDone', {
        created: count(total.created), updated: count(total.updated), unchanged: count(total.unchanged), refused: count(total.refused) }) }));
      const again = await api('GET', `${base(vid)}/residents`);
      held.textContent = t('op.registerHolds', { n: count(arr(again.residents).length) });
    } catch (e) {
      setAlert(err, t('op.importStopped', { why: fullError(e) }));
    } finally {
      go.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'reg-import-title' },
    h('h2', { id: 'reg-import-title', text: t('op.importTitle') }),
    h('p', { class: 'actions' }, go), bar, said, err, sum);
}

export default viewRegister;
