package main

// The secretary's meeting cycle in the page (issue 14), each person in a
// browser context of their own: they start at the root address, log in,
// and tap and type from home. The only other address opened is the one the
// console's QR code encodes, read from the page. The API sets up the
// village's people and checks the records afterwards; the harness moves the
// app clock to the meeting's time and past the notice period.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actor is one person's browser context and the taps they made.
type actor struct {
	*browser
	who  string
	taps int
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

// TestBrowserSecretaryMeetingCycle walks the cycle as far as it is built:
// schedule → open → sign in by the QR address (logging in on the way) and
// by the six digits → a mark refused to its author and confirmed by the
// chair → an online vote and a paper count, the close refused with the
// unconfirmed count named, confirmed, closed → the meeting closed →
// minutes drafted with this meeting's vote → confirmed by chair and two
// attendees → published, which opens the notice → an objection → the
// written answer → the filing button saying why not, then filing once the
// period ended. It counts each person's taps.
func TestBrowserSecretaryMeetingCycle(t *testing.T) {
	allowStatus(t, 409) // the author's own mark and the close with a count unconfirmed, refused in view
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 4*time.Minute)
	p := seedCycle(t, ta)
	vid := p.k.dt
	prop := submitted(p.resident, vid, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	A, B, C, D, E := newActor(t, root, "A"), newActor(t, root, "B"), newActor(t, root, "C"), newActor(t, root, "D"), newActor(t, root, "E")

	// 2. A schedules the council's meeting from home.
	A.logIn(ta.URL, "13800000002")
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "议事会会议")
	A.see("#meet-deadline", "议事会会议")
	A.typeIn("#meet-title", "十二月议事会")
	A.typeIn("#meet-place", "社区活动室")
	A.choose("#meet-chair", p.names["R001"])
	A.choose("#meet-recorder", p.names["R005"])
	A.tap(fmt.Sprintf(`#meet-agenda input[value="%s"]`, prop.ID))
	A.tap("#meet-submit")
	A.see("#meeting-msg", "已安排：十二月议事会")
	var ms struct {
		Meetings []struct{ ID, Chair, ChairName string }
	}
	p.secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 1 || ms.Meetings[0].Chair != "R001" {
		t.Fatalf("scheduled %+v", ms.Meetings)
	}
	mid := ms.Meetings[0].ID

	// 4. At the meeting's time A opens it from home's line and shows the codes.
	ta.clock.advance(16 * time.Minute)
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.see("#console-msg", "会议已开始")
	A.waitJS("the QR code and six digits", `!!(document.getElementById('sign-in-qr')||{dataset:{}}).dataset.address && /^[0-9]{6}$/.test(document.getElementById('sign-in-short').textContent)`)
	address := A.eval(`document.getElementById('sign-in-qr').dataset.address`)
	if !strings.HasPrefix(address, ta.URL+"/#/v/"+vid+"/m/"+mid+"/sign-in/") {
		t.Fatalf("the QR code encodes %q", address)
	}

	// 5. B scans: the address asks B to log in first, then signs B in.
	B.do("B opens the QR address", chromedp.Navigate(address))
	B.typeIn("#phone", p.phones["R001"])
	B.typeIn("#password", demoPassword)
	B.tap("#login-submit")
	B.see("#sign-in-done", "已签到：十二月议事会")

	// 6. C and D type the six digits from home.
	for _, x := range []struct {
		a  *actor
		no string
	}{{C, "R009"}, {D, "R013"}} {
		x.a.logIn(ta.URL, p.phones[x.no])
		x.a.tap("#link-sign-in")
		x.a.typeIn("#sign-in-digits", A.eval(`document.getElementById('sign-in-short').textContent`))
		x.a.tap("#sign-in-submit")
		x.a.see("#sign-in-done", "已签到：十二月议事会")
	}
	A.waitJS("three present", `document.getElementById('quorum').dataset.present === '3'`)

	// 7–9. A marks R017 present; A's own confirmation is refused in view;
	// B confirms from home.
	A.choose("#mark-person", p.names["R017"])
	A.tap("#mark-submit")
	A.see("#mark-msg", "等另一人确认")
	A.tap("#confirm-mark-R017")
	A.see("#mark-R017-error", "另一位")
	B.home(ta.URL)
	B.tap(`#sec-today-list li[data-kind="mark_to_confirm"] a`)
	B.tap("#confirm-mark-R017")
	B.see("#mark-R017-msg", "已确认")
	A.waitJS("four present", `document.getElementById('quorum').dataset.present === '4'`)

	// 10–15. A opens the vote; B, C, D vote online; A enters R017's paper
	// ballot; closing names it unconfirmed; B confirms; A closes.
	A.tapText("#console-votes .open-vote", "开始表决")
	A.see("#console-votes-msg", "表决已开始：楼道灯改造")
	for _, x := range []*actor{B, C, D} {
		x.home(ta.URL)
		x.tap("#link-meetings")
		x.tapText("#meetings-coming a", "十二月议事会")
		x.tapText("#meeting-votes a", "楼道灯改造")
		x.tap(".ballot-option.option-yes")
		x.tap("#ballot-confirm")
		x.waitJS(x.who+"'s receipt", `!!document.getElementById('receipt-code')`)
	}
	A.see("#vote-cast-live", "已投 3 / 5")
	A.setValue("#count-yes", "1")
	A.setValue("#count-voters", "1")
	A.tap("#count-submit")
	A.see("#item-"+prop.ID+"-msg", "等另一人确认")
	A.tap("#vote-close")
	A.see("#vote-close-list", "还没有人确认")
	A.tap("#vote-close-first")
	B.home(ta.URL)
	B.tap(`#sec-today-list li[data-kind="count_to_confirm"] a`)
	B.tap(".confirm-count")
	B.see(".pending-count .status-msg", "已确认：纸质票 1 人")
	A.tap("#vote-close")
	A.see("#console-votes-msg", "同意 4 票，通过")

	// 16–17. A closes the meeting and drafts the minutes with its vote.
	A.tap("#meeting-close")
	A.see("#console-msg", "会议已结束")
	A.tap("#console-draft")
	A.waitJS("the vote ticked", `!!document.querySelector('#minutes-votes input[name=vote]:checked')`)
	A.choose("#opinion-speaker-0", p.names["R009"])
	A.typeIn("#opinion-text-0", "一楼到六楼都换成声控灯。")
	A.tap("#minutes-save")
	A.see("#minutes-msg", "已保存第 1 版草稿")

	// 18. B (the chair), C and D confirm from the meeting's page.
	for _, x := range []*actor{B, C, D} {
		x.home(ta.URL)
		x.tap("#link-meetings")
		x.tapText("#meetings-past a", "十二月议事会")
		x.tapText("#meeting-minutes a", "第 1 版")
		x.tap("#minutes-confirm")
		x.see("#minutes-msg", "您已确认")
	}

	// 19. A publishes from home's line: the notice opens on the board.
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="minutes_to_publish"] a`)
	A.tap("#minutes-publish")
	A.tap("#minutes-publish-sure")
	A.see("#minutes-msg", "公示已开始")
	A.tap(".notice-link")
	A.see("#notice-period", "公示期")

	// 20. E objects from the board.
	E.logIn(ta.URL, demoResidentPhone)
	E.tap("#link-board")
	E.tapText(".notice-open", "楼道灯改造")
	E.typeIn("#object-text", "施工时间请避开晚上。")
	E.tap("#object-submit")
	E.see("#notice-msg", "已提交")

	// 21, 23. A answers from home's line; the filing button says why not yet.
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="objection_to_answer"] a`)
	A.typeIn(".answer-text", "施工安排在白天九点到五点。")
	A.tap(".answer-submit")
	A.see("#notice-msg", "已答复")
	A.waitJS("the filing button disabled", `document.getElementById('file-submit').disabled`)
	A.see("#file-reason", "公示期到")

	// 24. After the period A files from home's line.
	ta.clock.advance(16 * 24 * time.Hour)
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="notice_ready_to_file"] a`)
	A.tap("#file-submit")
	A.tap("#file-sure")
	A.see("#notice-msg", "已报备")
	var fs struct {
		Filings []struct{ Status, Title string }
	}
	p.secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/filings", nil, 200, &fs)
	if len(fs.Filings) != 1 || fs.Filings[0].Status != "filed" {
		t.Fatalf("filings %+v", fs.Filings)
	}
	total := 0
	for _, x := range []*actor{A, B, C, D, E} {
		total += x.taps
	}
	t.Logf("taps: A %d, B %d, C %d, D %d, E %d; all %d", A.taps, B.taps, C.taps, D.taps, E.taps, total)
}

// TestBrowserSecretaryRefusesTooEarlyDate: a residents' meeting for
// tomorrow is refused under the date field, quoting its ten days
// (U2026 Art. 26) and the earliest start; nothing is scheduled.
func TestBrowserSecretaryRefusesTooEarlyDate(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 90*time.Second)
	A := newActor(t, root, "A")
	A.logIn(ta.URL, "13800000002")
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "居民会议")
	A.see("#meet-deadline", "U2026 Art. 26")
	A.typeIn("#meet-title", "居民会议")
	A.typeIn("#meet-place", "社区广场")
	A.setValue("#meet-date", time.Now().Add(24*time.Hour).Format("2006-01-02"))
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
