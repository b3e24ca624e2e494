package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserResidentMeetingDayRequestAndCaseFromHome: the rest of what
// journeys.md (Resident 2) puts on a resident's home, each opened from it
// by a tap on a phone: the residents' meeting they are invited to, marked
// today with its sign-in button on the day, which takes them to type the
// six digits shown at the meeting; a moral-board case about them, named by
// its category in words; and their service request, filed at the desk and
// answered, whose answer home shows and opens. The API sets up the meeting
// (and opens it on the day), the nomination and the desk's answer, and
// checks the records.
func TestBrowserResidentMeetingDayRequestAndCaseFromHome(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	base := "/api/v1/orgs/" + k.dt
	secretary := ta.login(t, "13800000002")
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "社区广场",
		"starts_at": ta.clock.now().Add(11*24*time.Hour + time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(11*24*time.Hour + time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct { // the six digits the secretary's screen shows under the QR code
		Short string `json:"short_code"`
	}
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	member := k.account("/gz/hd/hs/dt", "R006", "resident", "board_member")
	member.mustJSON("POST", base+"/cases", map[string]any{"subject_kind": "resident", "subject_no": "R003", "category": "environment",
		"description": "多次在巷口焚烧垃圾，邻居多次劝说无效", "evidence": []string{"https://example.org/photo/1.jpg"}, "clause": "村规民约第五条 环境卫生"}, 201, nil)

	R := newActor(t, b, "the resident")
	R.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	R.logIn(ta.URL, demoResidentPhone)

	// The meeting, today, with its sign-in button.
	invited := `#home-waiting li[data-kind="meeting_invited"]`
	R.see(invited+" .card-title", strings.ReplaceAll(zh["home.line.meeting_invited"], "{title}", "居民会议"))
	R.see(invited+" .tag", zh["home.today"])
	R.tap(invited + " .home-sign-in")
	R.checkAxe("the sign-in screen at 390 px", nil)
	R.typeIn("#sign-in-digits", code.Short)
	R.tap("#sign-in-submit")
	R.waitJS("signed in", `(document.getElementById('sign-in-done') || {textContent: ''}).textContent.trim() !== ''`)
	var att struct {
		Attendance []struct {
			ResidentNo string `json:"resident_no"`
		} `json:"attendance"`
	}
	secretary.mustJSON("GET", mpath+"/attendance", nil, 200, &att)
	signed := false
	for _, a := range att.Attendance {
		signed = signed || a.ResidentNo == "R003"
	}
	if !signed {
		t.Fatalf("the resident is not signed in: %+v", att.Attendance)
	}

	// The case about them, in words.
	R.tap(".brand")
	caseLine := `#home-waiting li[data-kind="case_about_me"]`
	R.see(caseLine+" .card-title", strings.ReplaceAll(zh["home.line.case_about_me"], "{title}", zh["moral.cat.environment"]))
	R.see(caseLine+" .line-meta", zh["moral.status.nominated"])
	R.tap(caseLine + " .card-title")
	R.see("#case-category", zh["moral.cat.environment"])
	R.checkAxe("a case about me at 390 px", nil)

	// A request at the desk, said by its button; its answer on home.
	R.tap(".brand")
	R.tap("#link-desk")
	R.typeIn("#service-text", "希望安排一次议事规则培训")
	R.pressAndHear("file a request", "#service-submit", zh["said.requested"])
	id := R.eval(`document.querySelector('#my-requests li').dataset.id`)
	secretary.mustJSON("POST", base+"/service-requests/"+id+"/answer", map[string]any{"text": "下月10日在社区活动室培训"}, 200, nil)
	R.tap(".brand")
	answered := `#home-waiting li[data-kind="request_answered"] .card-title`
	R.waitJS("the answer on home", `!!document.querySelector('`+answered+`')`)
	R.tap(answered)
	R.see(`#my-requests li[data-id="`+id+`"] .request-answer`, "下月10日在社区活动室培训")
	R.pressAndHear("close the request", `#my-requests li[data-id="`+id+`"] .request-close`, zh["said.requestClosed"])
}
