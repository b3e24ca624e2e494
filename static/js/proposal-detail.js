// proposal-detail.js: one proposal: its facts, the reader's actions, the
// timeline, and the panels of proposal-work.js and proposal-talk.js.

import { api, arr, base, fullError } from './api.js';
import { can, enter } from './auth.js';
import { busyButton, field, h, messageArea, setAlert, show } from './dom.js';
import { fmtDate, fmtTime } from './format.js';
import { has, pick, t } from './i18n.js';
import { villageNav } from './menus.js';
import { rerender, rerenderSaying } from './navigate.js';
import { statusTag, stepName } from './proposal-kit.js';
import { revokeNotes } from './proposal-revoke.js';
import { amendmentsPanel, commentsPanel } from './proposal-talk.js';
import { advancePanel, opinionPanel } from './proposal-work.js';

/** The flow's steps with what happened in each: the timeline. */
function timeline(p) {
  const steps = p.flow ? arr(p.flow.steps) : [];
  const idx = p.current ? p.current.index : -1;
  const byStep = new Map();
  const before = [];
  for (const e of arr(p.history)) {
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
  const under = idx >= 0 && ['submitted', 'in_progress'].includes(p.status);
  const items = steps.map((s, i) => {
    let stateKey = 'pending';
    if (p.status === 'draft') stateKey = 'pending';
    else if (i < idx) stateKey = 'done';
    else if (i === idx) stateKey = p.status === 'not_adopted' ? 'stopped' : 'current';
    else if (i === idx + 1 && under) stateKey = 'next';
    // Who does the step (a flow the village wrote may name another body: then its name alone).
    const who = has(`performer.${s.performer}`) ? t('step.by', { who: t(`performer.${s.performer}`) }) : '';
    const li = h('li', { class: `step step-${stateKey}`, 'data-step': s.key, 'aria-current': stateKey === 'current' ? 'step' : null },
      h('p', { class: 'step-name' },
        h('span', { class: 'step-state', text: t(`step.${stateKey}`) }), ' ',
        h('strong', { text: pick(s, 'name_zh', 'name_en') })),
      who ? h('p', { class: 'step-who', text: who }) : null);
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
  if (!p.threshold) return null;
  const counts = p.counts || {};
  return h('section', { id: 'threshold', class: 'panel', 'aria-labelledby': 'threshold-title' },
    h('h2', { id: 'threshold-title', text: p.kind === 'topic' ? t('detail.supportTitle') : t('detail.thresholdTitle', { meeting: t(`meeting.${p.threshold.meeting}`) }) }),
    h('ul', { class: 'lines' }, arr(p.threshold.routes).map((r) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: t('detail.route', { have: counts[r.counts] || 0, need: r.required }) }),
      h('p', { class: 'line-basis' }, h('small', { text: pick(r, 'basis_zh', 'basis_en') }))))),
    p.obligation
      ? h('p', { id: 'obligation', class: 'notice', text: t('detail.obligation', { meeting: t(`meeting.${p.obligation.meeting}`), date: fmtDate(p.obligation.deadline, 'long') }) })
      : null);
}

/** What the reader may do here, as buttons. */
function readerActions(vid, p, d, me, errBox) {
  const pid = p.id;
  const topic = p.kind === 'topic';
  const open = ['submitted', 'in_progress', 'open'].includes(p.status);
  const mine = me.village_id === vid;
  const reload = () => rerender();
  const url = `${base(vid)}/proposals/${pid}`;
  const actions = [];
  if (p.status === 'draft' && d.viewer.proposer) {
    actions.push(h('a', { id: 'edit-proposal', class: 'btn btn-secondary', href: `#/v/${vid}/p/${pid}/edit`, text: t('detail.edit') }));
    actions.push(busyButton('submit-proposal', t('detail.submit'), errBox, async () => { await api('POST', `${url}/submit`); reload(); }));
  }
  if (open && mine && !topic && can('proposal', 'cosign') && !d.viewer.proposer) {
    actions.push(d.viewer.signed
      ? busyButton('withdraw-cosign', t('detail.withdrawCosign'), errBox, async () => { await api('DELETE', `${url}/cosign`); await rerenderSaying(t('said.cosignWithdrawn'), 'cosign', 'view-title'); }, { secondary: true })
      : busyButton('cosign', t('detail.cosign'), errBox, async () => { await api('POST', `${url}/cosign`); await rerenderSaying(t('said.cosigned'), 'withdraw-cosign', 'view-title'); }));
  }
  if (open && mine && topic && can('topic', 'support') && !d.viewer.proposer) {
    const turl = `${base(vid)}/topics/${pid}/support`;
    actions.push(d.viewer.signed
      ? busyButton('withdraw-support', t('detail.withdrawSupport'), errBox, async () => { await api('DELETE', turl); await rerenderSaying(t('said.supportWithdrawn'), 'support', 'view-title'); }, { secondary: true })
      : busyButton('support', t('detail.support'), errBox, async () => { await api('POST', turl); await rerenderSaying(t('said.supported'), 'withdraw-support', 'view-title'); }));
  }
  if (topic && p.status === 'open' && can('proposal', 'advance') && p.threshold
    && arr(p.threshold.routes).some((r) => ((p.counts || {})[r.counts] || 0) >= r.required)) {
    actions.push(busyButton('escalate', t('detail.escalate'), errBox, async () => { await api('POST', `${base(vid)}/topics/${pid}/escalate`); reload(); }));
  }
  if (p.status !== 'draft' && can('proposal', 'follow')) {
    actions.push(d.viewer.following
      ? busyButton('unfollow', t('detail.unfollow'), errBox, async () => { await api('DELETE', `${url}/follow`); await rerenderSaying(t('said.unfollowed'), 'follow', 'view-title'); }, { secondary: true })
      : busyButton('follow', t('detail.follow'), errBox, async () => { await api('PUT', `${url}/follow`); await rerenderSaying(t('said.followed'), 'unfollow', 'view-title'); }, { secondary: true }));
  }
  return actions;
}

