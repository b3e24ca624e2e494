package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMeetingToAcceptedFiling walks schedule → sign in → vote →
// draft minutes → confirm → publish → notice → file → accept in 东田社区's
// council. Steps without a page are done through the API; the pages are
// checked for the secretary's console showing live attendance, the minutes
// page, the public board's countdown (no login) and the street official
// accepting the filing in the review queue.
func TestBrowserMeetingToAcceptedFiling(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	clock := &ta.clock
	const dtPath = "/gz/hd/hs/dt"
	secretary := ta.login(t, "13800000002") // R005
	resident := ta.login(t, demoResidentPhone)
	chair := k.account(dtPath, "R001")
	member := k.account(dtPath, "R009")
	base := "/api/v1/orgs/" + k.dt

	// Schedule and open (API).
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "村口设垃圾分类点", "category": "other", "flow": "minor"})
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "社区活动室", "agenda": []string{p.ID}, "starts_at": clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)

	// The console: the code is shown large; attendance updates live.
	b.login(ta.URL, "13800000002", demoPassword)
	b.waitJS("home", `!!document.getElementById('logout')`)
	b.do("open the console", chromedp.Navigate(fmt.Sprintf("%s/#/v/%s/m/%s/console", ta.URL, k.dt, m.ID)))
	b.waitJS("the sign-in code", `/^[0-9]{6}$/.test((document.getElementById('sign-in-short')||{}).textContent||'')`)
	// The code the QR address carries: the last part of the address.
	shown := b.eval(`document.getElementById('sign-in-qr').dataset.address.split('/').pop()`)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": shown}, 201, nil)
	}
	b.waitJS("three present", `document.querySelectorAll('#attendance-list li').length === 3`)
	b.waitJS("quorum text", `(document.getElementById('quorum')||{}).textContent.includes('3')`)

	// Vote, close, draft (API), confirm (API), then the minutes page.
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 201, &v)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, c := range []*client{chair, member} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	b.do("open the minutes", chromedp.Navigate(fmt.Sprintf("%s/#/v/%s/m/%s/minutes/1", ta.URL, k.dt, m.ID)))
	b.waitText("#minutes-status", zh["minutes.status.draft"]+" · v1")
	b.do("confirm and publish in the page",
		chromedp.WaitVisible(chromedp.ID("minutes-confirm")), chromedp.Click(chromedp.ID("minutes-confirm")))
	b.waitJS("three confirmations", `((document.getElementById('minutes-confirmations')||{}).textContent||'').includes('3')`)
	b.do("publish", chromedp.Click(chromedp.ID("minutes-publish")), chromedp.WaitVisible(chromedp.ID("minutes-publish-sure")),
		chromedp.Click(chromedp.ID("minutes-publish-sure")))
	b.waitText("#minutes-status", zh["minutes.status.published"]+" · v1")
	b.waitJS("the vote's counts from the record", `((document.querySelector('#minutes-votes-list li')||{}).textContent||'').includes('同意 3')`)

	// Publishing opened the resolution's notice; the board shows the
	// countdown without login.
	var board struct{ Notices []struct{ ID string } }
	secretary.mustJSON("GET", base+"/board", nil, 200, &board)
	if len(board.Notices) != 1 {
		t.Fatalf("publishing opened %d notices, want 1", len(board.Notices))
	}
	n := board.Notices[0]
	b.do("log out", chromedp.Navigate(ta.URL+"/#/home"), chromedp.WaitVisible(chromedp.ID("logout")), chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-form")))
	b.do("open the board", chromedp.Navigate(fmt.Sprintf("%s/#/v/%s/board", ta.URL, k.dt)))
	b.waitJS("the countdown", `!!document.querySelector('#board-list .countdown')`)
	if got := b.eval(`document.querySelector('#board-list .countdown').textContent`); !strings.HasPrefix(got, "公示期还剩 14 天") {
		t.Fatalf("countdown %q", got)
	}

	// File after the notice period (API); the street accepts in the queue.
	clock.advance(15*24*time.Hour + time.Minute)
	var f struct{ ID string }
	secretary.mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, &f)
	b.login(ta.URL, "13800000003", demoPassword)
	b.waitJS("home", `!!document.getElementById('logout')`)
	b.do("open the review queue", chromedp.Navigate(fmt.Sprintf("%s/#/s/%s/review", ta.URL, ta.orgID(t, "/gz/hd/hs"))))
	b.do("open the filing", chromedp.WaitVisible(`#review-list li[data-id^="`+n.ID+`"] a`), chromedp.Click(`#review-list li[data-id^="`+n.ID+`"] a`))
	b.do("accept", chromedp.WaitVisible(chromedp.ID("review-accept")), chromedp.Click(chromedp.ID("review-accept")),
		chromedp.WaitVisible(chromedp.ID("review-accept-sure")), chromedp.Click(chromedp.ID("review-accept-sure")))
	b.do("back to the queue", chromedp.WaitVisible(chromedp.ID("link-review-queue")), chromedp.Click(chromedp.ID("link-review-queue")))
	b.waitJS("the queue is empty", `!!document.getElementById('review-empty')`)
	var got struct{ Status string }
	secretary.mustJSON("GET", base+"/filings/"+f.ID, nil, 200, &got)
	if got.Status != "accepted" {
		t.Fatalf("filing %+v", got)
	}
}
