// proposal-work.js: the proposal page's panels for the council: the
// secretary completes a step, a member gives an opinion.

import { api, arr, base, fullError } from './api.js';
import { can } from './auth.js';
import { field, h, setAlert } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';
import { stepName } from './proposal-kit.js';

/** The proposal's closed votes to pick from, by title, meeting, date and outcome (no ids typed). @param {string} vid @param {string} pid @param {HTMLSelectElement} sel */
async function fillVotes(vid, pid, sel) {
  let votes = [];
  try {
    votes = arr((await api('GET', `${base(vid)}/votes?subject_id=${encodeURIComponent(pid)}`)).votes).filter((v) => v.status === 'closed');
  } catch {
    /* the list stays empty; the step's refusal says a vote is needed */
  }
  sel.replaceChildren(...(votes.length
    ? votes.map((v) => h('option', { value: v.id, text: t('advance.voteLine', { title: v.title, meeting: t(`meeting.${v.meeting_kind}`), date: fmtDate(v.closed_at),
      outcome: t(v.result && v.result.adopted ? 'advance.adopted' : 'advance.notAdopted') }) }))
    : [h('option', { value: '', text: t('advance.noVote') })]));
}

/** The secretary completes the step the proposal waits on. */
export function advancePanel(vid, p) {
  if (p.kind === 'topic' || !['submitted', 'in_progress'].includes(p.status) || !can('proposal', 'advance') || !p.current) return null;
  const kind = p.current.kind;
  const note = h('textarea', { id: 'advance-note', rows: '2', maxlength: '1000' });
  const vote = /** @type {HTMLSelectElement} */ (h('select', { id: 'advance-vote' }));
  if (kind === 'vote') fillVotes(vid, p.id, vote);
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
    setAlert(err, '');
    const body = { step: p.current.key, note: note.value };
    if (kind === 'vote' && vote.value) body.vote_id = vote.value;
    if (kind === 'review') {
      body.review = { members: Number(nums[0].value), present: Number(nums[1].value), approve: Number(nums[2].value) };
    }
    try {
      const out = await api('POST', `${base(vid)}/proposals/${p.id}/advance`, body);
      await rerenderSaying(t('said.stepDone', { step: stepName(p.current), next: out.current ? stepName(out.current) : '' }), 'advance-submit', 'timeline-title');
    } catch (ex) {
      btn.disabled = false;
      setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'advance-title' },
    h('h2', { id: 'advance-title', text: t('advance.title') }), form);
}

/** A council member's opinion in a deliberation step. */
export function opinionPanel(vid, p) {
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
      await rerenderSaying(t('said.opinionGiven', { opinion: t(`opinion.${sel.value}`) }), 'opinion-submit', 'timeline-title');
    } catch (ex) {
      btn.disabled = false;
      setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'opinion-title' }, h('h2', { id: 'opinion-title', text: t('opinion.title') }), form);
}