function factsList(p) {
  return h('dl', { class: 'facts' },
    h('dt', { text: t('detail.status') }), h('dd', null, statusTag(p.status)),
    h('dt', { text: t('detail.category') }), h('dd', { id: 'detail-category', text: t(`cat.${p.category}`) }),
    h('dt', { text: t('detail.proposer') }), h('dd', { text: p.proposer_name }),
    p.current && p.status !== 'draft' ? h('dt', { text: t('detail.current') }) : null,
    p.current && p.status !== 'draft' ? h('dd', { id: 'detail-current', text: stepName(p.current) }) : null,
    p.convene ? h('dt', { text: t('detail.convene') }) : null,
    p.convene ? h('dd', { text: t(`meeting.${p.convene}`) }) : null);
}

/** Links to the topic a proposal came from, or the proposal a topic became. */
function relatedLinks(vid, d) {
  const related = [];
  if (d.topic) {
    related.push(h('p', { class: 'notice' }, t('detail.fromTopic'), ' ',
      h('a', { id: 'topic-link', href: `#/v/${vid}/p/${d.topic.id}`, text: d.topic.title })));
  }
  if (d.escalated) {
    related.push(h('p', { class: 'notice' }, t('detail.escalatedTo'), ' ',
      h('a', { id: 'escalated-link', href: `#/v/${vid}/p/${d.escalated.id}`, text: d.escalated.title })));
  }
  return related;
}

function attachmentsPanel(url, p, d) {
  const links = arr(p.links);
  const files = arr(d.attachments);
  return links.length || files.length
    ? h('section', { class: 'panel', 'aria-labelledby': 'attachments-title' },
      h('h2', { id: 'attachments-title', text: t('detail.attachments') }),
      h('ul', { class: 'plain-list' },
        links.filter((l) => /^https?:\/\//i.test(l.url)).map((l) => h('li', null, h('a', { href: l.url, rel: 'noopener noreferrer', target: '_blank', text: l.title }))),
        files.map((f) => h('li', null, h('a', { href: `${url}/attachments/${f.id}`, download: f.name, text: t('detail.file', { name: f.name, kb: Math.ceil(f.size / 1024) }) })))))
    : null;
}

async function viewDetail(ctx) {
  const { vid, pid } = ctx.params;
  const entered = await enter(ctx, 'detail.title', () => Promise.all([
    api('GET', `${base(vid)}/proposals/${pid}`),
    api('GET', `${base(vid)}/proposals/${pid}/comments`),
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const [d, cs] = data;
  const p = d.proposal;
  const topic = p.kind === 'topic';
  const errBox = messageArea('action-error');
  const url = `${base(vid)}/proposals/${pid}`;

  const actions = readerActions(vid, p, d, me, errBox);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: p.title }),
    villageNav(vid),
    p.art24 ? h('p', { class: 'notice', id: 'art24-note', text: t('detail.art24') }) : null,
    revokeNotes(vid, p, d),
    relatedLinks(vid, d),
    factsList(p),
    p.body ? h('div', { id: 'detail-text', class: 'prose', text: p.body }) : null,
    attachmentsPanel(url, p, d),
    thresholdPanel(p),
    !topic && p.status !== 'draft' ? h('p', null, h('a', { id: 'proposal-votes', class: 'btn btn-secondary', href: `#/v/${vid}/p/${pid}/votes`, text: t('votes.linkFromProposal') })) : null,
    errBox,
    actions.length ? h('div', { class: 'actions', id: 'detail-actions' }, actions) : null,
    p.status === 'draft' && d.viewer.proposer ? uploadPanel(vid, pid) : null,
    advancePanel(vid, p),
    opinionPanel(vid, p),
    timeline(p),
    topic ? null : amendmentsPanel(vid, p, d),
    commentsPanel(vid, p, arr(cs.comments)));
}

function uploadPanel(vid, pid) {
  const input = h('input', { id: 'attachment-file', type: 'file', accept: 'image/png,image/jpeg,application/pdf,text/plain' });
  const err = h('p', { id: 'attachment-error', class: 'field-error', role: 'alert' });
  const btn = h('button', { id: 'attachment-upload', class: 'btn btn-secondary', type: 'button', text: t('detail.upload') });
  btn.addEventListener('click', () => {
    const file = input.files && input.files[0];
    setAlert(err, '');
    if (!file) { setAlert(err, t('detail.chooseFile')); return; }
    if (file.size > 256 * 1024) { setAlert(err, t('detail.fileTooLarge')); return; }
    btn.disabled = true;
    const reader = new FileReader();
    reader.onload = async () => {
      const data = String(reader.result).replace(/^data:[^,]*,/, '');
      try {
        await api('POST', `${base(vid)}/proposals/${pid}/attachments`, { name: file.name, content_type: file.type || 'application/octet-stream', data });
        rerender();
      } catch (e) {
        btn.disabled = false;
        setAlert(err, fullError(e));
      }
    };
    reader.onerror = () => { btn.disabled = false; setAlert(err, t('detail.chooseFile')); };
    reader.readAsDataURL(file);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title', text: t('detail.uploadTitle') }),
    field('attachment-file', t('detail.fileLabel'), input, t('detail.uploadHint')), err, btn);
}

export default viewDetail;
