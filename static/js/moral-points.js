// moral-points.js: the points table and ledgers.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { field, h, onSubmit, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { moralNav } from './menus.js';
import { catText, shortID } from './moral-kit.js';

function ledgerView(id, l) {
  const entries = arr(l.entries);
  return h('div', { id, class: 'ledger' },
    h('p', { class: 'points-total' }, t('moral.total'), ' ', h('strong', { class: 'points-total-value', text: String(l.total || 0) })),
    entries.length ? h('ol', { class: 'lines points-ledger' }, entries.map((e) => h('li', { class: 'line', 'data-case': e.case_id || null },
      h('p', { class: 'line-desc' },
        h('strong', { class: 'points-value', text: e.points > 0 ? `+${e.points}` : String(e.points) }), ' ',
        catText(e.category), ' · ', t(e.kind === 'service' ? 'moral.kindService' : `moral.verdict.${e.kind}`)),
      h('p', { class: 'line-meta', text: e.case_id
        ? t('moral.ledgerCase', { no: shortID(e.case_id), at: fmtDate(e.at), version: e.table_version })
        : t('moral.ledgerService', { service: e.service || '', at: fmtDate(e.at), version: e.table_version }) }))))
      : h('p', { class: 'empty', text: t('moral.ledgerEmpty') }));
}

async function viewPoints(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'moral.points', (m) => Promise.all([
    api('GET', `${base(vid)}/points/tables`),
    m.village_id === vid ? api('GET', `${base(vid)}/my-points`).catch((err) => {
      if (err.status === 404) return null; // not in the register's households
      throw err;
    }) : null,
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const villager = me.village_id === vid;
  const [tables, mine] = data;
  const table = arr(tables.tables)[0];
  let lookup = null;
  if (villager && (can('points', 'manage') || can('case', 'hear'))) {
    const input = h('input', { id: 'ledger-household', type: 'text', maxlength: '32', autocomplete: 'off' });
    const err = h('div', { id: 'ledger-error', class: 'alert', role: 'alert' });
    const out = h('div', { id: 'ledger-result', 'aria-live': 'polite' });
    const btn = h('button', { id: 'ledger-submit', class: 'btn btn-secondary', type: 'submit', text: t('moral.ledgerLookup') });
    const form = h('form', { id: 'ledger-form', class: 'form', novalidate: true },
      field('ledger-household', t('moral.householdNo'), input), err, btn, out);
    onSubmit(form, btn, err, async () => {
      out.replaceChildren();
      const l = await api('GET', `${base(vid)}/points/households/${encodeURIComponent(input.value.trim())}`);
      out.append(h('h3', { text: t('moral.householdLedger', { no: l.household_no }) }), ledgerView('ledger-other', l));
    });
    lookup = h('section', { class: 'panel', 'aria-labelledby': 'ledger-lookup-title' },
      h('h2', { id: 'ledger-lookup-title', text: t('moral.ledgerLookupTitle') }), form);
  }
  show(
    title('moral.points'),
    moralNav(vid),
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'my-points-title' },
      h('h2', { id: 'my-points-title', text: t('moral.myPoints') }),
      h('p', { class: 'hint', text: t('moral.myPointsHint') }),
      ledgerView('my-points', mine)) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'points-table-title' },
      h('h2', { id: 'points-table-title', text: t('moral.pointsTable') }),
      table ? h('p', { class: 'hint', text: t('moral.tableVersion', { version: table.version, at: fmtDate(table.adopted_at) }) }) : null,
      table ? h('ul', { id: 'points-table', class: 'lines' }, arr(table.rows).map((r) => h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: `${catText(r.category)} · ${t(r.kind === 'service' ? 'moral.kindService' : `moral.verdict.${r.kind}`)}: ${r.points > 0 ? '+' : ''}${r.points}` }))))
        : h('p', { id: 'points-table-empty', class: 'empty', text: t('moral.noTable') })),
    lookup,
    h('p', null, h('a', { id: 'link-ranking', class: 'btn btn-secondary', href: `#/v/${vid}/moral/lists`, text: t('moral.rankingLink') })));
}

export default viewPoints;
