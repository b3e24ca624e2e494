// proposal-votes.js: a proposal's votes, and opening one.

import { api, arr, base, fullError } from './api.js';
import { can, enter } from './auth.js';
import { field, h, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { votesNav } from './menus.js';
import { go } from './navigate.js';
import { MEETINGS, voteCard } from './vote-kit.js';

async function viewProposalVotes(ctx) {
  const { vid, pid } = ctx.params;
  const mayOpen = can('vote', 'open');
  const entered = await enter(ctx, 'votes.forProposal', () => Promise.all([
    api('GET', `${base(vid)}/proposals/${pid}`),
    api('GET', `${base(vid)}/votes?subject_id=${encodeURIComponent(pid)}`),
    mayOpen ? api('GET', `/api/v1/orgs/${vid}`) : Promise.resolve(null),
    mayOpen ? api('GET', `${base(vid)}/bodies`) : Promise.resolve(null),
  ]));
  if (!entered) return;
  const data = entered.data;
  const [d, list, village, bodies] = data;
  const p = d.proposal || {};
  const votes = arr(list.votes);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('votes.forProposalOf', { title: p.title || '' }) }),
    votesNav(vid),
    h('p', null, h('a', { id: 'back-to-proposal', href: `#/v/${vid}/p/${pid}`, text: t('votes.backToProposal') })),
    votes.length ? h('ul', { id: 'proposal-vote-list', class: 'cards' }, votes.map((v) => voteCard(vid, v)))
      : h('p', { id: 'proposal-votes-empty', class: 'empty', text: t('votes.noneForProposal') }),
    mayOpen ? openPanel(vid, pid, p, village, bodies) : null);
}

function openPanel(vid, pid, p, village, bodies) {
  const urban = village && village.kind === 'community';
  const kinds = MEETINGS.filter((m) => (urban ? !['villagers_meeting', 'group_meeting', 'member_assembly', 'member_representatives_assembly'].includes(m) : m !== 'residents_meeting'));
  const kind = h('select', { id: 'open-meeting-kind' }, kinds.map((m) => h('option', { value: m, text: t(`meeting.${m}`) })));
  const preferred = p.convene && kinds.includes(p.convene) ? p.convene : (urban ? 'residents_meeting' : 'villagers_meeting');
  kind.value = preferred;
  const bodySel = h('select', { id: 'open-body' },
    arr(bodies && bodies.bodies).filter((b) => b.kind !== 'hall').map((b) => h('option', { value: b.id, text: b.name })));
  const bodyField = field('open-body', t('open.body'), bodySel);
  const group = h('input', { id: 'open-group', type: 'text', maxlength: '32' });
  const groupField = field('open-group', t('open.group'), group);
  const secret = h('input', { id: 'open-secret', type: 'checkbox' });
  const sync = () => {
    bodyField.hidden = !['council', 'board'].includes(kind.value);
    groupField.hidden = kind.value !== 'group_meeting';
  };
  kind.addEventListener('change', sync);
  sync();
  const err = h('div', { id: 'open-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'open-submit', class: 'btn btn-wide', type: 'submit', text: t('open.submit') });
  const form = h('form', { id: 'open-form', class: 'form', novalidate: true },
    field('open-meeting-kind', t('open.meeting'), kind),
    bodyField, groupField,
    h('label', { class: 'check', for: 'open-secret' }, secret, h('span', { text: t('open.secret') })),
    h('p', { class: 'hint', text: t('open.secretHint') }),
    err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    setAlert(err, '');
    const body = { subject_kind: 'proposal', subject_id: pid, meeting_kind: kind.value, secret: secret.checked };
    if (!bodyField.hidden && bodySel.value) body.body_id = bodySel.value;
    if (!groupField.hidden) body.group = group.value.trim();
    try {
      const v = await api('POST', `${base(vid)}/votes`, body);
      go(`/v/${vid}/votes/${v.id}`);
    } catch (ex) {
      btn.disabled = false;
      setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'open-title' },
    h('h2', { id: 'open-title', text: t('open.title') }), form);
}

export default viewProposalVotes;
