// moral.js: the moral review board (道德评议会) and the associations that
// share its machinery: the board's cases, a resident's own cases (with the
// subject's response and appeal), the nomination form, the case page with
// its timeline and the board's actions, the public honour roll and warning
// list, and the points ledger. The board's hearing is a vote of the engine:
// members cast it on the vote page of votes.js.
// Server text goes in through textContent (the kit's h()), never as HTML.

import { api } from './api.js';
import { viewHelpers } from './viewkit.js';
import { t, getLang } from './i18n.js';

let k; // the app's kit
let fmtTime, can, ensureMe, failed, load, fullError, field, onSubmit; // viewkit.js, bound to k: h, show, go, state, ...

const ID = '[0-9a-f]{24}';
const V = `^/v/(?<vid>${ID})/moral`;

/** The views of this module, for app.js's router. */
export function moralRoutes(kit) {
  k = kit;
  ({ fmtTime, can, ensureMe, failed, load, fullError, field, onSubmit } = viewHelpers(kit));
  return [
    { name: 'moral', re: new RegExp(`${V}$`), view: viewHome },
    { name: 'moral-nominate', re: new RegExp(`${V}/nominate$`), view: viewNominate },
    { name: 'moral-case', re: new RegExp(`${V}/c/(?<cid>${ID})$`), view: viewCase },
    { name: 'moral-lists', re: new RegExp(`${V}/lists$`), view: viewLists },
    { name: 'moral-points', re: new RegExp(`${V}/points$`), view: viewPoints },
  ];
}

/* ---------- helpers ---------- */

const base = (vid) => `/api/v1/orgs/${vid}`;
const caseURL = (vid, cid) => `${base(vid)}/cases/${cid}`;
const h = (...a) => k.h(...a);

// The board's categories (modules/moralboard/rules.go); an association
// hears some of them, and the server refuses the others with its reason.
const CATEGORIES = ['filial_piety', 'neighbourliness', 'frugal_ceremonies', 'environment', 'anti_gambling', 'anti_drug', 'other'];
const VERDICTS = ['commendation', 'criticism', 'persuasion', 'no_action'];
const NOTICES = ['nominated', 'hearing_opened', 'appeal_opened', 'verdict'];
const OPEN_FOR_HEARING = ['nominated', 'no_verdict', 'appealed'];
const HEARING = ['hearing', 'appeal_hearing'];

function fmtDate(iso) {
  if (!iso || iso.startsWith('0001-')) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium' });
}

