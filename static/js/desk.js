// desk.js: the service desk (为民工作室): the published service list and the
// certificate whitelist, a resident's requests (file, track, close), the
// village desk's queue (answer or forward to the street), the street's
// queue of forwarded requests, and the task form a street official uses to
// assign a village work, which shows the rule when a task is refused.
// Server text goes in through textContent (the kit's h()), never as HTML.

import { api } from './api.js';
import { viewHelpers } from './viewkit.js';
import { t, pick } from './i18n.js';

let k; // the app's kit
let fmtTime, can, ensureMe, failed, load, fullError, field, onSubmit; // viewkit.js, bound to k

const ID = '[0-9a-f]{24}';
const V = `^/v/(?<vid>${ID})/desk`;

/** The views of this module, for app.js's router. */
export function deskRoutes(kit) {
  k = kit;
  ({ fmtTime, can, ensureMe, failed, load, fullError, field, onSubmit } = viewHelpers(kit));
  return [
    { name: 'desk', re: new RegExp(`${V}$`), view: viewDesk },
    { name: 'desk-queue', re: new RegExp(`${V}/queue$`), view: viewQueue },
    { name: 'desk-forwarded', re: new RegExp(`${V}/forwarded$`), view: viewForwarded },
    { name: 'desk-task', re: new RegExp(`${V}/task$`), view: viewTask },
    { path: '/desk/street', name: 'desk-street', view: viewStreet },
  ];
}

/* ---------- helpers ---------- */

const base = (vid) => `/api/v1/orgs/${vid}`;
const reqURL = (vid, id) => `${base(vid)}/service-requests/${id}`;
const h = (...a) => k.h(...a);
const STATUSES = ['filed', 'forwarded', 'answered', 'closed'];

