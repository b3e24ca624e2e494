// proposals.js: proposals, the hall, and the notification bell.
// Server text goes into the page through textContent (the kit's h()), never
// parsed as HTML; every fixed string comes from the i18n files.

import { api } from './api.js';
import { viewHelpers } from './viewkit.js';
import { t, pick, getLang } from './i18n.js';

let k; // the app's kit: h, show, go, state, ...
let ensureMe, load, fullError, field; // viewkit.js, bound to k

const ID = '[0-9a-f]{24}';
const V = `^/v/(?<vid>${ID})`;

/** The views of this module, for app.js's router. */
export function proposalRoutes(kit) {
  k = kit;
  ({ ensureMe, load, fullError, field } = viewHelpers(kit));
  return [
    { path: '/proposals', view: viewPick },
    { name: 'proposals', re: new RegExp(`${V}/proposals$`), view: viewList },
    { name: 'proposal-new', re: new RegExp(`${V}/proposals/new$`), view: viewForm },
    { name: 'proposal', re: new RegExp(`${V}/p/(?<pid>${ID})$`), view: viewDetail },
    { name: 'proposal-edit', re: new RegExp(`${V}/p/(?<pid>${ID})/edit$`), view: viewForm },
    { name: 'hall', re: new RegExp(`${V}/hall$`), view: viewHall },
    { name: 'notifications', re: new RegExp(`${V}/notifications$`), view: viewNotifications },
  ];
}

/* ---------- helpers ---------- */

const base = (vid) => `/api/v1/orgs/${vid}`;

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

function fmtDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'long' });
}

function can(obj, act) {
  const me = k.state.me || {};
  return k.arr(me.powers).some((p) => p.obj === obj && p.act === act);
}

const orgNames = new Map();
async function villageName(vid) {
  if (!orgNames.has(vid)) {
    const o = await api('GET', `/api/v1/orgs/${vid}`);
    orgNames.set(vid, o.name || '');
  }
  return orgNames.get(vid);
}

