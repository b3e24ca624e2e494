// read-aloud.js: reads the page's main text (the main region, #view) or a
// ballot's question aloud with the browser's own speech synthesis, in
// Mandarin (zh-CN) or, when the page is in English, en-US (issue 21).
// Nothing leaves the device: no recording, no server. Without
// speechSynthesis in the browser no read-aloud button shows.

import { h } from './dom.js';
import { getLang, t } from './i18n.js';

/** The browser's speech synthesis, read at each use; null when it has none. */
function synth() {
  return typeof window.speechSynthesis === 'object' && window.speechSynthesis && typeof SpeechSynthesisUtterance === 'function'
    ? window.speechSynthesis : null;
}

/** The language of the voice: the page's. */
export function voiceLang() {
  return getLang() === 'en' ? 'en-US' : 'zh-CN';
}

/**
 * The text of an element as it shows, one line per block, blank lines and
 * spaces at the ends left out: what a person sees, in the order they see it.
 * @param {HTMLElement} el
 */
export function shownText(el) {
  // What is marked data-no-read is never spoken: a ballot's choice and a
  // receipt code are secret, and a hall full of people would hear them.
  const secret = new Set([...el.querySelectorAll('[data-no-read]')]
    .flatMap((n) => /** @type {HTMLElement} */ (n).innerText.split('\n').map((l) => l.trim()).filter(Boolean)));
  return el.innerText.split('\n').map((l) => l.trim()).filter((l) => l && !secret.has(l)).join('\n');
}

/**
 * Pieces a voice reads well: one line each, a long one cut after a
 * sentence's end (some voices stop after a long utterance).
 * @param {string} text
 */
function pieces(text) {
  return text.split('\n').flatMap((line) => (line.length <= 200 ? [line] : line.match(/[^。！？.!?]+[。！？.!?]*/g) || [line]));
}

/** @type {(() => void)[]} */
const whenDone = [];

/** Stops any reading. */
export function stopReading() {
  const s = synth();
  if (s) s.cancel();
  for (const f of whenDone.splice(0)) f();
}

/**
 * Reads text aloud, after stopping what was being read; onEnd when the
 * last piece has been read or the reading was stopped.
 * @param {string} text @param {() => void} [onEnd]
 */
export function readAloud(text, onEnd) {
  const s = synth();
  if (!s || !text) return;
  stopReading();
  const lang = voiceLang();
  const voice = (s.getVoices ? s.getVoices() : []).find((v) => v.lang.replace('_', '-') === lang) || null;
  const all = pieces(text);
  if (onEnd) whenDone.push(onEnd);
  all.forEach((p, i) => {
    const u = new SpeechSynthesisUtterance(p);
    u.lang = lang;
    if (voice) u.voice = voice;
    if (i === all.length - 1) u.onend = () => { for (const f of whenDone.splice(0)) f(); };
    s.speak(u);
  });
}

/**
 * A button that reads what text() gives; null without speech synthesis.
 * @param {string} id @param {() => string} text @param {string} [label]
 */
export function readButton(id, text, label = t('read.question')) {
  if (!synth()) return null;
  const b = h('button', { id, type: 'button', class: 'btn btn-secondary read-btn', text: label });
  b.addEventListener('click', () => readAloud(text()));
  return b;
}

/** The page frame's buttons (index.html #read-tools): read the main region, stop. */
export function initReadAloud() {
  const tools = document.getElementById('read-tools');
  const read = document.getElementById('read-page');
  const stop = /** @type {HTMLButtonElement|null} */ (document.getElementById('read-stop'));
  const view = document.getElementById('view');
  if (!tools || !read || !stop || !view || !synth()) return;
  tools.hidden = false;
  read.addEventListener('click', () => {
    stop.hidden = false;
    readAloud(shownText(view), () => { stop.hidden = true; });
  });
  stop.addEventListener('click', () => {
    stopReading();
    read.focus();
  });
  // Another page: the old one's text is no longer what the person sees.
  window.addEventListener('hashchange', stopReading);
}
