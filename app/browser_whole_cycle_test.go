package main

// The village's whole meeting cycle in the page (issue 14, "How it is
// tested"), each person in a browser context of their own, starting at the
// root address and tapping and typing from home; the only other address
// opened is the one the console's QR code encodes, read from the page. The
// API sets up the village's people (register, accounts) and checks the
// records afterwards; the harness moves the app clock to the meeting's
// time and past the notice period.

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// wholeCycle is the village, its people's browsers and what the walk has
// found so far.
type wholeCycle struct {
	t                   *testing.T
	ta                  *testApp
	p                   cyclePeople
	A, B, C, D, E, S    *actor
	title, pid, meeting string
	endsOn              string // the notice period's last day, as the board writes it
	zh                  map[string]string
}

const (
	wcProposal = "楼道灯改造为声控灯"
	wcMeeting  = "十二月议事会"
)

// TestBrowserWholeMeetingCycle walks the cycle by taps and typing alone:
// a resident proposes; the secretary takes it up and the chair gives an
// opinion on its page; the secretary schedules the council's meeting with
// it on the agenda; the chair is notified; the secretary opens it; one
// member signs in by the QR address (logging in on the way), two by the six
// digits; a mark refused to its author and confirmed by the chair; a vote
// online and a paper count, the close refused with the unconfirmed count
// named, confirmed by the chair, closed, which completes the proposal's
// vote step; the meeting closed; minutes drafted, confirmed by three
// attendees, published, which opens the notice and completes the
// proposal's publication step; an objection; its answer; the filing button
// saying why not, then filing after the period; the street returns it; the
// secretary corrects the minutes as version 2 (refused without a reason),
// has it confirmed and published and files again; the street accepts; the
// project with milestones, a photo, a supervision remark and its result
// published; the print views of the result, the notice and the minutes;
// the publication calendar. It logs each person's taps.
func TestBrowserWholeMeetingCycle(t *testing.T) {
	allowStatus(t, 409) // the author's own mark and the close with a count unconfirmed, refused in view
	allowStatus(t, 422) // the correction without a reason, refused in view
	start := time.Now()
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 6*time.Minute)
	w := &wholeCycle{t: t, ta: ta, p: seedCycle(t, ta), title: wcProposal, zh: dictionary(t, ta, "zh")}
	seatSupervisor(t, ta, w.p.k.dt, "R001") // the chair also sits on the supervision committee: they remark on the project (V2026 Art. 37)
	w.A, w.B, w.C, w.D = newActor(t, root, "secretary"), newActor(t, root, "chair"), newActor(t, root, "member C"), newActor(t, root, "member D")
	w.E, w.S = newActor(t, root, "resident"), newActor(t, root, "street")

	w.propose()
	w.deliberate()
	w.schedule()
	w.signIn()
	w.markAndVote()
	w.minutesAndNotice()
	w.fileAndReturn()
	w.correctAndAccept()
	w.project()
	w.printViews()
	w.verify()

	t.Logf("walked in %s", time.Since(start).Round(time.Second))
	logEffort(t, w.A, w.B, w.C, w.D, w.E, w.S)
}

// logEffort logs each person's taps and typed characters and the time a
// person needs for them, at 3 s a tap (find, read, tap) and 1 s a
// character typed on a phone: a rough measure for the closing note.
func logEffort(t *testing.T, people ...*actor) {
	t.Helper()
	taps, typed := 0, 0
	for _, x := range people {
		taps, typed = taps+x.taps, typed+x.typed
		t.Logf("taps: %s %d, typed %d characters, ≈ %s", x.who, x.taps, x.typed, effort(x.taps, x.typed))
	}
	t.Logf("taps: all %d, typed %d characters, ≈ %s in all", taps, typed, effort(taps, typed))
}

func effort(taps, typed int) time.Duration {
	return (time.Duration(taps)*3*time.Second + time.Duration(typed)*time.Second).Round(time.Second)
}

