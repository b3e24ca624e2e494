// home-lines.js: one line of the home page (a thing that waits for me, or
// one open in my village) as a card: what it is, its title, when, and the
// link to its page. The server sends the facts; the sentence is ours.

import { h } from './dom.js';
import { fmtDate, fmtTime } from './format.js';
import { has, pick, t } from './i18n.js';
import { linkHref } from './links.js';

/**
 * @typedef {{kind: string, title: string, detail_zh?: string, detail_en?: string, at?: string, due?: string,
 *   count?: number, today?: boolean, org_id?: string, org_name?: string,
 *   link?: import('./links.js').Link}} HomeLine
 */

/**
 * A title the server sends as a code, in words: a moral-board case is
 * titled by its category ("environment" → 环境卫生).
 * @param {string} kind @param {string} [title]
 */
export function titleWords(kind, title = '') {
  return kind.startsWith('case_') && has(`moral.cat.${title}`) ? t(`moral.cat.${title}`) : title;
}

/** The line's sentence; a kind this page does not know yet shows its title. @param {HomeLine} l */
function sentence(l) {
  const key = `home.line.${l.kind}`;
  const title = titleWords(l.kind, l.title);
  return has(key) ? t(key, { title, count: l.count || 0 }) : title;
}

/** The line's detail; a case's is its status, sent as a code. @param {HomeLine} l */
function detailOf(l) {
  const detail = pick(l, 'detail_zh', 'detail_en');
  return l.kind === 'case_about_me' && has(`moral.status.${detail}`) ? t(`moral.status.${detail}`) : detail;
}

/**
 * A card: the sentence links to the page; the meta line says when, where
 * and for whom; a meeting today gets its sign-in button.
 * @param {HomeLine} l
 * @param {boolean} showOrg the org's name, for accounts above the village
 */
export function homeLine(l, showOrg) {
  const detail = detailOf(l);
  const meta = [
    showOrg && l.org_name ? l.org_name : '',
    detail || '',
    // A notice's period ends on a date (written out, as on the board); a vote closes at an hour.
    l.due ? t('home.due', { date: l.kind === 'notice_open' ? fmtDate(l.due, 'long') : fmtTime(l.due) }) : '',
    !l.due && l.at ? fmtTime(l.at) : '',
  ].filter(Boolean).join(' · ');
  // On the day, the sign-in button; not while the page has no sign-in route (it would only lead home).
  const signInHref = l.today && l.kind === 'meeting_invited'
    ? linkHref({ view: 'sign-in-code', params: (l.link && l.link.params) || {} }, l.org_id) : '#/home';
  const signIn = signInHref !== '#/home'
    ? h('p', null, h('a', { class: 'btn home-sign-in', href: signInHref, text: t('home.signIn') }))
    : null;
  return h('li', { class: l.today ? 'card home-line today' : 'card home-line', 'data-kind': l.kind },
    h('a', { class: 'card-title', href: linkHref(l.link, l.org_id), text: sentence(l) }),
    l.today ? h('span', { class: 'tag', text: t('home.today') }) : null,
    meta ? h('p', { class: 'line-meta', text: meta }) : null,
    signIn);
}
