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

/** Draws the current page again, loading its data afresh. */
export function rerender() {
  return renderer({ rerender: false });
}

/** Draws the current page with the given options. @param {RenderOpts} [opts] */
export function render(opts = {}) {
  return renderer(opts);
}