/** The links every view of a village shows. */
function villageNav(vid) {
  const { h } = k;
  return h('nav', { class: 'subnav', 'aria-label': t('nav.village') },
    h('a', { id: 'nav-proposals', href: `#/v/${vid}/proposals`, text: t('nav.proposals') }),
    h('a', { id: 'nav-hall', href: `#/v/${vid}/hall`, text: t('nav.hall') }),
    h('a', { id: 'nav-votes', href: `#/v/${vid}/votes`, text: t('nav.votes') }),
    h('a', { id: 'nav-notifications', href: `#/v/${vid}/notifications`, text: t('nav.notifications') }),
    h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') }));
}

function statusTag(status) {
  return k.h('span', { class: `status status-${status}`, text: t(`status.${status}`) });
}

function stepName(cur) {
  return cur ? pick(cur, 'name_zh', 'name_en') : '';
}

/** A button that runs an action once at a time and shows its error. */
function actionButton(id, label, errBox, run, { secondary = false } = {}) {
  const btn = k.h('button', { id, class: secondary ? 'btn btn-secondary' : 'btn', type: 'button', text: label });
  btn.addEventListener('click', async () => {
    if (btn.disabled) return;
    btn.disabled = true;
    k.setAlert(errBox, '');
    try {
      await run();
    } catch (err) {
      btn.disabled = false;
      k.setAlert(errBox, k.errorText(err));
    }
  });
  return btn;
}

/* ---------- bell ---------- */

/** Shows the unread count of the logged-in resident's notifications. */
export async function refreshBell(me) {
  const bell = document.getElementById('bell');
  if (!bell) return;
  const count = document.getElementById('bell-count');
  if (!me || !me.village_id) {
    bell.hidden = true;
    return;
  }
  bell.href = `#/v/${me.village_id}/notifications`;
  try {
    const data = await api('GET', `${base(me.village_id)}/notifications/unread`);
    const n = (data && data.unread) || 0;
    count.textContent = String(n);
    count.classList.toggle('zero', n === 0);
    bell.setAttribute('aria-label', t('bell.aria', { n }));
    bell.hidden = false;
  } catch {
    bell.hidden = true; // logged out meanwhile, or no permission: no bell
  }
}

/* ---------- village picker (officials) ---------- */

async function viewPick(ctx) {
  k.setTitle('proposals.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (me.village_id) {
    k.go(`/v/${me.village_id}/proposals`, { replace: true });
    return;
  }
  k.showLoading();
  const data = await load(ctx, () => api('GET', '/api/v1/orgs'));
  if (!data || !ctx.alive()) return;
  const scopes = k.arr(me.roles).map((r) => r.scope);
  const villages = k.arr(data.orgs).filter((o) => o.level === 'village'
    && scopes.some((s) => s === '/' || o.path === s || o.path.startsWith(`${s}/`)));
  const { h } = k;
  k.show(
    k.title('proposals.pickTitle'),
    h('p', { class: 'lead', text: t('proposals.pickIntro') }),
    villages.length
      ? h('ul', { id: 'village-list', class: 'cards' }, villages.map((o) => h('li', { class: 'card' },
        h('a', { class: 'card-title', href: `#/v/${o.id}/proposals`, text: o.name }))))
      : h('p', { class: 'empty', text: t('common.empty') }),
    k.navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

/* ---------- list ---------- */

const listState = { sort: 'recent' };

function proposalCard(vid, p) {
  const { h } = k;
  const li = h('li', { class: 'card proposal-card', 'data-id': p.id },
    h('a', { class: 'card-title', href: `#/v/${vid}/p/${p.id}`, text: p.title }),
    h('p', { class: 'meta' },
      statusTag(p.status), ' ',
      p.kind === 'topic' ? h('span', { class: 'tag-plain', text: t('proposal.kindTopic') }) : null,
      p.current && p.status !== 'draft' ? h('span', { text: t('proposal.atStep', { step: stepName(p.current) }) }) : null),
    h('p', { class: 'meta', text: t('proposal.signatureCount', { n: (p.counts && p.counts.signatures) || 0 }) }));
  if (p.obligation) {
    li.append(h('p', { class: 'notice', text: t('proposal.obligationShort', { date: fmtDate(p.obligation.deadline) }) }));
  }
  return li;
}

async function viewList(ctx) {
  k.setTitle('proposals.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([
    villageName(vid),
    api('GET', `${base(vid)}/proposals?sort=${listState.sort}&limit=50`),
  ]));
  if (!data || !ctx.alive()) return;
  const [name, page] = data;
  const { h } = k;

  const list = h('ul', { id: 'proposal-list', class: 'cards' }, k.arr(page.items).map((p) => proposalCard(vid, p)));
  const empty = h('p', { id: 'proposal-empty', class: 'empty', text: t('proposals.empty') });
  empty.hidden = k.arr(page.items).length > 0;
  const listTitle = h('h2', { id: 'list-title', text: t('proposals.all') });

  const q = h('input', { id: 'search-q', type: 'search', maxlength: '50', autocomplete: 'off' });
  const searchErr = h('p', { id: 'search-error', class: 'field-error', role: 'alert' });
  const clear = h('button', { id: 'search-clear', class: 'btn btn-secondary', type: 'button', text: t('proposals.searchClear') });
  clear.hidden = true;
  clear.addEventListener('click', () => k.rerender());
  const search = h('form', { id: 'search-form', class: 'form inline-form', role: 'search' },
    field('search-q', t('proposals.search'), q, t('proposals.searchHint')),
    searchErr,
    h('p', { class: 'actions' }, h('button', { id: 'search-submit', class: 'btn', type: 'submit', text: t('proposals.searchSubmit') }), clear));
  search.addEventListener('submit', async (e) => {
    e.preventDefault();
    k.setAlert(searchErr, '');
    try {
      const res = await api('GET', `${base(vid)}/search?q=${encodeURIComponent(q.value.trim())}`);
      if (!ctx.alive()) return;
      list.replaceChildren(...k.arr(res.items).map((p) => proposalCard(vid, p)));
      listTitle.textContent = t('proposals.results', { q: q.value.trim() });
      empty.hidden = k.arr(res.items).length > 0;
      clear.hidden = false;
    } catch (err) {
      k.setAlert(searchErr, fullError(err));
    }
  });

  const sorts = h('p', { class: 'sort', role: 'group', 'aria-label': t('proposals.sort') },
    ['recent', 'support', 'created'].map((s) => {
      const b = h('button', { id: `sort-${s}`, class: 'btn btn-secondary', type: 'button', 'aria-pressed': String(listState.sort === s), text: t(`sort.${s}`) });
      b.addEventListener('click', () => { listState.sort = s; k.rerender(); });
      return b;
    }));

  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('proposals.heading', { village: name }) }),
    villageNav(vid),
    can('proposal', 'create') && me.village_id === vid
      ? h('p', null, h('a', { id: 'new-proposal', class: 'btn btn-wide', href: `#/v/${vid}/proposals/new`, text: t('proposals.new') }))
      : null,
    search,
    listTitle,
    sorts,
    list,
    empty);
}

