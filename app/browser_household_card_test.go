package main

// Household cards (一户一码, issue 21 item 3) in the page: the secretary
// prints two households' cards from home, opens the meeting, scans one card
// with a phone (the phone opens the address the printed QR code encodes,
// read from the print view; not logged in, it logs in first and comes
// back to the card), types the other card's code in the console,
// picks the person present and confirms; the attendance updates. Then the
// first card is reported lost and reissued, and its old address says so.
// The API sets up the meeting and checks the records afterwards.

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// printCard prints a household's first card from the household cards page
// (reached from home) and reads the address its QR code encodes and the
// short code under it.
func printCard(a *actor, url, household string) (address, short string) {
	a.t.Helper()
	a.home(url)
	a.tap("#link-household-cards")
	a.typeIn("#hcard-filter", household)
	a.tap("#hcard-print-" + household)
	a.see("#hcard-no", household)
	a.see("#hcard-msg", "只打印这一次")
	a.waitJS("the card's QR code", `!!(document.getElementById('hcard-qr')||{dataset:{}}).dataset.address`)
	return a.eval(`document.getElementById('hcard-qr').dataset.address`), a.eval(`document.getElementById('hcard-short').textContent`)
}

func TestBrowserHouseholdCardSignsInAtMeeting(t *testing.T) {
	allowStatus(t, 409) // the lost card's old address, refused in view
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 120*time.Second)
	p := seedCycle(t, ta)
	vid := p.k.dt
	var m struct{ ID string }
	p.secretary.mustJSON("POST", "/api/v1/orgs/"+vid+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "户卡议事会",
		"place": "社区活动室", "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)

	// The secretary prints H03's (R009's) and H04's (R013's) cards.
	A := newActor(t, root, "A")
	A.logIn(ta.URL, "13800000002")
	A.waitJS("home", `!!document.getElementById('logout')`)
	address, _ := printCard(A, ta.URL, "H03")
	_, short := printCard(A, ta.URL, "H04")
	if !strings.Contains(address, "/#/card/"+vid+"/") || len(short) != 9 {
		t.Fatalf("printed: %q %q", address, short)
	}

	// The console: open the meeting.
	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.see("#card-title", "户卡签到")

	// The secretary's phone scans H03's card and signs in R009.
	// The phone was not logged in: it logs in first and comes back to the card.
	phone := newActor(t, root, "A's phone")
	phone.do("the phone opens the card's QR address", chromedp.Navigate(address))
	phone.typeIn("#phone", "13800000002")
	phone.typeIn("#password", demoPassword)
	phone.tap("#login-submit")
	phone.see("#card-meeting", "户卡议事会")
	phone.see("#card-members", p.names["R010"]+"（不在这次会议的应到名单里）")
	phone.tap("#card-member-R009")
	phone.see("#card-confirm", p.names["R009"]+"本人")
	phone.tap("#card-confirm-yes")
	phone.see("#card-sign-in-msg", "已签到")
	phone.see("#card-member-R009", "已签到")

	// In the console, H04's code typed as people type it; R013 signed in.
	A.typeIn("#card-short", strings.ToLower(strings.ReplaceAll(short, "-", "")))
	A.tap("#card-find")
	A.tap("#card-member-R013")
	A.tap("#card-confirm-yes")
	A.see("#card-sign-in-msg", "已签到")
	A.waitJS("two present", `document.getElementById('quorum').dataset.present === '2'`)
	A.see("#attendance-list", p.names["R009"]+" · 户卡")
	A.see("#attendance-list", p.names["R013"]+" · 户卡")

	// H03's card is lost: reported and reissued; the old address says so.
	A.home(ta.URL)
	A.tap("#link-household-cards")
	A.typeIn("#hcard-filter", p.names["R009"])
	A.tap("#hcard-reissue-H03")
	A.tap("#hcard-reissue-yes-H03")
	A.see("#hcard-msg", "旧卡从现在起不能再用")
	fresh := A.eval(`document.getElementById('hcard-qr').dataset.address`)
	if fresh == address || fresh == "" {
		t.Fatalf("the reissued card has the old address: %s", fresh)
	}
	phone.home(ta.URL)
	phone.do("the phone scans the lost card", chromedp.Navigate(address))
	phone.see("#card-error", "已挂失")

	var att struct {
		Attendance []struct {
			ResidentNo string `json:"resident_no"`
			Method     string `json:"method"`
			Counts     bool   `json:"counts"`
		}
	}
	p.secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/meetings/"+m.ID+"/attendance", nil, 200, &att)
	if len(att.Attendance) != 2 {
		t.Fatalf("attendance: %+v", att)
	}
	for _, a := range att.Attendance {
		if a.Method != "card" || !a.Counts || (a.ResidentNo != "R009" && a.ResidentNo != "R013") {
			t.Fatalf("attendance: %+v", att)
		}
	}
	t.Logf("taps: secretary %d, phone %d", A.taps, phone.taps)
}
