// project-form.js: starting the implementation of an adopted resolution
// (实施项目). The resolution is picked from the board by its title (the
// street's acceptance leads here from home with it chosen); the person
// responsible is picked from the register by name, or a unit is typed;
// milestones are a title and a date each. Errors land next to the field.

import { api, arr, base, errorText } from './api.js';
import { ensureMe, load } from './auth.js';
import { button, field, h, heading, navLinks, setAlert, setTitle, show, showLoading } from './dom.js';
import { t } from './i18n.js';
import { go } from './navigate.js';
import { fieldError, localDate, personLabel, registerOf, select, setFlash } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

const UNIT = '__unit';

/** What the form reads: the resolutions on the board and the register. @param {string} vid */
async function loadAll(vid) {
  const [board, reg] = await Promise.all([api('GET', `${base(vid)}/board`), registerOf(vid)]);
  return { notices: arr(board.notices).filter((n) => n.kind === 'resolution'), reg };
}

/** One milestone row. @param {number} i */
function milestoneRow(i) {
  const title = h('input', { id: `ms-title-${i}`, class: 'ms-title', maxlength: '100' });
  const due = h('input', { id: `ms-due-${i}`, class: 'ms-due', type: 'date' });
  return h('fieldset', { class: 'milestone' }, h('legend', { text: t('proj.milestoneN', { n: i + 1 }) }),
    field(title.id, t('proj.milestoneTitle'), title), field(due.id, t('proj.milestoneDue'), due));
}

/** The milestones typed, or an error sentence. @param {HTMLElement} box */
function milestones(box) {
  const out = [];
  for (const fs of box.querySelectorAll('fieldset.milestone')) {
    const title = /** @type {HTMLInputElement} */ (fs.querySelector('.ms-title')).value.trim();
    const day = /** @type {HTMLInputElement} */ (fs.querySelector('.ms-due')).value;
    if (!title && !day) continue;
    const due = localDate(day, '17:00');
    if (!title || !due) return { error: t('proj.milestoneBoth') };
    out.push({ title, due: due.toISOString() });
  }
  return { list: out };
}

/** The responsible person (by name) or unit (typed). @param {Map<string, any>} reg */
function responsibleField(reg) {
  const people = [...reg.values()].map((r) => ({ value: r.name, label: personLabel(r) }));
  const who = select('proj-responsible', [...people, { value: UNIT, label: t('proj.aUnit') }], t('meet.pickPerson'));
  const unit = h('input', { id: 'proj-unit', maxlength: '100' });
  const unitField = field('proj-unit', t('proj.unitName'), unit);
  unitField.hidden = true;
  who.addEventListener('change', () => { unitField.hidden = /** @type {HTMLSelectElement} */ (who).value !== UNIT; });
  const value = () => {
    const v = /** @type {HTMLSelectElement} */ (who).value;
    return v === UNIT ? /** @type {HTMLInputElement} */ (unit).value.trim() : v;
  };
  return { nodes: [field('proj-responsible', t('proj.responsible'), who), unitField], value };
}

/** @param {Ctx} ctx */
async function viewProjectForm(ctx) {
  const { vid, nid } = ctx.params;
  showLoading();
  if (!(await ensureMe(ctx))) return;
  const d = await load(ctx, () => loadAll(vid));
  if (!d || !ctx.alive()) return;
  setTitle('proj.newTitle');
  const notice = select('proj-notice', d.notices.map((n) => ({ value: n.id, label: n.title })), t('proj.pickResolution'));
  if (nid) /** @type {HTMLSelectElement} */ (notice).value = nid;
  const title = h('input', { id: 'proj-title', maxlength: '100' });
  const chosen = () => d.notices.find((n) => n.id === /** @type {HTMLSelectElement} */ (notice).value);
  /** @type {HTMLInputElement} */ (title).value = chosen()?.title || '';
  notice.addEventListener('change', () => { /** @type {HTMLInputElement} */ (title).value = chosen()?.title || ''; });
  const resp = responsibleField(d.reg);
  const box = h('div', { id: 'proj-milestones' }, [0, 1, 2].map(milestoneRow));
  const more = button('proj-more', t('proj.addMilestone'), () => box.append(milestoneRow(box.children.length)), 'btn btn-secondary');
  const errs = { notice: fieldError('proj-notice'), who: fieldError('proj-responsible'), ms: fieldError('proj-milestones'), form: h('p', { id: 'proj-form-error', class: 'alert', role: 'alert' }) };
  const save = h('button', { id: 'proj-submit', class: 'btn btn-wide', type: 'submit', text: t('proj.start') });
  const form = h('form', { id: 'proj-form', class: 'form', novalidate: true },
    field('proj-notice', t('proj.resolution'), notice), errs.notice, field('proj-title', t('proj.title'), title),
    ...resp.nodes, errs.who, h('h2', { text: t('proj.milestones') }), box, more, errs.ms, errs.form, save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const el of Object.values(errs)) setAlert(el, '');
    const n = chosen();
    const ms = milestones(box);
    if (!n) return setAlert(errs.notice, t('proj.resolutionRequired'));
    if (!resp.value()) return setAlert(errs.who, t('proj.responsibleRequired'));
    if (ms.error) return setAlert(errs.ms, ms.error);
    save.disabled = true;
    try {
      const p = await api('POST', `${base(vid)}/projects`, { title: /** @type {HTMLInputElement} */ (title).value.trim() || n.title,
        notice_id: n.id, proposal_id: n.proposal_id || '', responsible: resp.value(), milestones: ms.list });
      setFlash(t('proj.started', { title: p.title }));
      go(`/v/${vid}/projects/${p.id}`);
    } catch (err) {
      save.disabled = false;
      setAlert(errs.form, errorText(err));
    }
    return undefined;
  });
  show(heading(t('proj.newTitle')), h('p', { class: 'lead', text: t('proj.newLead') }), form,
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/projects`, text: t('proj.listTitle') })));
}

export default viewProjectForm;