function deskNav(vid) {
  const links = [h('a', { id: 'nav-desk', href: `#/v/${vid}/desk`, text: t('desk.title') })];
  if (can('service_request', 'handle')) links.push(h('a', { id: 'nav-desk-queue', href: `#/v/${vid}/desk/queue`, text: t('desk.queue') }));
  if (can('service_request', 'answer')) links.push(h('a', { id: 'nav-desk-street', href: '#/desk/street', text: t('desk.street') }));
  links.push(h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') }));
  return h('nav', { class: 'subnav', 'aria-label': t('nav.village') }, links);
}

function statusTag(status) {
  return h('span', { class: `status desk-status-${status}`, text: t(`desk.status.${status}`) });
}

/** What a request asks for, in words: its service or certificate line. */
function subjectText(r, services, certificates) {
  if (r.kind === 'certificate') {
    const c = certificates.find((x) => x.key === r.certificate);
    return t('desk.certificateOf', { name: c ? pick(c, 'zh', 'en') : r.certificate });
  }
  const s = services.find((x) => x.key === r.service);
  return s ? pick(s, 'zh', 'en') : r.service;
}

function historyList(r) {
  return h('ol', { class: 'events request-history' }, k.arr(r.history).map((e) => h('li', { class: 'event', 'data-status': e.status },
    h('time', { datetime: e.at, text: fmtTime(e.at) }), ' ',
    h('span', { class: 'event-what', text: t(`desk.event.${e.status}`) }),
    e.role ? h('span', { class: 'event-who', text: ` · ${t(`role.${e.role}`)}` }) : null,
    e.note ? h('span', { class: 'event-note', text: e.note }) : null)));
}

/** One request as a card; extra holds the forms of whoever handles it. */
function requestCard(r, services, certificates, { showResident = false, extra = null } = {}) {
  return h('li', { class: 'card request', 'data-id': r.id, 'data-status': r.status },
    h('p', { class: 'card-title request-subject', text: subjectText(r, services, certificates) }),
    h('p', { class: 'meta' }, statusTag(r.status), ' ',
      h('span', { text: t('desk.filedOn', { at: fmtTime(r.filed_at) }) }),
      showResident ? h('span', { class: 'request-resident', text: ` · ${t('desk.residentNo', { no: r.resident_no })}` }) : null),
    h('p', { class: 'prose request-text', text: r.text }),
    r.answer ? h('div', { class: 'request-answer-box' },
      h('p', { class: 'request-answered-by', text: t(`desk.answeredBy.${r.answered_by}`) }),
      h('p', { class: 'notice request-answer', text: r.answer })) : null,
    h('details', null, h('summary', { text: t('desk.history') }), historyList(r)),
    extra);
}

/** A reply form: one text, one or two buttons (answer, forward). */
function replyForm(vid, r, actions) {
  const text = h('textarea', { id: `reply-${r.id}`, class: 'reply-text', rows: '3', maxlength: '2000', required: true });
  const err = h('div', { class: 'alert reply-error', role: 'alert' });
  const buttons = actions.map((a) => {
    const b = h('button', { class: `btn reply-${a.name}`, type: 'button', text: t(a.label) });
    b.addEventListener('click', async () => {
      if (b.disabled) return;
      for (const x of buttons) x.disabled = true;
      k.setAlert(err, '');
      try {
        await api('POST', `${reqURL(vid, r.id)}/${a.path}`, { text: text.value.trim() });
        k.rerender();
      } catch (ex) {
        k.setAlert(err, fullError(ex));
        for (const x of buttons) x.disabled = false;
      }
    });
    return b;
  });
  return h('div', { class: 'form inline-form reply-form' },
    field(`reply-${r.id}`, t('desk.replyLabel'), text), err, h('p', { class: 'actions' }, buttons));
}

async function lists(vid) {
  const [s, c] = await Promise.all([api('GET', `${base(vid)}/services`), api('GET', `${base(vid)}/certificates`)]);
  return { services: k.arr(s.services), certificates: k.arr(c.certificates), basis: c.basis || '' };
}

/* ---------- a resident's desk ---------- */

async function viewDesk(ctx) {
  k.setTitle('desk.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const mayFile = me.village_id === vid && can('service_request', 'create');
  const data = await load(ctx, () => Promise.all([
    lists(vid),
    mayFile ? api('GET', `${base(vid)}/my-service-requests`) : null,
  ]));
  if (!data || !ctx.alive()) return;
  const [{ services, certificates, basis }, mine] = data;

  const serviceList = h('section', { class: 'panel', 'aria-labelledby': 'service-list-title' },
    h('h2', { id: 'service-list-title', text: t('desk.services') }),
    h('p', { class: 'hint', text: t('desk.servicesHint') }),
    services.length ? h('ul', { id: 'service-list', class: 'lines' }, services.map((s) => h('li', { class: 'line', 'data-key': s.key },
      h('p', { class: 'line-desc', text: pick(s, 'zh', 'en') }),
      h('p', { class: 'line-meta', text: t('common.role', { role: pick(s, 'role_zh', 'role_en') || s.role }) }),
      s.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: s.basis }) })) : null)))
      : h('p', { class: 'empty', text: t('common.empty') }));

  let forms = null;
  let myList = null;
  if (mayFile) {
    const service = h('select', { id: 'service-key' }, services.map((s) => h('option', { value: s.key, text: pick(s, 'zh', 'en') })));
    const text = h('textarea', { id: 'service-text', rows: '4', maxlength: '2000', required: true });
    const sErr = h('div', { id: 'service-error', class: 'alert', role: 'alert' });
    const sBtn = h('button', { id: 'service-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.fileSubmit') });
    const sForm = h('form', { id: 'service-form', class: 'form', novalidate: true },
      field('service-key', t('desk.service'), service), field('service-text', t('desk.requestText'), text, t('desk.requestHint')), sErr, sBtn);
    onSubmit(sForm, sBtn, sErr, async () => {
      await api('POST', `${base(vid)}/service-requests`, { service: service.value, text: text.value.trim() });
      k.rerender();
    });

    const cert = h('select', { id: 'certificate-key' }, certificates.map((c) => h('option', { value: c.key, text: pick(c, 'zh', 'en') })));
    const purpose = h('textarea', { id: 'certificate-purpose', rows: '3', maxlength: '500', required: true });
    const cErr = h('div', { id: 'certificate-error', class: 'alert', role: 'alert' });
    const cBtn = h('button', { id: 'certificate-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.certificateSubmit') });
    const cForm = h('form', { id: 'certificate-form', class: 'form', novalidate: true },
      h('p', { class: 'hint', text: t('desk.certificatesHint', { basis }) }),
      field('certificate-key', t('desk.certificate'), cert), field('certificate-purpose', t('desk.purpose'), purpose), cErr, cBtn);
    onSubmit(cForm, cBtn, cErr, async () => {
      await api('POST', `${base(vid)}/certificate-requests`, { certificate: cert.value, purpose: purpose.value.trim() });
      k.rerender();
    });

    forms = [
      h('section', { class: 'panel', 'aria-labelledby': 'file-title' }, h('h2', { id: 'file-title', text: t('desk.file') }), sForm),
      h('section', { class: 'panel', 'aria-labelledby': 'certificate-title' }, h('h2', { id: 'certificate-title', text: t('desk.certificates') }), cForm),
    ];

    const requests = k.arr(mine && mine.requests);
    myList = h('section', { class: 'panel', 'aria-labelledby': 'my-requests-title' },
      h('h2', { id: 'my-requests-title', text: t('desk.mine') }),
      requests.length ? h('ul', { id: 'my-requests', class: 'cards' }, requests.map((r) => {
        let extra = null;
        if (r.status === 'answered') {
          const err = h('div', { class: 'alert', role: 'alert' });
          const b = h('button', { class: 'btn btn-secondary request-close', type: 'button', text: t('desk.close') });
          b.addEventListener('click', async () => {
            if (b.disabled) return;
            b.disabled = true;
            k.setAlert(err, '');
            try {
              await api('POST', `${reqURL(vid, r.id)}/close`);
              k.rerender();
            } catch (ex) {
              b.disabled = false;
              k.setAlert(err, fullError(ex));
            }
          });
          extra = h('div', null, h('p', { class: 'hint', text: t('desk.closeHint') }), err, h('p', null, b));
        }
        return requestCard(r, services, certificates, { extra });
      })) : h('p', { id: 'my-requests-empty', class: 'empty', text: t('desk.mineEmpty') }));
  }

  const links = [];
  if (can('service_request', 'handle') && me.village_id === vid) {
    links.push(h('a', { id: 'link-desk-queue', class: 'btn', href: `#/v/${vid}/desk/queue`, text: t('desk.queue') }));
  }
  k.show(
    k.title('desk.title'),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.intro') }),
    links.length ? h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links) : null,
    myList,
    forms,
    serviceList);
}

