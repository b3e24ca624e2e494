// authorisation.js: the secretary records what the villagers' meeting
// authorised the representatives' meeting to do: revoke or change the
// committee's improper decisions (V2026 Art. 27 ¶2) and decide some of the
// V2026 Art. 28 matters (Art. 28 ¶2). The resolution is picked from the
// villagers' meeting's adopted decisions by title and date; the page shows
// the authorisation in force and says what the save recorded. Unticking
// everything withdraws the authorisation.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, field, h, messageArea, navLinks, panel, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The authorisation in force, in words. @param {any} a @param {Map<string, string>} names */
function inForce(a, names) {
  const what = a ? [a.revocations ? t('auth.revocations') : null, ...arr(a.categories).map((c) => names.get(c) || c)].filter(Boolean) : [];
  if (!what.length) return h('p', { id: 'auth-current', class: 'empty', text: t('auth.none') });
  return h('div', { id: 'auth-current' },
    h('p', { text: t('auth.current', { ref: a.resolution_ref, date: a.resolved_on }) }),
    h('ul', { class: 'lines' }, what.map((w) => h('li', { text: w }))));
}

/** A tick box with its words. @param {string} id @param {string} label @param {boolean} on */
function tick(id, label, on) {
  const box = /** @type {HTMLInputElement} */ (h('input', { id, type: 'checkbox' }));
  box.checked = on;
  return { box, el: h('label', { class: 'check', for: id }, box, h('span', { text: label })) };
}

/**
 * The form: which resolution, and what it authorised. In a community the
 * residents' representatives' meeting revokes the committee's decisions by
 * law (U2026 Art. 30 ¶3), so there is nothing to authorise about that.
 * @param {string} vid @param {any[]} decisions @param {any[]} cats @param {any} a @param {boolean} community
 */
function form(vid, decisions, cats, a, community) {
  const which = /** @type {HTMLSelectElement} */ (h('select', { id: 'auth-resolution' },
    decisions.map((d) => h('option', { value: d.id, text: t('auth.option', { title: d.title, date: fmtDate(d.decided_at, 'long') }) }))));
  if (a && a.resolution_id && decisions.some((d) => d.id === a.resolution_id)) which.value = a.resolution_id;
  const revoke = tick('auth-revocations', t('auth.revocationsLabel'), Boolean(a && a.revocations));
  const held = new Set(arr(a && a.categories));
  const boxes = cats.map((c) => ({ key: c.key, ...tick(`auth-cat-${c.key}`, pick(c, 'zh', 'en'), held.has(c.key)) }));
  const err = messageArea('auth-error');
  const save = busyButton('auth-save', t('auth.save'), err, async () => {
    const body = { resolution_id: which.value, revocations: !community && revoke.box.checked, categories: boxes.filter((b) => b.box.checked).map((b) => b.key) };
    const r = await api('PUT', `${base(vid)}/authorisation`, body);
    const au = r.authorisation || {};
    const none = !au.revocations && !arr(au.categories).length;
    await rerenderSaying(none ? t('auth.withdrawn') : t('auth.saved', { ref: au.resolution_ref }), 'auth-save');
  }, { full: true });
  return h('div', { class: 'form', id: 'auth-form' },
    field('auth-resolution', t('auth.which'), which, t('auth.whichHint')),
    h('fieldset', { class: 'field' }, h('legend', { text: t('auth.what') }),
      h('p', { class: 'hint', text: t(community ? 'auth.communityRevokes' : 'auth.revocationsHint') }), community ? null : revoke.el,
      h('p', { class: 'hint', text: t('auth.categoriesHint') }), h('div', { class: 'checks' }, boxes.map((b) => b.el))),
    err, h('p', { class: 'actions' }, save));
}

/** @param {Ctx} ctx */
async function viewAuthorisation(ctx) {
  const { vid } = ctx.params;
  const got = await enter(ctx, 'auth.title', () => Promise.all([api('GET', `${base(vid)}/proposal-settings`),
    api('GET', `${base(vid)}/authorising-decisions`), api('GET', `${base(vid)}/flows`), api('GET', base(vid))]));
  if (!got) return;
  const [set, ds, fl, village] = got.data;
  const community = village.kind === 'community';
  const cats = arr(fl.categories).filter((c) => c.art24 && c.key !== 'guarantee');
  const names = new Map(cats.map((c) => [c.key, pick(c, 'zh', 'en')]));
  const decisions = arr(ds.decisions);
  show(title('auth.title'), h('p', { class: 'lead', text: t(community ? 'auth.leadCommunity' : 'auth.lead') }),
    panel('auth-current-title', t('auth.inForce'), inForce(set.authorisation, names)),
    panel('auth-record-title', t('auth.record'), decisions.length ? form(vid, decisions, cats, set.authorisation, community)
      : h('p', { id: 'auth-no-decisions', class: 'empty', text: t('auth.noDecisions') })),
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/flows`, text: t('flows.title') })));
}

export default viewAuthorisation;
