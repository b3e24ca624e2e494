package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Journeys of issue 21 (1): a resident who has no password at hand logs in
// with a code sent to their phone, and one who forgot it sets a new one.
// The code is read where the console sender writes it, as a demo's
// operator reads it from the server log.

// TestBrowserResidentLogsInByCode: from the root address, 用验证码登录,
// the phone, 发送验证码 (which then counts down), a mistyped code refused in
// view, the right code, and home.
func TestBrowserResidentLogsInByCode(t *testing.T) {
	allowStatus(t, 401) // the mistyped code, refused in view
	ta, b := startBrowserTest(t)
	acc, err := ta.accounts.ByPhone(context.Background(), demoResidentPhone)
	if err != nil {
		t.Fatal(err)
	}
	zh := dictionary(t, ta, "zh")
	b.do("open the code login from the login page",
		chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-code-login")),
		chromedp.Click(chromedp.ID("link-code-login")), chromedp.WaitVisible(chromedp.ID("code-phone")))
	b.waitText("#view-title", zh["code.title"])
	b.do("ask for a code", chromedp.SendKeys(chromedp.ID("code-phone"), demoResidentPhone), chromedp.Click(chromedp.ID("code-send")))
	b.waitJS("the page says the code was sent", `(document.getElementById('code-sent').textContent || '').includes('验证码已发到')`)
	send := b.eval(`(() => { const s = document.getElementById('code-send'); return (s.disabled ? 'disabled ' : '') + s.textContent; })()`)
	if !regexp.MustCompile(`^disabled [0-9]+秒后可重新发送$`).MatchString(send) {
		t.Errorf("the send button after sending: %q, want it disabled, saying when it can be pressed again", send)
	}
	code := ta.waitCode(t, demoResidentPhone, 1)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	b.do("type a wrong code", chromedp.SendKeys(chromedp.ID("code"), wrong), chromedp.Click(chromedp.ID("code-submit")))
	b.waitJS("the refusal in view", `(document.getElementById('code-form-error').textContent || '').includes('验证码不对或已失效')`)
	b.checkAxe("code login with a refusal", nil)
	// Back, then 忘记密码: that page starts clean (the phone kept), not with
	// this page's code, message and refusal.
	b.do("back to the login page, then forgot password",
		chromedp.Click(chromedp.ID("link-password-login")), chromedp.WaitVisible(chromedp.ID("link-forgot")),
		chromedp.Click(chromedp.ID("link-forgot")), chromedp.WaitVisible(chromedp.ID("new-password")))
	left := b.eval(`['code', 'code-sent', 'code-form-error'].map((id) => { const e = document.getElementById(id); return e.value || e.textContent; }).join('|')`)
	if left != "||" {
		t.Errorf("forgot password opened with the code login's state: %q", left)
	}
	if phone := b.eval(`document.getElementById('code-phone').value`); phone != demoResidentPhone {
		t.Errorf("forgot password lost the phone typed: %q", phone)
	}
	b.do("back to the code login", chromedp.Click(chromedp.ID("link-password-login")), chromedp.WaitVisible(chromedp.ID("link-code-login")),
		chromedp.Click(chromedp.ID("link-code-login")), chromedp.WaitVisible(chromedp.ID("code")))
	if got := b.eval(`document.getElementById('code').value + '|' + document.getElementById('code-form-error').textContent`); got != "|" {
		t.Errorf("the code login came back with old state: %q", got)
	}
	b.do("type the right code", chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.ID("code-submit")), chromedp.WaitVisible(chromedp.ID("user-name")))
	b.waitText("#user-name", acc.Name)
	if holdsCode(ta.logs.String(), code) {
		t.Errorf("the server log holds the code %s", code)
	}
}

// TestBrowserResidentResetsForgottenPassword: from the root address (which
// says what to do without the password: a code, or the secretary), 忘记密码,
// a code, a new password too short (the rule said in view), a good one;
// back on the login page, which says what happened, the new password logs in.
func TestBrowserResidentResetsForgottenPassword(t *testing.T) {
	allowStatus(t, 422) // the too-short password, refused in view
	ta, b := startBrowserTest(t)
	acc, err := ta.accounts.ByPhone(context.Background(), demoResidentPhone)
	if err != nil {
		t.Fatal(err)
	}
	zh := dictionary(t, ta, "zh")
	b.do("the login page", chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-forgot")))
	// It says what to do without the password: a code, or the secretary.
	b.waitText("#login-forgot-hint", zh["login.forgotHint"])
	b.do("open forgot password from the login page",
		chromedp.Click(chromedp.ID("link-forgot")), chromedp.WaitVisible(chromedp.ID("new-password")))
	b.waitText("#view-title", zh["code.resetTitle"])
	b.do("ask for a code", chromedp.SendKeys(chromedp.ID("code-phone"), demoResidentPhone), chromedp.Click(chromedp.ID("code-send")))
	code := ta.waitCode(t, demoResidentPhone, 1)
	b.do("a password too short", chromedp.SendKeys(chromedp.ID("code"), code), chromedp.SendKeys(chromedp.ID("new-password"), "short"),
		chromedp.Click(chromedp.ID("code-submit")))
	b.waitText("#new-password-error", "至少8个字")
	b.checkAxe("forgot password with a refusal", nil)
	const fresh = "my-new-password-2026"
	b.do("a good password", chromedp.SendKeys(chromedp.ID("new-password"), strings.Repeat(kb.Backspace, len("short"))+fresh),
		chromedp.Click(chromedp.ID("code-submit")), chromedp.WaitVisible(chromedp.ID("login-form")))
	b.waitText("#login-said", "密码已改好，请用新密码登录；别处的登录已退出")
	if phone := b.eval(`document.getElementById('phone').value`); phone != demoResidentPhone {
		t.Errorf("the login form's phone is %q, want the one just reset", phone)
	}
	b.do("log in with the new password", chromedp.SendKeys(chromedp.ID("password"), fresh),
		chromedp.Click(chromedp.ID("login-submit")), chromedp.WaitVisible(chromedp.ID("user-name")))
	b.waitText("#user-name", acc.Name)
	ta.client(t).mustError("POST", "/api/v1/auth/login", map[string]string{"phone": demoResidentPhone, "password": demoPassword}, 401, "invalid_credentials")
}
