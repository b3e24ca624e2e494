// vote-result.js: a closed vote's result: the checks, the counts with their
// chart, the computation, the published ballot box, ballots and proxies.

import { api, arr } from './api.js';
import { ensureMe, failed } from './auth.js';
import { barChart } from './chart.js';
import { h, heading, navLinks, setTitle, show, showLoading, title } from './dom.js';
import { pick, t } from './i18n.js';
import { votesNav } from './menus.js';
import { DEFAULT_OPTIONS, choiceText, optLabel, voteURL } from './vote-kit.js';
import { boxPanel } from './vote-box.js';

/** The counts as bars, one per option. */
function resultChart(v, counts) {
  return barChart('result-chart', t('result.chartTitle'), arr(v.options).map((o) => ({
    label: optLabel(o), value: counts[o.key] || 0, text: t('result.votes', { n: counts[o.key] || 0 }), key: o.key,
    barCls: `chart-bar bar-${DEFAULT_OPTIONS.includes(o.key) ? o.key : 'other'}`,
  })), { size: 'large' });
}

/** Whether attendance and the decision rule were met. */
function checksPanel(v, r, yesNo) {
  const household = r.attendance_by === 'households';
  const attendance = h('li', { id: 'check-attendance', class: r.attendance_met ? 'line' : 'line deny' },
    h('p', { class: 'line-desc', text: t(r.attendance_met ? 'result.attendanceMet' : 'result.attendanceNotMet') }),
    h('p', { class: 'line-meta', text: household
      ? t('result.householdsCame', { n: r.households_present, of: r.households })
      : t('result.votersCame', { n: r.voters, of: r.eligible }) }),
    // In person and remotely, and the rule that says whether remote counts.
    r.attendance_zh ? h('p', { id: 'check-attendance-where', class: 'line-meta', text: pick(r, 'attendance_zh', 'attendance_en') }) : null);
  const decisionText = yesNo
    ? t('result.decisionYes', { need: r.needed, n: r.voters, yes: (r.counts || {}).yes || 0 })
    : t('result.decisionOptions', { need: r.needed, n: r.voters });
  const decision = h('li', { id: 'check-decision', class: r.adopted ? 'line' : 'line deny' },
    h('p', { class: 'line-desc', text: t(r.adopted ? 'result.decisionMet' : 'result.decisionNotMet') }),
    h('p', { class: 'line-meta', text: decisionText }),
    // The rule in words, naming its denominator (all members, or those present).
    r.decision_zh ? h('p', { id: 'check-decision-rule', class: 'line-meta', text: pick(r, 'decision_zh', 'decision_en') }) : null);
  const basis = v.rule && v.rule.basis ? h('p', { class: 'line-basis' }, h('small', { text: t('common.basis', { basis: v.rule.basis }) })) : null;
  return h('section', { class: 'panel', 'aria-labelledby': 'checks-title' },
    h('h2', { id: 'checks-title', text: t('result.checks') }),
    h('ul', { class: 'lines' }, attendance, decision), basis);
}

/** The counts: the chart, each option's count and the channels. */
function countsPanel(v, r, yesNo) {
  const countList = h('ul', { id: 'result-counts', class: 'lines' }, arr(v.options).map((o) => h('li', { class: 'line', 'data-key': o.key },
    h('p', { class: 'line-desc' },
      h('span', { text: optLabel(o) }), ': ', h('strong', { class: 'count', text: String((r.counts || {})[o.key] || 0) }),
      (r.passed || {})[o.key] && !yesNo ? h('span', { class: 'tag-plain', text: t('result.passed') }) : null),
    h('p', { class: 'line-meta', text: t('result.onlinePart', { n: (r.online || {})[o.key] || 0 }) }))));
  const channels = Object.entries(r.channels || {});
  return h('section', { class: 'panel', 'aria-labelledby': 'counts-title' },
    h('h2', { id: 'counts-title', text: t('result.counts') }),
    resultChart(v, r.counts || {}),
    countList,
    channels.length ? h('p', { id: 'result-channels', class: 'hint', text: channels.map(([c, n]) => t('result.channel', { channel: t(`channel.${c}`), n })).join(t('vote.listSep')) }) : null);
}

