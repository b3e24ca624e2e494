package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserResidentConfirmsMinutesAndObjectsFromHome: a resident who sat
// on the council's meeting (the chair, R001) logs in on a phone and finds
// on home, among what waits for them, the minutes they must confirm; taps
// it and confirms them, the page saying so by the button; home no longer
// asks. Then, from home's line of a notice in its objection period, they
// read the notice and object; the secretary answers from their home;
// the bell opens the answer on the notice's page; home lists the proposal
// they follow with its next step, and opens it; a search finds it and its
// page shows the flow as steps with who does each. Setup (the meeting, its
// sign-ins, the draft, the notice, following the proposal) and the checks go through the API; the
// page is driven from the root address by taps and typing, and each
// write proves what the page says (pressAndHear).
func TestBrowserResidentConfirmsMinutesAndObjectsFromHome(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 2*time.Minute)
	zh := dictionary(t, ta, "zh")
	p := seedCycle(t, ta)
	vid := p.k.dt
	base := "/api/v1/orgs/" + vid
	prop := submitted(p.resident, vid, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	var m meetingView
	p.secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "十二月议事会",
		"place": "社区活动室", "agenda": []string{prop.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001", "recorder": "R005"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	p.secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var sc struct {
		URL string `json:"sign_in_url"`
	}
	p.secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &sc)
	code := sc.URL[strings.LastIndex(sc.URL, "/")+1:]
	chair := ta.login(t, p.phones["R001"])
	for _, c := range []*client{chair, p.secretary, ta.login(t, p.phones["R009"])} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code}, 201, nil)
	}
	p.secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	p.secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "notes": "议定楼道灯改造。"}, 201, nil)
	var n struct{ ID string }
	p.secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "第四季度村务公开", "text": "本季度村务"}, 201, &n)

	chair.mustJSON("PUT", proposalsPath(vid, "/", prop.ID, "/follow"), nil, 204, nil)

	R := newActor(t, root, "the chair")
	R.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	R.logIn(ta.URL, p.phones["R001"])
	minutesLine := `#home-waiting li[data-kind="minutes_to_confirm"] .card-title`
	R.see(minutesLine, strings.ReplaceAll(zh["home.line.minutes_to_confirm"], "{title}", "十二月议事会"))
	R.tap(minutesLine)
	R.pressAndHear("confirm the minutes", "#minutes-confirm", "您已确认")
	R.checkAxe("minutes just confirmed at 390 px", nil)
	var mv struct {
		Confirmations []struct {
			ResidentNo string `json:"resident_no"`
		} `json:"confirmations"`
	}
	p.secretary.mustJSON("GET", mpath+"/minutes/1", nil, 200, &mv)
	if len(mv.Confirmations) != 1 || mv.Confirmations[0].ResidentNo != "R001" {
		t.Fatalf("the minutes' confirmations after the tap: %+v", mv.Confirmations)
	}
	R.tap(".brand")
	R.waitJS("home drawn", `!!document.getElementById('home-waiting-title') && !document.querySelector('#view .loading')`)
	R.waitJS("the confirmed minutes gone from home", `!document.querySelector('`+minutesLine+`')`)

	// A notice in its objection period, from home: read it and object.
	noticeLine := `#view li[data-kind="notice_open"] .card-title`
	R.see(noticeLine, "第四季度村务公开")
	R.tap(noticeLine)
	R.see("#notice-text", "本季度村务")
	R.typeIn("#object-text", "道路维修费用没有写明")
	R.pressAndHear("object", "#object-submit", zh["notice.objected"])
	R.checkAxe("a notice just objected to at 390 px", nil)
	var objs struct {
		Objections []struct{ ID, Text string } `json:"objections"`
	}
	p.secretary.mustJSON("GET", base+"/notices/"+n.ID+"/objections", nil, 200, &objs)
	if len(objs.Objections) != 1 || objs.Objections[0].Text != "道路维修费用没有写明" {
		t.Fatalf("stored objections: %+v", objs.Objections)
	}

	// The secretary answers it from their home's line; the answer arrives
	// as a notification and opens the notice.
	S := newActor(t, root, "the secretary")
	S.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	S.logIn(ta.URL, "13800000002")
	S.tap(`#sec-today-list li[data-kind="objection_to_answer"] a`)
	S.typeIn("#answer-text-0", "已补充费用明细")
	S.pressAndHear("answer the objection", ".answer-submit", zh["notice.answered"])
	S.see("#answer-0", "已补充费用明细")
	R.tap(".brand")
	R.waitJS("the bell counts the answer", `!document.getElementById('bell').hidden && Number(document.getElementById('bell-count').textContent) >= 1`)
	R.tap("#bell")
	answer := `#notification-list li.unread[data-kind="objection_answered"] .card-title`
	R.see(answer, "第四季度村务公开")
	R.tap(answer)
	R.see("#objection-list .answer", "已补充费用明细")

	// Read proposals: search by a word, open one: its flow as steps, the
	// current one and the next, each with who does it.
	R.tap(".brand")
	R.tap("#link-proposals")
	R.typeIn("#search-q", "楼道")
	R.tap("#search-submit")
	R.see("#proposal-list", "楼道灯改造")
	R.tap(`#proposal-list li[data-id="` + prop.ID + `"] .card-title`)
	R.see("#timeline li.step-current .step-state", zh["step.current"])
	R.see("#timeline li.step-next .step-state", zh["step.next"])
	if n := R.eval(`String([...document.querySelectorAll('#timeline > li')].filter((li) => !li.querySelector('.step-who')).length)`); n != "0" {
		t.Errorf("%s steps of the timeline do not say who does them", n)
	}
	R.checkAxe("a proposal's flow at 390 px", nil)

	// Home lists the proposal the chair follows with its next step, and opens it.
	R.tap(".brand")
	followed := `#view li[data-kind="following"]`
	R.see(followed+" .card-title", strings.ReplaceAll(zh["home.line.following"], "{title}", "楼道灯改造"))
	R.see(followed+" .line-meta", "下一步：")
	R.tap(followed + " .card-title")
	R.see("#view-title", "楼道灯改造")
}