function moralNav(vid) {
  return h('nav', { class: 'subnav', 'aria-label': t('nav.village') },
    h('a', { id: 'nav-moral', href: `#/v/${vid}/moral`, text: t('moral.title') }),
    h('a', { id: 'nav-moral-lists', href: `#/v/${vid}/moral/lists`, text: t('moral.lists') }),
    h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') }));
}

function statusTag(status) {
  return h('span', { class: `status moral-status-${status}`, text: t(`moral.status.${status}`) });
}

/** A category in words; a points table may name one of its own. */
function catText(c) {
  return CATEGORIES.includes(c) ? t(`moral.cat.${c}`) : String(c || '');
}

function verdictText(v) {
  return v ? t(`moral.verdict.${v}`) : t('moral.noMajority');
}

function shortID(id) {
  return String(id || '').slice(0, 8);
}

function caseCard(vid, c) {
  return h('li', { class: 'card case-card', 'data-id': c.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/moral/c/${c.id}`,
      text: t('moral.caseCard', { category: catText(c.category), no: shortID(c.id) }) }),
    h('p', { class: 'meta' }, statusTag(c.status),
      c.verdict ? h('span', { class: 'case-verdict', text: ` ${verdictText(c.verdict)}` }) : null),
    h('p', { class: 'meta', text: t('moral.nominatedOn', { at: fmtDate(c.nominated_at) }) }));
}

function caseList(id, vid, cases, emptyKey) {
  return cases.length
    ? h('ul', { id, class: 'cards' }, cases.map((c) => caseCard(vid, c)))
    : h('p', { id: `${id}-empty`, class: 'empty', text: t(emptyKey) });
}

/* ---------- the board's and the resident's cases ---------- */

async function viewHome(ctx) {
  k.setTitle('moral.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const villager = me.village_id === vid;
  const hear = villager && can('case', 'hear');
  const outcomes = !villager && can('outcome', 'read');
  const data = await load(ctx, () => Promise.all([
    villager && can('case', 'read') ? api('GET', `${base(vid)}/my-cases`) : null,
    hear ? api('GET', `${base(vid)}/cases`) : null,
    outcomes ? api('GET', `${base(vid)}/case-outcomes`) : null,
  ]));
  if (!data || !ctx.alive()) return;
  const [mine, board, out] = data;
  const links = [];
  if (villager && can('case', 'create')) {
    links.push(h('a', { id: 'link-nominate', class: 'btn', href: `#/v/${vid}/moral/nominate`, text: t('moral.nominate') }));
  }
  links.push(h('a', { id: 'link-moral-lists', class: 'btn btn-secondary', href: `#/v/${vid}/moral/lists`, text: t('moral.lists') }));
  if (villager && can('points', 'read')) {
    links.push(h('a', { id: 'link-points', class: 'btn btn-secondary', href: `#/v/${vid}/moral/points`, text: t('moral.points') }));
  }
  // Reading the list marks the notices read: these are the ones new now.
  const unread = mine ? k.arr(mine.notifications).filter((n) => !n.read_at && NOTICES.includes(n.kind)) : [];
  k.show(
    k.title('moral.title'),
    moralNav(vid),
    h('p', { class: 'lead', text: t('moral.intro') }),
    h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links),
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'about-me-title' },
      h('h2', { id: 'about-me-title', text: t('moral.aboutMe') }),
      unread.length ? h('div', { id: 'about-me-new', class: 'notice' },
        h('p', { text: t('moral.newNotices', { n: unread.length }) }),
        h('ul', { class: 'plain-list' }, unread.map((n) => h('li', { 'data-kind': n.kind },
          h('a', { href: `#/v/${vid}/moral/c/${n.case_id}`, text: t(`moral.notify.${n.kind}`, { no: shortID(n.case_id), at: fmtDate(n.at) }) }))))) : null,
      h('p', { class: 'hint', text: t('moral.aboutMeHint') }),
      caseList('about-me', vid, k.arr(mine.cases), 'moral.noneAboutMe')) : null,
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'nominated-title' },
      h('h2', { id: 'nominated-title', text: t('moral.nominatedByMe') }),
      caseList('nominated-by-me', vid, k.arr(mine.nominated), 'common.empty')) : null,
    board ? h('section', { class: 'panel', 'aria-labelledby': 'board-cases-title' },
      h('h2', { id: 'board-cases-title', text: t('moral.boardCases') }),
      caseList('board-cases', vid, k.arr(board.cases), 'common.empty')) : null,
    out ? outcomesPanel(k.arr(out.outcomes)) : null);
}

/** A street official's view: the decisions and their basis, no subjects. */
function outcomesPanel(outcomes) {
  return h('section', { class: 'panel', 'aria-labelledby': 'case-outcomes-title' },
    h('h2', { id: 'case-outcomes-title', text: t('moral.outcomes') }),
    h('p', { class: 'hint', text: t('moral.outcomesHint') }),
    outcomes.length ? h('ul', { id: 'case-outcomes', class: 'lines' }, outcomes.map((o) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: t('moral.caseCard', { category: catText(o.category), no: shortID(o.case_id) }) }),
      h('p', { class: 'line-meta' }, statusTag(o.status), o.verdict ? ` ${verdictText(o.verdict)}` : ''),
      o.clause ? h('p', { class: 'line-basis', text: t('moral.clauseOf', { clause: o.clause }) }) : null)))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

