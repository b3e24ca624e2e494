// op-bodies.js: a village's bodies (council, moral review board, hall,
// associations, the committee and the supervision committee) and their members, set up by the operator. Members are
// picked from the register by name.

import { api, arr, base, fullError } from './api.js';
import { enter } from './auth.js';
import { button, field, h, messageArea, onSubmit, setAlert, show } from './dom.js';
import { t } from './i18n.js';
import { residentLabel, residentSearch } from './op-kit.js';
import { opNav } from './menus.js';
import { bodyExtras, bodyFacts, relativesPanel } from './supervision-body.js';

/**
 * @typedef {import('./op-kit.js').Resident} Resident
 * @typedef {{resident_no: string, role: string}} Member
 * @typedef {{id: string, kind: string, name: string, members: Member[]}} Body
 */

const KINDS = ['council', 'moralboard', 'hall', 'association', 'committee', 'supervision'];
const SEATS = ['member', 'secretary', 'chair'];

/** @param {import('./auth.js').Ctx} ctx */
async function viewBodies(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'op.bodies', () => Promise.all([
    api('GET', base(vid)), api('GET', `${base(vid)}/bodies`), api('GET', `${base(vid)}/residents`)]));
  if (!entered) return;
  const rels = await relativesPanel(vid, arr(entered.data[2].residents));
  const [village, bodies, register] = entered.data;
  /** @type {Resident[]} */
  const residents = arr(register.residents);
  const list = h('div', { id: 'op-bodies' });
  const draw = (/** @type {Body[]} */ bs) => list.replaceChildren(...bs.map((b) => bodyPanel(vid, b, residents)));
  draw(arr(bodies.bodies));
  show(
    h('h1', { id: 'view-title', tabindex: '-1', text: t('op.bodiesOf', { village: village.name }) }),
    opNav(vid),
    residents.length ? null : h('p', { id: 'op-no-register', class: 'notice', text: t('op.noRegisterYet') }),
    list,
    newBodyForm(vid, arr(bodies.bodies), async () => {
      const again = await api('GET', `${base(vid)}/bodies`);
      draw(arr(again.bodies));
    }),
    rels);
}

/** @param {string} vid @param {Body[]} existing @param {() => Promise<void>} redraw */
function newBodyForm(vid, existing, redraw) {
  const kind = h('select', { id: 'body-kind' }, KINDS.map((k) => h('option', { value: k, text: t(`op.bodyKind.${k}`) })));
  const name = h('input', { id: 'body-name', type: 'text', maxlength: '64', required: true });
  const err = messageArea('body-error');
  const news = messageArea('body-news', { polite: true, cls: 'check-found' });
  const btn = h('button', { id: 'body-create', class: 'btn', type: 'submit', text: t('op.bodyCreate') });
  const extras = bodyExtras(vid, /** @type {HTMLSelectElement} */ (kind));
  const form = h('form', { id: 'body-form', class: 'form', novalidate: true },
    field('body-kind', t('op.bodyKind'), kind), field('body-name', t('op.bodyName'), name, t('op.bodyNameHint')), extras.node, err, btn, news);
  onSubmit(form, btn, err, async () => {
    // The body's code is the kind, numbered when the village has one already:
    // nobody types or reads it.
    const taken = new Set(existing.map((b) => b.id));
    let id = kind.value;
    for (let n = 2; taken.has(id); n++) id = `${kind.value}-${n}`;
    const made = await api('POST', `${base(vid)}/bodies`, { id, kind: kind.value, name: name.value.trim() || t(`op.bodyKind.${kind.value}`), members: [], ...extras.extra() });
    existing.push(made);
    name.value = '';
    await redraw();
    setAlert(news, t('op.bodyCreated', { name: made.name }));
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'body-new-title' }, h('h2', { id: 'body-new-title', text: t('op.bodyNew') }), form);
}

/** One body: its members, with remove, and adding one by name. @param {string} vid @param {Body} b @param {Resident[]} residents */
function bodyPanel(vid, b, residents) {
  const byNo = new Map(residents.map((r) => [r.resident_no, r]));
  const members = arr(b.members).slice();
  const err = messageArea(`body-${b.id}-error`);
  const news = messageArea(`body-${b.id}-news`, { polite: true, cls: 'check-found' });
  const seat = h('select', { id: `body-${b.id}-seat` }, SEATS.map((s) => h('option', { value: s, text: t(`op.seat.${s}`) })));
  const ul = h('ul', { id: `body-${b.id}-members`, class: 'lines' });
  const save = async (/** @type {Member[]} */ next, /** @type {string} */ said) => {
    setAlert(err, '');
    try {
      await api('PUT', `${base(vid)}/bodies/${encodeURIComponent(b.id)}/members`, { members: next });
      members.splice(0, members.length, ...next);
      drawMembers();
      setAlert(news, said);
    } catch (e) {
      setAlert(err, fullError(e));
    }
  };
  const who = (/** @type {string} */ no) => {
    const r = byNo.get(no);
    return r ? residentLabel(r) : t('op.notInRegister');
  };
  const drawMembers = () => {
    ul.replaceChildren(...(members.length ? members.map((m) => h('li', { 'data-member': byNo.get(m.resident_no)?.name || '' },
      h('span', { text: `${who(m.resident_no)} · ${t(`op.seat.${m.role}`)}` }), ' ',
      button(null, t('op.memberRemove'), () => save(members.filter((x) => x !== m), t('op.memberRemoved', { name: byNo.get(m.resident_no)?.name || '' })), 'btn btn-secondary')))
      : [h('li', { class: 'empty', text: t('op.noMembers') })]));
  };
  drawMembers();
  const search = residentSearch(`body-${b.id}-search`, residents,
    (r) => save([...members, { resident_no: r.resident_no, role: seat.value }], t('op.memberAdded', { name: r.name, body: b.name, seat: t(`op.seat.${seat.value}`) })),
    (r) => !members.some((m) => m.resident_no === r.resident_no));
  return h('section', { class: 'panel', 'aria-labelledby': `body-${b.id}-title`, 'data-body': b.name },
    h('h2', { id: `body-${b.id}-title`, text: `${b.name}（${t(`op.bodyKind.${b.kind}`)}）` }), bodyFacts(b),
    ul, field(`body-${b.id}-seat`, t('op.seat'), seat), search, err, news);
}

export default viewBodies;
