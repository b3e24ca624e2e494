// moral-case.js: one case: its facts, description, the subject's response
// and appeal, the hearings and the timeline.

import { api, arr } from './api.js';
import { can, enter } from './auth.js';
import { field, h, onSubmit, show } from './dom.js';
import { fmtDate, fmtTime } from './format.js';
import { t } from './i18n.js';
import { moralNav } from './menus.js';
import { boardPanel } from './moral-board.js';
import { caseURL, CATEGORIES, catText, shortID, statusTag, VERDICTS, verdictText } from './moral-kit.js';
import { rerender } from './navigate.js';

async function viewCase(ctx) {
  const { vid, cid } = ctx.params;
  const entered = await enter(ctx, 'moral.case', () => api('GET', caseURL(vid, cid)));
  if (!entered) return;
  const { me, data: c } = entered;
  const villager = me.village_id === vid;
  // The subject's view hides the nominator; a board member who is the
  // subject sees the whole case, and is known by the resident number.
  const subject = villager && (!c.nominator_no || (c.subject_kind === 'resident' && c.subject_no === me.resident_no));
  const hear = villager && can('case', 'hear');
  const heading = h('h1', { id: 'view-title', tabindex: '-1', text: t('moral.caseTitle', { category: catText(c.category), no: shortID(c.id) }) });
  show(
    heading,
    moralNav(vid),
    facts(c, subject),
    h('section', { class: 'panel', 'aria-labelledby': 'case-description-title' },
      h('h2', { id: 'case-description-title', text: t('moral.description') }),
      h('p', { id: 'case-description', class: 'prose', text: c.description }),
      evidenceList(c)),
    responsePanel(vid, c, subject),
    subject ? appealPanel(vid, c) : null,
    hear ? boardPanel(vid, c) : null,
    hearingsPanel(vid, c),
    timelinePanel(c));
}

function facts(c, subject) {
  const who = subject
    ? t(c.subject_kind === 'household' ? 'moral.subjectYourHousehold' : 'moral.subjectYou')
    : t(`moral.subjectOf.${c.subject_kind}`, { no: c.subject_no });
  const rows = [
    ['moral.statusLabel', h('span', { id: 'case-status' }, statusTag(c.status))],
    ['moral.subject', h('span', { id: 'case-subject', text: [who, c.subject_group].filter(Boolean).join(' · ') })],
    ['moral.category', h('span', { id: 'case-category', text: catText(c.category) })],
    ['moral.clause', h('span', { id: 'case-clause', text: c.clause })],
    ['moral.nominatedAt', h('span', { text: fmtTime(c.nominated_at) })],
    ['moral.told', h('span', { id: 'case-told', text: c.told_at ? t('moral.toldOn', { at: fmtTime(c.told_at), how: t(`moral.how.${c.told_how}`) }) : t('moral.notTold') })],
  ];
  if (c.verdict) rows.push(['moral.verdictLabel', h('strong', { id: 'case-verdict', text: verdictText(c.verdict) })]);
  if (c.appeal_deadline && c.status === 'decided') rows.push(['moral.appealDeadline', h('span', { id: 'case-appeal-deadline', text: fmtTime(c.appeal_deadline) })]);
  if (c.final_at) rows.push(['moral.finalAt', h('span', { id: 'case-final-at', text: fmtTime(c.final_at) })]);
  if (c.listed_until) {
    rows.push(['moral.warningPeriod', h('span', { id: 'case-listed-until', text: t('moral.listedFromTo', { from: fmtDate(c.final_at), until: fmtDate(c.listed_until) }) })]);
  }
  return h('dl', { id: 'case-facts', class: 'facts' }, rows.flatMap(([key, dd]) => [h('dt', { text: t(key) }), h('dd', null, dd)]));
}

