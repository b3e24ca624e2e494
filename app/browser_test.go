package main

// Browser tests: the embedded web shell (static/) driven in headless
// Chromium against the whole app, to catch what the API tests cannot: a
// module that fails to load, a view that throws, a CSP that blocks our own
// code, a translation that does not apply.
//
// They need Chromium or Chrome. Without one they skip, unless
// YISHI_BROWSER_TESTS=required (as CI sets it), where a missing browser is a
// failure, so the tests cannot pass in CI by quietly not running.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"yishi/modules/devtools/chrome"
)

// browserTestTimeout bounds each browser test, browser start included.
// stepTimeout bounds one step (a wait, mostly), so a failed wait leaves time
// to show what the page had instead.
const (
	browserTestTimeout = 60 * time.Second
	stepTimeout        = 20 * time.Second
)

const demoResidentPhone = "13800000001"

// findBrowser returns the browser to drive: $CHROME_PATH, else Debian's
// chromium, else whatever chromium or Chrome is on PATH. Without one the test
// skips, or fails when YISHI_BROWSER_TESTS=required.
func findBrowser(t *testing.T) string {
	t.Helper()
	required := os.Getenv("YISHI_BROWSER_TESTS") == "required"
	if p := os.Getenv("CHROME_PATH"); p != "" {
		// An explicit path that is wrong is a broken setup, not a missing
		// browser: fail rather than skip.
		found, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("CHROME_PATH=%s: %v", p, err)
		}
		return found
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "google-chrome"} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	if required {
		t.Fatal("YISHI_BROWSER_TESTS=required but no browser found: set CHROME_PATH or install chromium")
	}
	t.Skip("no browser found (set CHROME_PATH or install chromium); skipping browser tests")
	return ""
}

// browser is one tab of a fresh headless browser. It records every
// JavaScript exception and CSP violation of the page; the test fails on them
// when it ends.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string // exceptions, CSP violations, console errors: fail the test
	notes    []string // other browser log entries: shown only when the test fails
	net      netGuard // failed loads and error responses (browser_guard_test.go)
}

// startBrowserTest starts the app and a browser for it. It looks for the
// browser first, so a machine without one skips at once. The browser closes
// before the app stops, so the app has no open connection to wait for.
func startBrowserTest(t *testing.T) (*testApp, *browser) {
	t.Helper()
	execPath := findBrowser(t)
	ta := startTestApp(t)
	return ta, newBrowser(t, execPath)
}

// newBrowser starts a browser on its own temporary profile, so no state
// (storage, cookies) leaks between tests, and closes it when the test ends.
func newBrowser(t *testing.T, execPath string) *browser {
	t.Helper()
	return newBrowserWithin(t, execPath, browserTestTimeout)
}

// newBrowserWithin is newBrowser for a test that needs longer than
// browserTestTimeout (a journey with several people).
func newBrowserWithin(t *testing.T, execPath string, timeout time.Duration) *browser {
	t.Helper()
	out := &browserOutput{}
	opts := chrome.Options(execPath, t.TempDir(), out)
	// The whole test, browser included, lives in this deadline: the first
	// Run binds the browser's life to the context it gets.
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	b := &browser{t: t}
	// WithListener sees every event of the tab from its first command on.
	// It runs in the tab's read loop, in order, so once any later command
	// returns, every event sent before its reply has been recorded.
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(b.watch))
	b.ctx = ctx
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
		if s := out.String(); t.Failed() && s != "" {
			t.Logf("browser output:\n%s", s)
		}
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser and the tab
		t.Fatalf("start %s: %v\nbrowser output:\n%s", execPath, err, out.String())
	}
	// Registered after the cancel above, so it runs first, while the tab is
	// still open.
	t.Cleanup(b.finish)
	return b
}

