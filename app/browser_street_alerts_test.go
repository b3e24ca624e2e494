package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStreetAlertsOpenTheirEvidence: two residents' reports on one
// notice (东田社区) and a quarter without a representatives' meeting
// (平和村) raise two alerts
// on the street's alerts page. The official, from the root address, taps
// the repeated complaints' evidence and reads the complaint's page, then
// the quarter's evidence and lands on the village's meetings among its
// figures, marked and focused, the quarter named. No JSON document opens.
func TestBrowserStreetAlertsOpenTheirEvidence(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	base := "/api/v1/orgs/" + k.dt
	var n struct{ ID string }
	ta.login(t, "13800000002").mustJSON("POST", base+"/notices", map[string]any{"kind": "finance", "title": "第三季度财务收支", "text": "收入 12000 元，支出 8000 元"}, 201, &n)
	resident := ta.login(t, demoResidentPhone)
	for _, text := range []string{"支出 8000 元没有明细", "支出的明细仍然没有公开"} {
		resident.mustJSON("POST", base+"/complaints", map[string]any{"kind": "untrue", "subject": "第三季度财务收支", "text": text, "notice_id": n.ID}, 201, nil)
	}
	// 平和村 gets its representatives; a whole quarter passes without their meeting.
	k.operator.mustJSON("POST", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs/ph")+"/bodies", map[string]any{"id": "representatives", "kind": "association",
		"name": "村民代表", "members": []map[string]string{{"resident_no": "R001", "role": "chair"}}}, 201, nil)
	now := ta.clock.now().UTC()
	next := time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3, 1)
	ta.clock.advance(next.Sub(now))

	b.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	streetLogIn(b, ta.URL, "13800000003")
	b.do("the alerts", chromedp.WaitVisible(chromedp.ID("link-alerts")), chromedp.Click(chromedp.ID("link-alerts")))
	complaint := `#alerts-list a.dash-evidence-link[data-kind="complaint"]`
	b.waitJS("the repeated complaints' evidence", `document.querySelectorAll('`+complaint+`').length >= 2`)
	if api := b.eval(`[...document.querySelectorAll('#view a')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('#/')).join(' ')`); api != "" {
		t.Errorf("the alerts page links outside the app's pages: %s", api)
	}
	if text := b.eval(`document.getElementById('alerts-list').innerText`); !strings.Contains(text, zh["dash.alert.complaint_repeated"]) ||
		!strings.Contains(text, zh["dash.alert.no_representatives_meeting"]) {
		t.Errorf("the alerts read %q, want the repeated complaints and the quarter without a meeting", text)
	}
	b.waitText(complaint, zh["dash.evidenceKind.complaint"])
	b.do("a complaint's evidence", chromedp.Click(complaint))
	b.waitText("#view-title", "第三季度财务收支")
	if loc := runIn(b, "location", chromedp.Location()); !strings.Contains(loc, "/complaints/") {
		t.Errorf("the complaint's evidence opened %s", loc)
	}

	b.do("home, then the alerts", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.ID("link-alerts")),
		chromedp.Click(chromedp.ID("link-alerts")))
	quarter := `#alerts-list a.dash-evidence-link[data-kind="meeting_alerts"]`
	b.waitJS("the quarter's evidence", `!!document.querySelector('`+quarter+`')`)
	b.waitText(quarter, zh["dash.evidenceKind.meeting_alerts"])
	b.do("the quarter's evidence", chromedp.Click(quarter))
	b.waitJS("the village's meetings, marked and focused",
		`!!document.querySelector('#dv-meetings.dash-part .dash-warn') && document.activeElement === document.querySelector('#dv-meetings h2')`)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/meetings") {
		t.Errorf("the quarter's evidence opened %s", loc)
	}
	if m := rawKey.FindAllString(b.eval(`document.getElementById('view').innerText`), -1); len(m) > 0 {
		t.Errorf("the village's figures show raw keys %v", m)
	}
}