/* ---------- create and edit ---------- */

async function viewForm(ctx) {
  const { vid, pid } = ctx.params;
  k.setTitle(pid ? 'form.editTitle' : 'form.newTitle');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([
    api('GET', `${base(vid)}/bodies`),
    api('GET', `${base(vid)}/flows`),
    pid ? api('GET', `${base(vid)}/proposals/${pid}`) : Promise.resolve(null),
  ]));
  if (!data || !ctx.alive()) return;
  const [bodies, flows, detailData] = data;
  const p = detailData ? detailData.proposal : null;
  const { h } = k;

  const bodySel = h('select', { id: 'proposal-body-id', required: true },
    k.arr(bodies.bodies).filter((b) => b.kind === 'council' || b.kind === 'association')
      .filter((b) => b.id !== 'representatives')
      .map((b) => h('option', { value: b.id, text: b.name })));
  const titleIn = h('input', { id: 'proposal-title', type: 'text', maxlength: '120', required: true });
  const text = h('textarea', { id: 'proposal-text', rows: '8', maxlength: '10000' });
  const cat = h('select', { id: 'proposal-category', required: true },
    k.arr(flows.categories).map((c) => h('option', { value: c.key, text: c.art24 ? t('form.art24Category', { name: t(`cat.${c.key}`) }) : t(`cat.${c.key}`) })));
  const flowSel = h('select', { id: 'proposal-flow' },
    h('option', { value: '', text: t('form.flowDefault') }),
    k.arr(flows.flows).filter((f) => f.key !== 'hall').map((f) => h('option', { value: f.key, text: pick(f, 'name_zh', 'name_en') })));
  const convene = h('select', { id: 'proposal-convene' },
    h('option', { value: '', text: t('form.conveneNone') }),
    ['villagers_meeting', 'representatives_meeting', 'residents_meeting'].map((m) => h('option', { value: m, text: t(`meeting.${m}`) })));
  const linkTitle = h('input', { id: 'proposal-link-title', type: 'text', maxlength: '100' });
  const linkURL = h('input', { id: 'proposal-link-url', type: 'url', maxlength: '500' });
  if (p) {
    bodySel.value = p.body_id;
    titleIn.value = p.title;
    text.value = p.body || '';
    cat.value = p.category;
    flowSel.value = p.flow_key || '';
    convene.value = p.convene || '';
    const l = k.arr(p.links)[0];
    if (l) { linkTitle.value = l.title; linkURL.value = l.url; }
  }
  const errBox = h('div', { id: 'form-error', class: 'alert', role: 'alert' });
  const submit = h('button', { id: 'proposal-save', class: 'btn btn-wide', type: 'submit', text: t('form.save') });
  const form = h('form', { id: 'proposal-form', class: 'form', novalidate: true },
    field('proposal-body-id', t('form.body'), bodySel),
    field('proposal-title', t('form.title'), titleIn),
    field('proposal-text', t('form.text'), text),
    field('proposal-category', t('form.category'), cat, t('form.categoryHint')),
    field('proposal-flow', t('form.flow'), flowSel),
    field('proposal-convene', t('form.convene'), convene, t('form.conveneHint')),
    h('fieldset', { class: 'field' },
      h('legend', { text: t('form.link') }),
      field('proposal-link-title', t('form.linkTitle'), linkTitle),
      field('proposal-link-url', t('form.linkURL'), linkURL)),
    errBox,
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    k.setAlert(errBox, '');
    const body = {
      body_id: bodySel.value, title: titleIn.value, body: text.value, category: cat.value,
      flow: flowSel.value, convene: convene.value,
      links: linkURL.value.trim() ? [{ title: linkTitle.value.trim() || linkURL.value.trim(), url: linkURL.value.trim() }] : [],
    };
    try {
      const saved = pid
        ? await api('PUT', `${base(vid)}/proposals/${pid}`, body)
        : await api('POST', `${base(vid)}/proposals`, body);
      k.go(`/v/${vid}/p/${saved.id}`);
    } catch (err) {
      submit.disabled = false;
      k.setAlert(errBox, fullError(err));
    }
  });
  k.show(k.title(pid ? 'form.editTitle' : 'form.newTitle'), villageNav(vid), h('p', { class: 'hint', text: t('form.draftHint') }), form);
}

/* ---------- detail ---------- */

