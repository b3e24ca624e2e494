package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMeetingToAcceptedFiling walks the cycle from the minutes to
// the result on the board in 东田社区's council, each person in a browser
// context of their own, starting at the root address and tapping from
// home: the console (from home's meeting line) shows live attendance; the
// secretary confirms and publishes the minutes from home's line, which
// opens the notice; the filing button says why it cannot be pressed during
// the period; the board shows the countdown; after the period the
// secretary files from home's line; the street official returns it from
// the review queue with a legal basis; the secretary sees the return on
// home with the basis and what to correct, corrects the minutes as a new
// version with a reason (refused without one, in view), has it published
// and files again; the street accepts; home then leads to starting the
// project: a responsible person, milestones, a progress note with a
// photo, a milestone done, the chair's supervision remark, the result
// published; then the print views of the notice, the minutes and the
// result; the publication calendar lists the result as published. Scheduling, sign-in and voting, which TestBrowserSecretaryMeetingCycle
// drives in the page, are set up through the API here; so are the other
// attendees' confirmations.
func TestBrowserMeetingToAcceptedFiling(t *testing.T) {
	ta, root := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	clock := &ta.clock
	const dtPath = "/gz/hd/hs/dt"
	secretary := ta.login(t, "13800000002") // R005
	resident := ta.login(t, demoResidentPhone)
	chair := k.account(dtPath, "R001", "resident", "council_member")
	member := k.account(dtPath, "R009")
	base := "/api/v1/orgs/" + k.dt
	names := registerNames(t, secretary, k.dt)
	var chairMe struct{ Phone string }
	chair.mustJSON("GET", "/api/v1/me", nil, 200, &chairMe)

	// Schedule and open (API).
	const title = "村口设垃圾分类点"
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": title, "category": "other", "flow": "minor"})
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "社区活动室", "agenda": []string{p.ID}, "starts_at": clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)

	// The console from home's line: the code is shown large; attendance updates live.
	A, S, B := newActor(t, root, "A"), newActor(t, root, "S"), newActor(t, root, "B")
	A.logIn(ta.URL, "13800000002")
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.waitJS("the sign-in code", `/^[0-9]{6}$/.test((document.getElementById('sign-in-short')||{}).textContent||'')`)
	shown := A.eval(`document.getElementById('sign-in-qr').dataset.address.split('/').pop()`)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": shown}, 201, nil)
	}
	A.waitJS("three present", `document.querySelectorAll('#attendance-list li').length === 3`)
	A.see("#quorum", "3")

	// Vote, close, draft, two confirmations (API).
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_id": m.ID}, 201, &v)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, c := range []*client{chair, member} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}

	// The secretary confirms and publishes from home's line; the notice opens.
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="minutes_awaiting_confirmation"] a`)
	A.see("#minutes-status", zh["minutes.status.draft"]+" · v1")
	A.tap("#minutes-confirm")
	A.see("#minutes-confirmations", "3")
	A.tap("#minutes-publish")
	A.tap("#minutes-publish-sure")
	A.see("#minutes-status", zh["minutes.status.published"]+" · v1")
	A.see("#minutes-votes-list li", "同意 3")
	var board struct {
		Notices []struct {
			ID       string
			EndsOnZh string `json:"ends_on_zh"`
		}
	}
	secretary.mustJSON("GET", base+"/board", nil, 200, &board)
	if len(board.Notices) != 1 {
		t.Fatalf("publishing opened %d notices, want 1", len(board.Notices))
	}
	n := board.Notices[0]

	// The refusal in view: during the period the file button says why not.
	A.tap(".notice-link")
	A.see("#notice-period", n.EndsOnZh)
	A.waitJS("the filing button disabled", `(document.getElementById('file-submit')||{}).disabled === true`)
	A.see("#file-reason", "公示期到 "+n.EndsOnZh+" 才结束")

	// The board's countdown, from home.
	A.home(ta.URL)
	A.tap("#link-board")
	A.waitJS("the countdown", `!!document.querySelector('#board-list .countdown')`)
	if got := A.eval(`document.querySelector('#board-list .countdown').textContent`); !strings.HasPrefix(got, "公示期还剩 14 天") {
		t.Fatalf("countdown %q", got)
	}

	// After the period the secretary files from home's line.
	clock.advance(15*24*time.Hour + time.Minute)
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="notice_ready_to_file"] a`)
	A.tap("#file-submit")
	A.tap("#file-sure")
	A.see("#notice-msg", "已报备")

	// The street official returns it from the queue, citing the basis.
	const basis, correct = "V2026 Art. 31 ¶3", "会议记录没有写明表决方式，须补正"
	S.logIn(ta.URL, "13800000003")
	S.tap("#link-review")
	S.tap(`#review-list li[data-id^="` + n.ID + `"] a`)
	S.choose("#review-basis-pick", basis)
	S.typeIn("#review-reason", correct)
	S.tap("#review-return")
	S.see("#review-done", title)

	// The secretary sees the return on home with the basis and what to
	// correct, and corrects the minutes as version 2 with a reason.
	A.home(ta.URL)
	returned := `#sec-today-list li[data-kind="filing_returned"]`
	A.see(returned, basis)
	A.see(returned, correct)
	A.tap(returned + " a")
	A.see("#returned-basis", basis)
	A.see("#returned-reason", correct)
	A.see("#returned-step-correct", "第一步")
	A.see("#returned-step-file", "第二步")
	A.tap("#returned-correct")
	A.waitJS("the vote of version 1 ticked", `!!document.querySelector('#minutes-votes input[name=vote]:checked')`)
	A.tap("#minutes-save")
	A.see("#minutes-correct-reason-error", zh["cyc.reasonRequired"])
	A.typeIn("#minutes-correct-reason", "补记表决方式：记名投票")
	A.typeIn("#minutes-notes", "本次表决采用网上记名投票。")
	A.tap("#minutes-save")
	A.see("#minutes-msg", "已保存第 2 版草稿")
	A.see("#minutes-status", zh["minutes.status.draft"]+" · v2")
	for _, c := range []*client{chair, member} {
		c.mustJSON("POST", mpath+"/minutes/2/confirm", nil, 200, nil)
	}
	A.home(ta.URL)
	A.tap(returned + " a")
	A.see("#returned-step-correct", "第 2 版")
	A.tap("#returned-minutes")
	A.tap("#minutes-confirm")
	A.see("#minutes-confirmations", "3")
	A.tap("#minutes-publish")
	A.tap("#minutes-publish-sure")
	A.see("#minutes-status", zh["minutes.status.published"]+" · v2")
	A.see("#minutes-page", "补记表决方式")

	// Filed again from the notice; the street accepts.
	A.tap(".notice-link")
	A.see("#file-reason", "改正后可以重新报备")
	A.tap("#file-submit")
	A.tap("#file-sure")
	A.see("#notice-msg", "已报备")
	S.home(ta.URL)
	S.tap("#link-review")
	S.tap(`#review-list li[data-id^="` + n.ID + `:2"] a`)
	S.tap("#review-accept")
	S.tap("#review-accept-sure")
	S.see("#review-done", title)
	var f struct{ Status string }
	secretary.mustJSON("GET", base+"/filings/"+n.ID+":2", nil, 200, &f)
	if f.Status != "accepted" {
		t.Fatalf("the second filing %+v", f)
	}

	// Home leads on to the project: responsible person, milestones, a
	// progress note with a photo, a milestone done, the result published.
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="filing_accepted"] a`)
	A.waitJS("the resolution chosen", `(document.getElementById('proj-notice')||{}).value === `+jsString(n.ID))
	A.choose("#proj-responsible", names["R009"])
	A.typeIn("#ms-title-0", "采购分类垃圾桶")
	A.setValue("#ms-due-0", "2027-01-15")
	A.typeIn("#ms-title-1", "设置分类点并投入使用")
	A.setValue("#ms-due-1", "2027-02-15")
	A.tap("#proj-submit")
	A.see("#project-msg", "已开始实施")
	A.see("#proj-responsible-name", names["R009"])
	photo := filepath.Join(t.TempDir(), "bins.png")
	writePNG(t, photo)
	A.typeIn("#note-text", "四个分类垃圾桶已到货。")
	A.do("A chooses a photo", chromedp.SetUploadFiles(chromedp.ID("note-photos"), []string{photo}))
	A.tap("#note-submit")
	A.see("#project-msg", "已添加进度记录（照片 1 张）")
	A.waitJS("the photo shows", `(document.querySelector('#proj-note-list .note-photo')||{}).naturalWidth > 0`)
	A.tap("#ms-done-0")
	A.see("#project-msg", "已标记完成：采购分类垃圾桶")
	A.see("#proj-milestone-list", "✓ 采购分类垃圾桶")

	// The chair remarks as a supervising member, from home.
	B.logIn(ta.URL, chairMe.Phone)
	B.tap("#link-projects")
	B.tapText("#proj-list a", title)
	B.typeIn("#remark-text", "分类点离住户窗户太近，请再核实位置。")
	B.tap("#remark-submit")
	B.see("#project-msg", "已提出监督意见")
	if B.eval(`String(!!document.getElementById('result-submit') || !!document.getElementById('ms-done-1'))`) != "false" {
		t.Fatal("a council member sees the secretary's project buttons")
	}

	A.home(ta.URL)
	A.tap("#link-projects")
	A.tapText("#proj-list a", title)
	A.see("#proj-remark-list", "离住户窗户太近")
	A.typeIn("#result-text", "分类点已设在村口东侧，四个垃圾桶已投入使用。")
	A.tap("#result-submit")
	A.see("#project-msg", "实施结果已在公开栏公开")
	A.see("#proj-status", zh["proj.status.result_published"])

	// The print views: the result, the notice, the minutes.
	A.tap("#proj-print")
	A.see("#print-village", "东田")
	A.see("#print-text", "四个垃圾桶已投入使用")
	A.waitJS("the result's QR code", `(document.getElementById('print-qr')||{}).naturalWidth > 0`)
	A.home(ta.URL)
	A.tap("#link-projects")
	A.tapText("#proj-list a", title)
	A.tap("#proj-resolution")
	A.tap("#notice-print")
	A.see("#view-title", title)
	A.see("#print-period", "至 "+n.EndsOnZh+" 止")
	A.see("#print-signatures", "主持人：")
	A.see("#print-signatures", names["R001"])
	A.see("#print-signatures", "记录人：")
	A.see("#print-signatures", names["R005"])
	A.see(".print-votes", "同意 3 / 反对 0 / 弃权 0")
	if got := A.eval(`String(document.querySelectorAll('#print-signatures .sign-line').length)`); got != "5" {
		t.Fatalf("the notice's signature lines: %s, want chair, recorder and three attendees", got)
	}
	A.waitJS("the notice's QR code", `(document.getElementById('print-qr')||{}).naturalWidth > 0`)
	qrPath := A.eval(`decodeURIComponent(new URL(document.getElementById('print-qr').src).searchParams.get('path'))`)
	if qrPath != "/v/"+k.dt+"/n/"+n.ID {
		t.Fatalf("the notice's QR code encodes %q", qrPath)
	}
	A.home(ta.URL)
	A.tap("#link-meetings")
	A.tapText("#meetings-past a", "议事会会议")
	A.tapText("#meeting-minutes a", "第 2 版")
	A.tap("#minutes-print-view")
	A.see("#print-when", "第 2 版")
	A.see("#print-signatures", names["R009"])
	A.see(".print-votes", "同意 3")

	// The publication calendar, from home: the result is published.
	A.home(ta.URL)
	A.tap("#link-calendar")
	A.see(`#cal-list li[data-kind="implementation_result"]`, title)
	A.see(`#cal-list li[data-kind="implementation_result"]`, zh["cal.status.done"])

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
	secretary.mustJSON("GET", base+"/projects", nil, 200, &proj)
	if len(proj.Projects) != 1 || proj.Projects[0].Status != "result_published" || proj.Projects[0].Milestones[0].DoneAt.IsZero() ||
		!proj.Projects[0].Milestones[1].DoneAt.IsZero() || len(proj.Projects[0].Notes) != 1 || len(proj.Projects[0].Notes[0].Photos) != 1 ||
		len(proj.Projects[0].Remarks) != 1 {
		t.Fatalf("the project: %+v", proj.Projects)
	}
	t.Logf("taps: secretary %d, street %d, chair %d", A.taps, S.taps, B.taps)
}

// registerNames are the village's residents' names by number.
func registerNames(t *testing.T, c *client, vid string) map[string]string {
	t.Helper()
	var reg struct {
		Residents []struct {
			No   string `json:"resident_no"`
			Name string `json:"name"`
		} `json:"residents"`
	}
	c.mustJSON("GET", "/api/v1/orgs/"+vid+"/residents", nil, 200, &reg)
	out := map[string]string{}
	for _, r := range reg.Residents {
		out[r.No] = r.Name
	}
	return out
}

// writePNG writes a small photo to path.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		img.Set(x, x, color.RGBA{G: 160, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
