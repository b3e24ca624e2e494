// proposal-talk.js: the proposal page's amendments and comments.

import { api, arr, base, fullError } from './api.js';
import { can } from './auth.js';
import { busyButton, field, h, setAlert } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

export function amendmentsPanel(vid, p, d) {
  const list = arr(d.amendments);
  const err = h('div', { id: 'amendment-error', class: 'alert', role: 'alert' });
  const items = list.map((a) => {
    const li = h('li', { class: 'line', 'data-id': a.id },
      h('p', { class: 'line-desc', text: a.text }),
      h('p', { class: 'line-meta', text: `${a.author_name} · ${t(`amendment.${a.status}`)}` }));
    if (a.status === 'pending' && d.viewer.proposer && can('amendment', 'decide')) {
      const url = `${base(vid)}/proposals/${p.id}/amendments/${a.id}/decision`;
      li.append(h('p', { class: 'actions' },
        busyButton(`accept-${a.id}`, t('amendment.accept'), err, async () => { await api('POST', url, { accept: true }); await rerenderSaying(t('said.amendmentAccepted'), 'amendment-list'); }),
        busyButton(`reject-${a.id}`, t('amendment.reject'), err, async () => { await api('POST', url, { accept: false }); await rerenderSaying(t('said.amendmentRejected'), 'amendment-list'); }, { secondary: true })));
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
        await rerenderSaying(t('said.amended'), 'amendment-submit');
      } catch (ex) {
        btn.disabled = false;
        setAlert(err, fullError(ex));
      }
    });
  }
  if (!items.length && !form) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'amendments-title' },
    h('h2', { id: 'amendments-title', text: t('amendment.title') }),
    items.length ? h('ul', { id: 'amendment-list', class: 'lines' }, items) : h('p', { class: 'empty', text: t('amendment.none') }),
    err, form);
}

export function commentsPanel(vid, p, comments) {
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
        // Said under the main form's button (a reply's form closes).
        await rerenderSaying(t(parentID ? 'said.replied' : 'said.commented'), `${id}-submit`, 'comment-form-submit', 'comments-title');
      } catch (ex) {
        btn.disabled = false;
        setAlert(err, fullError(ex));
      }
    });
    return form;
  }

  const one = (c) => h('article', { class: 'comment' },
    h('p', { class: 'comment-meta' }, h('strong', { text: c.author_name }), ' ', h('time', { datetime: c.at, text: fmtTime(c.at) })),
    h('p', { class: 'comment-body', text: c.body }));
  const threads = comments.map((c) => {
    const li = h('li', { class: 'thread', 'data-id': c.id }, one(c));
    const replies = arr(c.replies);
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