/* ---------- the village desk's queue ---------- */

let queueStatus = 'filed';

async function viewQueue(ctx) {
  k.setTitle('desk.queue');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const q = queueStatus ? `?status=${encodeURIComponent(queueStatus)}` : '';
  const data = await load(ctx, () => Promise.all([lists(vid), api('GET', `${base(vid)}/service-requests${q}`)]));
  if (!data || !ctx.alive()) return;
  const [{ services, certificates }, got] = data;
  const requests = k.arr(got.requests);
  const filter = h('select', { id: 'queue-status' },
    h('option', { value: '', text: t('desk.all') }),
    STATUSES.map((s) => h('option', { value: s, text: t(`desk.status.${s}`) })));
  filter.value = queueStatus;
  filter.addEventListener('change', () => {
    queueStatus = filter.value;
    k.rerender();
  });
  k.show(
    k.title('desk.queue'),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.queueIntro') }),
    field('queue-status', t('desk.show'), filter),
    requests.length ? h('ul', { id: 'desk-queue', class: 'cards' }, requests.map((r) => requestCard(r, services, certificates, {
      showResident: true,
      extra: r.status === 'filed' ? replyForm(vid, r, [
        { name: 'answer', path: 'answer', label: 'desk.answer' },
        { name: 'forward', path: 'forward', label: 'desk.forward' },
      ]) : null,
    }))) : h('p', { id: 'desk-queue-empty', class: 'empty', text: t('desk.queueEmpty') }));
}

/* ---------- the street: forwarded requests, tasks ---------- */

async function viewForwarded(ctx) {
  k.setTitle('desk.forwarded');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([lists(vid), api('GET', `${base(vid)}/forwarded-requests`), api('GET', `/api/v1/orgs/${vid}`)]));
  if (!data || !ctx.alive()) return;
  const [{ services, certificates }, got, village] = data;
  const requests = k.arr(got.requests);
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('desk.forwardedOf', { village: village.name || '' }) }),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.forwardedIntro') }),
    requests.length ? h('ul', { id: 'forwarded-queue', class: 'cards' }, requests.map((r) => requestCard(r, services, certificates, {
      extra: r.status === 'forwarded' ? replyForm(vid, r, [{ name: 'street-answer', path: 'street-answer', label: 'desk.answer' }]) : null,
    }))) : h('p', { id: 'forwarded-queue-empty', class: 'empty', text: t('desk.queueEmpty') }));
}