// propose: the resident writes and submits the proposal from home.
func (w *wholeCycle) propose() {
	E := w.E
	E.logIn(w.ta.URL, demoResidentPhone)
	E.tap("#link-proposals")
	E.tap("#new-proposal")
	E.typeIn("#proposal-title", w.title)
	E.typeIn("#proposal-text", "三楼到六楼的灯晚上常亮，费电。")
	E.choose("#proposal-flow", "一般事项")
	E.tap("#proposal-save")
	E.tap("#submit-proposal")
	E.waitJS("submitted", `!!document.querySelector('#follow, #unfollow')`)
	loc := runIn(E.browser, "location", chromedp.Location())
	w.pid = loc[strings.LastIndex(loc, "/")+1:]
}

// deliberate: the secretary takes the proposal up for the council (its
// first step, on the proposal's page); the chair gives an opinion in the
// deliberation step.
func (w *wholeCycle) deliberate() {
	A, B := w.A, w.B
	A.logIn(w.ta.URL, "13800000002")
	A.tap("#link-proposals")
	A.tapText("#proposal-list li a", w.title)
	A.tap("#advance-submit")
	A.see("#action-said", "已完成“提议”")
	A.see("#detail-current", "商议")

	B.logIn(w.ta.URL, w.p.phones["R001"])
	B.tap("#link-proposals")
	B.tapText("#proposal-list li a", w.title)
	B.choose("#opinion-choice", w.zh["opinion.support"])
	B.typeIn("#opinion-note", "声控灯省电，同意。")
	B.tap("#opinion-submit")
	B.see("#action-said", "已记下您的意见")
	B.see(`#timeline li[data-step="deliberation"]`, w.zh["action.opinion"])
}

// schedule: the secretary schedules from home with the proposal picked by
// its title; the chair finds the invitation under the bell.
func (w *wholeCycle) schedule() {
	A, B, p := w.A, w.B, w.p
	A.home(w.ta.URL)
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "议事会会议")
	A.see("#meet-deadline", "议事会会议")
	A.typeIn("#meet-title", wcMeeting)
	A.typeIn("#meet-place", "社区活动室")
	A.choose("#meet-chair", p.names["R001"])
	A.choose("#meet-recorder", p.names["R005"])
	A.tapText("#meet-agenda label", w.title)
	A.tap("#meet-submit")
	A.see("#meeting-msg", "已安排："+wcMeeting)

	B.home(w.ta.URL)
	B.tap("#bell")
	invited := `#notification-list li[data-kind="meeting_scheduled"]`
	B.see(invited, wcMeeting)
	B.tap(invited + " a")
	B.see("#view-title", wcMeeting)
	loc := runIn(B.browser, "location", chromedp.Location())
	w.meeting = loc[strings.LastIndex(loc, "/")+1:]
}

// signIn: at the meeting's time the secretary opens it from home's line;
// C scans (logging in first), B and D type the six digits.
func (w *wholeCycle) signIn() {
	A, p := w.A, w.p
	// The form proposes the next five minutes after a quarter of an hour
	// from now: 15 to 20 minutes ahead.
	w.ta.clock.advance(21 * time.Minute)
	A.home(w.ta.URL)
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.see("#console-msg", "会议已开始")
	A.waitJS("the QR code and six digits", `!!(document.getElementById('sign-in-qr')||{dataset:{}}).dataset.address && /^[0-9]{6}$/.test(document.getElementById('sign-in-short').textContent)`)
	address := A.eval(`document.getElementById('sign-in-qr').dataset.address`)
	if !strings.HasPrefix(address, w.ta.URL+"/#/v/"+p.k.dt+"/m/"+w.meeting+"/sign-in/") {
		w.t.Fatalf("the QR code encodes %q", address)
	}
	w.C.do("C opens the QR address", chromedp.Navigate(address))
	w.C.typeIn("#phone", p.phones["R009"])
	w.C.typeIn("#password", demoPassword)
	w.C.tap("#login-submit")
	w.C.see("#sign-in-done", "已签到："+wcMeeting)

	w.B.home(w.ta.URL)
	w.D.logIn(w.ta.URL, p.phones["R013"])
	for _, x := range []*actor{w.B, w.D} {
		x.tap("#link-sign-in")
		x.typeIn("#sign-in-digits", A.eval(`document.getElementById('sign-in-short').textContent`))
		x.tap("#sign-in-submit")
		x.see("#sign-in-done", "已签到："+wcMeeting)
	}
	A.waitJS("three present", `document.getElementById('quorum').dataset.present === '3'`)
}

