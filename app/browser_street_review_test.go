package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// filedOutcome runs one council meeting to a filed outcome through the API:
// a proposal voted 3–0, minutes confirmed and published, its notice with
// one objection answered, the notice period over, filed with the street.
// It returns the notice's title and id.
func filedOutcome(t *testing.T, ta *testApp, k *propKit, council [4]*client, title string) (string, string) {
	t.Helper()
	secretary, resident, chair, member := council[0], council[1], council[2], council[3]
	base := "/api/v1/orgs/" + k.dt
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": title, "category": "other", "flow": "minor"})
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "社区活动室", "agenda": []string{p.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct{ Code string }
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 201, &v)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, c := range []*client{chair, member, secretary} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	secretary.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, nil)
	var board struct {
		Notices []struct {
			ID        string `json:"id"`
			Title     string `json:"title"`
			MeetingID string `json:"meeting_id"`
		}
	}
	secretary.mustJSON("GET", base+"/board", nil, 200, &board)
	var n struct{ ID, Title string }
	for _, b := range board.Notices {
		if b.MeetingID == m.ID {
			n.ID, n.Title = b.ID, b.Title
		}
	}
	if n.ID == "" {
		t.Fatalf("no notice of meeting %s on the board: %+v", m.ID, board)
	}
	var obj struct{ ID string }
	resident.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "位置需要再商量"}, 201, &obj)
	secretary.mustJSON("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "已与村民商定位置"}, 200, nil)
	ta.clock.advance(15*24*time.Hour + time.Minute)
	secretary.mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, nil)
	return n.Title, n.ID
}