// watch records the console events that mean the page is broken. It runs
// in the tab's read loop, so it must return fast and send no command.
func (b *browser) watch(ev any) {
	b.net.watchNet(ev)
	var problem, note string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		problem = "uncaught exception: " + exceptionText(ev.ExceptionDetails)
	case *runtime.EventConsoleAPICalled:
		// The app calls console.error only for errors it caught (a view
		// that threw, a dictionary that did not load) and console.warn
		// for a missing translation: both are bugs.
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			problem = "console." + string(ev.Type) + ": " + argsText(ev.Args)
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		text := fmt.Sprintf("%s %s: %s (%s:%d)", e.Source, e.Level, e.Text, e.URL, e.LineNumber)
		// Chrome reports a CSP violation as a browser log entry from
		// the "security" source: "... violates the following Content
		// Security Policy directive ...".
		// Other entries, such as "Failed to load resource ... 401" after
		// a wrong password, are expected and only noted.
		if e.Source == log.EntrySourceSecurity || strings.Contains(e.Text, "Content Security Policy") {
			problem = "CSP violation: " + text
		} else {
			note = text
		}
	}
	if problem == "" && note == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if problem != "" {
		b.problems = append(b.problems, problem)
	}
	if note != "" {
		b.notes = append(b.notes, note)
	}
}

// takeProblems returns the problems recorded so far and forgets them. It
// first runs a command, so the events the page sent before now are in.
func (b *browser) takeProblems() []string {
	b.t.Helper()
	runIn(b, "sync with the tab", chromedp.Evaluate[int]("1"))
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// finish fails the test on any problem the page had, and on failure shows
// where the page was and what it said.
func (b *browser) finish() {
	t := b.t
	// Sync first, so the events the page sent until now are recorded. If
	// the tab is gone (the deadline passed), the test has failed already.
	if _, err := runStep(b, chromedp.Evaluate[int]("1")); err != nil && !t.Failed() {
		t.Errorf("sync with the tab at the end of the test: %v", err)
	}
	b.mu.Lock()
	problems, notes := b.problems, b.notes
	b.mu.Unlock()
	for _, p := range append(problems, b.net.problems(t)...) {
		t.Errorf("page: %s", p)
	}
	if !t.Failed() {
		return
	}
	for _, n := range notes {
		t.Logf("browser log: %s", n)
	}
	loc, _ := runStep(b, chromedp.Location())
	body, _ := runStep(b, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
	t.Logf("page at failure: %s\n%s", loc, clip(body, 1000))
}

// runIn runs one action, within stepTimeout, and fails the test on error.
func runIn[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := runStep(b, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// runStep runs one action within stepTimeout. The step's deadline ends only
// the step: the tab lives on in b.ctx.
func runStep[T any](b *browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w (gave up after %s)", err, stepTimeout)
	}
	return v, err
}

// do runs actions that return nothing.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	runIn(b, what, chromedp.Steps(actions...))
}

// waitJS waits until the JavaScript expression is true in the page. It is
// how the tests wait for the asynchronous views: no sleeps.
func (b *browser) waitJS(what, expr string) {
	b.t.Helper()
	runIn(b, "wait for "+what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0)))
}

