// alerts.js: the alerts of the villages under an org, with their evidence.

import { arr, base } from './api.js';
import { alertItem, computed, list, loadPage, orgNav } from './dash-kit.js';
import { h, setTitle, show, title } from './dom.js';
import { t } from './i18n.js';

async function viewAlerts(ctx) {
  const { org } = ctx.params;
  const d = await loadPage(ctx, `${base(org)}/alerts`);
  if (!d) return;
  setTitle('dash.alerts');
  const alerts = arr(d.alerts);
  show(
    title('dash.alerts'),
    h('p', { class: 'lead', text: t('dash.alertsIntro') }),
    computed(d.computed_at),
    list('alerts-list', alerts, (a) => alertItem(a, org)),
    orgNav(org));
}

export default viewAlerts;
