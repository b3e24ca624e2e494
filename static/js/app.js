// app.js: starts the web shell: loads the dictionary, wires the language
// button and the address changes, and draws the first page (router.js).
// All server text goes into the page through textContent / createElement,
// never parsed as HTML.

import { t, getLang, setLang, initialLang } from './i18n.js';
import { setAlert } from './dom.js';
import { render } from './navigate.js';
import { showBootFailure } from './router.js';
import { initElder } from './elder.js';
import { initReadAloud } from './read-aloud.js';

const langBtn = /** @type {HTMLButtonElement} */ (document.getElementById('lang-switch'));
const appError = /** @type {HTMLElement} */ (document.getElementById('app-error'));

function syncLangButton() {
  // The button names the other language, in that language.
  langBtn.lang = getLang() === 'en' ? 'zh-CN' : 'en';
}

let switching = false;
langBtn.addEventListener('click', async () => {
  if (switching) return;
  switching = true;
  langBtn.setAttribute('aria-busy', 'true');
  try {
    await setLang(getLang() === 'en' ? 'zh' : 'en');
    setAlert(appError, '');
    syncLangButton();
    await render({ rerender: true });
  } catch (err) {
    console.error(err);
    setAlert(appError, t('error.langLoad'));
  } finally {
    switching = false;
    langBtn.removeAttribute('aria-busy');
  }
});

window.addEventListener('hashchange', () => {
  setAlert(appError, '');
  render({ focus: true });
});

initReadAloud();

async function boot() {
  try {
    await setLang(initialLang());
  } catch (err) {
    console.error(err);
    try {
      await setLang('zh');
    } catch {
      showBootFailure();
      return;
    }
  }
  initElder(); // after the dictionary: the switch's words may be the simpler ones
  syncLangButton();
  render();
}

boot();
