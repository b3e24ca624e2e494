// assist-kit.js: what the assisted-participation pages share: the kinds a
// helper may do for a resident and the words of one action.

import { pick, t } from './i18n.js';
import { fmtTime } from './format.js';

/** The kinds, in the order the form offers them (no vote: see assist.noVote). */
export const KINDS = ['sign_in', 'cosign', 'certificate'];

/** "co-signature “title”" for an action. @param {any} a */
export function actionLine(a) {
  return t('assist.line', { kind: t(`assist.kind.${a.kind}`), target: pick(a, 'target_title', 'target_title_en') || a.target_title });
}

/** Who helped and who confirmed, or that it waits, or that it was cancelled. @param {any} a */
export function whoLine(a) {
  if (a.status === 'done') {
    return t('assist.doneBy', { helper: a.helper_name, confirmer: a.confirmer_name || '', at: fmtTime(a.confirmed_at) });
  }
  if (a.status === 'cancelled') return t('assist.cancelledBy', { helper: a.helper_name, at: fmtTime(a.cancelled_at) });
  return t('assist.pendingBy', { helper: a.helper_name, at: fmtTime(a.created_at) });
}
