// login-kit.js: what the login pages share (login.js, login-code.js): the
// address to come back to after a login, and the word a password reset
// leaves for the login page.

/** Where login-code.js leaves what a password reset did, for the login page to say once. */
export const SAID_KEY = 'yishi.loginSaid';

/** The address a page that needed a login left to come back to (the QR sign-in), once. */
export function takeNext() {
  try {
    const next = sessionStorage.getItem('yishi.next') || '';
    sessionStorage.removeItem('yishi.next');
    return next.startsWith('/') ? next : '';
  } catch {
    return '';
  }
}

/** Leaves what a reset did (and the phone) for the login page. @param {{message: string, message_en: string, phone: string}} said */
export function leaveSaid(said) {
  try {
    sessionStorage.setItem(SAID_KEY, JSON.stringify(said));
  } catch {
    /* the login page then says nothing */
  }
}

/** What a password reset just did, once; null when nothing. @returns {{message?: string, message_en?: string, phone?: string}|null} */
export function takeSaid() {
  try {
    const raw = sessionStorage.getItem(SAID_KEY);
    sessionStorage.removeItem(SAID_KEY);
    const said = raw ? JSON.parse(raw) : null;
    return said && typeof said === 'object' ? said : null;
  } catch {
    return null;
  }
}
