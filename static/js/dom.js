// dom.js: the element builder and the small widgets every view uses (the
// page frame, a field with its error, a button busy while it works, a
// message area read out by screen readers, a list with its empty text, a
// card, a confirm dialog). Server text goes in through textContent, never
// parsed as HTML.

import { t } from './i18n.js';
import { errorText, fullError } from './api.js';

/**
 * @typedef {Record<string, string|number|boolean|null|undefined>} Props
 * @typedef {Node|string|null|undefined|false|any[]} Kid
 */

/**
 * h('p', {class: 'x', text: 'hi'}, child...): strings become text nodes;
 * null, undefined and false props and children are left out.
 * @param {string} tag
 * @param {Props|null} [props]
 * @param {...Kid} kids
 * @returns {HTMLElement & Record<string, any>}
 */
export function h(tag, props, ...kids) {
  const el = /** @type {HTMLElement & Record<string, any>} */ (document.createElement(tag));
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, kids);
  return el;
}

/** @param {Element} el @param {Kid[]} kids */
function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid !== null && kid !== undefined && kid !== false) el.append(/** @type {Node|string} */ (kid));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An SVG element: attributes as given, children as nodes or text.
 * @param {string} tag
 * @param {Record<string, string|number>|null} [attrs]
 * @param {...(Node|string)} kids
 * @returns {SVGElement}
 */
export function s(tag, attrs, ...kids) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
  for (const [a, val] of Object.entries(attrs || {})) el.setAttribute(a, String(val));
  for (const kid of kids) el.append(kid);
  return el;
}

/**
 * Like t(), but {name} placeholders may be DOM nodes.
 * @param {string} key
 * @param {Record<string, Node|string>} nodes
 */
export function tNodes(key, nodes) {
  const frag = document.createDocumentFragment();
  for (const part of t(key).split(/(\{\w+\})/)) {
    const m = /^\{(\w+)\}$/.exec(part);
    if (m && Object.prototype.hasOwnProperty.call(nodes, m[1])) frag.append(nodes[m[1]]);
    else if (part) frag.append(part);
  }
  return frag;
}

/**
 * Sets an alert's text; cleared first so screen readers announce the same
 * text again.
 * @param {Element} el
 * @param {string} text
 */
export function setAlert(el, text) {
  el.textContent = '';
  if (text) el.textContent = text;
}

/* ---------- the page frame ---------- */

/** @returns {HTMLElement} */
function viewEl() {
  return /** @type {HTMLElement} */ (document.getElementById('view'));
}

/** Replaces the view's content. @param {...Kid} nodes */
export function show(...nodes) {
  viewEl().replaceChildren();
  append(viewEl(), nodes);
}

export function showLoading() {
  show(h('p', { class: 'loading', role: 'status', text: t('common.loading') }));
}

/** @param {string} key */
export function setTitle(key) {
  document.title = `${t(key)} · ${t('app.name')}`;
}

/** The view's heading, focused after navigation. @param {string} key */
export function title(key) {
  return heading(t(key));
}

/** The view's heading with a given text. @param {string|Node} text */
export function heading(text) {
  return typeof text === 'string'
    ? h('h1', { id: 'view-title', tabindex: '-1', text })
    : h('h1', { id: 'view-title', tabindex: '-1' }, text);
}

/** @param {...Kid} links */
export function navLinks(...links) {
  return h('nav', { class: 'actions', 'aria-label': t('nav.label') }, ...links);
}

/**
 * The error page, with a retry button when retry is given.
 * @param {any} err
 * @param {() => void} [retry]
 */
export function showError(err, retry) {
  const kids = [title('error.title'), h('p', { class: 'alert', role: 'alert', text: errorText(err) })];
  if (retry) kids.push(h('p', null, button('retry', t('common.retry'), retry)));
  show(...kids);
}

/* ---------- widgets ---------- */

/**
 * A labelled field: label, optional hint (id-hint), the input.
 * @param {string} id
 * @param {string} label
 * @param {Node} input
 * @param {string} [hint]
 */
export function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id, text: label }),
    hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null,
    input);
}

/**
 * A plain button.
 * @param {string|null} id
 * @param {string} label
 * @param {(e: Event) => void} [onClick]
 * @param {string} [cls]
 */
