// proposal-form.js: writing a new proposal or editing a draft.

import { api, arr, base, fullError } from './api.js';
import { ensureMe, load } from './auth.js';
import { field, h, setAlert, setTitle, show, showLoading, title } from './dom.js';
import { pick, t } from './i18n.js';
import { villageNav } from './menus.js';
import { go } from './navigate.js';
import { revokesFields } from './proposal-revoke.js';

/** The form's inputs, filled from the draft p when editing. */
function inputs(bodies, flows, p) {
  const bodySel = h('select', { id: 'proposal-body-id', required: true },
    arr(bodies.bodies).filter((b) => b.kind === 'council' || b.kind === 'association')
      .filter((b) => b.id !== 'representatives')
      .map((b) => h('option', { value: b.id, text: b.name })));
  const titleIn = h('input', { id: 'proposal-title', type: 'text', maxlength: '120', required: true });
  const text = h('textarea', { id: 'proposal-text', rows: '8', maxlength: '10000' });
  const cat = h('select', { id: 'proposal-category', required: true },
    arr(flows.categories).map((c) => h('option', { value: c.key, text: c.art24 ? t('form.art24Category', { name: t(`cat.${c.key}`) }) : t(`cat.${c.key}`) })));
  const flowSel = h('select', { id: 'proposal-flow' },
    h('option', { value: '', text: t('form.flowDefault') }),
    arr(flows.flows).filter((f) => f.key !== 'hall').map((f) => h('option', { value: f.key, text: pick(f, 'name_zh', 'name_en') })));
  const convene = h('select', { id: 'proposal-convene' },
    h('option', { value: '', text: t('form.conveneNone') }),
    ['villagers_meeting', 'representatives_meeting', 'residents_meeting'].map((m) => h('option', { value: m, text: t(`meeting.${m}`) })));
  const linkTitle = h('input', { id: 'proposal-link-title', type: 'text', maxlength: '100' });
  const linkURL = h('input', { id: 'proposal-link-url', type: 'url', maxlength: '500' });
  // A new proposal starts on an ordinary matter: a statutory one (Art. 24)
  // must go to the villagers' meeting, which a resident should choose, not inherit.
  const ordinary = arr(flows.categories).filter((c) => !c.art24);
  const plain = ordinary.find((c) => c.key === 'other') || ordinary[0];
  if (!p && plain) cat.value = plain.key;
  if (p) {
    bodySel.value = p.body_id;
    titleIn.value = p.title;
    text.value = p.body || '';
    cat.value = p.category;
    flowSel.value = p.flow_key || '';
    convene.value = p.convene || '';
    const l = arr(p.links)[0];
    if (l) { linkTitle.value = l.title; linkURL.value = l.url; }
  }
  return { bodySel, titleIn, text, cat, flowSel, convene, linkTitle, linkURL };
}

/**
 * The category and, when a statutory (Art. 24) matter is chosen, one line
 * saying where it must be decided and why, read out as it changes.
 * @param {HTMLElement & Record<string, any>} cat
 * A collective matter's line comes from the server, which knows whether the
 * village has its own collective economic organisation.
 * @param {Array<{key: string, art24?: boolean, where_zh?: string, where_en?: string}>} categories
 */
function categoryField(cat, categories) {
  const note = h('p', { id: 'proposal-category-note', class: 'hint', role: 'status', 'aria-live': 'polite' });
  const sync = () => {
    const c = categories.find((x) => x.key === cat.value);
    note.textContent = c && c.where_zh ? pick(c, 'where_zh', 'where_en') : c && c.art24 ? t('form.categoryHint') : '';
  };
  cat.addEventListener('change', sync);
  sync();
  const f = field('proposal-category', t('form.category'), cat);
  f.append(note);
  return f;
}

async function viewForm(ctx) {
  const { vid, pid } = ctx.params;
  setTitle(pid ? 'form.editTitle' : 'form.newTitle');
  const me = await ensureMe(ctx);
  if (!me) return;
  if (!ctx.rerender) showLoading();
  const data = await load(ctx, () => Promise.all([
    api('GET', `${base(vid)}/bodies`),
    api('GET', `${base(vid)}/flows`),
    pid ? api('GET', `${base(vid)}/proposals/${pid}`) : Promise.resolve(null),
    api('GET', `${base(vid)}/revocable-decisions`),
  ]));
  if (!data || !ctx.alive()) return;
  const [bodies, flows, detailData, revocable] = data;
  const p = detailData ? detailData.proposal : null;
  const revokes = revokesFields(arr(revocable.decisions), p);

  const { bodySel, titleIn, text, cat, flowSel, convene, linkTitle, linkURL } = inputs(bodies, flows, p);
  const errBox = h('div', { id: 'form-error', class: 'alert', role: 'alert' });
  const submit = h('button', { id: 'proposal-save', class: 'btn btn-wide', type: 'submit', text: t('form.save') });
  const form = h('form', { id: 'proposal-form', class: 'form', novalidate: true },
    field('proposal-body-id', t('form.body'), bodySel),
    field('proposal-title', t('form.title'), titleIn),
    field('proposal-text', t('form.text'), text),
    categoryField(cat, arr(flows.categories)),
    field('proposal-flow', t('form.flow'), flowSel),
    field('proposal-convene', t('form.convene'), convene, t('form.conveneHint')),
    revokes.box,
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
    setAlert(errBox, '');
    const body = {
      body_id: bodySel.value, title: titleIn.value, body: text.value, category: cat.value,
      flow: flowSel.value, convene: convene.value,
      links: linkURL.value.trim() ? [{ title: linkTitle.value.trim() || linkURL.value.trim(), url: linkURL.value.trim() }] : [],
    };
    const named = revokes.value();
    if (named) body.revokes = named;
    try {
      const saved = pid
        ? await api('PUT', `${base(vid)}/proposals/${pid}`, body)
        : await api('POST', `${base(vid)}/proposals`, body);
      go(`/v/${vid}/p/${saved.id}`);
    } catch (err) {
      submit.disabled = false;
      setAlert(errBox, fullError(err));
    }
  });
  show(title(pid ? 'form.editTitle' : 'form.newTitle'), villageNav(vid), h('p', { class: 'hint', text: t('form.draftHint') }), form);
}

export default viewForm;
