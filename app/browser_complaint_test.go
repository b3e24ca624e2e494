package main

// Complaints in the page (V2026 Art. 36; U2026 Art. 35): a resident reports
// a notice to the township from its page, follows it on home; the street
// official opens it from home and answers with a finding and an order; the
// resident is notified and reads the finding; the secretary sees the order
// as work on home. Each person in a browser context of their own, from the
// root address, by taps and typing; the API sets up the notice and checks
// the records.

import (
	"strings"
	"testing"
	"time"
)

// TestBrowserComplaintFindingAndOrder: the whole journey of a report, from
// a notice's page to the finding the resident reads and the order the
// secretary carries out.
func TestBrowserComplaintFindingAndOrder(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	secretaryAPI := ta.login(t, "13800000002")
	base := "/api/v1/orgs/" + k.dt
	var n struct{ ID string }
	secretaryAPI.mustJSON("POST", base+"/notices", map[string]any{"kind": "finance", "title": "第三季度财务收支", "text": "收入 12000 元，支出 8000 元"}, 201, &n)

	// The resident reports the notice from its page.
	res := newActor(t, b, "resident")
	res.logIn(ta.URL, demoResidentPhone)
	res.waitJS("home", `!!document.getElementById('home-waiting-title')`)
	res.tap("#link-board")
	res.tap(`#board-list li[data-id="` + n.ID + `"] a.notice-open`)
	res.tap("#notice-complain")
	res.waitText("#view-title", zh["complaint.newTitle"])
	if got := res.eval(`document.getElementById('complaint-what').textContent`); !strings.Contains(got, "第三十六条") {
		t.Errorf("the form does not say what a report is for: %q", got)
	}
	if got := res.eval(`document.getElementById('complaint-county').textContent`); !strings.Contains(got, "第四十一条第三款") {
		t.Errorf("the form does not send interference to the county: %q", got)
	}
	if got := res.eval(`(() => { const s = document.getElementById('complaint-matter'); return s.options[s.selectedIndex].text; })()`); got != "第三季度财务收支" {
		t.Errorf("the matter starts on %q, want the notice", got)
	}
	res.tap("#complaint-kind-untrue")
	res.typeIn("#complaint-text", "支出 8000 元没有明细，与村民了解的情况不符")
	res.tap("#complaint-submit")
	res.waitText("#complaint-msg", zh["complaint.sent"])
	res.tap("#link-my-complaints")
	res.waitJS("my reports", `document.querySelectorAll('#complaints-mine li').length === 1`)
	res.waitText("#complaints-mine .complaint-status", zh["complaint.status.submitted"])
	res.tap("#nav-home")
	res.waitText(`#home-waiting li[data-kind="complaint_open"] .card-title`, strings.ReplaceAll(zh["home.line.complaint_open"], "{title}", "第三季度财务收支"))

	// The street official opens it from home and answers.
	off := newActor(t, b, "official")
	off.logIn(ta.URL, "13800000003")
	off.waitJS("home", `!!document.getElementById('home-waiting-title')`)
	off.tap(`#home-waiting li[data-kind="complaint_to_answer"] .card-title`)
	off.waitText("#view-title", "第三季度财务收支")
	for sel, want := range map[string]string{"#complaint-village": "东田", "#complaint-matter-link": "第三季度财务收支",
		"#complaint-text-shown": "支出 8000 元没有明细", "#complaint-kind-text": zh["complaint.kind.untrue"]} {
		if got := off.eval(`document.querySelector('` + sel + `').textContent`); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	// A founded finding without an order is stopped with the rule in view.
	off.tap("#finding-founded")
	off.typeIn("#finding-facts", "查阅账目，8000 元支出中 3000 元没有列出明细")
	off.tap("#finding-submit")
	off.waitText("#finding-error", zh["complaint.orderRequired"])
	off.typeIn("#finding-order", "在公开栏和平台补充公开 3000 元支出的明细")
	off.tap("#finding-submit")
	// A second look at what the finding binds the village to, then send.
	if got := off.eval(`document.getElementById('finding-question').textContent`); !strings.Contains(got, "10 天内") || !strings.Contains(got, "补充公开 3000 元") {
		t.Errorf("the confirmation says %q", got)
	}
	off.tap("#finding-sure")
	off.waitJS("the finding is shown", `((document.getElementById('complaint-page-msg')||{}).textContent||'').length > 0`)
	if got := off.eval(`document.getElementById('complaint-status').textContent`); got != zh["complaint.status.answered"] {
		t.Errorf("after the finding the status is %q", got)
	}
	if off.eval(`String(!!document.getElementById('finding-submit'))`) != "false" {
		t.Error("the answer form is still there after the finding")
	}
	// The street's list, from the page and from home: nothing waits now.
	off.tap("#link-complaint-queue")
	off.waitJS("the list is empty", `!!document.getElementById('complaint-empty')`)
	off.tap("#nav-home")
	off.tap("#link-street-complaints")
	off.waitText("#view-title", zh["complaint.queueTitle"])

	// The resident is notified and reads the finding.
	res.tap("#bell")
	answer := `#notification-list li.unread[data-kind="complaint_answered"] .card-title`
	res.waitText(answer, strings.ReplaceAll(zh["notify.complaint_answered"], "{title}", "第三季度财务收支"))
	res.tap(answer)
	res.waitText("#view-title", "第三季度财务收支")
	res.waitText("#complaint-answer .finding", zh["complaint.finding.founded"])
	for sel, want := range map[string]string{"#complaint-answer .answer-facts": "3000 元没有列出明细", "#complaint-answer .order": "补充公开 3000 元", "#complaint-answer .basis": "U2026 Art. 35"} {
		if got := res.eval(`document.querySelector('` + sel + `').textContent`); !strings.Contains(got, want) {
			t.Errorf("the resident reads %s = %q, want %q", sel, got, want)
		}
	}

	// The secretary sees the order on home as work to do.
	sec := newActor(t, b, "secretary")
	sec.logIn(ta.URL, "13800000002")
	sec.waitJS("home", `!!document.getElementById('home-waiting-title')`)
	sec.tap(`#sec-today-list li[data-kind="complaint_order"] a`)
	sec.waitText("#view-title", "第三季度财务收支")
	if sec.eval(`String(!!document.getElementById('finding-submit'))`) != "false" {
		t.Error("the secretary is offered the street's finding")
	}
	sec.typeIn("#done-note", "已在公开栏补充公开 3000 元支出明细")
	sec.tap("#done-submit")
	sec.waitText("#complaint-page-msg", zh["complaint.doneSaved"])

	// Verify (API).
	resident := ta.login(t, demoResidentPhone)
	var mine struct {
		Complaints []struct {
			Kind, Subject, Status, Finding, Order string
			NoticeID                              string `json:"notice_id"`
			DoneNote                              string `json:"done_note"`
			OrderDue                              string `json:"order_due"`
		} `json:"complaints"`
	}
	resident.mustJSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 1 {
		t.Fatalf("complaints %+v", mine)
	}
	c := mine.Complaints[0]
	if c.Kind != "untrue" || c.Subject != "第三季度财务收支" || c.Finding != "founded" || c.Status != "carried_out" || c.DoneNote == "" || c.NoticeID != n.ID {
		t.Errorf("the complaint as stored: %+v", c)
	}
	if due, err := time.Parse(time.RFC3339Nano, c.OrderDue); err != nil || due.Sub(ta.clock.now()) < 9*24*time.Hour {
		t.Errorf("the order's due date %q: %v", c.OrderDue, err)
	}
}

// TestBrowserComplaintRefusedWithTheRule: a report without its text is
// stopped in view with the rule it breaks, and nothing is sent.
func TestBrowserComplaintRefusedWithTheRule(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	res := newActor(t, b, "resident")
	res.logIn(ta.URL, demoResidentPhone)
	res.waitJS("home", `!!document.getElementById('home-waiting-title')`)
	res.tap("#link-board")
	res.tap("#board-complain")
	res.tap("#complaint-kind-unpublished")
	res.choose("#complaint-matter", zh["complaint.matterOther"])
	res.typeIn("#complaint-subject", "村集体土地租金")
	res.tap("#complaint-submit")
	res.waitText("#complaint-error", zh["complaint.textRequired"])
	var mine struct{ Complaints []struct{ ID string } }
	ta.login(t, demoResidentPhone).mustJSON("GET", "/api/v1/orgs/"+k.dt+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 0 {
		t.Errorf("a refused report was stored: %+v", mine)
	}
}