/** The flow's steps with what happened in each: the timeline. */
function timeline(p) {
  const { h } = k;
  const steps = p.flow ? k.arr(p.flow.steps) : [];
  const idx = p.current ? p.current.index : -1;
  const byStep = new Map();
  const before = [];
  for (const e of k.arr(p.history)) {
    if (e.step && steps.some((s) => s.key === e.step)) {
      if (!byStep.has(e.step)) byStep.set(e.step, []);
      byStep.get(e.step).push(e);
    } else {
      before.push(e);
    }
  }
  const entry = (e) => h('li', { class: 'event' },
    h('span', { class: 'event-what', text: t(`action.${e.action}`) }),
    ' ',
    h('span', { class: 'event-who', text: [e.actor_name, e.role ? t(`role.${e.role}`) : ''].filter(Boolean).join(' · ') }),
    ' ',
    h('time', { datetime: e.at, text: fmtTime(e.at) }),
    e.opinion ? h('span', { class: 'event-note', text: t(`opinion.${e.opinion}`) }) : null,
    e.review ? h('span', { class: 'event-note', text: t('detail.reviewCounts', e.review) }) : null,
    e.meeting ? h('span', { class: 'event-note', text: t(`meeting.${e.meeting}`) }) : null,
    e.note && !e.note.match(/^[0-9a-f]{24}$/) ? h('span', { class: 'event-note', text: e.note }) : null);
  const items = steps.map((s, i) => {
    let stateKey = 'pending';
    if (p.status === 'draft') stateKey = 'pending';
    else if (i < idx) stateKey = 'done';
    else if (i === idx) stateKey = p.status === 'not_adopted' ? 'stopped' : 'current';
    const li = h('li', { class: `step step-${stateKey}`, 'data-step': s.key, 'aria-current': stateKey === 'current' ? 'step' : null },
      h('p', { class: 'step-name' },
        h('span', { class: 'step-state', text: t(`step.${stateKey}`) }), ' ',
        h('strong', { text: pick(s, 'name_zh', 'name_en') })));
    const evs = byStep.get(s.key);
    if (evs) li.append(h('ul', { class: 'events' }, evs.map(entry)));
    return li;
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title', text: t('detail.timeline') }),
    before.length ? h('ul', { class: 'events', id: 'timeline-before' }, before.map(entry)) : null,
    h('ol', { id: 'timeline', class: 'timeline' }, items));
}

function thresholdPanel(p) {
  const { h } = k;
  if (!p.threshold) return null;
  const counts = p.counts || {};
  return h('section', { id: 'threshold', class: 'panel', 'aria-labelledby': 'threshold-title' },
    h('h2', { id: 'threshold-title', text: p.kind === 'topic' ? t('detail.supportTitle') : t('detail.thresholdTitle', { meeting: t(`meeting.${p.threshold.meeting}`) }) }),
    h('ul', { class: 'lines' }, k.arr(p.threshold.routes).map((r) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: t('detail.route', { have: counts[r.counts] || 0, need: r.required }) }),
      h('p', { class: 'line-basis' }, h('small', { text: pick(r, 'basis_zh', 'basis_en') }))))),
    p.obligation
      ? h('p', { id: 'obligation', class: 'notice', text: t('detail.obligation', { meeting: t(`meeting.${p.obligation.meeting}`), date: fmtDate(p.obligation.deadline) }) })
      : null);
}

