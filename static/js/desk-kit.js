// desk-kit.js: what the service desk's pages share: status tags, a
// request's card and history, the reply form, the service lists.

import { api, arr, base, fullError } from './api.js';
import { field, h, setAlert } from './dom.js';
import { fmtTime } from './format.js';
import { pick, t } from './i18n.js';
import { rerenderSaying } from './navigate.js';

export const reqURL = (vid, id) => `${base(vid)}/service-requests/${id}`;

export const STATUSES = ['filed', 'forwarded', 'answered', 'closed'];

function statusTag(status) {
  return h('span', { class: `status desk-status-${status}`, text: t(`desk.status.${status}`) });
}

/** What a request asks for, in words: its service or certificate line. */
export function subjectText(r, services, certificates) {
  if (r.kind === 'certificate') {
    const c = certificates.find((x) => x.key === r.certificate);
    return t('desk.certificateOf', { name: c ? pick(c, 'zh', 'en') : r.certificate });
  }
  const s = services.find((x) => x.key === r.service);
  return s ? pick(s, 'zh', 'en') : r.service;
}

function historyList(r) {
  return h('ol', { class: 'events request-history' }, arr(r.history).map((e) => h('li', { class: 'event', 'data-status': e.status },
    h('time', { datetime: e.at, text: fmtTime(e.at) }), ' ',
    h('span', { class: 'event-what', text: t(`desk.event.${e.status}`) }),
    e.role ? h('span', { class: 'event-who', text: ` · ${t(`role.${e.role}`)}` }) : null,
    e.note ? h('span', { class: 'event-note', text: e.note }) : null)));
}

/** One request as a card; extra holds the forms of whoever handles it. */
export function requestCard(r, services, certificates, { showResident = false, extra = null } = {}) {
  return h('li', { class: 'card request', 'data-id': r.id, 'data-status': r.status },
    h('p', { class: 'card-title request-subject', text: subjectText(r, services, certificates) }),
    h('p', { class: 'meta' }, statusTag(r.status), ' ',
      h('span', { text: t('desk.filedOn', { at: fmtTime(r.filed_at) }) }),
      showResident ? h('span', { class: 'request-resident', text: ` · ${t('desk.residentNo', { no: r.resident_no })}` }) : null),
    h('p', { class: 'prose request-text', text: r.text }),
    // Filed for the resident by a helper, confirmed by a second person (代办).
    r.assisted ? h('p', { class: 'meta request-assisted', text: t('desk.assisted', { helper: r.assisted.helper_name, confirmer: r.assisted.confirmer_name }) }) : null,
    r.answer ? h('div', { class: 'request-answer-box' },
      h('p', { class: 'request-answered-by', text: t(`desk.answeredBy.${r.answered_by}`) }),
      h('p', { class: 'notice request-answer', text: r.answer })) : null,
    h('details', null, h('summary', { text: t('desk.history') }), historyList(r)),
    extra);
}

/** A reply form: one text, one or two buttons (answer, forward). */
export function replyForm(vid, r, actions) {
  const text = h('textarea', { id: `reply-${r.id}`, class: 'reply-text', rows: '3', maxlength: '2000', required: true });
  const err = h('div', { class: 'alert reply-error', role: 'alert' });
  const buttons = actions.map((a) => {
    const b = h('button', { class: `btn reply-${a.name}`, type: 'button', text: t(a.label) });
    b.addEventListener('click', async () => {
      if (b.disabled) return;
      for (const x of buttons) x.disabled = true;
      setAlert(err, '');
      try {
        await api('POST', `${reqURL(vid, r.id)}/${a.path}`, { text: text.value.trim() });
        // Said above the list, as the answered card leaves it.
        await rerenderSaying(t(`desk.said.${a.name}`), 'desk-queue', 'desk-queue-empty', 'forwarded-queue', 'view-title');
      } catch (ex) {
        setAlert(err, fullError(ex));
        for (const x of buttons) x.disabled = false;
      }
    });
    return b;
  });
  return h('div', { class: 'form inline-form reply-form' },
    field(`reply-${r.id}`, t('desk.replyLabel'), text), err, h('p', { class: 'actions' }, buttons));
}

export async function lists(vid) {
  const [s, c] = await Promise.all([api('GET', `${base(vid)}/services`), api('GET', `${base(vid)}/certificates`)]);
  return { services: arr(s.services), certificates: arr(c.certificates), basis: c.basis || '' };
}