/** The published ballots: a secret vote's by their choices alone, a named one's with names. */
function ballotsPanel(v, pub) {
  const ballots = v.secret
    ? h('ul', { id: 'published-ballots', class: 'lines published' }, arr(pub.secret_ballots).map((b) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: choiceText(v, b.choices) }))))
    : h('ul', { id: 'published-ballots', class: 'lines published' }, arr(pub.ballots).map((b) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: `${b.voter}: ${choiceText(v, b.choices)}` }),
      b.proxy_by ? h('p', { class: 'line-meta', text: t('result.castByProxy', { who: b.proxy_by }) }) : null)));
  const nBallots = v.secret ? arr(pub.secret_ballots).length : arr(pub.ballots).length;
  return h('section', { class: 'panel', 'aria-labelledby': 'published-title' },
    h('h2', { id: 'published-title', text: t('result.published', { n: nBallots }) }),
    h('p', { class: 'hint', text: t(v.secret ? 'result.publishedSecret' : 'result.publishedNamed') }),
    nBallots ? ballots : h('p', { class: 'empty', text: t('common.empty') }),
    v.secret && arr(pub.turnout).length
      ? h('p', { id: 'published-turnout', class: 'hint', text: t('result.turnout', { who: arr(pub.turnout).join(t('vote.listSep')) }) })
      : null);
}

/** The entrustments used in the vote. */
function proxiesPanel(proxies) {
  return h('section', { class: 'panel', 'aria-labelledby': 'proxies-title' },
    h('h2', { id: 'proxies-title', text: t('result.proxies') }),
    proxies.length
      ? h('ul', { id: 'published-proxies', class: 'lines' }, proxies.map((p) => h('li', { class: 'line' },
        h('p', { class: 'line-desc', text: t('proxy.line', { principal: p.principal, holder: p.holder, relation: t(`relation.${p.relation}`) }) }),
        p.evidence ? h('p', { class: 'line-meta', text: p.evidence }) : null)))
      : h('p', { class: 'empty', text: t('result.noProxies') }));
}

async function viewResult(ctx) {
  setTitle('result.title');
  const me = await ensureMe(ctx);
  if (!me) return;
  const { vid, id } = ctx.params;
  if (!ctx.rerender) showLoading();
  let pub;
  try {
    pub = await api('GET', `${voteURL(vid, id)}/published`);
  } catch (err) {
    if (!ctx.alive()) return;
    if (err.code === 'vote_not_closed') {
      show(title('result.title'), votesNav(vid),
        h('p', { id: 'result-not-closed', class: 'notice', text: t('result.notClosed') }),
        h('p', null, h('a', { class: 'btn', href: `#/v/${vid}/votes/${id}`, text: t('result.backToVote') })));
      return;
    }
    failed(err);
    return;
  }
  // The published box (vote-box.js); the result shows without it.
  const box = await api('GET', `${voteURL(vid, id)}/box`).catch(() => null);
  if (!ctx.alive()) return;
  const v = pub.vote;
  const r = v.result || { counts: {}, passed: {} };
  const yesNo = Object.prototype.hasOwnProperty.call(r.counts || {}, 'yes');
  show(
    heading(v.title || t('vote.untitled')),
    votesNav(vid),
    h('p', { class: 'lead', text: t('result.title') }),
    h('p', { id: 'result-adopted', class: r.adopted ? 'verdict verdict-yes' : 'verdict verdict-no',
      text: t(r.adopted ? 'result.adopted' : 'result.notAdopted') }),
    checksPanel(v, r, yesNo),
    countsPanel(v, r, yesNo),
    boxPanel(vid, v, box),
    h('section', { class: 'panel', 'aria-labelledby': 'computation-title' },
      h('h2', { id: 'computation-title', text: t('result.computation') }),
      h('p', { class: 'hint', text: t('result.computationHint') }),
      h('pre', { id: 'computation', class: 'computation', translate: 'no', text: arr(pub.computation).join('\n') }),
      r.ballots_hash ? h('p', { class: 'hint mono', text: t('result.hash', { hash: r.ballots_hash }) }) : null),
    ballotsPanel(v, pub),
    proxiesPanel(arr(pub.proxies)),
    navLinks(h('a', { id: 'result-back', class: 'btn btn-secondary', href: `#/v/${vid}/votes/${id}`, text: t('result.backToVote') })));
}

export default viewResult;
