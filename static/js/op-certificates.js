// op-certificates.js: a city's certificate catalogue, entered by the
// operator as the province or city published it (民发〔2020〕20号). The
// national default and the 20 certificates villages no longer issue are
// shown beside it; a listed one can be entered only with its exception and
// the document that makes it, and the refusal appears next to the field.

import { api, arr, errorText } from './api.js';
import { enter } from './auth.js';
import { field, h, messageArea, navLinks, onSubmit, setAlert, show } from './dom.js';
import { pick, t } from './i18n.js';
import { linkHome } from './menus.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {{key: string, zh: string, en: string, basis: string, register?: boolean, listed_as?: string, exception?: string}} Cert */

/** An entry as the PUT takes it back. @param {Cert} c */
const asEntry = (c) => ({ zh: c.zh, en: c.en, basis: c.basis, listed_as: c.listed_as || '', exception: c.exception || '', register: Boolean(c.register) });

/** @param {Cert} c @param {HTMLElement|null} action */
function certCard(c, action) {
  return h('li', { class: 'card', 'data-key': c.key },
    h('p', { class: 'card-title', text: pick(c, 'zh', 'en') }),
    h('p', { class: 'line-desc', text: t('cert.basisOf', { basis: c.basis }) }),
    c.exception ? h('p', { class: 'line-desc cert-exception', text: t('cert.exceptionOf', { exception: c.exception }) }) : null,
    action);
}

/** @param {string} path @param {Cert[]} entries @param {any[]} listed @param {number} version */
function addForm(path, entries, listed, version) {
  const ids = ['zh', 'en', 'basis', 'listed_as', 'exception'];
  /** @type {Record<string, any>} */
  const inp = {
    zh: h('input', { id: 'cert-zh', type: 'text', maxlength: '100', required: true }),
    en: h('input', { id: 'cert-en', type: 'text', maxlength: '160' }),
    basis: h('input', { id: 'cert-basis', type: 'text', maxlength: '300', required: true }),
    listed_as: h('select', { id: 'cert-listed_as' }, h('option', { value: '', text: t('cert.notListed') }),
      listed.map((l) => h('option', { value: l.key, text: pick(l, 'zh', 'en') }))),
    exception: h('textarea', { id: 'cert-exception', rows: '3', maxlength: '500' }),
  };
  const register = h('input', { id: 'cert-register', type: 'checkbox' });
  /** @type {Record<string, HTMLElement>} */
  const errs = Object.fromEntries(ids.map((k) => [k, messageArea(`cert-${k}-error`)]));
  const err = messageArea('cert-error');
  const btn = h('button', { id: 'cert-add', class: 'btn', type: 'submit', text: t('cert.add') });
  const form = h('form', { id: 'cert-form', class: 'form', novalidate: true },
    ...ids.map((k) => h('div', {}, field(`cert-${k}`, t(`cert.field.${k}`), inp[k], t(`cert.hint.${k}`)), errs[k])),
    h('p', { class: 'check' }, register, h('label', { for: 'cert-register', text: t('cert.field.register') })),
    err, btn);
  onSubmit(form, btn, err, async () => {
    for (const k of ids) setAlert(errs[k], '');
    /** @type {Record<string, string|boolean>} */
    const entry = Object.fromEntries(ids.map((k) => [k, inp[k].value.trim()]));
    entry.register = register.checked;
    const at = `entries.${entries.length}.`;
    try {
      const saved = await api('PUT', path, { entries: [...entries.map(asEntry), entry], version });
      await rerenderSaying(t('cert.added', { name: entry.zh, n: arr(saved.entries).length }), 'cert-add');
    } catch (e) {
      const fields = (e && e.fields) || {};
      for (const k of ids) if (fields[at + k]) setAlert(errs[k], pick(fields[at + k], 'message', 'message_en'));
      throw e;
    }
  });
  return form;
}

/** @param {string} path @param {Cert[]} entries @param {Cert} c @param {number} version */
function removeButton(path, entries, c, version) {
  const b = h('button', { class: 'btn btn-secondary cert-remove', type: 'button', text: t('cert.remove') });
  const err = messageArea(`cert-remove-${c.key}-error`);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const saved = await api('PUT', path, { entries: entries.filter((x) => x.key !== c.key).map(asEntry), version });
      await rerenderSaying(t('cert.removed', { name: c.zh, n: arr(saved.entries).length }), 'cert-entries', 'cert-entries-empty');
    } catch (e) {
      b.disabled = false;
      setAlert(err, errorText(e));
    }
  });
  return h('p', { class: 'actions' }, b, err);
}

/** @param {import('./auth.js').Ctx} ctx */
async function viewCertificates(ctx) {
  const { cid } = ctx.params;
  const path = `/api/v1/orgs/${cid}/certificate-catalogue`;
  const entered = await enter(ctx, 'cert.title', () => Promise.all([api('GET', `/api/v1/orgs/${cid}`), api('GET', path)]));
  if (!entered) return;
  const [city, cat] = entered.data;
  /** @type {Cert[]} */
  const entries = arr(cat.entries);
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('cert.of', { city: city.name }) }),
    h('p', { class: 'lead', text: t('cert.intro', { basis: pick(cat, 'basis', 'basis_en') }) }),
    h('section', { class: 'panel', 'aria-labelledby': 'cert-city-title' },
      h('h2', { id: 'cert-city-title', text: t('cert.city', { city: city.name }) }),
      entries.length ? h('ul', { id: 'cert-entries', class: 'cards' }, entries.map((c) => certCard(c, removeButton(path, entries, c, cat.version || 0))))
        : h('p', { id: 'cert-entries-empty', class: 'empty', text: t('cert.none') }),
      h('h3', { text: t('cert.addTitle') }), addForm(path, entries, arr(cat.not_issued), cat.version || 0)),
    h('section', { class: 'panel', 'aria-labelledby': 'cert-default-title' },
      h('h2', { id: 'cert-default-title', text: t('cert.defaults') }),
      h('ul', { id: 'cert-defaults', class: 'cards' }, arr(cat.defaults).map((c) => certCard(c, null)))),
    h('details', { class: 'fold', id: 'cert-not-issued' }, h('summary', { text: t('cert.notIssued') }),
      h('ul', {}, arr(cat.not_issued).map((l) => h('li', { text: pick(l, 'zh', 'en') })))),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/op', text: t('op.tree') }), linkHome()));
}

export default viewCertificates;
