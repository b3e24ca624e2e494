// petition-form.js: a resident starts an audit petition (V2026 Art. 40;
// U2026 Art. 38) or a recall petition naming a committee member, picked by
// name, and its reasons (V2026 Art. 19; U2026 Art. 20). The result shows
// next to the button with the way to the list where others sign.

import { api, arr, base } from './api.js';
import { enter } from './auth.js';
import { busyButton, field, h, navLinks, setAlert, show, title } from './dom.js';
import { t } from './i18n.js';
import { feedback, select } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** The two kinds as radio buttons; onChange tells which is picked. @param {(kind: string) => void} onChange */
function kindChoice(onChange) {
  const radios = ['audit', 'recall'].map((k) => {
    const input = h('input', { type: 'radio', name: 'petition-kind', id: `petition-kind-${k}`, value: k });
    input.addEventListener('change', () => onChange(k));
    return h('label', { class: 'choice' }, input, ' ', t(`petition.kind.${k}`));
  });
  return h('fieldset', { id: 'petition-kind', class: 'field' }, h('legend', { text: t('petition.kindLabel') }), ...radios);
}

/** What the form sends, or the rule it breaks. @param {Record<string, any>} f */
function readForm(f) {
  const kind = /** @type {HTMLInputElement|null} */ (document.querySelector('input[name="petition-kind"]:checked'));
  if (!kind) return { error: t('petition.kindRequired') };
  const body = { kind: kind.value, title: f.title.value.trim(), body: f.body.value.trim(), member: kind.value === 'recall' ? f.member.value : '' };
  if (!body.title) return { error: t('petition.titleRequired') };
  if (body.kind === 'recall' && !body.member) return { error: t('petition.memberRequired') };
  if (body.kind === 'recall' && !body.body) return { error: t('petition.reasonsRequired') };
  return { body };
}

/** @param {Ctx} ctx */
async function viewPetitionForm(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'petition.newTitle', () => api('GET', `${base(vid)}/committee-members`));
  if (!entered) return;
  const members = arr(entered.data.members);
  const f = {
    title: h('input', { id: 'petition-title', type: 'text', maxlength: '120' }),
    body: h('textarea', { id: 'petition-body', rows: '5', maxlength: '10000' }),
    member: select('petition-member', members.map((m) => ({ value: m.resident_no, label: m.name })), t('petition.memberPick')),
  };
  const memberField = field('petition-member', t('petition.memberLabel'), f.member, members.length ? '' : t('petition.noMembers'));
  const bodyLabel = h('p', { id: 'petition-body-hint', class: 'hint', text: t('petition.bodyHintAudit') });
  memberField.hidden = true;
  const choice = kindChoice((k) => {
    memberField.hidden = k !== 'recall';
    bodyLabel.textContent = t(k === 'recall' ? 'petition.bodyHintRecall' : 'petition.bodyHintAudit');
  });
  const fb = feedback('petition');
  const next = h('p', { id: 'petition-next' }, h('a', { id: 'link-petitions-list', class: 'btn btn-secondary', href: `#/v/${vid}/petitions`, text: t('petition.toList') }));
  next.hidden = true;
  const send = busyButton('petition-submit', t('petition.submit'), fb.bad, async () => {
    const r = readForm(f);
    if (r.error) {
      setAlert(fb.bad, r.error);
      send.disabled = false;
      return;
    }
    const p = await api('POST', `${base(vid)}/petitions`, r.body);
    fb.say(t('petition.created', { title: p.title }));
    next.hidden = false;
  });
  show(title('petition.newTitle'),
    h('p', { class: 'lead', text: t('petition.what') }),
    choice, memberField,
    field('petition-title', t('petition.titleLabel'), f.title),
    h('div', { class: 'field' }, h('label', { for: 'petition-body', text: t('petition.bodyLabel') }), bodyLabel, f.body),
    send, ...fb.nodes, next,
    navLinks(h('a', { class: 'btn btn-secondary', href: `#/v/${vid}/petitions`, text: t('petition.title') })));
}

export default viewPetitionForm;
