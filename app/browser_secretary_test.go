package main

// The secretary's refusals in the page (issue 14) and the helpers of the
// journey tests: each person in a browser context of their own, starting
// at the root address and tapping and typing from home. The whole cycle is
// TestBrowserWholeMeetingCycle (browser_whole_cycle_test.go).

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// actor is one person's browser context, the taps they made and the
// characters they typed.
type actor struct {
	*browser
	who   string
	taps  int
	typed int
}

// newActor opens a context of its own (cookies, storage) in b's browser.
func newActor(t *testing.T, b *browser, who string) *actor {
	t.Helper()
	a := &actor{browser: &browser{t: t}, who: who}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(a.watch))
	a.ctx = ctx
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: new browser context: %v", who, err)
	}
	t.Cleanup(a.finish)
	return a
}

// tap clicks the first element matching the CSS selector once it shows.
func (a *actor) tap(sel string) {
	a.t.Helper()
	a.do(a.who+" taps "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
	a.taps++
}

// tapText clicks the first element matching sel whose text holds text.
func (a *actor) tapText(sel, text string) {
	a.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll(%s)].find((e) => e.offsetParent !== null && e.textContent.includes(%s))`, jsString(sel), jsString(text))
	a.waitJS(fmt.Sprintf("%s: %s with %q", a.who, sel, text), "!!"+find)
	a.eval(`(() => { const e = ` + find + `; e.scrollIntoView(); e.click(); return ''; })()`)
	a.taps++
}

// typeIn types into the field (typing is not a tap).
func (a *actor) typeIn(sel, text string) {
	a.t.Helper()
	a.do(a.who+" types into "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
	a.typed += utf8.RuneCountInString(text)
}

// setValue replaces a prefilled field's value (a number, a date).
func (a *actor) setValue(sel, value string) {
	a.t.Helper()
	a.do(a.who+" fills "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), value))
	a.eval(fmt.Sprintf(`(() => { document.querySelector(%s).dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`, jsString(sel)))
}

// choose picks the option of a select whose text starts with label.
func (a *actor) choose(sel, label string) {
	a.t.Helper()
	opt := fmt.Sprintf(`[...(document.querySelector(%s) || {options: []}).options].find((o) => o.textContent.startsWith(%s))`, jsString(sel), jsString(label))
	a.waitJS(fmt.Sprintf("%s: option %q of %s", a.who, label, sel), "!!"+opt)
	a.eval(fmt.Sprintf(`(() => { const s = document.querySelector(%s); s.value = (%s).value; s.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`, jsString(sel), opt))
	a.taps++
}

// see waits until the element's text holds want.
func (a *actor) see(sel, want string) {
	a.t.Helper()
	expr := fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && e.textContent.includes(%s); })()`, jsString(sel), jsString(want))
	if _, err := runStep(a.browser, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0))); err != nil {
		got, _ := runStep(a.browser, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%s) || {}).textContent || '(missing)'`, jsString(sel))))
		a.t.Fatalf("%s: %s should say %q, says %q: %v", a.who, sel, want, got, err)
	}
}

// logIn opens the root address and logs in by typing and one tap.
func (a *actor) logIn(url, phone string) {
	a.t.Helper()
	a.do(a.who+" opens the root address", chromedp.Navigate(url+"/"))
	a.typeIn("#phone", phone)
	a.typeIn("#password", demoPassword)
	a.tap("#login-submit")
}

// home goes home by the link every page has (one tap).
func (a *actor) home(url string) {
	a.t.Helper()
	a.do(a.who+" opens the root address", chromedp.Navigate(url+"/"))
	a.waitJS(a.who+" home", `!!document.getElementById('logout')`)
}

// cyclePeople are the council of 东田社区 with accounts: A the secretary
// (R005), B the chair (R001), C and D members (R009, R013); E a resident
// (R003). R017 has no phone and is marked present.
type cyclePeople struct {
	k                   *propKit
	secretary, resident *client
	phones              map[string]string
	names               map[string]string
}

func seedCycle(t *testing.T, ta *testApp) cyclePeople {
	t.Helper()
	k := propKitOn(t, ta)
	p := cyclePeople{k: k, secretary: ta.login(t, "13800000002"), resident: ta.login(t, demoResidentPhone), phones: map[string]string{}, names: map[string]string{}}
	var reg struct {
		Residents []struct {
			No   string `json:"resident_no"`
			Name string `json:"name"`
		} `json:"residents"`
	}
	p.secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/residents", nil, 200, &reg)
	for _, r := range reg.Residents {
		p.names[r.No] = r.Name
	}
	for _, no := range []string{"R001", "R009", "R013"} {
		roles := []string{"resident"}
		if no == "R001" {
			roles = append(roles, "council_member")
		}
		c := k.account("/gz/hd/hs/dt", no, roles...)
		var me struct{ Phone string }
		c.mustJSON("GET", "/api/v1/me", nil, 200, &me)
		p.phones[no] = me.Phone
	}
	return p
}

// TestBrowserSecretaryRefusesTooEarlyDate: on a phone, the time of a
// meeting is picked on a 24-hour clock (hour, then minute) and the form
// writes the moment out in Chinese (a native time box follows the
// browser's locale: "07:05 PM"); every box is at least 44 px. A residents'
// meeting for tomorrow is refused under the date field, quoting its ten
// days (U2026 Art. 26) and the earliest start; nothing is scheduled.
func TestBrowserSecretaryRefusesTooEarlyDate(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 90*time.Second)
	A := newActor(t, root, "A")
	A.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	A.logIn(ta.URL, "13800000002")
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "居民会议")
	A.see("#meet-deadline", "U2026 Art. 26")
	A.typeIn("#meet-title", "居民会议")
	A.typeIn("#meet-place", "社区广场")
	tomorrow := time.Now().Add(24 * time.Hour)
	A.setValue("#meet-date", tomorrow.Format("2006-01-02"))
	A.choose("#meet-time", "19 时")
	A.choose("#meet-time-minute", "05 分")
	A.see("#meet-when", fmt.Sprintf("%d年%d月%d日", tomorrow.Year(), tomorrow.Month(), tomorrow.Day()))
	A.see("#meet-when", "19:05")
	if form := A.eval(`document.getElementById('meet-form').innerText`); strings.Contains(form, "PM") || strings.Contains(form, "AM") {
		t.Errorf("the schedule form shows a 12-hour clock: %q", form)
	}
	A.fitsAThumb("the schedule form at 390 px")
	A.tap("#meet-submit")
	A.see("#meet-date-error", "太早了")
	A.see("#meet-date-error", "U2026 Art. 26")
	A.waitJS("the error in view", `(() => { const r = document.getElementById('meet-date-error').getBoundingClientRect(); return r.height > 0; })()`)
	var ms struct{ Meetings []struct{ ID string } }
	ta.login(t, "13800000002").mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs/dt")+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 0 {
		t.Fatalf("a refused date scheduled %d meetings", len(ms.Meetings))
	}
}

// TestBrowserSecretaryRefusesOwnMark: the secretary who marked someone
// present cannot confirm the mark; the refusal shows next to its row and
// the person does not count.
func TestBrowserSecretaryRefusesOwnMark(t *testing.T) {
	allowStatus(t, 409) // the author's own mark, refused in view
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 90*time.Second)
	p := seedCycle(t, ta)
	vid := p.k.dt
	var m struct{ ID string }
	p.secretary.mustJSON("POST", "/api/v1/orgs/"+vid+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "临时议事会",
		"place": "社区活动室", "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	A := newActor(t, root, "A")
	A.logIn(ta.URL, "13800000002")
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.choose("#mark-person", p.names["R017"])
	A.tap("#mark-submit")
	A.tap("#confirm-mark-R017")
	A.see("#mark-R017-error", "另一位")
	A.waitJS("nobody present", `document.getElementById('quorum').dataset.present === '0'`)
}
