// console-marks.js: the console's marks. A person without a phone is
// picked by name from those who may attend (the meeting's electorate, not
// the whole register) and marked present; the mark counts
// once a second person (another secretary or a council member) confirms it
// with one tap from the list of marks waiting. The one who entered it sees
// the button too: the server refuses them (same_person) and the refusal
// shows next to the row (platform rule).

import { api, arr } from './api.js';
import { can } from './auth.js';
import { busyButton, h, panel, setAlert } from './dom.js';
import { fmtTime } from './format.js';
import { t } from './i18n.js';
import { feedback, meetingURL, personLabel, select } from './meeting-kit.js';

/** @typedef {import('./auth.js').Ctx} Ctx */

/** One waiting mark's row with its confirm button. @param {string} vid @param {any} m @param {any} x */
function markRow(vid, m, x) {
  const fb = feedback(`mark-${x.resident_no}`);
  const ok = busyButton(`confirm-mark-${x.resident_no}`, t('meet.confirm'), fb.bad, async () => {
    await api('POST', `${meetingURL(vid, m.id)}/marks/${encodeURIComponent(x.resident_no)}/confirm`);
    fb.say(t('meet.markConfirmed', { name: x.name }));
  });
  return h('li', { class: 'card pending-mark', 'data-name': x.name },
    h('p', { text: t('meet.markLine', { name: x.name, who: x.recorded_by_name || '', when: fmtTime(x.at) }) }), ok, ...fb.nodes);
}

/**
 * The marks panel and the function the attendance poll calls with each
 * answer, which keeps the rows (and the messages in them) in place.
 * @param {Ctx} _ctx @param {string} vid @param {any} m @param {Map<string, any>} reg
 * @param {Set<string>|null} eligible who may attend (null: not known, the register)
 */
export function marksPanel(_ctx, vid, m, reg, eligible) {
  const fb = feedback('mark');
  const who = select('mark-person', [], t('meet.pickPerson'));
  /** @type {Set<string>} */
  let present = new Set();
  const fillPeople = () => {
    const keep = who.value;
    const opts = [...reg.values()].filter((r) => !present.has(r.resident_no) && (!eligible || eligible.has(r.resident_no))).map((r) => ({ value: r.resident_no, label: personLabel(r) }));
    who.replaceChildren(h('option', { value: '', text: t('meet.pickPerson') }), ...opts.map((o) => h('option', { value: o.value, text: o.label })));
    who.value = keep;
  };
  fillPeople();
  const mark = busyButton('mark-submit', t('meet.markPresent'), fb.bad, async () => {
    if (!who.value) {
      setAlert(fb.bad, t('meet.pickSomeone'));
      mark.disabled = false;
      return;
    }
    const a = await api('POST', `${meetingURL(vid, m.id)}/marks`, { resident_no: who.value });
    fb.say(t('meet.marked', { name: a.name }));
    mark.disabled = false;
  });
  const pending = h('ul', { id: 'pending-marks', class: 'cards' });
  const none = h('p', { id: 'pending-marks-none', class: 'empty', text: t('meet.noPendingMarks') });
  /** @type {Map<string, HTMLElement>} */
  const rows = new Map();
  /** @param {any} a the attendance answer */
  const update = (a) => {
    const list = arr(a.attendance);
    present = new Set(list.map((x) => x.resident_no));
    fillPeople();
    const waiting = list.filter((x) => x.method === 'marked' && !x.counts);
    for (const x of waiting) {
      if (!rows.has(x.resident_no)) {
        const row = markRow(vid, m, x);
        rows.set(x.resident_no, row);
        pending.append(row);
      }
    }
    none.hidden = rows.size > 0;
  };
  const form = can('attendance', 'record')
    ? [h('div', { class: 'field' }, h('label', { for: 'mark-person', text: t('meet.markWho') }), who), mark, ...fb.nodes] : [];
  const node = panel('marks-title', t('meet.marksTitle'), ...form,
    h('h3', { id: 'pending-title', text: t('meet.pendingTitle') }), none, pending);
  return { node, update };
}