function evidenceList(c) {
  const links = arr(c.evidence);
  if (!links.length) return null;
  return h('div', null,
    h('h3', { text: t('moral.evidence') }),
    h('ul', { id: 'case-evidence', class: 'plain-list' }, links.map((u) => h('li', null,
      /^https?:\/\//i.test(u) ? h('a', { href: u, rel: 'noopener noreferrer nofollow', target: '_blank', text: u }) : h('span', { text: u })))));
}

function responsePanel(vid, c, subject) {
  const kids = [h('h2', { id: 'response-title', text: t('moral.response') })];
  if (c.response) {
    kids.push(h('p', { id: 'case-response', class: 'prose', text: c.response.text }),
      h('p', { class: 'meta', text: t('moral.respondedOn', { at: fmtTime(c.response.at) }) }));
  } else if (subject && ['nominated', 'no_verdict'].includes(c.status)) {
    const text = h('textarea', { id: 'response-text', rows: '5', maxlength: '4000', required: true });
    const err = h('div', { id: 'response-error', class: 'alert', role: 'alert' });
    const btn = h('button', { id: 'response-submit', class: 'btn btn-wide', type: 'submit', text: t('moral.respondSubmit') });
    const form = h('form', { id: 'response-form', class: 'form', novalidate: true },
      field('response-text', t('moral.respondLabel'), text, t('moral.respondHint')), err, btn);
    onSubmit(form, btn, err, async () => {
      await api('POST', `${caseURL(vid, c.id)}/response`, { text: text.value.trim() });
      rerender();
    });
    kids.push(form);
  } else {
    kids.push(h('p', { id: 'case-response-none', class: 'empty', text: t('moral.noResponse') }));
  }
  return h('section', { id: 'response', class: 'panel', 'aria-labelledby': 'response-title' }, kids);
}

function appealPanel(vid, c) {
  if (c.appeal) {
    return h('section', { id: 'appeal', class: 'panel', 'aria-labelledby': 'appeal-title' },
      h('h2', { id: 'appeal-title', text: t('moral.appeal') }),
      h('p', { id: 'case-appeal', class: 'prose', text: c.appeal.reason }),
      h('p', { class: 'meta', text: t('moral.appealedOn', { at: fmtTime(c.appeal.filed_at) }) }));
  }
  if (c.status !== 'decided' || !['criticism', 'persuasion'].includes(c.verdict) || !can('case', 'appeal')) return null;
  const reason = h('textarea', { id: 'appeal-reason', rows: '4', maxlength: '4000', required: true });
  const err = h('div', { id: 'appeal-error', class: 'alert', role: 'alert' });
  const btn = h('button', { id: 'appeal-submit', class: 'btn btn-wide', type: 'submit', text: t('moral.appealSubmit') });
  const form = h('form', { id: 'appeal-form', class: 'form', novalidate: true },
    field('appeal-reason', t('moral.appealReason'), reason, t('moral.appealHint', { until: fmtTime(c.appeal_deadline) })), err, btn);
  onSubmit(form, btn, err, async () => {
    await api('POST', `${caseURL(vid, c.id)}/appeal`, { reason: reason.value.trim() });
    rerender();
  });
  return h('section', { id: 'appeal', class: 'panel', 'aria-labelledby': 'appeal-title' },
    h('h2', { id: 'appeal-title', text: t('moral.appeal') }), form);
}

function recusalLine(r) {
  return h('li', { class: 'recusal', 'data-resident': r.resident_no },
    t('moral.recusal', { no: r.resident_no, reason: t(`moral.reason.${r.reason}`) }),
    r.note ? h('span', { class: 'event-note', text: r.note }) : null);
}

function hearingsPanel(vid, c) {
  const hearings = arr(c.hearings);
  if (!hearings.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'hearings-title' },
    h('h2', { id: 'hearings-title', text: t('moral.hearings') }),
    h('ol', { id: 'case-hearings', class: 'lines' }, hearings.map((x) => {
      const counts = VERDICTS.filter((v) => x.counts && v in x.counts)
        .map((v) => `${t(`moral.verdict.${v}`)} ${x.counts[v]}`).join(t('moral.listSep'));
      return h('li', { class: 'line hearing', 'data-stage': x.stage },
        h('p', { class: 'line-desc', text: t(`moral.stage.${x.stage}`) }),
        h('p', { class: 'line-meta', text: t('moral.openedOn', { at: fmtTime(x.opened_at) }) }),
        h('p', null, h('a', { class: 'hearing-vote', href: `#/v/${vid}/votes/${x.vote_id}`, text: t(x.closed_at ? 'moral.seeVote' : 'moral.goVote') })),
        arr(x.recusals).length ? h('ul', { class: 'plain-list recusals' }, arr(x.recusals).map(recusalLine))
          : h('p', { class: 'hint', text: t('moral.noRecusals') }),
        x.closed_at ? h('p', { class: 'hearing-verdict', text: t('moral.hearingVerdict', { verdict: verdictText(x.verdict) }) }) : null,
        counts ? h('p', { class: 'line-meta', text: counts }) : null);
    })));
}

/** A timeline event's detail, in words: the server keeps short codes. */
function eventDetail(e) {
  const d = e.detail || '';
  switch (e.action) {
    case 'nominated':
      return CATEGORIES.includes(d) ? t(`moral.cat.${d}`) : '';
    case 'told': {
      const [how, ...note] = d.split(' ');
      return [['app', 'in_person', 'paper', 'phone'].includes(how) ? t(`moral.how.${how}`) : '', note.join(' ')].filter(Boolean).join(' · ');
    }
    case 'recused':
      return d;
    case 'decided':
    case 'appeal_decided':
      return verdictText(d === 'no majority' ? '' : d);
    case 'final':
      return t('moral.finalNote');
    default:
      return '';
  }
}

function timelinePanel(c) {
  const events = arr(c.timeline);
  return h('section', { class: 'panel', 'aria-labelledby': 'case-timeline-title' },
    h('h2', { id: 'case-timeline-title', text: t('moral.timeline') }),
    h('ol', { id: 'case-timeline', class: 'events case-timeline' }, events.map((e) => {
      const detail = eventDetail(e);
      return h('li', { class: 'event', 'data-action': e.action },
        h('time', { datetime: e.at, text: fmtTime(e.at) }), ' ',
        h('span', { class: 'event-what', text: t(`moral.event.${e.action}`) }),
        detail ? h('span', { class: 'event-note', text: detail }) : null);
    })));
}

export default viewCase;