// markAndVote: R017, who has no phone, is marked present by the secretary
// and confirmed by the chair; three vote online and one on paper; the
// close names the unconfirmed count; the chair confirms it; the vote
// closes and the proposal shows its vote step done.
func (w *wholeCycle) markAndVote() {
	A, B, p := w.A, w.B, w.p
	A.choose("#mark-person", p.names["R017"])
	A.tap("#mark-submit")
	A.see("#mark-msg", "等另一人确认")
	A.tap("#confirm-mark-R017")
	A.see("#mark-R017-error", "另一位")
	B.home(w.ta.URL)
	B.tap(`#sec-today-list li[data-kind="mark_to_confirm"] a`)
	B.tap("#confirm-mark-R017")
	B.see("#mark-R017-msg", "已确认")
	A.waitJS("four present", `document.getElementById('quorum').dataset.present === '4'`)

	A.tapText("#console-votes .open-vote", "开始表决")
	A.see("#console-votes-msg", "表决已开始："+w.title)
	for _, x := range []*actor{B, w.C, w.D} {
		x.home(w.ta.URL)
		x.tap("#link-meetings")
		x.tapText("#meetings-coming a", wcMeeting)
		x.tapText("#meeting-votes a", w.title)
		x.tap(".ballot-option.option-yes")
		x.tap("#ballot-confirm")
		x.waitJS(x.who+"'s receipt", `!!document.getElementById('receipt-code')`)
	}
	A.see("#vote-cast-live", "已投 3 / 5")
	A.setValue("#count-yes", "1")
	A.setValue("#count-voters", "1")
	A.tap("#count-submit")
	A.see("#item-"+w.pid+"-msg", "等另一人确认")
	A.tap("#vote-close")
	A.see("#vote-close-list", "还没有人确认")
	A.tap("#vote-close-first")
	B.home(w.ta.URL)
	B.tap(`#sec-today-list li[data-kind="count_to_confirm"] a`)
	B.tap(".confirm-count")
	B.see(".pending-count .status-msg", "已确认：纸质票 1 人")
	A.tap("#vote-close")
	A.see("#console-votes-msg", "同意 4 票，通过")

	// The proposal moved on: its vote step is done with the outcome.
	w.E.home(w.ta.URL)
	w.E.tap("#link-proposals")
	w.E.tapText("#proposal-list li a", w.title)
	w.E.waitJS("the vote step done", `!!document.querySelector('#timeline li.step-done[data-step="vote"]')`)
	w.E.see(`#timeline li[data-step="vote"]`, w.zh["action.vote_passed"])
	w.E.see(`#timeline li[data-step="deliberation"]`, w.zh["action.deliberated_at_meeting"])
	w.E.see("#detail-current", "公开")
}

// minutesAndNotice: the meeting closed, the minutes drafted with its vote,
// confirmed by the three attendees, published from home's line, which
// opens the notice and completes the proposal's publication step; the
// resident objects from the board; the secretary answers.
func (w *wholeCycle) minutesAndNotice() {
	A, E, p := w.A, w.E, w.p
	A.tap("#meeting-close")
	A.see("#console-msg", "会议已结束")
	A.tap("#console-draft")
	A.waitJS("the vote ticked", `!!document.querySelector('#minutes-votes input[name=vote]:checked')`)
	A.choose("#opinion-speaker-0", p.names["R009"])
	A.typeIn("#opinion-text-0", "一楼到六楼都换成声控灯。")
	A.tap("#minutes-save")
	A.see("#minutes-msg", "已保存第 1 版草稿")
	w.confirmMinutes("第 1 版")

	A.home(w.ta.URL)
	A.tap(`#sec-today-list li[data-kind="minutes_to_publish"] a`)
	A.tap("#minutes-publish")
	A.tap("#minutes-publish-sure")
	A.see("#minutes-msg", "公示已开始")
	A.see("#minutes-status", w.zh["minutes.status.published"]+" · v1")
	A.see("#minutes-votes-list li", "同意 4")
	A.tap(".notice-link")
	w.endsOn = w.notice().EndsOnZh
	A.see("#notice-period", w.endsOn)

	// The proposal shows its publication step done: it is complete.
	E.home(w.ta.URL)
	E.tap("#link-proposals")
	E.tapText("#proposal-list li a", w.title)
	E.waitJS("the publication step done", `!!document.querySelector('#timeline li.step-done[data-step="publication"]')`)
	E.see(`#timeline li[data-step="publication"]`, w.zh["action.notice_opened"])

	E.home(w.ta.URL)
	E.tap("#link-board")
	E.tapText(".notice-open", w.title)
	E.typeIn("#object-text", "施工时间请避开晚上。")
	E.tap("#object-submit")
	E.see("#action-said", "已提交")

	A.home(w.ta.URL)
	A.tap(`#sec-today-list li[data-kind="objection_to_answer"] a`)
	A.typeIn(".answer-text", "施工安排在白天九点到五点。")
	A.tap(".answer-submit")
	A.see("#action-said", "已答复")
	A.waitJS("the filing button disabled", `document.getElementById('file-submit').disabled`)
	A.see("#file-reason", "公示期到 "+w.endsOn+" 才结束")

	// The board's countdown, from home.
	A.home(w.ta.URL)
	A.tap("#link-board")
	A.waitJS("the countdown", `!!document.querySelector('#board-list .countdown')`)
	if got := A.eval(`document.querySelector('#board-list .countdown').textContent`); !strings.HasPrefix(got, "公示期还剩 14 天") {
		w.t.Fatalf("countdown %q", got)
	}
}