async function viewDetail(ctx) {
  const { vid, pid } = ctx.params;
  k.setTitle('detail.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([
    api('GET', `${base(vid)}/proposals/${pid}`),
    api('GET', `${base(vid)}/proposals/${pid}/comments`),
  ]));
  if (!data || !ctx.alive()) return;
  const [d, cs] = data;
  const p = d.proposal;
  const { h } = k;
  const topic = p.kind === 'topic';
  const open = ['submitted', 'in_progress', 'open'].includes(p.status);
  const mine = me.village_id === vid;
  const errBox = h('div', { id: 'action-error', class: 'alert', role: 'alert' });
  const reload = () => k.rerender();
  const url = `${base(vid)}/proposals/${pid}`;

  // What the reader may do here.
  const actions = [];
  if (p.status === 'draft' && d.viewer.proposer) {
    actions.push(h('a', { id: 'edit-proposal', class: 'btn btn-secondary', href: `#/v/${vid}/p/${pid}/edit`, text: t('detail.edit') }));
    actions.push(actionButton('submit-proposal', t('detail.submit'), errBox, async () => { await api('POST', `${url}/submit`); reload(); }));
  }
  if (open && mine && !topic && can('proposal', 'cosign') && !d.viewer.proposer) {
    actions.push(d.viewer.signed
      ? actionButton('withdraw-cosign', t('detail.withdrawCosign'), errBox, async () => { await api('DELETE', `${url}/cosign`); reload(); }, { secondary: true })
      : actionButton('cosign', t('detail.cosign'), errBox, async () => { await api('POST', `${url}/cosign`); reload(); }));
  }
  if (open && mine && topic && can('topic', 'support') && !d.viewer.proposer) {
    const turl = `${base(vid)}/topics/${pid}/support`;
    actions.push(d.viewer.signed
      ? actionButton('withdraw-support', t('detail.withdrawSupport'), errBox, async () => { await api('DELETE', turl); reload(); }, { secondary: true })
      : actionButton('support', t('detail.support'), errBox, async () => { await api('POST', turl); reload(); }));
  }
  if (topic && p.status === 'open' && can('proposal', 'advance') && p.threshold
    && k.arr(p.threshold.routes).some((r) => ((p.counts || {})[r.counts] || 0) >= r.required)) {
    actions.push(actionButton('escalate', t('detail.escalate'), errBox, async () => { await api('POST', `${base(vid)}/topics/${pid}/escalate`); reload(); }));
  }
  if (p.status !== 'draft' && can('proposal', 'follow')) {
    actions.push(d.viewer.following
      ? actionButton('unfollow', t('detail.unfollow'), errBox, async () => { await api('DELETE', `${url}/follow`); reload(); }, { secondary: true })
      : actionButton('follow', t('detail.follow'), errBox, async () => { await api('PUT', `${url}/follow`); reload(); }, { secondary: true }));
  }

  const facts = h('dl', { class: 'facts' },
    h('dt', { text: t('detail.status') }), h('dd', null, statusTag(p.status)),
    h('dt', { text: t('detail.category') }), h('dd', { id: 'detail-category', text: t(`cat.${p.category}`) }),
    h('dt', { text: t('detail.proposer') }), h('dd', { text: p.proposer_name }),
    p.current && p.status !== 'draft' ? h('dt', { text: t('detail.current') }) : null,
    p.current && p.status !== 'draft' ? h('dd', { id: 'detail-current', text: stepName(p.current) }) : null,
    p.convene ? h('dt', { text: t('detail.convene') }) : null,
    p.convene ? h('dd', { text: t(`meeting.${p.convene}`) }) : null);

  const related = [];
  if (d.topic) {
    related.push(h('p', { class: 'notice' }, t('detail.fromTopic'), ' ',
      h('a', { id: 'topic-link', href: `#/v/${vid}/p/${d.topic.id}`, text: d.topic.title })));
  }
  if (d.escalated) {
    related.push(h('p', { class: 'notice' }, t('detail.escalatedTo'), ' ',
      h('a', { id: 'escalated-link', href: `#/v/${vid}/p/${d.escalated.id}`, text: d.escalated.title })));
  }

  const links = k.arr(p.links);
  const files = k.arr(d.attachments);
  const attachments = links.length || files.length
    ? h('section', { class: 'panel', 'aria-labelledby': 'attachments-title' },
      h('h2', { id: 'attachments-title', text: t('detail.attachments') }),
      h('ul', { class: 'plain-list' },
        links.filter((l) => /^https?:\/\//i.test(l.url)).map((l) => h('li', null, h('a', { href: l.url, rel: 'noopener noreferrer', target: '_blank', text: l.title }))),
        files.map((f) => h('li', null, h('a', { href: `${url}/attachments/${f.id}`, download: f.name, text: t('detail.file', { name: f.name, kb: Math.ceil(f.size / 1024) }) })))))
    : null;

  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: p.title }),
    villageNav(vid),
    p.art24 ? h('p', { class: 'notice', id: 'art24-note', text: t('detail.art24') }) : null,
    related,
    facts,
    p.body ? h('div', { id: 'detail-text', class: 'prose', text: p.body }) : null,
    attachments,
    thresholdPanel(p),
    !topic && p.status !== 'draft' ? h('p', null, h('a', { id: 'proposal-votes', class: 'btn btn-secondary', href: `#/v/${vid}/p/${pid}/votes`, text: t('votes.linkFromProposal') })) : null,
    errBox,
    actions.length ? h('div', { class: 'actions', id: 'detail-actions' }, actions) : null,
    p.status === 'draft' && d.viewer.proposer ? uploadPanel(vid, pid) : null,
    advancePanel(vid, p),
    opinionPanel(vid, p),
    timeline(p),
    topic ? null : amendmentsPanel(vid, p, d),
    commentsPanel(vid, p, k.arr(cs.comments)));
}

