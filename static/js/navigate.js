// navigate.js: the address in the hash (#/v/…/p/…) and moving to another
// one. The router registers how a page is drawn; views only ask to go
// somewhere or to draw the current page again.

/** @typedef {{focus?: boolean, rerender?: boolean}} RenderOpts */

/** @type {(opts: RenderOpts) => Promise<void>} */
let renderer = async () => {};

/** The router's render function. @param {(opts: RenderOpts) => Promise<void>} fn */
export function setRenderer(fn) {
  renderer = fn;
}

/** The current address without '#' and query: "/v/…/proposals". */
export function route() {
  return location.hash.replace(/^#/, '').split('?')[0];
}

/**
 * Goes to path; replace swaps the history entry (redirects).
 * @param {string} path
 * @param {{replace?: boolean}} [opts]
 */
export function go(path, { replace = false } = {}) {
  const target = `#${path}`;
  if (replace) {
    history.replaceState(null, '', target);
    renderer({ focus: true });
  } else if (location.hash === target) {
    renderer({ focus: true });
  } else {
    location.hash = target; // hashchange renders
  }
}

/**
 * Draws the current page again after an action and says what happened
 * beside the button that did it (journeys.md: after every action the page
 * says what happened, keeps the scroll position and focus, and shows the
 * new state). The first of ids found in the new page (the button that
 * replaced the pressed one, e.g. "withdraw my signature" after "co-sign")
 * gets the focus and, after it, a polite status that screen readers read.
 * @param {string} message
 * @param {...string} ids
 */
export async function rerenderSaying(message, ...ids) {
  const y = window.scrollY;
  await renderer({ rerender: false });
  window.scrollTo(0, y);
  const el = ids.map((id) => document.getElementById(id)).find(Boolean);
  if (!el) return;
  const said = document.createElement('p');
  said.className = 'said';
  said.id = 'action-said';
  said.setAttribute('role', 'status');
  said.setAttribute('aria-live', 'polite');
  const row = el.closest('.actions') || el;
  row.insertAdjacentElement('afterend', said);
  // A heading or a line takes the focus too (not in the tab order), so it
  // is never lost to the page.
  if (!(el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement || el.hasAttribute('tabindex'))) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  // The text goes in after the element is in the page, so it is announced.
  // Where what was added above (a new comment) pushed it below the screen,
  // the page scrolls just enough to show it; otherwise it stays put.
  // The scroll is restored again once the message takes its room: a page
  // shorter by the pressed button alone would have clamped it.
  requestAnimationFrame(() => {
    said.textContent = message;
    window.scrollTo(0, y);
    said.scrollIntoView({ block: 'nearest' });
  });
}

/** Draws the current page again, loading its data afresh. */
export function rerender() {
  return renderer({ rerender: false });
}

/** Draws the current page with the given options. @param {RenderOpts} [opts] */
export function render(opts = {}) {
  return renderer(opts);
}