// waitText waits until the element's text content is want, and fails with
// what it was when the time runs out.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	expr := fmt.Sprintf(`(() => { const el = document.querySelector(%s); return !!el && el.textContent.trim() === %s; })()`, jsString(sel), jsString(want))
	if _, err := runStep(b, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0))); err != nil {
		got, _ := runStep(b, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%s) || {}).textContent || '(missing)'`, jsString(sel))))
		b.t.Fatalf("%s: want text %q, have %q: %v", sel, want, got, err)
	}
}

func (b *browser) eval(expr string) string {
	b.t.Helper()
	return runIn(b, expr, chromedp.Evaluate[string](expr))
}

// login fills the login form and submits it the way a person would.
func (b *browser) login(baseURL, phone, password string) {
	b.t.Helper()
	b.do("log in as "+phone,
		chromedp.Navigate(baseURL+"/#/login"),
		chromedp.WaitVisible(chromedp.ID("login-form")),
		chromedp.SendKeys(chromedp.ID("phone"), phone),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-submit")),
	)
}

// dictionary is a served translation file, so the tests compare with the
// texts the page really gets.
func dictionary(t *testing.T, ta *testApp, lang string) map[string]string {
	t.Helper()
	var d map[string]string
	ta.client(t).mustJSON("GET", "/i18n/"+lang+".json", nil, 200, &d)
	return d
}

// TestBrowserLogin logs in through the form and checks the home page, in
// Chinese, the default language.
func TestBrowserLogin(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	acc, err := ta.accounts.ByPhone(context.Background(), demoResidentPhone)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Name == "" {
		t.Fatalf("demo resident %s has no name", demoResidentPhone)
	}

	b.do("open the login page",
		chromedp.Navigate(ta.URL+"/#/login"),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
	if lang := b.eval("document.documentElement.lang"); !strings.HasPrefix(lang, "zh") {
		t.Errorf("html lang %q, want zh…", lang)
	}
	b.waitText("#view-title", zh["login.title"])
	b.waitText("#lang-switch", zh["lang.switch"])

	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/home") {
		t.Errorf("after login at %s, want #/home", loc)
	}
	b.waitText("#user-name", acc.Name)
	b.waitText("#home-waiting-title", zh["home.waiting"])
	// The roles and powers are one tap away, on their own page.
	b.do("open what I may do", chromedp.Click(chromedp.ID("link-powers")))
	b.waitText("#view-title", zh["home.powersTitle"])
	b.waitText("#powers-title", zh["home.powers"])
	if n := runIn(b, "count powers", chromedp.Evaluate[int](`document.querySelectorAll('#powers-list > li').length`)); n == 0 {
		t.Error("#powers-list has no items")
	}
	if n := runIn(b, "count roles", chromedp.Evaluate[int](`document.querySelectorAll('#roles-list > li').length`)); n == 0 {
		t.Error("#roles-list has no items")
	}
	if lang := b.eval("document.documentElement.lang"); !strings.HasPrefix(lang, "zh") {
		t.Errorf("html lang on home %q, want zh…", lang)
	}
}

// TestBrowserLanguageSwitch switches to English on the home page and checks
// that a reload keeps both the language and the session.
func TestBrowserLanguageSwitch(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh, en := dictionary(t, ta, "zh"), dictionary(t, ta, "en")
	if zh["home.waiting"] == en["home.waiting"] {
		t.Fatal("home.waiting is the same in both languages; pick another key")
	}

	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	b.waitText("#home-waiting-title", zh["home.waiting"])

	b.do("switch language", chromedp.Click(chromedp.ID("lang-switch")))
	b.waitJS("html lang en", `document.documentElement.lang === 'en'`)
	b.waitText("#home-waiting-title", en["home.waiting"])
	b.waitText("#lang-switch", en["lang.switch"])

	// The choice is in localStorage and the session in a cookie: a reload
	// must land on home again, in English, not on the login page.
	b.do("reload", chromedp.Reload())
	b.waitJS("home or login after reload", `!!document.querySelector('#user-name, #login-form')`)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/home") {
		t.Fatalf("after reload at %s, want #/home (session lost?)", loc)
	}
	b.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	if lang := b.eval("document.documentElement.lang"); lang != "en" {
		t.Errorf("html lang after reload %q, want en", lang)
	}
	b.waitText("#home-waiting-title", en["home.waiting"])
	b.waitText("#lang-switch", en["lang.switch"])
}

// TestBrowserWrongPassword checks that the server's own message, in Chinese,
// reaches #login-error.
func TestBrowserWrongPassword(t *testing.T) {
	allowStatus(t, 401) // the wrong password, refused in view
	ta, b := startBrowserTest(t)
	const wrong = "not-the-password"
	e := ta.client(t).mustError("POST", "/api/v1/auth/login",
		map[string]string{"phone": demoResidentPhone, "password": wrong}, 401, "invalid_credentials")

	b.login(ta.URL, demoResidentPhone, wrong)
	b.waitText("#login-error", e.Error.Message)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/login") {
		t.Errorf("after a wrong password at %s, want #/login", loc)
	}
	// The form is usable again for the next try.
	b.do("submit enabled", chromedp.WaitEnabled(chromedp.ID("login-submit")))
}

// TestBrowserPublicLists opens the public lists without logging in and
// checks the negative list shows every line the API publishes.
func TestBrowserPublicLists(t *testing.T) {
	ta, b := startBrowserTest(t)
	var lists map[string][]struct{ Zh string }
	ta.client(t).mustJSON("GET", "/api/v1/policies/lists", nil, 200, &lists)
	negative := lists["negative"]
	if len(negative) == 0 {
		t.Fatal("the API publishes no negative-list lines (policies/policy.csv)")
	}

	b.do("open the lists from the login page",
		chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-lists")), chromedp.Click(chromedp.ID("link-lists")),
		chromedp.WaitVisible(chromedp.CSS("#list-negative li")),
	)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/lists") {
		t.Errorf("lists page at %s, want #/lists without login", loc)
	}
	for _, id := range []string{"list-powers", "list-negative", "list-services", "list-roles"} {
		b.do("section "+id, chromedp.WaitVisible(chromedp.ID(id)))
	}
	items := runIn(b, "negative items", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#list-negative li .line-desc')].map((p) => p.textContent)`))
	if len(items) != len(negative) {
		t.Errorf("#list-negative shows %d items, the API publishes %d", len(items), len(negative))
	}
	shown := strings.Join(items, "\n")
	for _, l := range negative {
		if !strings.Contains(shown, l.Zh) {
			t.Errorf("#list-negative lacks %q", l.Zh)
		}
	}
}