/* ---------- nomination ---------- */

async function viewNominate(ctx) {
  k.setTitle('moral.nominate');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => api('GET', `/api/v1/orgs/${vid}/bodies`));
  if (!data || !ctx.alive()) return;
  const bodies = k.arr(data.bodies).filter((b) => b.kind === 'moralboard' || b.kind === 'association');
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
    k.go(`/v/${vid}/moral/c/${c.id}`);
  });
  k.show(
    k.title('moral.nominate'),
    moralNav(vid),
    h('p', { class: 'lead', text: t('moral.nominateIntro') }),
    form);
}

/* ---------- the case page ---------- */

async function viewCase(ctx) {
  k.setTitle('moral.case');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, cid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const c = await load(ctx, () => api('GET', caseURL(vid, cid)));
  if (!c || !ctx.alive()) return;
  const villager = me.village_id === vid;
  // The subject's view hides the nominator; a board member who is the
  // subject sees the whole case, and is known by the resident number.
  const subject = villager && (!c.nominator_no || (c.subject_kind === 'resident' && c.subject_no === me.resident_no));
  const hear = villager && can('case', 'hear');
  const heading = h('h1', { id: 'view-title', tabindex: '-1', text: t('moral.caseTitle', { category: catText(c.category), no: shortID(c.id) }) });
  k.show(
    heading,
    moralNav(vid),
    facts(c, subject),
    h('section', { class: 'panel', 'aria-labelledby': 'case-description-title' },
      h('h2', { id: 'case-description-title', text: t('moral.description') }),
      h('p', { id: 'case-description', class: 'prose', text: c.description }),
      evidenceList(c)),
    responsePanel(vid, c, subject),
    subject ? appealPanel(vid, c) : null,
    hear ? boardPanel(vid, c) : null,
    hearingsPanel(vid, c),
    timelinePanel(c));
}

function facts(c, subject) {
  const who = subject
    ? t(c.subject_kind === 'household' ? 'moral.subjectYourHousehold' : 'moral.subjectYou')
    : t(`moral.subjectOf.${c.subject_kind}`, { no: c.subject_no });
  const rows = [
    ['moral.statusLabel', h('span', { id: 'case-status' }, statusTag(c.status))],
    ['moral.subject', h('span', { id: 'case-subject', text: [who, c.subject_group].filter(Boolean).join(' · ') })],
    ['moral.category', h('span', { id: 'case-category', text: catText(c.category) })],
    ['moral.clause', h('span', { id: 'case-clause', text: c.clause })],
    ['moral.nominatedAt', h('span', { text: fmtTime(c.nominated_at) })],
    ['moral.told', h('span', { id: 'case-told', text: c.told_at ? t('moral.toldOn', { at: fmtTime(c.told_at), how: t(`moral.how.${c.told_how}`) }) : t('moral.notTold') })],
  ];
  if (c.verdict) rows.push(['moral.verdictLabel', h('strong', { id: 'case-verdict', text: verdictText(c.verdict) })]);
  if (c.appeal_deadline && c.status === 'decided') rows.push(['moral.appealDeadline', h('span', { id: 'case-appeal-deadline', text: fmtTime(c.appeal_deadline) })]);
  if (c.final_at) rows.push(['moral.finalAt', h('span', { id: 'case-final-at', text: fmtTime(c.final_at) })]);
  if (c.listed_until) {
    rows.push(['moral.warningPeriod', h('span', { id: 'case-listed-until', text: t('moral.listedFromTo', { from: fmtDate(c.final_at), until: fmtDate(c.listed_until) }) })]);
  }
  return h('dl', { id: 'case-facts', class: 'facts' }, rows.flatMap(([key, dd]) => [h('dt', { text: t(key) }), h('dd', null, dd)]));
}