async function viewTask(ctx) {
  k.setTitle('desk.task');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid } = ctx.params;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => Promise.all([api('GET', `${base(vid)}/task-kinds`), api('GET', `/api/v1/orgs/${vid}`)]));
  if (!data || !ctx.alive()) return;
  const [kinds, village] = data;
  const taskKinds = k.arr(kinds.task_kinds);
  const kind = h('select', { id: 'task-kind' },
    taskKinds.map((x) => h('option', { value: x.key, text: pick(x, 'zh', 'en') })),
    h('option', { value: 'other', text: t('desk.taskOther') }));
  const title = h('input', { id: 'task-title', type: 'text', maxlength: '200', required: true });
  const basis = h('input', { id: 'task-basis', type: 'text', maxlength: '200', 'aria-describedby': 'task-basis-hint' });
  const deployment = h('input', { id: 'task-deployment', type: 'text', maxlength: '200', 'aria-describedby': 'task-deployment-hint' });
  const funding = h('input', { id: 'task-funding', type: 'text', maxlength: '200', 'aria-describedby': 'task-funding-hint' });
  const proof = h('select', { id: 'task-proof' },
    h('option', { value: '', text: t('desk.proofNone') }),
    k.arr(kinds.forbidden_proof).map((p) => h('option', { value: p, text: t(`desk.proof.${p}`) })));
  const newPost = h('input', { id: 'task-new-post', type: 'checkbox' });
  const syncBasis = () => {
    const x = taskKinds.find((y) => y.key === kind.value);
    basis.value = x ? x.basis : '';
  };
  kind.addEventListener('change', syncBasis);
  syncBasis();
  const err = h('div', { id: 'task-error', class: 'alert', role: 'alert' });
  const done = h('div', { id: 'task-done', role: 'status' });
  const btn = h('button', { id: 'task-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.taskSubmit') });
  const form = h('form', { id: 'task-form', class: 'form', novalidate: true },
    field('task-kind', t('desk.taskKind'), kind, t('desk.taskKindHint')),
    field('task-title', t('desk.taskTitle'), title),
    field('task-basis', t('desk.taskBasis'), basis, t('desk.taskBasisHint')),
    field('task-deployment', t('desk.taskDeployment'), deployment, t('desk.taskDeploymentHint')),
    field('task-funding', t('desk.taskFunding'), funding, t('desk.taskFundingHint')),
    field('task-proof', t('desk.taskProof'), proof),
    h('label', { class: 'check', for: 'task-new-post' }, newPost, h('span', { text: t('desk.taskNewPost') })),
    err, btn, done);
  onSubmit(form, btn, err, async () => {
    done.replaceChildren();
    const body = { kind: kind.value, title: title.value.trim(), basis: basis.value.trim(), deployment: deployment.value.trim(),
      funding: funding.value.trim(), new_post: newPost.checked };
    if (proof.value) body.proof = proof.value;
    const task = await api('POST', `${base(vid)}/tasks`, body);
    done.append(h('p', { id: 'task-admitted', class: 'check-found', text: t('desk.taskAdmitted', { title: task.title }) }),
      h('p', { class: 'hint', text: t('desk.taskAdmittedBasis', { basis: task.basis, funding: task.funding }) }));
  });
  k.show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('desk.taskOf', { village: village.name || '' }) }),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.taskIntro') }),
    h('p', { class: 'hint', text: t('desk.taskRule', { basis: pick(kinds, 'basis', 'basis_en') }) }),
    form);
}

/** A street official's villages, with their desk pages. */
async function viewStreet(ctx) {
  k.setTitle('desk.street');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (!ctx.rerender) k.showLoading();
  const data = await load(ctx, () => api('GET', '/api/v1/orgs'));
  if (!data || !ctx.alive()) return;
  const roles = new Set(k.arr(me.powers)
    .filter((p) => p.obj === 'service_request' && p.act === 'answer' && p.effect !== 'deny')
    .map((p) => p.role));
  const scopes = k.arr(me.roles).filter((r) => roles.has(r.role)).map((r) => r.scope).filter(Boolean);
  const villages = k.arr(data.orgs).filter((o) => o.level === 'village' && scopes.some((s) => o.path.startsWith(`${s}/`)));
  k.show(
    k.title('desk.street'),
    h('nav', { class: 'subnav', 'aria-label': t('nav.label') }, h('a', { id: 'nav-home', href: '#/home', text: t('nav.home') })),
    h('p', { class: 'lead', text: t('desk.streetIntro') }),
    villages.length ? h('ul', { id: 'street-villages', class: 'cards' }, villages.map((v) => h('li', { class: 'card', 'data-village': v.id },
      h('p', { class: 'card-title', text: v.name }),
      h('p', { class: 'actions' },
        h('a', { class: 'btn link-forwarded', href: `#/v/${v.id}/desk/forwarded`, text: t('desk.forwarded') }),
        can('task', 'assign') ? h('a', { class: 'btn btn-secondary link-task', href: `#/v/${v.id}/desk/task`, text: t('desk.task') }) : null,
        can('outcome', 'read') ? h('a', { class: 'btn btn-secondary link-outcomes', href: `#/v/${v.id}/moral`, text: t('desk.moralOutcomes') }) : null))))
      : h('p', { class: 'empty', text: t('common.empty') }));
}