function uploadPanel(vid, pid) {
  const { h } = k;
  const input = h('input', { id: 'attachment-file', type: 'file', accept: 'image/png,image/jpeg,application/pdf,text/plain' });
  const err = h('p', { id: 'attachment-error', class: 'field-error', role: 'alert' });
  const btn = h('button', { id: 'attachment-upload', class: 'btn btn-secondary', type: 'button', text: t('detail.upload') });
  btn.addEventListener('click', () => {
    const file = input.files && input.files[0];
    k.setAlert(err, '');
    if (!file) { k.setAlert(err, t('detail.chooseFile')); return; }
    if (file.size > 256 * 1024) { k.setAlert(err, t('detail.fileTooLarge')); return; }
    btn.disabled = true;
    const reader = new FileReader();
    reader.onload = async () => {
      const data = String(reader.result).replace(/^data:[^,]*,/, '');
      try {
        await api('POST', `${base(vid)}/proposals/${pid}/attachments`, { name: file.name, content_type: file.type || 'application/octet-stream', data });
        k.rerender();
      } catch (e) {
        btn.disabled = false;
        k.setAlert(err, fullError(e));
      }
    };
    reader.onerror = () => { btn.disabled = false; k.setAlert(err, t('detail.chooseFile')); };
    reader.readAsDataURL(file);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title', text: t('detail.uploadTitle') }),
    field('attachment-file', t('detail.fileLabel'), input, t('detail.uploadHint')), err, btn);
}

/** The secretary completes the step the proposal waits on. */
function advancePanel(vid, p) {
  const { h } = k;
  if (p.kind === 'topic' || !['submitted', 'in_progress'].includes(p.status) || !can('proposal', 'advance') || !p.current) return null;
  const kind = p.current.kind;
  const note = h('textarea', { id: 'advance-note', rows: '2', maxlength: '1000' });
  const vote = h('input', { id: 'advance-vote', type: 'text', maxlength: '64' });
  const nums = ['members', 'present', 'approve'].map((n) => h('input', { id: `review-${n}`, type: 'number', min: '0', inputmode: 'numeric' }));
  const err = h('div', { id: 'advance-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'advance-submit', class: 'btn', type: 'submit', text: t('advance.submit', { step: stepName(p.current) }) });
  const form = h('form', { id: 'advance-form', class: 'form', novalidate: true },
    kind === 'vote' ? field('advance-vote', t('advance.vote'), vote, t('advance.voteHint')) : null,
    kind === 'review' ? h('fieldset', { class: 'field' }, h('legend', { text: t('advance.review') }),
      ['members', 'present', 'approve'].map((n, i) => field(`review-${n}`, t(`advance.${n}`), nums[i]))) : null,
    field('advance-note', t('advance.note'), note),
    err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    k.setAlert(err, '');
    const body = { step: p.current.key, note: note.value };
    if (kind === 'vote' && vote.value.trim()) body.vote_id = vote.value.trim();
    if (kind === 'review') {
      body.review = { members: Number(nums[0].value), present: Number(nums[1].value), approve: Number(nums[2].value) };
    }
    try {
      await api('POST', `${base(vid)}/proposals/${p.id}/advance`, body);
      k.rerender();
    } catch (ex) {
      btn.disabled = false;
      k.setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'advance-title' },
    h('h2', { id: 'advance-title', text: t('advance.title') }), form);
}

/** A council member's opinion in a deliberation step. */
function opinionPanel(vid, p) {
  const { h } = k;
  if (p.kind === 'topic' || !p.current || p.current.kind !== 'deliberate' || !can('proposal', 'deliberate')
    || !['submitted', 'in_progress'].includes(p.status)) return null;
  const sel = h('select', { id: 'opinion-choice' }, ['support', 'oppose', 'abstain'].map((o) => h('option', { value: o, text: t(`opinion.${o}`) })));
  const note = h('textarea', { id: 'opinion-note', rows: '2', maxlength: '1000' });
  const err = h('div', { id: 'opinion-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'opinion-submit', class: 'btn', type: 'submit', text: t('opinion.submit') });
  const form = h('form', { id: 'opinion-form', class: 'form', novalidate: true },
    field('opinion-choice', t('opinion.choice'), sel), field('opinion-note', t('opinion.note'), note), err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    btn.disabled = true;
    try {
      await api('POST', `${base(vid)}/proposals/${p.id}/opinions`, { opinion: sel.value, note: note.value });
      k.rerender();
    } catch (ex) {
      btn.disabled = false;
      k.setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'opinion-title' }, h('h2', { id: 'opinion-title', text: t('opinion.title') }), form);
}

function amendmentsPanel(vid, p, d) {
  const { h } = k;
  const list = k.arr(d.amendments);
  const err = h('div', { id: 'amendment-error', class: 'alert', role: 'alert' });
  const items = list.map((a) => {
    const li = h('li', { class: 'line', 'data-id': a.id },
      h('p', { class: 'line-desc', text: a.text }),
      h('p', { class: 'line-meta', text: `${a.author_name} · ${t(`amendment.${a.status}`)}` }));
    if (a.status === 'pending' && d.viewer.proposer && can('amendment', 'decide')) {
      const url = `${base(vid)}/proposals/${p.id}/amendments/${a.id}/decision`;
      li.append(h('p', { class: 'actions' },
        actionButton(`accept-${a.id}`, t('amendment.accept'), err, async () => { await api('POST', url, { accept: true }); k.rerender(); }),
        actionButton(`reject-${a.id}`, t('amendment.reject'), err, async () => { await api('POST', url, { accept: false }); k.rerender(); }, { secondary: true })));
    }
    return li;
  });
  let form = null;
  if (['submitted', 'in_progress'].includes(p.status) && can('amendment', 'create')) {
    const text = h('textarea', { id: 'amendment-text', rows: '3', maxlength: '2000' });
    const btn = h('button', { id: 'amendment-submit', class: 'btn', type: 'submit', text: t('amendment.submit') });
    form = h('form', { id: 'amendment-form', class: 'form', novalidate: true }, field('amendment-text', t('amendment.text'), text), btn);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      btn.disabled = true;
      try {
        await api('POST', `${base(vid)}/proposals/${p.id}/amendments`, { text: text.value });
        k.rerender();
      } catch (ex) {
        btn.disabled = false;
        k.setAlert(err, fullError(ex));
      }
    });
  }
  if (!items.length && !form) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'amendments-title' },
    h('h2', { id: 'amendments-title', text: t('amendment.title') }),
    items.length ? h('ul', { id: 'amendment-list', class: 'lines' }, items) : h('p', { class: 'empty', text: t('amendment.none') }),
    err, form);
}

function commentsPanel(vid, p, comments) {
  const { h } = k;
  if (p.status === 'draft') return null;
  const url = `${base(vid)}/proposals/${p.id}/comments`;
  const canComment = can('comment', 'create');

  function commentForm(id, parentID, label) {
    const text = h('textarea', { id: `${id}-text`, rows: '3', maxlength: '2000' });
    const err = h('p', { id: `${id}-error`, class: 'field-error', role: 'alert' });
    const btn = h('button', { id: `${id}-submit`, class: 'btn', type: 'submit', text: label });
    const form = h('form', { id, class: 'form comment-form', novalidate: true }, field(`${id}-text`, t('comments.text'), text), err, btn);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (btn.disabled) return;
      btn.disabled = true;
      try {
        await api('POST', url, parentID ? { body: text.value, parent_id: parentID } : { body: text.value });
        k.rerender();
      } catch (ex) {
        btn.disabled = false;
        k.setAlert(err, fullError(ex));
      }
    });
    return form;
  }

  const one = (c) => h('article', { class: 'comment' },
    h('p', { class: 'comment-meta' }, h('strong', { text: c.author_name }), ' ', h('time', { datetime: c.at, text: fmtTime(c.at) })),
    h('p', { class: 'comment-body', text: c.body }));
  const threads = comments.map((c) => {
    const li = h('li', { class: 'thread', 'data-id': c.id }, one(c));
    const replies = k.arr(c.replies);
    if (replies.length) li.append(h('ul', { class: 'replies' }, replies.map((r) => h('li', null, one(r)))));
    if (canComment) {
      const toggle = h('button', { class: 'btn btn-secondary btn-small', type: 'button', 'aria-expanded': 'false', text: t('comments.reply') });
      toggle.addEventListener('click', () => {
        toggle.setAttribute('aria-expanded', 'true');
        toggle.replaceWith(commentForm(`reply-${c.id}`, c.id, t('comments.replySubmit')));
      });
      li.append(toggle);
    }
    return li;
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'comments-title' },
    h('h2', { id: 'comments-title', text: t('comments.title', { n: comments.length }) }),
    threads.length ? h('ul', { id: 'comment-list', class: 'threads' }, threads) : h('p', { class: 'empty', text: t('comments.none') }),
    canComment ? commentForm('comment-form', '', t('comments.submit')) : null);
}

