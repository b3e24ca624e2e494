// desk.js: a resident's service desk: the service list, filing a request
// or asking for a certificate, one's own requests.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { lists, requestCard, reqURL } from './desk-kit.js';
import { busyButton, field, h, onSubmit, show, title } from './dom.js';
import { pick, t } from './i18n.js';
import { deskNav } from './menus.js';
import { rerenderSaying } from './navigate.js';

/** The published service list. */
function serviceListPanel(services) {
  return h('section', { class: 'panel', 'aria-labelledby': 'service-list-title' },
    h('h2', { id: 'service-list-title', text: t('desk.services') }),
    h('p', { class: 'hint', text: t('desk.servicesHint') }),
    services.length ? h('ul', { id: 'service-list', class: 'lines' }, services.map((s) => h('li', { class: 'line', 'data-key': s.key },
      h('p', { class: 'line-desc', text: pick(s, 'zh', 'en') }),
      h('p', { class: 'line-meta', text: t('common.role', { role: pick(s, 'role_zh', 'role_en') || s.role }) }),
      s.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: s.basis }) })) : null)))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

/** The forms to file a request or ask for a certificate. */
function filingForms(vid, services, certificates, basis) {
  const service = h('select', { id: 'service-key' }, services.map((s) => h('option', { value: s.key, text: pick(s, 'zh', 'en') })));
  const text = h('textarea', { id: 'service-text', rows: '4', maxlength: '2000', required: true });
  const sErr = h('div', { id: 'service-error', class: 'alert', role: 'alert' });
  const sBtn = h('button', { id: 'service-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.fileSubmit') });
  const sForm = h('form', { id: 'service-form', class: 'form', novalidate: true },
    field('service-key', t('desk.service'), service), field('service-text', t('desk.requestText'), text, t('desk.requestHint')), sErr, sBtn);
  onSubmit(sForm, sBtn, sErr, async () => {
    await api('POST', `${base(vid)}/service-requests`, { service: service.value, text: text.value.trim() });
    await rerenderSaying(t('said.requested'), 'service-submit');
  });

  const cert = h('select', { id: 'certificate-key' }, certificates.map((c) => h('option', { value: c.key, text: pick(c, 'zh', 'en') })));
  const purpose = h('textarea', { id: 'certificate-purpose', rows: '3', maxlength: '500', required: true });
  const cErr = h('div', { id: 'certificate-error', class: 'alert', role: 'alert' });
  const cBtn = h('button', { id: 'certificate-submit', class: 'btn btn-wide', type: 'submit', text: t('desk.certificateSubmit') });
  const cForm = h('form', { id: 'certificate-form', class: 'form', novalidate: true },
    h('p', { class: 'hint', text: t('desk.certificatesHint', { basis }) }),
    field('certificate-key', t('desk.certificate'), cert), field('certificate-purpose', t('desk.purpose'), purpose), cErr, cBtn);
  onSubmit(cForm, cBtn, cErr, async () => {
    await api('POST', `${base(vid)}/certificate-requests`, { certificate: cert.value, purpose: purpose.value.trim() });
    await rerenderSaying(t('said.certificateRequested'), 'certificate-submit');
  });
  return [
    h('section', { class: 'panel', 'aria-labelledby': 'file-title' }, h('h2', { id: 'file-title', text: t('desk.file') }), sForm),
    h('section', { class: 'panel', 'aria-labelledby': 'certificate-title' }, h('h2', { id: 'certificate-title', text: t('desk.certificates') }), cForm),
  ];
}

/** One's own requests; an answered one can be closed. */
function myRequests(vid, mine, services, certificates) {
  const requests = arr(mine && mine.requests);
  return h('section', { class: 'panel', 'aria-labelledby': 'my-requests-title' },
    h('h2', { id: 'my-requests-title', text: t('desk.mine') }),
    requests.length ? h('ul', { id: 'my-requests', class: 'cards' }, requests.map((r) => {
      let extra = null;
      if (r.status === 'answered') {
        const err = h('div', { class: 'alert', role: 'alert' });
        const b = busyButton(null, t('desk.close'), err, async () => {
          await api('POST', `${reqURL(vid, r.id)}/close`);
          await rerenderSaying(t('said.requestClosed'), 'my-requests-title');
        }, { cls: 'btn btn-secondary request-close', full: true });
        extra = h('div', null, h('p', { class: 'hint', text: t('desk.closeHint') }), err, h('p', null, b));
      }
      return requestCard(r, services, certificates, { extra });
    })) : h('p', { id: 'my-requests-empty', class: 'empty', text: t('desk.mineEmpty') }));
}

async function viewDesk(ctx) {
  const { vid } = ctx.params;
  /** @param {import('./auth.js').Me} m */
  const filer = (m) => m.village_id === vid && can('service_request', 'create');
  const entered = await enter(ctx, 'desk.title', (m) => Promise.all([
    lists(vid),
    filer(m) ? api('GET', `${base(vid)}/my-service-requests`) : null,
  ]));
  if (!entered) return;
  const { me, data } = entered;
  const mayFile = filer(me);
  const [{ services, certificates, basis }, mine] = data;

  const forms = mayFile ? filingForms(vid, services, certificates, basis) : null;
  const myList = mayFile ? myRequests(vid, mine, services, certificates) : null;
  const links = [];
  if (can('service_request', 'handle') && me.village_id === vid) {
    links.push(h('a', { id: 'link-desk-queue', class: 'btn', href: `#/v/${vid}/desk/queue`, text: t('desk.queue') }));
  }
  show(
    title('desk.title'),
    deskNav(vid),
    h('p', { class: 'lead', text: t('desk.intro') }),
    links.length ? h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links) : null,
    myList,
    forms,
    serviceListPanel(services));
}

export default viewDesk;
