package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeStep is one tap of a tour: the element to tap and the view (the
// route's name, #view's data-view) it opens; or, for a tap that stays on
// the page (a choice, a refused form), what it shows (see); or, instead of
// a tap, an address another page showed (a QR code's) to open (open).
type axeStep struct{ tap, view, see, open string }

// axeStop is one page to check, reached from home by its taps.
type axeStop struct {
	page  string
	steps []axeStep
}

// axeTours are the main pages of each demo role, each reached from home
// by taps only.
func axeTours() map[string][]axeStop {
	proposals := axeStep{tap: "#link-proposals", view: "proposals"}
	meetings := axeStep{tap: "#link-meetings", view: "meetings"}
	board := axeStep{tap: "#link-board", view: "board"}
	moral := axeStep{tap: "#link-moral", view: "moral"}
	desk := axeStep{tap: "#link-desk", view: "desk"}
	common := []axeStop{
		{"home", nil},
		{"powers", []axeStep{{tap: "#link-powers", view: "powers"}}},
		{"lists", []axeStep{{tap: "#link-lists", view: "lists"}}},
	}
	village := append(common,
		axeStop{"notifications", []axeStep{proposals, {tap: "#nav-notifications", view: "notifications"}}},
		axeStop{"proposals", []axeStep{proposals}},
		axeStop{"a proposal", []axeStep{proposals, {tap: "#proposal-list li a", view: "proposal"}}},
		axeStop{"new proposal", []axeStep{proposals, {tap: "#new-proposal", view: "proposal-new"}}},
		axeStop{"votes", []axeStep{proposals, {tap: "#nav-votes", view: "votes"}}},
		axeStop{"a vote", []axeStep{proposals, {tap: "#nav-votes", view: "votes"}, {tap: "#vote-list-open li a", view: "vote"}}},
		axeStop{"hall", []axeStep{{tap: "#link-hall", view: "hall"}}},
		axeStop{"meetings", []axeStep{meetings}},
		axeStop{"a past meeting", []axeStep{meetings, {tap: "#meetings-past li a", view: "meeting"}}},
		axeStop{"minutes", []axeStep{meetings, {tap: "#meetings-past li a", view: "meeting"}, {tap: "#meeting-minutes li a", view: "minutes"}}},
		axeStop{"sign-in screen", []axeStep{{tap: "#link-sign-in", view: "sign-in-code"}}},
		axeStop{"board", []axeStep{board}},
		axeStop{"a notice", []axeStep{board, {tap: "#board-list a", view: "notice"}}},
		axeStop{"moral board", []axeStep{moral}},
		axeStop{"moral lists", []axeStep{moral, {tap: "#link-moral-lists", view: "moral-lists"}}},
		axeStop{"moral nomination", []axeStep{moral, {tap: "#link-nominate", view: "moral-nominate"}}},
		axeStop{"service desk", []axeStep{desk}},
		axeStop{"a ballot, confirming", []axeStep{proposals, {tap: "#nav-votes", view: "votes"}, {tap: "#vote-list-open li a", view: "vote"},
			{tap: `#ballot-options button[data-key="yes"]`, see: "#ballot-confirm"}}},
		axeStop{"new proposal, refused", []axeStep{proposals, {tap: "#new-proposal", view: "proposal-new"}, {tap: "#proposal-save", see: refused}}},
	)
	secretary := append(append([]axeStop{}, village...),
		axeStop{"schedule form", []axeStep{{tap: "#sec-schedule", view: "meeting-schedule"}}},
		axeStop{"schedule form, refused", []axeStep{{tap: "#sec-schedule", view: "meeting-schedule"}, {tap: "#meet-submit", see: refused}}},
		axeStop{"a coming meeting", []axeStep{{tap: "#sec-meetings", view: "meetings"}, {tap: "#meetings-coming li a", view: "meeting"}}},
		axeStop{"meeting console", []axeStep{{tap: "#sec-meetings", view: "meetings"}, {tap: "#meetings-coming li a", view: "meeting"}, {tap: "#meeting-console", view: "meeting-console"}}},
		axeStop{"desk queue", []axeStep{desk, {tap: "#link-desk-queue", view: "desk-queue"}}},
	)
	street := append(append([]axeStop{}, common...),
		axeStop{"review queue", []axeStep{{tap: "#link-review", view: "review-queue"}}},
		axeStop{"a filing", []axeStep{{tap: "#link-review", view: "review-queue"}, {tap: "#review-list li a", view: "review-filing"}}},
		axeStop{"dashboard", []axeStep{{tap: "#link-dashboard", view: "dashboard"}}},
		axeStop{"alerts", []axeStep{{tap: "#link-alerts", view: "alerts"}}},
		axeStop{"topics", []axeStep{{tap: "#link-topics", view: "topics"}}},
		axeStop{"street desk", []axeStep{{tap: "#link-street-desk", view: "desk-street"}}},
		axeStop{"pick a village's proposals", []axeStep{{tap: "#link-proposals", view: "proposals-pick"}}},
	)
	return map[string][]axeStop{
		demoResidentPhone: village,
		"13800000002":     secretary,
		"13800000003":     street,
		"13800000004":     common,
	}
}

// refused is any error in view: a form's alert or a field's error.
const refused = "#view .alert:not(:empty), #view .field-error:not(:empty)"

// settled is true once #view shows the view name, drawn afresh (its title
// is not the one of the page before) and loaded.
func settled(view string) string {
	return fmt.Sprintf(`(() => { const v = document.getElementById('view'); const h = document.getElementById('view-title');
		return v.dataset.view === %s && !!h && h !== window.axeOldTitle && h.textContent.trim() !== '' && !v.querySelector('.loading'); })()`, jsString(view))
}

// tapTo taps sel and waits for the view it opens.
func (a *actor) tapTo(s axeStep) {
	a.t.Helper()
	if s.see != "" {
		a.tap(s.tap)
		a.do(a.who+": "+s.see+" after tapping "+s.tap, chromedp.WaitVisible(s.see))
		return
	}
	a.eval(`(() => { window.axeOldTitle = document.getElementById('view-title'); return ''; })()`)
	if s.open != "" {
		a.do(a.who+" opens "+s.open, chromedp.Navigate(s.open))
		a.waitJS(a.who+": "+s.view+" at "+s.open, settled(s.view))
		return
	}
	a.tap(s.tap)
	a.waitJS(a.who+": "+s.view+" after tapping "+s.tap, settled(s.view))
}

// TestBrowserPagesPassAxe logs in as each demo role (resident, secretary,
// street official, operator) and checks with axe-core the main pages of
// each, reached from home by taps, at a phone's 390 px and a desktop's
// 1280 px, then at 390 px in English: no serious or critical violation.
// The village has a filed outcome (a closed meeting, published minutes, a
// notice, a filing with the street), an open vote and a coming meeting, so
// the pages have something to draw; a ballot is shown at its confirm step
// and two forms sent empty, with their errors in view.
func TestBrowserPagesPassAxe(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 8*time.Minute)
	allowStatus(t, 422) // the new proposal sent empty, refused in view
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	secretary, resident := ta.login(t, "13800000002"), ta.login(t, demoResidentPhone)
	filedOutcome(t, ta, k, [4]*client{secretary, resident, k.account(dtPath, "R001"), k.account(dtPath, "R009")}, "村口设垃圾分类点")
	base := "/api/v1/orgs/" + k.dt
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "小区加装电梯", "category": "public_welfare"})
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "residents_meeting", "secret": true}, 201, nil)
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "下月议事会",
		"place": "社区活动室", "starts_at": ta.clock.now().Add(48 * time.Hour), "chair": "R001"}, 201, nil)

	tally := &axeTally{}
	tours := axeTours()
	inEnglish := map[string]bool{} // pages checked in English; home is each role's own
	for _, phone := range demoRoles {
		a := tourAtBothWidths(t, root, ta, phone, tours[phone], tally)
		// English at a phone's width: the other language's words, and
		// the lang attribute that tells a screen reader which voice.
		a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		a.tap("#lang-switch")
		a.waitJS(phone+" in English", `document.documentElement.lang === 'en'`)
		// Each page once in English (the resident's, then what each
		// other role adds), to keep the test within a few minutes.
		var fresh []axeStop
		for _, stop := range tours[phone] {
			if !inEnglish[stop.page] || stop.page == "home" {
				inEnglish[stop.page] = true
				fresh = append(fresh, stop)
			}
		}
		a.tour(fresh, "390 px in English", tally)
	}
	t.Logf("axe: %s", tally)
}