export function button(id, label, onClick, cls = 'btn') {
  const b = /** @type {HTMLButtonElement} */ (h('button', { id, class: cls, type: 'button', text: label }));
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/**
 * A button that runs an action once at a time and shows its error in
 * errBox; it stays disabled after success (the view is redrawn then).
 * @param {string|null} id
 * @param {string} label
 * @param {Element} errBox
 * @param {() => Promise<unknown>} run
 * @param {{secondary?: boolean, cls?: string, full?: boolean}} [opts]
 */
export function busyButton(id, label, errBox, run, { secondary = false, cls, full = false } = {}) {
  const b = button(id, label, undefined, cls || (secondary ? 'btn btn-secondary' : 'btn'));
  b.addEventListener('click', async () => {
    if (b.disabled) return;
    b.disabled = true;
    setAlert(errBox, '');
    try {
      await run();
    } catch (err) {
      b.disabled = false;
      setAlert(errBox, full ? fullError(err) : errorText(err));
    }
  });
  return b;
}

/**
 * A message area screen readers read out: role=alert (assertive) for
 * errors, role=status (polite) for news.
 * @param {string|null} id
 * @param {{polite?: boolean, cls?: string, tag?: string}} [opts]
 */
export function messageArea(id, { polite = false, cls, tag = 'div' } = {}) {
  return h(tag, {
    id, class: cls === undefined ? (polite ? null : 'alert') : cls,
    role: polite ? 'status' : 'alert', 'aria-live': polite ? 'polite' : null,
  });
}

/**
 * A list of items, or the empty text when there are none.
 * @template T
 * @param {string|null} id
 * @param {T[]} items
 * @param {(x: T) => Kid} render one item's <li>
 * @param {{cls?: string, empty?: string, emptyId?: string, tag?: string}} [opts]
 */
export function list(id, items, render, { cls = 'lines', empty = 'common.empty', emptyId, tag = 'ul' } = {}) {
  return items.length
    ? h(tag, { id, class: cls }, items.map(render))
    : h('p', { id: emptyId, class: 'empty', text: t(empty) });
}

/**
 * A card of a list: a title link (or text) and its lines.
 * @param {{id?: string, href?: string|null, title: string, cls?: string, data?: Props}} c
 * @param {...Kid} kids
 */
export function card({ href, title: text, cls = 'card', data = {} }, ...kids) {
  return h('li', { class: cls, ...data },
    href ? h('a', { class: 'card-title', href, text }) : h('p', { class: 'card-title', text }),
    ...kids);
}

/** A panel section with its h2. @param {string} titleId @param {string} text @param {...Kid} kids */
export function panel(titleId, text, ...kids) {
  return h('section', { class: 'panel', 'aria-labelledby': titleId }, h('h2', { id: titleId, text }), ...kids);
}

/**
 * An inline confirm dialog: the ask button opens a box with a question,
 * a confirm and a cancel button; confirm runs onConfirm.
 * @param {{ask: [string, string], confirm: [string, string], cancel: [string, string], boxId: string,
 *   question: string, errBox: Element, onConfirm: () => Promise<unknown>, askCls?: string}} o [id, label] pairs
 */
export function dialog(o) {
  const ask = button(o.ask[0], o.ask[1], undefined, o.askCls || 'btn');
  const sure = busyButton(o.confirm[0], o.confirm[1], o.errBox, o.onConfirm, { full: true });
  const keep = button(o.cancel[0], o.cancel[1], undefined, 'btn btn-secondary');
  const box = h('div', { id: o.boxId, class: 'notice' },
    h('p', { text: o.question }), h('p', { class: 'actions' }, sure, keep));
  box.hidden = true;
  ask.addEventListener('click', () => { box.hidden = false; ask.hidden = true; sure.focus(); });
  keep.addEventListener('click', () => { box.hidden = true; ask.hidden = false; ask.focus(); });
  return [h('p', null, ask), box];
}

/**
 * Busy-guarded submit: runs fn, shows its error (with the fields it
 * names) in errEl; the button is enabled again afterwards.
 * @param {HTMLElement} form
 * @param {HTMLElement & {disabled?: boolean}} btn
 * @param {Element} errEl
 * @param {() => Promise<unknown>} fn
 */
export function onSubmit(form, btn, errEl, fn) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    setAlert(errEl, '');
    try {
      await fn();
    } catch (ex) {
      setAlert(errEl, fullError(ex));
    } finally {
      btn.disabled = false;
    }
  });
}
