// i18n.js: loads one dictionary (/i18n/zh.json or /i18n/en.json),
// translates keys and applies them to elements marked with data-i18n.
// Chinese is the default; the choice is kept in localStorage.

const STORAGE_KEY = 'yishi.lang';
const SUPPORTED = ['zh', 'en'];
const cache = new Map();
let lang = 'zh';
let dict = {};
// Elder mode's simpler words: t(key) takes plain.<key> where the dictionary has one.
let plain = false;

/** Whether t() prefers the simpler wording (elder mode, elder.js). @param {boolean} on */
export function setPlain(on) {
  plain = on;
}

function readStored() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return SUPPORTED.includes(v) ? v : null;
  } catch {
    return null; // storage blocked (private mode, policy)
  }
}

function store(v) {
  try {
    localStorage.setItem(STORAGE_KEY, v);
  } catch {
    /* not fatal: the choice just is not remembered */
  }
}

async function load(l) {
  if (cache.has(l)) return cache.get(l);
  const res = await fetch(`/i18n/${l}.json`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`i18n ${l}: HTTP ${res.status}`);
  const d = await res.json();
  cache.set(l, d);
  return d;
}

/** Current language: "zh" or "en". */
export function getLang() {
  return lang;
}

/** Language to start with: the stored choice, else Chinese. */
export function initialLang() {
  return readStored() || 'zh';
}

/** Loads the dictionary, updates <html lang> and static texts. */
export async function setLang(l) {
  const next = SUPPORTED.includes(l) ? l : 'zh';
  dict = await load(next);
  lang = next;
  store(next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  applyI18n(document);
}

/** Whether the dictionary has key (for kinds the server may add later). @param {string} key */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(dict, key) && typeof dict[key] === 'string';
}

/** Translates key; {name} placeholders are filled from vars. */
export function t(key, vars) {
  const simple = `plain.${key}`;
  const s = plain && has(simple) ? dict[simple] : (Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : null);
  if (typeof s !== 'string') {
    console.warn('i18n: missing key', key);
    return key;
  }
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k) =>
    Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m);
}

/**
 * data-i18n="key" sets textContent;
 * data-i18n-attr="attr:key;attr2:key2" sets attributes.
 */
export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((x) => (x || '').trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/**
 * Picks the field for the current language from a server object,
 * falling back to the other language so nothing shows up blank.
 */
export function pick(obj, zhField, enField) {
  if (!obj) return '';
  const first = lang === 'en' ? obj[enField] : obj[zhField];
  const second = lang === 'en' ? obj[zhField] : obj[enField];
  if (typeof first === 'string' && first) return first;
  if (typeof second === 'string' && second) return second;
  return '';
}
