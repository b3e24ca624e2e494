// proposal-work.js: the proposal page's panels for the council: the
// secretary completes a step, a member gives an opinion.

import { api, base, fullError } from './api.js';
import { can } from './auth.js';
import { field, h, setAlert } from './dom.js';
import { t } from './i18n.js';
import { rerender } from './navigate.js';
import { stepName } from './proposal-kit.js';

/** The secretary completes the step the proposal waits on. */
export function advancePanel(vid, p) {
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
    setAlert(err, '');
    const body = { step: p.current.key, note: note.value };
    if (kind === 'vote' && vote.value.trim()) body.vote_id = vote.value.trim();
    if (kind === 'review') {
      body.review = { members: Number(nums[0].value), present: Number(nums[1].value), approve: Number(nums[2].value) };
    }
    try {
      await api('POST', `${base(vid)}/proposals/${p.id}/advance`, body);
      rerender();
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
      rerender();
    } catch (ex) {
      btn.disabled = false;
      setAlert(err, fullError(ex));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'opinion-title' }, h('h2', { id: 'opinion-title', text: t('opinion.title') }), form);
}
