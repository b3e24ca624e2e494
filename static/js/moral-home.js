// moral-home.js: the moral review board's cases, a resident's own cases and
// an official's view of the outcomes.

import { api, arr, base } from './api.js';
import { can, enter } from './auth.js';
import { h, show, title } from './dom.js';
import { fmtDate } from './format.js';
import { t } from './i18n.js';
import { moralNav } from './menus.js';
import { caseList, catText, NOTICES, shortID, statusTag, verdictText } from './moral-kit.js';

async function viewHome(ctx) {
  const { vid } = ctx.params;
  const entered = await enter(ctx, 'moral.title', (m) => {
    const inVillage = m.village_id === vid;
    return Promise.all([
      inVillage && can('case', 'read') ? api('GET', `${base(vid)}/my-cases`) : null,
      inVillage && can('case', 'hear') ? api('GET', `${base(vid)}/cases`) : null,
      !inVillage && can('outcome', 'read') ? api('GET', `${base(vid)}/case-outcomes`) : null,
    ]);
  });
  if (!entered) return;
  const { me, data } = entered;
  const villager = me.village_id === vid;
  const [mine, board, out] = data;
  const links = [];
  if (villager && can('case', 'create')) {
    links.push(h('a', { id: 'link-nominate', class: 'btn', href: `#/v/${vid}/moral/nominate`, text: t('moral.nominate') }));
  }
  links.push(h('a', { id: 'link-moral-lists', class: 'btn btn-secondary', href: `#/v/${vid}/moral/lists`, text: t('moral.lists') }));
  if (villager && can('points', 'read')) {
    links.push(h('a', { id: 'link-points', class: 'btn btn-secondary', href: `#/v/${vid}/moral/points`, text: t('moral.points') }));
  }
  // Reading the list marks the notices read: these are the ones new now.
  const unread = mine ? arr(mine.notifications).filter((n) => !n.read_at && NOTICES.includes(n.kind)) : [];
  show(
    title('moral.title'),
    moralNav(vid),
    h('p', { class: 'lead', text: t('moral.intro') }),
    h('nav', { class: 'actions', 'aria-label': t('nav.label') }, links),
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'about-me-title' },
      h('h2', { id: 'about-me-title', text: t('moral.aboutMe') }),
      unread.length ? h('div', { id: 'about-me-new', class: 'notice' },
        h('p', { text: t('moral.newNotices', { n: unread.length }) }),
        h('ul', { class: 'plain-list' }, unread.map((n) => h('li', { 'data-kind': n.kind },
          h('a', { href: `#/v/${vid}/moral/c/${n.case_id}`, text: t(`moral.notify.${n.kind}`, { no: shortID(n.case_id), at: fmtDate(n.at) }) }))))) : null,
      h('p', { class: 'hint', text: t('moral.aboutMeHint') }),
      caseList('about-me', vid, arr(mine.cases), 'moral.noneAboutMe')) : null,
    mine ? h('section', { class: 'panel', 'aria-labelledby': 'nominated-title' },
      h('h2', { id: 'nominated-title', text: t('moral.nominatedByMe') }),
      caseList('nominated-by-me', vid, arr(mine.nominated), 'common.empty')) : null,
    board ? h('section', { class: 'panel', 'aria-labelledby': 'board-cases-title' },
      h('h2', { id: 'board-cases-title', text: t('moral.boardCases') }),
      caseList('board-cases', vid, arr(board.cases), 'common.empty')) : null,
    out ? outcomesPanel(arr(out.outcomes)) : null);
}

/** A street official's view: the decisions and their basis, no subjects. */
function outcomesPanel(outcomes) {
  return h('section', { class: 'panel', 'aria-labelledby': 'case-outcomes-title' },
    h('h2', { id: 'case-outcomes-title', text: t('moral.outcomes') }),
    h('p', { class: 'hint', text: t('moral.outcomesHint') }),
    outcomes.length ? h('ul', { id: 'case-outcomes', class: 'lines' }, outcomes.map((o) => h('li', { class: 'line' },
      h('p', { class: 'line-desc', text: t('moral.caseCard', { category: catText(o.category), no: shortID(o.case_id) }) }),
      h('p', { class: 'line-meta' }, statusTag(o.status), o.verdict ? ` ${verdictText(o.verdict)}` : ''),
      o.clause ? h('p', { class: 'line-basis', text: t('moral.clauseOf', { clause: o.clause }) }) : null)))
      : h('p', { class: 'empty', text: t('common.empty') }));
}

export default viewHome;