function evidenceList(c) {
  const links = k.arr(c.evidence);
  if (!links.length) return null;
  return h('div', null,
    h('h3', { text: t('moral.evidence') }),
    h('ul', { id: 'case-evidence', class: 'plain-list' }, links.map((u) => h('li', null,
      /^https?:\/\//i.test(u) ? h('a', { href: u, rel: 'noopener noreferrer nofollow', target: '_blank', text: u }) : h('span', { text: u })))));
}

function responsePanel(vid, c, subject) {
  const kids = [h('h2', { id: 'response-title', text: t('moral.response') })];
  if (c.response) {
    kids.push(h('p', { id: 'case-response', class: 'prose', text: c.response.text }),
      h('p', { class: 'meta', text: t('moral.respondedOn', { at: fmtTime(c.response.at) }) }));
  } else if (subject && ['nominated', 'no_verdict'].includes(c.status)) {
    const text = h('textarea', { id: 'response-text', rows: '5', maxlength: '4000', required: true });
    const err = h('div', { id: 'response-error', class: 'alert', role: 'alert' });
    const btn = h('button', { id: 'response-submit', class: 'btn btn-wide', type: 'submit', text: t('moral.respondSubmit') });
    const form = h('form', { id: 'response-form', class: 'form', novalidate: true },
      field('response-text', t('moral.respondLabel'), text, t('moral.respondHint')), err, btn);
    onSubmit(form, btn, err, async () => {
      await api('POST', `${caseURL(vid, c.id)}/response`, { text: text.value.trim() });
      k.rerender();
    });
    kids.push(form);
  } else {
    kids.push(h('p', { id: 'case-response-none', class: 'empty', text: t('moral.noResponse') }));
  }
  return h('section', { id: 'response', class: 'panel', 'aria-labelledby': 'response-title' }, kids);
}

function appealPanel(vid, c) {
  if (c.appeal) {
    return h('section', { id: 'appeal', class: 'panel', 'aria-labelledby': 'appeal-title' },
      h('h2', { id: 'appeal-title', text: t('moral.appeal') }),
      h('p', { id: 'case-appeal', class: 'prose', text: c.appeal.reason }),
      h('p', { class: 'meta', text: t('moral.appealedOn', { at: fmtTime(c.appeal.filed_at) }) }));
  }
  if (c.status !== 'decided' || !['criticism', 'persuasion'].includes(c.verdict) || !can('case', 'appeal')) return null;
  const reason = h('textarea', { id: 'appeal-reason', rows: '4', maxlength: '4000', required: true });
  const err = h('div', { id: 'appeal-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'appeal-submit', class: 'btn btn-wide', type: 'submit', text: t('moral.appealSubmit') });
  const form = h('form', { id: 'appeal-form', class: 'form', novalidate: true },
    field('appeal-reason', t('moral.appealReason'), reason, t('moral.appealHint', { until: fmtTime(c.appeal_deadline) })), err, btn);
  onSubmit(form, btn, err, async () => {
    await api('POST', `${caseURL(vid, c.id)}/appeal`, { reason: reason.value.trim() });
    k.rerender();
  });
  return h('section', { id: 'appeal', class: 'panel', 'aria-labelledby': 'appeal-title' },
    h('h2', { id: 'appeal-title', text: t('moral.appeal') }), form);
}

/** What a board member may do at the case's stage; the server decides. */
function boardPanel(vid, c) {
  const err = h('div', { id: 'board-error', class: 'alert', role: 'alert' });
  const parts = [];
  const act = (btn, fn) => btn.addEventListener('click', async () => {
    if (btn.disabled) return;
    btn.disabled = true;
    k.setAlert(err, '');
    try {
      await fn();
    } catch (ex) {
      k.setAlert(err, fullError(ex));
      btn.disabled = false;
    }
  });
  if (!c.told_at && ['nominated', 'no_verdict'].includes(c.status)) {
    const how = h('select', { id: 'notice-how' }, ['in_person', 'paper', 'phone'].map((x) => h('option', { value: x, text: t(`moral.how.${x}`) })));
    const note = h('input', { id: 'notice-note', type: 'text', maxlength: '500' });
    const btn = h('button', { id: 'notice-submit', class: 'btn btn-secondary', type: 'submit', text: t('moral.noticeSubmit') });
    const form = h('form', { id: 'notice-form', class: 'form', novalidate: true },
      h('h3', { text: t('moral.noticeTitle') }), h('p', { class: 'hint', text: t('moral.noticeHint') }),
      field('notice-how', t('moral.noticeHow'), how), field('notice-note', t('moral.note'), note), btn);
    onSubmit(form, btn, err, async () => {
      await api('POST', `${caseURL(vid, c.id)}/notice`, { how: how.value, note: note.value.trim() });
      k.rerender();
    });
    parts.push(form);
  }
  if (OPEN_FOR_HEARING.includes(c.status)) {
    const open = h('button', { id: 'open-hearing', class: 'btn btn-wide', type: 'button',
      text: t(c.status === 'appealed' ? 'moral.openAppealHearing' : 'moral.openHearing') });
    act(open, async () => {
      await api('POST', `${caseURL(vid, c.id)}/hearing`);
      k.rerender();
    });
    parts.push(h('p', { class: 'hint', text: t('moral.openHearingHint') }), h('p', null, open));
  }
  if (HEARING.includes(c.status)) {
    const last = k.arr(c.hearings)[c.hearings.length - 1] || {};
    parts.push(h('p', null, h('a', { id: 'go-vote', class: 'btn btn-wide', href: `#/v/${vid}/votes/${last.vote_id}`, text: t('moral.goVote') })));
    if (can('case', 'decide')) {
      const ask = h('button', { id: 'decide', class: 'btn btn-wide', type: 'button', text: t('moral.decide') });
      const sure = h('button', { id: 'decide-confirm', class: 'btn', type: 'button', text: t('moral.decideConfirm') });
      const keep = h('button', { id: 'decide-cancel', class: 'btn btn-secondary', type: 'button', text: t('moral.cancel') });
      const box = h('div', { id: 'decide-box', class: 'notice' }, h('p', { text: t('moral.decideAsk') }), h('p', { class: 'actions' }, sure, keep));
      box.hidden = true;
      ask.addEventListener('click', () => { box.hidden = false; ask.hidden = true; sure.focus(); });
      keep.addEventListener('click', () => { box.hidden = true; ask.hidden = false; ask.focus(); });
      act(sure, async () => {
        await api('POST', `${caseURL(vid, c.id)}/verdict`);
        k.rerender();
      });
      parts.push(h('p', null, ask), box);
    }
  }
  if (OPEN_FOR_HEARING.includes(c.status)) {
    const note = h('input', { id: 'recuse-note', type: 'text', maxlength: '500', required: true });
    const btn = h('button', { id: 'recuse-submit', class: 'btn btn-secondary', type: 'submit', text: t('moral.recuseSubmit') });
    const form = h('form', { id: 'recuse-form', class: 'form', novalidate: true },
      h('h3', { text: t('moral.recuseTitle') }), field('recuse-note', t('moral.recuseNote'), note, t('moral.recuseHint')), btn);
    onSubmit(form, btn, err, async () => {
      await api('POST', `${caseURL(vid, c.id)}/recusals`, { note: note.value.trim() });
      k.rerender();
    });
    parts.push(form);
  }
  if (!parts.length) return null;
  return h('section', { id: 'board-actions', class: 'panel controls', 'aria-labelledby': 'board-actions-title' },
    h('h2', { id: 'board-actions-title', text: t('moral.boardActions') }), err, parts);
}

function recusalLine(r) {
  return h('li', { class: 'recusal', 'data-resident': r.resident_no },
    t('moral.recusal', { no: r.resident_no, reason: t(`moral.reason.${r.reason}`) }),
    r.note ? h('span', { class: 'event-note', text: r.note }) : null);
}

function hearingsPanel(vid, c) {
  const hearings = k.arr(c.hearings);
  if (!hearings.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'hearings-title' },
    h('h2', { id: 'hearings-title', text: t('moral.hearings') }),
    h('ol', { id: 'case-hearings', class: 'lines' }, hearings.map((x) => {
      const counts = VERDICTS.filter((v) => x.counts && v in x.counts)
        .map((v) => `${t(`moral.verdict.${v}`)} ${x.counts[v]}`).join(t('moral.listSep'));
      return h('li', { class: 'line hearing', 'data-stage': x.stage },
        h('p', { class: 'line-desc', text: t(`moral.stage.${x.stage}`) }),
        h('p', { class: 'line-meta', text: t('moral.openedOn', { at: fmtTime(x.opened_at) }) }),
        h('p', null, h('a', { class: 'hearing-vote', href: `#/v/${vid}/votes/${x.vote_id}`, text: t(x.closed_at ? 'moral.seeVote' : 'moral.goVote') })),
        k.arr(x.recusals).length ? h('ul', { class: 'plain-list recusals' }, k.arr(x.recusals).map(recusalLine))
          : h('p', { class: 'hint', text: t('moral.noRecusals') }),
        x.closed_at ? h('p', { class: 'hearing-verdict', text: t('moral.hearingVerdict', { verdict: verdictText(x.verdict) }) }) : null,
        counts ? h('p', { class: 'line-meta', text: counts }) : null);
    })));
}

/** A timeline event's detail, in words: the server keeps short codes. */
function eventDetail(e) {
  const d = e.detail || '';
  switch (e.action) {
    case 'nominated':
      return CATEGORIES.includes(d) ? t(`moral.cat.${d}`) : '';
    case 'told': {
      const [how, ...note] = d.split(' ');
      return [['app', 'in_person', 'paper', 'phone'].includes(how) ? t(`moral.how.${how}`) : '', note.join(' ')].filter(Boolean).join(' · ');
    }
    case 'recused':
      return d;
    case 'decided':
    case 'appeal_decided':
      return verdictText(d === 'no majority' ? '' : d);
    case 'final':
      return t('moral.finalNote');
    default:
      return '';
  }
}

function timelinePanel(c) {
  const events = k.arr(c.timeline);
  return h('section', { class: 'panel', 'aria-labelledby': 'case-timeline-title' },
    h('h2', { id: 'case-timeline-title', text: t('moral.timeline') }),
    h('ol', { id: 'case-timeline', class: 'events case-timeline' }, events.map((e) => {
      const detail = eventDetail(e);
      return h('li', { class: 'event', 'data-action': e.action },
        h('time', { datetime: e.at, text: fmtTime(e.at) }), ' ',
        h('span', { class: 'event-what', text: t(`moral.event.${e.action}`) }),
        detail ? h('span', { class: 'event-note', text: detail }) : null);
    })));
}

/* ---------- public lists: honour roll, warning list, ranking ---------- */

async function viewLists(ctx) {
  k.setTitle('moral.lists');
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  // Public: no login needed, so no ensureMe.
  const data = await load(ctx, () => Promise.all([
    api('GET', `/api/v1/orgs/${vid}`),
    api('GET', `${base(vid)}/honour-roll`),
    api('GET', `${base(vid)}/warning-list`),
    api('GET', `${base(vid)}/points/ranking`).catch((err) => {
      if (err.status === 404) return null; // the village keeps its ranking private
      throw err;
    }),
  ]));
  if (!data || !ctx.alive()) return;
  const [village, honour, warning, ranking] = data;
  const roll = k.arr(honour.entries);
  const warned = k.arr(warning.entries);
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('moral.listsOf', { village: village.name || '' }) }),
    moralNav(vid),
    h('section', { class: 'panel', 'aria-labelledby': 'honour-title' },
      h('h2', { id: 'honour-title', text: t('moral.honourRoll') }),
      roll.length ? h('ul', { id: 'honour-roll', class: 'lines' }, roll.map((e) => h('li', { class: 'line honour' },
        h('p', { class: 'line-desc' }, h('span', { class: 'honour-name', text: e.name }), e.group ? ` · ${e.group}` : ''),
        h('p', { class: 'line-meta', text: t('moral.honourLine', { category: catText(e.category), since: fmtDate(e.since) }) }))))
        : h('p', { id: 'honour-roll-empty', class: 'empty', text: t('moral.honourEmpty') })),
    h('section', { class: 'panel', 'aria-labelledby': 'warning-title' },
      h('h2', { id: 'warning-title', text: t('moral.warningList') }),
      h('p', { class: 'hint', text: t('moral.warningHint') }),
      warned.length ? h('ul', { id: 'warning-list', class: 'lines' }, warned.map((e) => h('li', { class: 'line warning' },
        h('p', { class: 'line-desc' }, h('span', { class: 'warning-surname', text: t('moral.surname', { surname: e.surname }) }),
          ' · ', h('span', { class: 'warning-group', text: e.group })),
        h('p', { class: 'line-meta', text: t('moral.warningLine', { category: catText(e.category), since: fmtDate(e.since), until: fmtDate(e.until) }) }))))
        : h('p', { id: 'warning-list-empty', class: 'empty', text: t('moral.warningEmpty') })),
    ranking ? h('section', { class: 'panel', 'aria-labelledby': 'ranking-title' },
      h('h2', { id: 'ranking-title', text: t('moral.ranking') }),
      k.arr(ranking.ranking).length ? h('ol', { id: 'points-ranking', class: 'lines' }, k.arr(ranking.ranking).map((r) => h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: t('moral.rankLine', { rank: r.rank, surname: r.surname, group: r.group || '', points: r.points }) }))))
        : h('p', { class: 'empty', text: t('common.empty') })) : null);
}

