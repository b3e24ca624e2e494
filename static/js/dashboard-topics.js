// dashboard-topics.js: hall topics grouped across villages (no names).

import { arr, base } from './api.js';
import { catLabel, computed, dashChart, empty, list, loadPage, meta, orgName, orgNav, section, statusLabel } from './dash-kit.js';
import { h, setTitle, show, title } from './dom.js';
import { t } from './i18n.js';

async function viewTopics(ctx) {
  const { org } = ctx.params;
  const d = await loadPage(ctx, `${base(org)}/dashboard/topics`);
  if (!d) return;
  setTitle('dash.topics');
  const cats = arr(d.categories);
  const groups = arr(d.groups);
  show(
    title('dash.topics'),
    h('p', { class: 'lead', text: t('dash.topicsIntro') }),
    computed(d.computed_at),
    section('topics-categories', 'dash.byCategory',
      cats.length
        ? dashChart('topics-chart', t('dash.byCategory'), cats.map((c) => ({
          label: catLabel(c.category), value: c.topics || 0, text: t('dash.catValue', { n: c.topics || 0, v: c.villages || 0 }) })))
        : empty()),
    section('topics-groups', 'dash.groups',
      list('topics-groups-list', groups, (g) => [
        h('p', { class: 'line-desc' }, h('strong', { text: g.label || '' })),
        meta(t('dash.groupMeta', { n: arr(g.topics).length, v: g.villages || 0 })),
        h('ul', { class: 'dash-group-topics' }, arr(g.topics).map((x) =>
          h('li', null, h('span', { text: x.title || '' }), ' ',
            h('small', { class: 'dash-sub', text: [orgName(x.village), catLabel(x.category), statusLabel(x.status)].join(' · ') })))),
      ])),
    orgNav(org));
}

export default viewTopics;
