// filing-returned.js: a filing the street returned, as the village sees it:
// the street's legal basis and what must be corrected, then the matter
// reopened at its step: correct the minutes as a new version with a
// reason, have it confirmed and published, and file again from the notice.
// Each step says whether it is done and links to where it is done.

import { api, arr, base } from './api.js';
import { can, ensureMe, load } from './auth.js';
import { h, heading, navLinks, panel, setTitle, show, showLoading } from './dom.js';
import { fmtDate } from './format.js';
import { pick, t } from './i18n.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** What the page reads. @param {string} vid @param {string} fid */
async function loadAll(vid, fid) {
  const f = await api('GET', `${base(vid)}/filings/${fid}`);
  const [mid, ver] = String(f.minutes_id || '').split(':');
  const [versions, ready, prop] = await Promise.all([
    mid ? api('GET', `${base(vid)}/meetings/${mid}/minutes`).then((r) => arr(r.versions)) : Promise.resolve([]),
    api('GET', `${base(vid)}/notices/${f.notice_id}/filing-readiness`).catch(() => null),
    f.proposal_id ? api('GET', `${base(vid)}/proposals/${f.proposal_id}`).catch(() => null) : Promise.resolve(null)]);
  return { f, mid, filedVersion: Number(ver) || 0, versions, ready, prop: prop && prop.proposal };
}

/** The step the matter was reopened at, by its name in the proposal's flow (never its key). @param {any} prop @param {string} key */
function stepNamed(prop, key) {
  const st = arr(prop && prop.flow && prop.flow.steps).find((s) => s.key === key);
  return st ? pick(st, 'name_zh', 'name_en') : t('cyc.reopenedEarlier');
}

/** One step: done or to do, with the link where it is done. @param {string} id @param {boolean} done @param {string} text @param {HTMLElement|null} link */
function step(id, done, text, link) {
  return h('li', { id, class: done ? 'card step done' : 'card step', 'data-done': String(done) },
    h('p', { class: 'card-title', text: `${done ? '✓ ' : ''}${text}` }), link);
}

/** The correction of the minutes: from the filed version to a new published one. @param {string} vid @param {any} d */
function correctStep(vid, d) {
  const last = d.versions[d.versions.length - 1];
  if (!last || !d.mid) return step('returned-step-correct', false, t('cyc.noMinutes'), null);
  const url = `#/v/${vid}/m/${d.mid}/minutes/${last.version}`;
  if (last.version <= d.filedVersion) {
    return step('returned-step-correct', false, t('cyc.correctTodo', { n: last.version }),
      can('minutes', 'record') ? h('a', { id: 'returned-correct', class: 'btn', href: `${url}/correct`, text: t('cyc.correctMinutes') }) : null);
  }
  if (last.status !== 'published') {
    return step('returned-step-correct', false, t('cyc.correctDraft', { n: last.version }),
      h('a', { id: 'returned-minutes', class: 'btn', href: url, text: t('cyc.openVersion', { n: last.version }) }));
  }
  return step('returned-step-correct', true, t('cyc.correctDone', { n: last.version, date: fmtDate(last.published_at, 'long') }),
    h('a', { id: 'returned-minutes', class: 'btn btn-secondary', href: url, text: t('cyc.openVersion', { n: last.version }) }));
}

/** @param {Ctx} ctx */
async function viewReturned(ctx) {
  const { vid } = ctx.params;
  const fid = decodeURIComponent(ctx.params.fid);
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid, fid));
  if (!d || !ctx.alive()) return;
  setTitle('cyc.returnedTitle');
  const { f } = d;
  const order = f.correction_order || {};
  const street = (d.ready && d.ready.street) || t('cyc.theStreet');
  const refiled = d.ready && d.ready.filing && d.ready.filing.attempt > f.attempt;
  show(heading(t('cyc.returnedOf', { title: f.title })),
    h('p', { id: 'returned-status', class: 'notice', role: 'status',
      text: f.status === 'returned' ? t('cyc.returnedBy', { street, date: fmtDate(f.reviewed_at, 'long'), n: f.attempt }) : t(`cyc.status.${f.status}`) }),
    panel('returned-order-title', t('cyc.order'),
      h('dl', { class: 'facts' },
        h('dt', { text: t('cyc.basis') }), h('dd', { id: 'returned-basis', text: order.basis || '' }),
        h('dt', { text: t('cyc.reason') }), h('dd', { id: 'returned-reason', text: order.reason || '' }),
        order.reopened_step ? [h('dt', { text: t('cyc.reopened') }), h('dd', { id: 'returned-step', text: stepNamed(d.prop, order.reopened_step) })] : null),
      f.proposal_id ? h('p', null, h('a', { id: 'returned-proposal', href: `#/v/${vid}/p/${f.proposal_id}`, text: t('cyc.openProposal') })) : null),
    panel('returned-steps-title', t('cyc.steps'),
      h('ol', { id: 'returned-steps', class: 'cards' }, correctStep(vid, d),
        step('returned-step-file', Boolean(refiled), refiled ? t('cyc.refiled', { n: d.ready.filing.attempt })
          : d.ready ? t('cyc.step2', { text: pick(d.ready, 'message', 'message_en') }) : t('cyc.fileAgain'),
        h('a', { id: 'returned-notice', class: refiled ? 'btn btn-secondary' : 'btn', href: `#/v/${vid}/n/${f.notice_id}`, text: t('cyc.openNotice') })))),
    navLinks(h('a', { class: 'btn btn-secondary', href: '#/home', text: t('nav.home') })));
}

export default viewReturned;