/* ---------- points ---------- */

function ledgerView(id, l) {
  const entries = k.arr(l.entries);
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
  k.setTitle('moral.points');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const villager = me.village_id === vid;
  const data = await load(ctx, () => Promise.all([
    api('GET', `${base(vid)}/points/tables`),
    villager ? api('GET', `${base(vid)}/my-points`).catch((err) => {
      if (err.status === 404) return null; // not in the register's households
      throw err;
    }) : null,
  ]));
  if (!data || !ctx.alive()) return;
  const [tables, mine] = data;
  const table = k.arr(tables.tables)[0];
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
  k.show(
    k.title('moral.points'),
    moralNav(vid),
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'my-points-title' },
      h('h2', { id: 'my-points-title', text: t('moral.myPoints') }),
      h('p', { class: 'hint', text: t('moral.myPointsHint') }),
      ledgerView('my-points', mine)) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'points-table-title' },
      h('h2', { id: 'points-table-title', text: t('moral.pointsTable') }),
      table ? h('p', { class: 'hint', text: t('moral.tableVersion', { version: table.version, at: fmtDate(table.adopted_at) }) }) : null,
      table ? h('ul', { id: 'points-table', class: 'lines' }, k.arr(table.rows).map((r) => h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: `${catText(r.category)} · ${t(r.kind === 'service' ? 'moral.kindService' : `moral.verdict.${r.kind}`)}: ${r.points > 0 ? '+' : ''}${r.points}` }))))
        : h('p', { id: 'points-table-empty', class: 'empty', text: t('moral.noTable') })),
    lookup,
    h('p', null, h('a', { id: 'link-ranking', href: `#/v/${vid}/moral/lists`, text: t('moral.rankingLink') })));
}
