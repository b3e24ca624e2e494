package main

import (
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// slowWrites makes the page's writes (every request but a GET) take 300 ms
// longer, so a test can see what the page does while one is in flight.
const slowWrites = `(() => { if (!window.slowed) { const f = window.fetch; window.slowed = true;
	window.fetch = async (...a) => { if (((a[1] && a[1].method) || 'GET') !== 'GET') await new Promise((r) => setTimeout(r, 300)); return f(...a); }; }
	return ''; })()`

// TestBrowserActionsSayWhatHappened: on a phone, a neighbour co-signs a
// proposal, withdraws, stops following it and follows it again, and
// comments on it; the pressed button is disabled while its request is in
// flight, and after each the page says what happened in a polite status
// right after the buttons, the scroll position is where the tap left it,
// the focus is on the button that replaced the pressed one, and the new
// state shows (journeys.md, "After every action").
func TestBrowserActionsSayWhatHappened(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	b := newBrowserWithin(t, execPath, 3*time.Minute)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const neighbour = "13700000012"
	k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{
		"phone": neighbour, "name": "居民R011", "password": demoPassword,
		"roles":      []map[string]string{{"role": "resident", "scope": "/gz/hd/hs/dt"}},
		"village_id": k.dt, "resident_no": "R011",
	}, 201, nil)
	p := submitted(ta.login(t, demoResidentPhone), k.dt, map[string]any{"body_id": "council", "title": "小区垃圾分类亭",
		"category": "environment", "body": "在北门加一个垃圾分类亭，早晚各开放两小时。"})

	b.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.login(ta.URL, neighbour, demoPassword)
	card := fmt.Sprintf(`#proposal-list li[data-id="%s"] .card-title`, p.ID)
	b.do("open the proposal from home",
		chromedp.WaitVisible(chromedp.ID("link-proposals")),
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.CSS(card)),
		chromedp.Click(chromedp.CSS(card)),
		chromedp.WaitVisible(chromedp.ID("cosign")))

	// act presses a button and checks what the page did. grows is for an
	// action that adds to the page above the button (a comment in the
	// list): the page may then scroll on, never back, just enough to keep
	// the message in sight.
	act := func(what, press, then, said string, grows bool) {
		t.Helper()
		// Scroll the button to the middle of the screen, as a thumb would.
		y := b.eval(`(() => { document.getElementById('` + press + `').scrollIntoView({ block: 'center' }); return String(Math.round(window.scrollY)); })()`)
		b.eval(slowWrites)
		if busy := b.eval(`(() => { const e = document.getElementById('` + press + `'); e.click(); return String(e.disabled); })()`); busy != "true" {
			t.Errorf("%s: the button is not disabled while its request is in flight", what)
		}
		b.waitText("#action-said", said)
		b.do(what, chromedp.WaitVisible(chromedp.ID(then)))
		if role := b.eval(`document.getElementById('action-said').getAttribute('role')`); role != "status" {
			t.Errorf("%s: the message's role is %q, want status (read out by screen readers)", what, role)
		}
		if focus := b.eval(`document.activeElement ? document.activeElement.id : ''`); focus != then {
			t.Errorf("%s: focus on %q, want the button that replaced the pressed one (%s)", what, focus, then)
		}
		before, _ := strconv.Atoi(y)
		after, _ := strconv.Atoi(b.eval(`String(Math.round(window.scrollY))`))
		if grows && after < before-4 {
			t.Errorf("%s: the page scrolled back from %d to %d px", what, before, after)
		}
		if !grows && before > 0 && math.Abs(float64(after-before)) > 4 {
			t.Errorf("%s: the page scrolled from %d to %d px", what, before, after)
		}
		// The message sits right after the row of buttons, within sight.
		if near := b.eval(`(() => { const m = document.getElementById('action-said').getBoundingClientRect(); return String(m.top >= 0 && m.bottom <= window.innerHeight); })()`); near != "true" {
			t.Errorf("%s: the message is out of view", what)
		}
	}
	act("co-sign", "cosign", "withdraw-cosign", zh["said.cosigned"], false)
	act("withdraw", "withdraw-cosign", "cosign", zh["said.cosignWithdrawn"], false)
	// Co-signing follows the proposal; the neighbour stops following, and follows again.
	act("stop following", "unfollow", "follow", zh["said.unfollowed"], false)
	act("follow", "follow", "unfollow", zh["said.followed"], false)
	// A comment: said under the button, the comment in the list, the box empty for the next.
	b.do("write a comment", chromedp.SendKeys(chromedp.ID("comment-form-text"), "北门人多，建议放在东门"))
	act("comment", "comment-form-submit", "comment-form-submit", zh["said.commented"], true)
	b.waitJS("the comment listed", `(document.getElementById('comment-list') || {textContent: ''}).textContent.includes('北门人多，建议放在东门')`)
	if left := b.eval(`document.getElementById('comment-form-text').value`); left != "" {
		t.Errorf("the comment box still holds %q after the comment was posted", left)
	}

	// The record agrees with what the page said.
	d := detail(ta.login(t, neighbour), k.dt, p.ID)
	if d.Viewer.Signed || !d.Viewer.Following {
		t.Errorf("after withdraw and follow the record says signed %v, following %v", d.Viewer.Signed, d.Viewer.Following)
	}
}