/* ---------- hall ---------- */

const hallState = { sort: 'recent' };

async function viewHall(ctx) {
  k.setTitle('hall.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([
    villageName(vid),
    api('GET', `${base(vid)}/topics?sort=${hallState.sort}&limit=50`),
    api('GET', `${base(vid)}/flows`),
  ]));
  if (!data || !ctx.alive()) return;
  const [name, page, flows] = data;
  const { h } = k;

  const topics = k.arr(page.items).map((p) => {
    const need = p.threshold && p.threshold.routes && p.threshold.routes[0] ? p.threshold.routes[0].required : 0;
    return h('li', { class: 'card proposal-card', 'data-id': p.id },
      h('a', { class: 'card-title', href: `#/v/${vid}/p/${p.id}`, text: p.title }),
      h('p', { class: 'meta' }, statusTag(p.status), ' ',
        h('span', { text: t('hall.supporters', { n: (p.counts && p.counts.signatures) || 0, need }) })));
  });
  const sorts = h('p', { class: 'sort', role: 'group', 'aria-label': t('proposals.sort') },
    ['recent', 'support'].map((s) => {
      const b = h('button', { id: `hall-sort-${s}`, class: 'btn btn-secondary', type: 'button', 'aria-pressed': String(hallState.sort === s), text: t(`sort.${s}`) });
      b.addEventListener('click', () => { hallState.sort = s; k.rerender(); });
      return b;
    }));

  let form = null;
  if (can('topic', 'create') && me.village_id === vid) {
    const titleIn = h('input', { id: 'topic-title', type: 'text', maxlength: '120', required: true });
    const text = h('textarea', { id: 'topic-body', rows: '4', maxlength: '10000' });
    const cat = h('select', { id: 'topic-category' },
      k.arr(flows.categories).map((c) => h('option', { value: c.key, text: t(`cat.${c.key}`) })));
    cat.value = 'other';
    const err = h('div', { id: 'topic-error', class: 'alert', role: 'alert' });
    const btn = h('button', { id: 'topic-submit', class: 'btn btn-wide', type: 'submit', text: t('hall.raise') });
    form = h('form', { id: 'topic-form', class: 'form', novalidate: true },
      field('topic-title', t('hall.topicTitle'), titleIn),
      field('topic-body', t('hall.topicBody'), text),
      field('topic-category', t('form.category'), cat),
      err, btn);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (btn.disabled) return;
      btn.disabled = true;
      k.setAlert(err, '');
      try {
        const p = await api('POST', `${base(vid)}/topics`, { title: titleIn.value, body: text.value, category: cat.value });
        k.go(`/v/${vid}/p/${p.id}`);
      } catch (ex) {
        btn.disabled = false;
        k.setAlert(err, fullError(ex));
      }
    });
  }

  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('hall.heading', { village: name }) }),
    villageNav(vid),
    h('p', { class: 'lead', text: t('hall.intro') }),
    form ? h('section', { class: 'panel', 'aria-labelledby': 'raise-title' }, h('h2', { id: 'raise-title', text: t('hall.raiseTitle') }), form) : null,
    h('h2', { id: 'topics-title', text: t('hall.topics') }),
    sorts,
    topics.length ? h('ul', { id: 'topic-list', class: 'cards' }, topics) : h('p', { class: 'empty', text: t('hall.empty') }));
}

