// minutes-page.js: one version of the minutes, printable for the paper
// board; confirming and publishing a draft.

import { api, base } from './api.js';
import { busyButton, button, h, setTitle, show, showLoading, title } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { rerender } from './navigate.js';

async function viewMinutes(ctx) {
  const { vid, mid, ver } = ctx.params;
  showLoading();
  const m = await api('GET', `${base(vid)}/meetings/${mid}/minutes/${ver}`);
  if (!ctx.alive()) return;
  setTitle('minutes.title');
  const msg = h('p', { id: 'minutes-msg', class: 'alert', role: 'alert' });
  const row = (key, value) => h('div', null, h('dt', { text: t(key) }), h('dd', { text: value }));
  const votes = (m.votes || []).map((v) => h('li', { class: 'vote-record' },
    `${v.title}: `, Object.entries(v.counts || {}).map(([o, n]) => `${o} ${n}`).join(' / '), ` — ${t(v.adopted ? 'minutes.adopted' : 'minutes.rejected')}`));
  const actions = [];
  if (m.status === 'draft') {
    const url = `${base(vid)}/meetings/${mid}/minutes/${ver}`;
    actions.push(busyButton('minutes-confirm', t('minutes.confirm'), msg, async () => { await api('POST', `${url}/confirm`); rerender(); }, { secondary: true }));
    actions.push(busyButton('minutes-publish', t('minutes.publish'), msg, async () => { await api('POST', `${url}/publish`); rerender(); }));
  }
  actions.push(button('minutes-print', t('minutes.print'), () => window.print(), 'btn btn-secondary'));
  show(h('article', { id: 'minutes-page', class: 'minutes-page' },
    title('minutes.title'), h('p', { class: 'minutes-heading', text: m.title }),
    h('p', { id: 'minutes-status', class: `status status-${m.status}`, text: t(`minutes.status.${m.status}`) + ` · v${m.version}` }),
    h('dl', { class: 'minutes-facts' }, row('minutes.date', fmtTime(m.date)), row('minutes.place', m.place),
      row('minutes.chair', m.chair), row('minutes.recorder', m.recorder),
      row('minutes.quorum', t(m.quorum && m.quorum.met ? 'minutes.quorumMet' : 'minutes.quorumNotMet', { present: (m.quorum || {}).present })),
      m.reason ? row('minutes.reason', m.reason) : null),
    h('h2', { text: t('minutes.attendance') }), h('p', { id: 'minutes-attendance', text: (m.attendance || []).map((a) => `${a.name || a.resident_no}`).join('、') }),
    h('h2', { text: t('minutes.opinions') }), h('ul', null, ...(m.opinions || []).map((o) => h('li', { text: `${o.speaker}: ${o.text}` }))),
    h('h2', { text: t('minutes.votes') }), h('ul', { id: 'minutes-votes-list' }, ...votes),
    h('p', { id: 'minutes-confirmations', text: t('minutes.confirmations', { n: (m.confirmations || []).length }) }),
    m.hash ? h('p', { class: 'hash', text: `${t('minutes.hash')} ${m.hash}` }) : null,
    msg, h('p', { class: 'actions no-print' }, ...actions)));
}

export default viewMinutes;
