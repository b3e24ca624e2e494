// box-sheet.js: the print view of a closed vote's published ballot box
// (issue 21 (6)), for the notice board beside the resolution: the counts,
// the final hash, every receipt (sorted, in small type, several columns) and
// the ballots counted by content; how to check a receipt and recount.

import { api, arr, base } from './api.js';
import { h } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { choiceText } from './vote-kit.js';

/** The ballots by content with how many of each. @param {any} v @param {string[][]} ballots */
function ballotCounts(v, ballots) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const b of ballots) counts.set(b.join(','), (counts.get(b.join(',')) || 0) + 1);
  return h('ul', { id: 'print-box-ballots', class: 'lines' }, [...counts].map(([line, n]) =>
    h('li', { text: t('box.ballotTimes', { choice: choiceText(v, line ? line.split(',') : []), n }) })));
}

/** The sheet of a vote's box. @param {string} vid @param {string} id */
export async function boxSheet(vid, id) {
  const box = await api('GET', `${base(vid)}/votes/${id}/box`);
  const v = box.vote;
  const r = v.result || {};
  return { title: t('box.printTitle', { title: v.title || t('vote.untitled') }), path: `/v/${vid}/votes/${id}/result`, body: [
    h('p', { id: 'print-box-closed', class: 'print-period', text: t('box.printClosed', { date: fmtDate(v.closed_at, 'long'), voters: r.voters || 0, n: arr(box.ballots).length }) }),
    h('p', { id: 'print-box-hash', class: 'mono', translate: 'no', text: t('box.printHash', { hash: box.box_hash }) }),
    h('h2', { text: t('box.ballots', { n: arr(box.ballots).length }) }), ballotCounts(v, arr(box.ballots)),
    h('h2', { text: t('box.receipts') }),
    h('ol', { id: 'print-box-receipts', class: 'print-receipts mono', translate: 'no' }, arr(box.receipts).map((x) => h('li', { text: x }))),
    h('p', { text: t('box.printFind') }),
    h('pre', { class: 'computation', translate: 'no', text: box.recount })] };
}