// TestBrowserCSPViolationIsCaught proves the watcher that the other tests
// rely on works with this browser: an inline script, which the CSP forbids,
// must be recorded as a problem.
func TestBrowserCSPViolationIsCaught(t *testing.T) {
	ta, b := startBrowserTest(t)
	b.do("open the lists from the login page",
		chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-lists")), chromedp.Click(chromedp.ID("link-lists")),
		chromedp.WaitVisible(chromedp.ID("list-negative")),
	)
	if p := b.takeProblems(); len(p) != 0 {
		t.Fatalf("problems before the violation: %q", p)
	}
	runIn(b, "add an inline script", chromedp.Evaluate[chromedp.Void](`
		window.cspViolations = 0;
		document.addEventListener('securitypolicyviolation', () => { window.cspViolations++; });
		const s = document.createElement('script');
		s.textContent = 'window.inlineRan = true;';
		document.body.append(s);`))
	b.waitJS("the violation event", `window.cspViolations > 0`)
	if ran := runIn(b, "inline ran?", chromedp.Evaluate[bool](`window.inlineRan === true`)); ran {
		t.Fatal("the CSP let an inline script run")
	}
	p := b.takeProblems()
	if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), "CSP violation") {
		t.Fatalf("the watcher missed the CSP violation; recorded %q", p)
	}
}

// browserOutput keeps the browser's stdout and stderr, to show when a test
// fails.
type browserOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *browserOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// String is the end of the output, without the lines about D-Bus, which
// a container or CI machine lacks and which say nothing about the page.
func (o *browserOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var keep []string
	for line := range strings.Lines(o.buf.String()) {
		if !strings.Contains(line, "dbus") {
			keep = append(keep, line)
		}
	}
	s := strings.Join(keep, "")
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	j, _ := json.Marshal(s) // a string always encodes
	return string(j)
}

// clip returns the start of s, at most n bytes (cut on a rune boundary).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d:%d)", s, d.URL, d.LineNumber+1, d.ColumnNumber+1)
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		var str string
		switch {
		case a == nil:
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &str) == nil:
			parts = append(parts, str)
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}