// pressAndHear presses the button (a CSS selector) as a thumb would, the
// page's writes slowed: the button is disabled while its request is in
// flight; then the page says want in a polite status (#action-said) in
// sight, without scrolling back up, and the focus is not lost to the
// page (journeys.md, "After every action").
func (a *browser) pressAndHear(what, press, want string) {
	a.t.Helper()
	sel := jsString(press)
	a.waitJS(what+": "+press+" to press", `!!document.querySelector(`+sel+`)`)
	y := a.eval(`(() => { document.querySelector(` + sel + `).scrollIntoView({ block: 'center' }); return String(Math.round(window.scrollY)); })()`)
	a.eval(slowWrites)
	if busy := a.eval(`(() => { const e = document.querySelector(` + sel + `); e.click(); return String(e.disabled); })()`); busy != "true" {
		a.t.Errorf("%s: %s is not disabled while its request is in flight", what, press)
	}
	a.waitJS(what+": the page says "+want, `(document.getElementById('action-said') || {textContent: ''}).textContent.includes(`+jsString(want)+`)`)
	if bad := a.eval(`(() => { const m = document.getElementById('action-said'); const r = m.getBoundingClientRect(); const out = [];
		if (m.getAttribute('role') !== 'status' || m.getAttribute('aria-live') !== 'polite') out.push('not a polite status');
		if (!(r.top >= -1 && r.bottom <= window.innerHeight + 1)) out.push('out of view (' + Math.round(r.top) + ' to ' + Math.round(r.bottom) + ' px of ' + window.innerHeight + ')');
		if (!document.activeElement || document.activeElement === document.body) out.push('with the focus lost to the page');
		return out.join(', '); })()`); bad != "" {
		a.t.Errorf("%s: the message is %s", what, bad)
	}
	// Back up only as far as a shorter page forces (its bottom reached),
	// or as far as shows the message (then at the top of the screen).
	before, _ := strconv.Atoi(y)
	after, _ := strconv.Atoi(a.eval(`String(Math.round(window.scrollY))`))
	bottom, _ := strconv.Atoi(a.eval(`String(Math.round(document.documentElement.scrollHeight - window.innerHeight))`))
	msgTop, _ := strconv.Atoi(a.eval(`String(Math.round(document.getElementById('action-said').getBoundingClientRect().top))`))
	if before > 100 && after < before-4 && after < bottom-4 && msgTop > 120 {
		a.t.Errorf("%s: the page scrolled back from %d to %d px (bottom at %d, the message %d px down)", what, before, after, bottom, msgTop)
	}
}
