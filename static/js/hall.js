// hall.js: the village hall: residents' topics and raising one.

import { api, arr, base, fullError } from './api.js';
import { can, enter } from './auth.js';
import { field, h, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { villageNav } from './menus.js';
import { go } from './navigate.js';
import { sortButtons, statusTag, villageName } from './proposal-kit.js';

const hallState = { sort: 'recent' };

/** The form to raise a topic. */
function topicForm(vid, flows) {
  const titleIn = h('input', { id: 'topic-title', type: 'text', maxlength: '120', required: true });
  const text = h('textarea', { id: 'topic-body', rows: '4', maxlength: '10000' });
  const cat = h('select', { id: 'topic-category' },
    arr(flows.categories).map((c) => h('option', { value: c.key, text: t(`cat.${c.key}`) })));
  cat.value = 'other';
  const err = h('div', { id: 'topic-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'topic-submit', class: 'btn btn-wide', type: 'submit', text: t('hall.raise') });
  const form = h('form', { id: 'topic-form', class: 'form', novalidate: true },
    field('topic-title', t('hall.topicTitle'), titleIn),
    field('topic-body', t('hall.topicBody'), text),
    field('topic-category', t('form.category'), cat),
    err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    setAlert(err, '');
    try {
      const p = await api('POST', `${base(vid)}/topics`, { title: titleIn.value, body: text.value, category: cat.value });
      go(`/v/${vid}/p/${p.id}`);
    } catch (ex) {
      btn.disabled = false;
      setAlert(err, fullError(ex));
    }
  });
  return form;
}

async function viewHall(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'hall.title', () => Promise.all([
    villageName(vid),
    api('GET', `${base(vid)}/topics?sort=${hallState.sort}&limit=50`),
    api('GET', `${base(vid)}/flows`),
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const [name, page, flows] = data;

  const topics = arr(page.items).map((p) => {
    const need = p.threshold && p.threshold.routes && p.threshold.routes[0] ? p.threshold.routes[0].required : 0;
    return h('li', { class: 'card proposal-card', 'data-id': p.id },
      h('a', { class: 'card-title', href: `#/v/${vid}/p/${p.id}`, text: p.title }),
      h('p', { class: 'meta' }, statusTag(p.status), ' ',
        h('span', { text: t('hall.supporters', { n: (p.counts && p.counts.signatures) || 0, need }) })));
  });
  const sorts = sortButtons('hall-sort-', ['recent', 'support'], hallState);

  const form = can('topic', 'create') && me.village_id === vid ? topicForm(vid, flows) : null;

  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('hall.heading', { village: name }) }),
    villageNav(vid),
    h('p', { class: 'lead', text: t('hall.intro') }),
    form ? h('section', { class: 'panel', 'aria-labelledby': 'raise-title' }, h('h2', { id: 'raise-title', text: t('hall.raiseTitle') }), form) : null,
    h('h2', { id: 'topics-title', text: t('hall.topics') }),
    sorts,
    topics.length ? h('ul', { id: 'topic-list', class: 'cards' }, topics) : h('p', { class: 'empty', text: t('hall.empty') }));
}

export default viewHall;
