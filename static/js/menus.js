// menus.js: the menus of the pages, drawn from the route table (router.js):
// the home page's links, the village's, votes', board's and desk's subnavs,
// the org pages' links.

import { t } from './i18n.js';
import { h } from './dom.js';
import { can, state } from './auth.js';
import { menu } from './router.js';
import { foldMore } from './elder.js';

/**
 * Links of a menu as buttons (home, org pages) or a plain subnav.
 * @param {string} name
 * @param {Record<string, string>} params
 * @param {string} [cls] class of each link
 */
function links(name, params, cls) {
  return menu(name, params, state.me).map((m) => h('a', { id: m.id, class: cls || null, href: m.href, text: m.label }));
}

/** @param {string} name @param {Record<string, string>} params @param {string} [label] */
function subnav(name, params, label = 'nav.village') {
  return h('nav', { class: 'subnav', 'aria-label': t(label) }, foldMore(links(name, params), 3));
}

/** The links every proposal page of a village shows. @param {string} vid */
export function villageNav(vid) {
  return subnav('village', { vid });
}

/** The links of the vote pages. @param {string} vid */
export function votesNav(vid) {
  return subnav('votes', { vid });
}

/** The links of the moral review board's pages. @param {string} vid */
export function moralNav(vid) {
  return subnav('moral', { vid });
}

/** The desk's links: the queue and the street only for who may use them. @param {string} vid */
export function deskNav(vid) {
  const mayHandle = can('service_request', 'handle');
  const mayAnswer = can('service_request', 'answer');
  return h('nav', { class: 'subnav', 'aria-label': t('nav.village') },
    links('desk', { vid }).filter((a) => (a.id !== 'nav-desk-queue' || mayHandle) && (a.id !== 'nav-desk-street' || mayAnswer)));
}

/** The subnav of a village's operator pages (the tree, bodies, register, accounts, rules). @param {string} vid */
export function opNav(vid) {
  return subnav('op', { vid }, 'op.villageNav');
}

/** The street pages' subnav: home only. */
export function streetNav() {
  return subnav('street', {}, 'nav.label');
}

/** The home page's links to the pages of the account's village or office. */
export function homeLinks() {
  const me = state.me || {};
  const found = links('home', { vid: me.village_id || '' }, 'btn');
  const proposalsRead = can('proposal', 'read');
  const answer = can('service_request', 'answer');
  return found.filter((a) => {
    if (me.village_id) return true;
    if (a.id === 'link-proposals') return proposalsRead;
    if (a.id === 'link-street-desk') return answer;
    if (a.id === 'link-street-complaints') return can('complaint', 'answer');
    return true;
  });
}

/** The links of the org pages (dashboard, alerts, topics), as secondary buttons. @param {string} org */
export function orgLinks(org) {
  return links('org', { org }, 'btn btn-secondary');
}

/** The link to the public lists. */
export function linkLists() {
  return links('public', {}, 'btn btn-secondary')[0];
}

/** The link home as a secondary button. */
export function linkHome() {
  return links('lists', {}, 'btn btn-secondary')[0];
}
