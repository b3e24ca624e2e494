// op-tree.js: the operator's org tree: every city, district, street and
// village in reading order; rename any of them, add a street under a
// district and a village under a street; a village opens its pages.

import { api, arr } from './api.js';
import { enter } from './auth.js';
import { field, h, messageArea, navLinks, onSubmit, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { linkHome } from './menus.js';

/** @typedef {{id: string, code: string, name: string, level: string, kind?: string, path: string, parent_id?: string}} Org */

const CHILD = { district: 'street', street: 'village' };

/** @param {import('./auth.js').Ctx} ctx */
async function viewTree(ctx) {
  const entered = await enter(ctx, 'op.tree', () => api('GET', '/api/v1/orgs'));
  if (!entered) return;
  const news = messageArea('op-tree-news', { polite: true, cls: 'check-found' });
  const box = h('div', { id: 'op-tree' });
  const redraw = async (/** @type {string} */ said) => {
    const data = await api('GET', '/api/v1/orgs');
    box.replaceChildren(tree(arr(data.orgs), redraw));
    setAlert(news, said);
  };
  box.append(tree(arr(entered.data.orgs), redraw));
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('op.tree') }),
    h('p', { class: 'lead', text: t('op.treeIntro') }),
    news, box, navLinks(linkHome()));
}

/** The tree as nested lists. @param {Org[]} orgs @param {(said: string) => Promise<void>} redraw */
function tree(orgs, redraw) {
  /** @type {Map<string, Org[]>} */
  const kids = new Map();
  for (const o of orgs) {
    const k = o.parent_id || '';
    if (!kids.has(k)) kids.set(k, []);
    /** @type {Org[]} */ (kids.get(k)).push(o);
  }
  /** @param {string} parent @returns {HTMLElement|null} */
  const branch = (parent) => {
    const here = kids.get(parent) || [];
    return here.length ? h('ul', { class: 'tree' }, here.map((o) => h('li', { 'data-org': o.name }, orgLine(o, redraw), branch(o.id)))) : null;
  };
  return branch('') || h('p', { class: 'empty', text: t('common.empty') });
}

/** One org: its name (a village links to its pages), rename, add below. @param {Org} o @param {(said: string) => Promise<void>} redraw */
function orgLine(o, redraw) {
  const name = o.level === 'village'
    ? h('a', { href: `#/op/v/${o.id}`, class: 'card-title', text: o.name })
    : h('span', { class: 'card-title', text: o.name });
  // A city keeps the certificate list its government published.
  const certs = o.level === 'city'
    ? h('p', {}, h('a', { class: 'btn btn-secondary op-certificates', href: `#/op/c/${o.id}/certificates`, text: t('cert.title') })) : null;
  const child = CHILD[/** @type {'district'|'street'} */ (o.level)];
  return h('div', { class: 'card' },
    name, ' ', h('span', { class: 'hint', text: kindOf(o) }),
    certs,
    renameForm(o, redraw),
    child ? addForm(o, child, redraw) : null);
}

/** What the org is, in words (a path code means nothing to a reader). @param {Org} o */
function kindOf(o) {
  return o.level === 'village' && o.kind ? t(`op.kind.${o.kind}`) : t(`op.level.${o.level}`);
}

/** @param {Org} o @param {(said: string) => Promise<void>} redraw */
function renameForm(o, redraw) {
  const id = `rename-${o.code}`;
  const input = h('input', { id: `${id}-name`, type: 'text', maxlength: '64', required: true, value: o.name });
  const err = messageArea(`${id}-error`);
  const btn = h('button', { id: `${id}-save`, class: 'btn btn-secondary', type: 'submit', text: t('op.rename') });
  const form = h('form', { id, class: 'form', novalidate: true }, field(`${id}-name`, t('op.newName', { name: o.name }), input), err, btn);
  onSubmit(form, btn, err, async () => {
    const renamed = await api('PUT', `/api/v1/orgs/${o.id}/name`, { name: input.value.trim() });
    await redraw(t('op.renamed', { was: o.name, name: renamed.name }));
  });
  return details(t('op.renameOf', { name: o.name }), form);
}

/** @param {Org} parent @param {string} level @param {(said: string) => Promise<void>} redraw */
function addForm(parent, level, redraw) {
  const id = `add-${parent.code}`;
  const name = h('input', { id: `${id}-name`, type: 'text', maxlength: '64', required: true });
  const code = h('input', { id: `${id}-code`, type: 'text', maxlength: '32', required: true, autocapitalize: 'none' });
  const kind = h('select', { id: `${id}-kind` },
    h('option', { value: 'village', text: t('op.kind.village') }), h('option', { value: 'community', text: t('op.kind.community') }));
  const err = messageArea(`${id}-error`);
  const btn = h('button', { id: `${id}-save`, class: 'btn', type: 'submit', text: t(`op.add.${level}`) });
  const form = h('form', { id, class: 'form', novalidate: true },
    field(`${id}-name`, t('op.orgName'), name),
    field(`${id}-code`, t('op.orgCode'), code, t('op.orgCodeHint')),
    level === 'village' ? field(`${id}-kind`, t('op.orgKind'), kind) : null,
    err, btn);
  onSubmit(form, btn, err, async () => {
    /** @type {Record<string, string>} */
    const body = { name: name.value.trim(), code: code.value.trim(), level, parent_id: parent.id };
    if (level === 'village') body.kind = kind.value;
    const made = await api('POST', '/api/v1/orgs', body);
    await redraw(t('op.added', { name: made.name, parent: parent.name }));
  });
  return details(t(`op.addUnder.${level}`, { name: parent.name }), form);
}

/** A folded section: the summary opens the form. @param {string} summary @param {HTMLElement} body */
function details(summary, body) {
  return h('details', { class: 'fold' }, h('summary', { text: summary }), body);
}

export default viewTree;