// demoRoles are the demo's accounts the axe tours log in as: resident,
// secretary, street official, operator.
var demoRoles = []string{demoResidentPhone, "13800000002", "13800000003", "13800000004"}

// tourAtBothWidths logs in as phone and checks its stops with axe at a
// phone's 390 px, then at a desktop's 1280 px, where it leaves the actor.
func tourAtBothWidths(t *testing.T, root *browser, ta *testApp, phone string, stops []axeStop, tally *axeTally) *actor {
	t.Helper()
	a := newActor(t, root, phone)
	a.logIn(ta.URL, phone)
	a.waitJS(phone+" home", settled("home"))
	a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	a.tour(stops, "390 px", tally)
	a.do("a desktop's width", chromedp.EmulateViewport(1280, 900))
	a.tour(stops, "1280 px", tally)
	return a
}

// tour visits the stops from home and checks each with axe.
func (a *actor) tour(stops []axeStop, how string, tally *axeTally) {
	a.t.Helper()
	for _, stop := range stops {
		if a.eval(`document.getElementById('view').dataset.view`) != "home" {
			a.tapTo(axeStep{tap: ".brand", view: "home"})
		}
		for _, s := range stop.steps {
			a.tapTo(s)
		}
		a.waitJS(stop.page+" drawn", `!document.querySelector('#view .loading')`)
		a.checkAxe(fmt.Sprintf("%s's %s at %s", a.who, stop.page, how), tally)
		// On a phone nothing scrolls sideways (journeys.md, "Mobile first").
		if strings.HasPrefix(how, "390") {
			if wide := a.eval(`(() => { const d = document.documentElement; return d.scrollWidth > d.clientWidth + 1 ? d.scrollWidth + ' px' : ''; })()`); wide != "" {
				a.t.Errorf("%s's %s at %s scrolls sideways: %s wide", a.who, stop.page, how, wide)
			}
			a.fitsAThumb(stop.page + " at " + how)
		}
	}
}
