// supervision-body.js: what the operator's bodies page adds for the
// supervision committee (村务监督委员会, V2026 Art. 37; 居务监督委员会, U2026 Art. 36):
// the meeting decision that elected it, picked by title; the committee's term;
// and the close relatives residents declared, picked by name, so the bar
// (no committee member nor their close relative sits on it) can be checked.

import { api, arr, base, fullError } from './api.js';
import { button, field, h, messageArea, panel, setAlert } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { residentLabel, residentSearch } from './op-kit.js';

/**
 * @typedef {import('./op-kit.js').Resident} Resident
 * @typedef {{vote_id: string, title: string, meeting_kind: string, closed_at?: string}} Decision
 */

/**
 * The new body form's fields that depend on the kind: for a supervision
 * committee the electing decision, for the committee its term's end.
 * @param {string} vid
 * @param {HTMLSelectElement} kind
 * @returns {{node: Node, extra: () => Record<string, unknown>}}
 */
export function bodyExtras(vid, kind) {
  const pick = /** @type {HTMLSelectElement} */ (h('select', { id: 'body-elected-by' }));
  const term = /** @type {HTMLInputElement} */ (h('input', { id: 'body-term-ends', type: 'date' }));
  const elected = field('body-elected-by', t('sup.electedBy'), pick, t('sup.electedByHint'));
  const ends = field('body-term-ends', t('sup.termEnds'), term);
  let loaded = false;
  const load = async () => {
    if (loaded) return;
    loaded = true;
    const got = await api('GET', `${base(vid)}/body-decisions`);
    /** @type {Decision[]} */
    const ds = arr(got.decisions);
    pick.replaceChildren(h('option', { value: '', text: ds.length ? t('sup.pickDecision') : t('sup.noDecision') }),
      ...ds.map((d) => h('option', { value: d.vote_id, text: `${d.title} · ${t(`meeting.${d.meeting_kind}`)}${d.closed_at ? ` · ${fmtDate(d.closed_at, 'long')}` : ''}` })));
  };
  const sync = () => {
    elected.hidden = kind.value !== 'supervision';
    ends.hidden = kind.value !== 'committee';
    if (!elected.hidden) load().catch(() => { loaded = false; });
  };
  kind.addEventListener('change', sync);
  sync();
  return {
    node: h('div', null, elected, ends),
    extra: () => {
      if (kind.value === 'supervision') return pick.value ? { elected_by: { vote_id: pick.value } } : {};
      if (kind.value === 'committee' && term.value) return { term_ends: term.value };
      return {};
    },
  };
}

/** What a body's heading adds: who elected it and until when. @param {any} b */
export function bodyFacts(b) {
  const facts = [
    b.elected_by ? t('sup.electedByWas', { title: b.elected_by.title }) : '',
    b.term_ends ? t('sup.termUntil', { date: fmtDate(b.term_ends, 'long') }) : '',
  ].filter(Boolean);
  return facts.length ? h('p', { class: 'meta', id: `body-${b.id}-facts`, text: facts.join(' · ') }) : null;
}

/**
 * The declared close relatives: pick a resident by name, see whom they
 * declared, add or remove a relative by name.
 * @param {string} vid
 * @param {Resident[]} residents
 */
export async function relativesPanel(vid, residents) {
  const got = await api('GET', `${base(vid)}/relatives`);
  const byNo = new Map(residents.map((r) => [r.resident_no, r]));
  /** @type {Map<string, string[]>} */
  const declared = new Map(arr(got.relatives).map((x) => [x.resident_no, arr(x.relatives)]));
  const err = messageArea('rel-error');
  const news = messageArea('rel-news', { polite: true, cls: 'check-found' });
  const holder = h('div', { id: 'rel-person' });
  /** @param {Resident} who */
  const drawPerson = (who) => {
    const mine = declared.get(who.resident_no) || [];
    const save = async (/** @type {string[]} */ next, /** @type {string} */ said) => {
      setAlert(err, '');
      try {
        await api('PUT', `${base(vid)}/residents/${encodeURIComponent(who.resident_no)}/relatives`, { relatives: next });
        declared.set(who.resident_no, next);
        drawPerson(who);
        setAlert(news, said);
      } catch (e) {
        setAlert(err, fullError(e));
      }
    };
    const name = (/** @type {string} */ no) => byNo.get(no)?.name || no;
    holder.replaceChildren(h('h3', { id: 'rel-person-title', text: t('sup.relativesOf', { name: who.name }) }),
      h('ul', { id: 'rel-list', class: 'lines' }, mine.length ? mine.map((no) => h('li', { 'data-relative': name(no) },
        h('span', { text: byNo.get(no) ? residentLabel(/** @type {Resident} */ (byNo.get(no))) : no }), ' ',
        button(null, t('op.memberRemove'), () => save(mine.filter((x) => x !== no), t('sup.relativeRemoved', { name: name(no) })), 'btn btn-secondary')))
        : [h('li', { class: 'empty', text: t('sup.noRelatives') })]),
      residentSearch('rel-add', residents, (r) => save([...mine, r.resident_no], t('sup.relativeAdded', { name: r.name, of: who.name })),
        (r) => r.resident_no !== who.resident_no && !mine.includes(r.resident_no)));
  };
  return panel('rel-title', t('sup.relativesTitle'),
    h('p', { class: 'hint', text: t('sup.relativesRule') }),
    residentSearch('rel-who', residents, drawPerson), holder, err, news);
}