/* ---------- notifications ---------- */

async function viewNotifications(ctx) {
  k.setTitle('notifications.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => api('GET', `${base(vid)}/notifications`));
  if (!data || !ctx.alive()) return;
  const { h } = k;
  const list = k.arr(data.notifications);
  const err = h('div', { id: 'notifications-error', class: 'alert', role: 'alert' });
  const readAll = list.some((n) => !n.read) && can('proposal', 'follow')
    ? actionButton('notifications-read-all', t('notifications.readAll'), err, async () => {
      await api('POST', `${base(vid)}/notifications/read`, { all: true });
      k.rerender();
    })
    : null;
  k.show(
    k.title('notifications.title'),
    villageNav(vid),
    err,
    readAll ? h('p', null, readAll) : null,
    list.length
      ? h('ul', { id: 'notification-list', class: 'lines' }, list.map((n) => h('li', { class: n.read ? 'line' : 'line unread' },
        h('p', { class: 'line-desc' },
          n.read ? null : h('span', { class: 'tag-plain', text: t('notifications.new') }),
          h('a', { href: `#/v/${vid}/p/${n.proposal_id}`, text: t(`notify.${n.kind}`, { title: n.title, step: pick(n, 'step_zh', 'step_en'), who: n.actor_name || '' }) })),
        h('p', { class: 'line-meta' }, h('time', { datetime: n.at, text: fmtTime(n.at) })))))
      : h('p', { class: 'empty', text: t('notifications.none') }));
}