// confirmMinutes: the chair and the two members confirm the version from
// the meeting's page.
func (w *wholeCycle) confirmMinutes(version string) {
	for _, x := range []*actor{w.B, w.C, w.D} {
		x.home(w.ta.URL)
		x.tap("#link-meetings")
		x.tapText("#meetings-past a", wcMeeting)
		x.tapText("#meeting-minutes a", version)
		x.tap("#minutes-confirm")
		x.see("#action-said", "您已确认")
	}
}

// boardNotice is a notice as the board lists it.
type boardNotice struct {
	ID, Title string
	EndsOnZh  string `json:"ends_on_zh"`
}

// notice is the resolution's notice on the board (read to check the dates
// the pages show and to find the filing's row in the street's queue).
func (w *wholeCycle) notice() boardNotice {
	var board struct{ Notices []boardNotice }
	w.p.secretary.mustJSON("GET", "/api/v1/orgs/"+w.p.k.dt+"/board", nil, 200, &board)
	for _, n := range board.Notices {
		if n.Title == w.title {
			return n
		}
	}
	w.t.Fatalf("no notice of %q on the board: %+v", w.title, board.Notices)
	return boardNotice{}
}

func (w *wholeCycle) noticeID() string { return w.notice().ID }

// fileAndReturn: after the period the secretary files from home's line;
// the street official returns it from the queue with the legal basis.
func (w *wholeCycle) fileAndReturn() {
	A, S := w.A, w.S
	w.ta.clock.advance(16 * 24 * time.Hour)
	A.home(w.ta.URL)
	A.tap(`#sec-today-list li[data-kind="notice_ready_to_file"] a`)
	A.tap("#file-submit")
	A.tap("#file-sure")
	A.see("#notice-msg", "已报备")

	S.logIn(w.ta.URL, "13800000003")
	S.tap("#link-review")
	S.tap(`#review-list li[data-id^="` + w.noticeID() + `"] a`)
	S.choose("#review-basis-pick", "V2026 Art. 31 ¶3")
	S.typeIn("#review-reason", "会议记录没有写明表决方式，须补正")
	S.tap("#review-return")
	S.see("#review-done", w.title)
}