// TestBrowserStreetReview: the street official opens a filing from home,
// reads the village, the decision, the vote's counts and the notice with
// its answered objection, is stopped when returning it without a basis,
// returns it citing an article; a second filing is accepted through the
// confirmation; the village files the first again and the official reads
// the earlier attempt with the order on it and accepts. Each queue card
// names the village and its kind; the dossier shows every version of the
// minutes with its state and hash and each vote's ballots hash. Only the
// root address is navigated to.
func TestBrowserStreetReview(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	council := [4]*client{ta.login(t, "13800000002"), ta.login(t, demoResidentPhone), k.account(dtPath, "R001"), k.account(dtPath, "R009")}
	first, firstID := filedOutcome(t, ta, k, council, "村口设垃圾分类点")
	second, secondID := filedOutcome(t, ta, k, council, "修缮村道路灯")
	b.login(ta.URL, "13800000003", demoPassword)
	b.waitJS("home", `!!document.getElementById('link-review')`)
	b.do("open the queue", chromedp.Click(chromedp.ID("link-review")))
	b.waitJS("two filings", `document.querySelectorAll('#review-list li').length === 2`)
	// Each card names its village and what kind of place it is.
	if got := b.eval(`document.querySelector('#review-list li .village').textContent`); !strings.Contains(got, "东田") ||
		!strings.Contains(got, zh["op.kind.community"]) && !strings.Contains(got, zh["op.kind.village"]) {
		t.Errorf("a queue card's village reads %q", got)
	}
	b.do("open the first", chromedp.Click(`#review-list li[data-id^="`+firstID+`"] a`))
	b.waitJS("the dossier", `!!document.getElementById('review-village')`)
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.dt
	var dossier struct {
		Minutes []struct {
			Hash  string
			Votes []struct {
				Hash string `json:"ballots_hash"`
			}
		}
	}
	official.mustJSON("GET", base+"/filings/"+firstID+":1/dossier", nil, 200, &dossier)
	if len(dossier.Minutes) == 0 || len(dossier.Minutes[0].Votes) == 0 || dossier.Minutes[0].Votes[0].Hash == "" {
		t.Fatalf("the dossier has no vote with a ballots hash: %+v", dossier)
	}
	for what, want := range map[string]string{"#review-village": "东田", "#review-decision": "", "#review-minutes": "同意 3",
		"#review-objections": "已与村民商定位置", "h1": first, "#review-minutes .ballots-hash": dossier.Minutes[0].Votes[0].Hash,
		"#review-minutes .hash": dossier.Minutes[0].Hash, "#review-minutes .minutes-state": zh["minutes.status.published"]} {
		if got := b.eval(`document.querySelector('` + what + `').textContent`); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	// Every version of the minutes, one card each.
	if n := b.eval(`String(document.querySelectorAll('#review-minutes li.minutes-version').length)`); n != fmt.Sprint(len(dossier.Minutes)) {
		t.Errorf("the page shows %s versions of the minutes, the dossier has %d", n, len(dossier.Minutes))
	}
	b.do("return without a basis", chromedp.SendKeys(chromedp.ID("review-reason"), "公示期内异议答复不充分"), chromedp.Click(chromedp.ID("review-return")))
	b.waitText("#review-basis-error", zh["street.basisRequired"])
	b.do("pick a basis and return", chromedp.SetValue(chromedp.ID("review-basis-pick"), "V2026 Art. 31 ¶3"),
		chromedp.Click(chromedp.ID("review-return")))
	b.waitJS("decided", `!!document.getElementById('review-done')`)
	if got := b.eval(`document.getElementById('review-next').textContent`); got != zh["street.next.returned"] {
		t.Errorf("next = %q", got)
	}
	b.do("back to the queue", chromedp.Click(chromedp.ID("link-review-queue")))
	b.waitJS("one filing left", `document.querySelectorAll('#review-list li').length === 1`)
	b.do("open the second", chromedp.Click(`#review-list li[data-id^="`+secondID+`"] a`))
	b.waitJS("the second dossier", `((document.querySelector('h1')||{}).textContent||'').includes('`+second+`')`)
	b.do("accept behind the confirmation", chromedp.Click(chromedp.ID("review-accept")), chromedp.WaitVisible(chromedp.ID("review-accept-sure")),
		chromedp.Click(chromedp.ID("review-accept-sure")))
	b.waitJS("accepted", `!!document.getElementById('review-done')`)
	// Meanwhile the village files the returned one again (its own step, by the API here).
	council[0].mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": firstID}, 201, nil)
	b.do("back to the queue", chromedp.Click(chromedp.ID("link-review-queue")))
	b.waitJS("the second attempt", `!!document.querySelector('#review-list li[data-id="`+firstID+`:2"]')`)
	b.do("open the second attempt", chromedp.Click(`#review-list li[data-id="`+firstID+`:2"] a`))
	// The earlier attempt shows with the street's order on it.
	b.waitJS("the earlier attempt with its order", `(() => { const li = document.querySelector('#review-earlier li[data-attempt="1"]');
		return !!li && li.textContent.includes('V2026 Art. 31 ¶3') && li.textContent.includes('公示期内异议答复不充分'); })()`)
	b.waitText("#review-attempt", "2")
	b.do("accept behind the confirmation", chromedp.Click(chromedp.ID("review-accept")), chromedp.WaitVisible(chromedp.ID("review-accept-sure")),
		chromedp.Click(chromedp.ID("review-accept-sure")))
	b.waitJS("accepted", `!!document.getElementById('review-done')`)
	b.do("back to the queue", chromedp.Click(chromedp.ID("link-review-queue")))
	b.waitJS("the queue is empty", `!!document.getElementById('review-empty')`)
	// Verify (API): the return's order carries the basis and what to correct.
	var got struct {
		Status string
		Order  struct{ Basis, Reason string } `json:"correction_order"`
	}
	official.mustJSON("GET", base+"/filings/"+firstID+":1", nil, 200, &got)
	if got.Status != "returned" || got.Order.Basis != "V2026 Art. 31 ¶3" || got.Order.Reason != "公示期内异议答复不充分" {
		t.Errorf("the returned filing: %+v", got)
	}
	for _, id := range []string{secondID + ":1", firstID + ":2"} {
		official.mustJSON("GET", base+"/filings/"+id, nil, 200, &got)
		if got.Status != "accepted" {
			t.Errorf("the accepted filing %s: %+v", id, got)
		}
	}
}