// correctAndAccept: the secretary sees the return on home, corrects the
// minutes as version 2 (refused without a reason first), the attendees
// confirm, the secretary publishes and files again; the street accepts.
func (w *wholeCycle) correctAndAccept() {
	A, S := w.A, w.S
	A.home(w.ta.URL)
	returned := `#sec-today-list li[data-kind="filing_returned"]`
	A.see(returned, "V2026 Art. 31 ¶3")
	A.see(returned, "没有写明表决方式")
	A.tap(returned + " a")
	A.see("#returned-basis", "V2026 Art. 31 ¶3")
	A.see("#returned-reason", "没有写明表决方式")
	A.see("#returned-step-correct", "第一步")
	A.see("#returned-step-file", "第二步")
	// The step the matter was reopened at, by its name, not its key.
	if got := A.eval(`document.getElementById('returned-step').textContent`); got != "表决" {
		w.t.Errorf("the reopened step reads %q, want 表决", got)
	}
	A.tap("#returned-correct")
	A.waitJS("the vote of version 1 ticked", `!!document.querySelector('#minutes-votes input[name=vote]:checked')`)
	A.tap("#minutes-save")
	A.see("#minutes-correct-reason-error", w.zh["cyc.reasonRequired"])
	A.typeIn("#minutes-correct-reason", "补记表决方式：记名投票")
	A.typeIn("#minutes-notes", "本次表决采用网上记名投票和纸质票。")
	A.tap("#minutes-save")
	A.see("#minutes-msg", "已保存第 2 版草稿")
	w.confirmMinutes("第 2 版")

	A.home(w.ta.URL)
	A.tap(returned + " a")
	A.see("#returned-step-correct", "第 2 版")
	A.tap("#returned-minutes")
	A.tap("#minutes-publish")
	A.tap("#minutes-publish-sure")
	A.see("#minutes-status", w.zh["minutes.status.published"]+" · v2")
	A.see("#minutes-page", "补记表决方式")
	A.tap(".notice-link")
	A.see("#file-reason", "改正后可以重新报备")
	A.tap("#file-submit")
	A.tap("#file-sure")
	A.see("#notice-msg", "已报备")

	S.home(w.ta.URL)
	S.tap("#link-review")
	S.tap(`#review-list li[data-id^="` + w.noticeID() + `:2"] a`)
	// The official reads both versions of the minutes and the first attempt's order.
	S.waitJS("both versions of the minutes", `document.querySelectorAll('#review-minutes li.minutes-version').length === 2`)
	S.see(`#review-earlier li[data-attempt="1"]`, "没有写明表决方式")
	S.tap("#review-accept")
	S.tap("#review-accept-sure")
	S.see("#review-done", w.title)
}

// project: home leads to the project; milestones, a note with a photo, a
// milestone done; the chair's supervision remark (they sit on the supervision
// committee); the result published.
func (w *wholeCycle) project() {
	A, B, names := w.A, w.B, w.p.names
	A.home(w.ta.URL)
	A.tap(`#sec-today-list li[data-kind="filing_accepted"] a`)
	A.waitJS("the resolution chosen", `!!(document.getElementById('proj-notice')||{}).value`)
	A.choose("#proj-responsible", names["R009"])
	A.typeIn("#ms-title-0", "采购声控灯")
	A.setValue("#ms-due-0", "2027-01-15")
	A.typeIn("#ms-title-1", "一到六楼安装完毕")
	A.setValue("#ms-due-1", "2027-02-15")
	A.tap("#proj-submit")
	A.see("#project-msg", "已开始实施")
	A.see("#proj-responsible-name", names["R009"])
	photo := filepath.Join(w.t.TempDir(), "lamps.png")
	writePNG(w.t, photo)
	A.typeIn("#note-text", "十二盏声控灯已到货。")
	A.do("A chooses a photo", chromedp.SetUploadFiles(chromedp.ID("note-photos"), []string{photo}))
	A.tap("#note-submit")
	A.see("#project-msg", "已添加进度记录（照片 1 张）")
	A.waitJS("the photo shows", `(document.querySelector('#proj-note-list .note-photo')||{}).naturalWidth > 0`)
	A.tap("#ms-done-0")
	A.see("#project-msg", "已标记完成：采购声控灯")
	A.see("#proj-milestone-list", "✓ 采购声控灯")

	B.home(w.ta.URL)
	B.tap("#link-projects")
	B.tapText("#proj-list a", w.title)
	B.typeIn("#remark-text", "请在施工前贴出停电时间。")
	B.tap("#remark-submit")
	B.see("#project-msg", "已提出监督意见")
	if B.eval(`String(!!document.getElementById('result-submit') || !!document.getElementById('ms-done-1'))`) != "false" {
		w.t.Fatal("a council member sees the secretary's project buttons")
	}

	A.home(w.ta.URL)
	A.tap("#link-projects")
	A.tapText("#proj-list a", w.title)
	A.see("#proj-remark-list", "停电时间")
	A.typeIn("#result-text", "一到六楼已全部换成声控灯。")
	A.tap("#result-submit")
	A.see("#project-msg", "实施结果已在公开栏公开")
	A.see("#proj-status", w.zh["proj.status.result_published"])
}

// printViews: the result's, the notice's and the minutes' print views,
// and the publication calendar.
func (w *wholeCycle) printViews() {
	A, names := w.A, w.p.names
	A.tap("#proj-print")
	A.see("#print-village", "东田")
	A.see("#print-text", "已全部换成声控灯")
	A.waitJS("the result's QR code", `(document.getElementById('print-qr')||{}).naturalWidth > 0`)
	A.home(w.ta.URL)
	A.tap("#link-projects")
	A.tapText("#proj-list a", w.title)
	A.tap("#proj-resolution")
	A.tap("#notice-print")
	A.see("#view-title", w.title)
	A.see("#print-period", "至 "+w.endsOn+" 止")
	A.see("#print-signatures", "主持人：")
	A.see("#print-signatures", names["R001"])
	A.see("#print-signatures", "记录人：")
	A.see("#print-signatures", names["R005"])
	A.see(".print-votes", "同意 4 / 反对 0 / 弃权 0")
	if got := A.eval(`String(document.querySelectorAll('#print-signatures .sign-line').length)`); got != "5" {
		w.t.Errorf("the notice's signature lines: %s, want chair, recorder and three attendees", got)
	}
	A.waitJS("the notice's QR code", `(document.getElementById('print-qr')||{}).naturalWidth > 0`)
	qrPath := A.eval(`decodeURIComponent(new URL(document.getElementById('print-qr').src).searchParams.get('path'))`)
	if want := "/v/" + w.p.k.dt + "/n/" + w.noticeID(); qrPath != want {
		w.t.Errorf("the notice's QR code encodes %q, want %q", qrPath, want)
	}
	A.home(w.ta.URL)
	A.tap("#link-meetings")
	A.tapText("#meetings-past a", wcMeeting)
	A.tapText("#meeting-minutes a", "第 2 版")
	A.tap("#minutes-print-view")
	A.see("#print-when", "第 2 版")
	A.see("#print-signatures", names["R009"])
	A.home(w.ta.URL)
	A.tap("#link-calendar")
	A.see(`#cal-list li[data-kind="implementation_result"]`, w.title)
	A.see(`#cal-list li[data-kind="implementation_result"]`, w.zh["cal.status.done"])
}

// verify reads the records the walk left.
func (w *wholeCycle) verify() {
	base := "/api/v1/orgs/" + w.p.k.dt
	sec := w.p.secretary
	var fs struct{ Filings []struct{ ID, Status string } }
	sec.mustJSON("GET", base+"/filings", nil, 200, &fs)
	statuses := map[string]int{}
	for _, f := range fs.Filings {
		statuses[f.Status]++
	}
	if statuses["returned"] != 1 || statuses["accepted"] != 1 {
		w.t.Errorf("filings %+v, want one returned and one accepted", fs.Filings)
	}
	var proj struct {
		Projects []struct {
			Status     string
			Milestones []struct {
				DoneAt time.Time `json:"done_at"`
			}
			Notes []struct {
				Photos []struct{ ID string }
			}
			Remarks []struct{ Text string }
		}
	}
	sec.mustJSON("GET", base+"/projects", nil, 200, &proj)
	if len(proj.Projects) != 1 || proj.Projects[0].Status != "result_published" || len(proj.Projects[0].Milestones) != 2 ||
		proj.Projects[0].Milestones[0].DoneAt.IsZero() || !proj.Projects[0].Milestones[1].DoneAt.IsZero() ||
		len(proj.Projects[0].Notes) != 1 || len(proj.Projects[0].Notes[0].Photos) != 1 || len(proj.Projects[0].Remarks) != 1 {
		w.t.Errorf("the project: %+v", proj.Projects)
	}
	var ms struct {
		Meetings []struct{ ID, Status string }
	}
	sec.mustJSON("GET", base+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 1 || ms.Meetings[0].Status != "closed" {
		w.t.Errorf("meetings %+v", ms.Meetings)
	}
	d := detail(sec, w.p.k.dt, w.pid)
	w.t.Logf("the proposal at the end: %s at %s", d.Proposal.Status, d.Proposal.Current.Key)
	if d.Proposal.Title != w.title {
		w.t.Errorf("proposal %+v", d.Proposal)
	}
}
