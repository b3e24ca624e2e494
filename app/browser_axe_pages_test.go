package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeStep is one tap of a tour: the element to tap and the view (the
// route's name, #view's data-view) it opens.
type axeStep struct{ tap, view string }

// axeStop is one page to check, reached from home by its taps.
type axeStop struct {
	page  string
	steps []axeStep
}

// axeTours are the main pages of each demo role, each reached from home
// by taps only.
func axeTours() map[string][]axeStop {
	proposals := axeStep{"#link-proposals", "proposals"}
	meetings := axeStep{"#link-meetings", "meetings"}
	board := axeStep{"#link-board", "board"}
	moral := axeStep{"#link-moral", "moral"}
	desk := axeStep{"#link-desk", "desk"}
	common := []axeStop{
		{"home", nil},
		{"powers", []axeStep{{"#link-powers", "powers"}}},
		{"lists", []axeStep{{"#link-lists", "lists"}}},
	}
	village := append(common,
		axeStop{"notifications", []axeStep{proposals, {"#nav-notifications", "notifications"}}},
		axeStop{"proposals", []axeStep{proposals}},
		axeStop{"a proposal", []axeStep{proposals, {"#proposal-list li a", "proposal"}}},
		axeStop{"new proposal", []axeStep{proposals, {"#new-proposal", "proposal-new"}}},
		axeStop{"votes", []axeStep{proposals, {"#nav-votes", "votes"}}},
		axeStop{"a vote", []axeStep{proposals, {"#nav-votes", "votes"}, {"#vote-list-open li a", "vote"}}},
		axeStop{"hall", []axeStep{{"#link-hall", "hall"}}},
		axeStop{"meetings", []axeStep{meetings}},
		axeStop{"a past meeting", []axeStep{meetings, {"#meetings-past li a", "meeting"}}},
		axeStop{"minutes", []axeStep{meetings, {"#meetings-past li a", "meeting"}, {"#meeting-minutes li a", "minutes"}}},
		axeStop{"sign-in screen", []axeStep{{"#link-sign-in", "sign-in-code"}}},
		axeStop{"board", []axeStep{board}},
		axeStop{"a notice", []axeStep{board, {"#board-list a", "notice"}}},
		axeStop{"moral board", []axeStep{moral}},
		axeStop{"moral lists", []axeStep{moral, {"#link-moral-lists", "moral-lists"}}},
		axeStop{"moral nomination", []axeStep{moral, {"#link-nominate", "moral-nominate"}}},
		axeStop{"service desk", []axeStep{desk}},
	)
	secretary := append(append([]axeStop{}, village...),
		axeStop{"schedule form", []axeStep{{"#sec-schedule", "meeting-schedule"}}},
		axeStop{"a coming meeting", []axeStep{{"#sec-meetings", "meetings"}, {"#meetings-coming li a", "meeting"}}},
		axeStop{"meeting console", []axeStep{{"#sec-meetings", "meetings"}, {"#meetings-coming li a", "meeting"}, {"#meeting-console", "meeting-console"}}},
		axeStop{"desk queue", []axeStep{desk, {"#link-desk-queue", "desk-queue"}}},
	)
	street := append(append([]axeStop{}, common...),
		axeStop{"review queue", []axeStep{{"#link-review", "review-queue"}}},
		axeStop{"a filing", []axeStep{{"#link-review", "review-queue"}, {"#review-list li a", "review-filing"}}},
		axeStop{"dashboard", []axeStep{{"#link-dashboard", "dashboard"}}},
		axeStop{"alerts", []axeStep{{"#link-alerts", "alerts"}}},
		axeStop{"topics", []axeStep{{"#link-topics", "topics"}}},
		axeStop{"street desk", []axeStep{{"#link-street-desk", "desk-street"}}},
		axeStop{"pick a village's proposals", []axeStep{{"#link-proposals", "proposals-pick"}}},
	)
	return map[string][]axeStop{
		demoResidentPhone: village,
		"13800000002":     secretary,
		"13800000003":     street,
		"13800000004":     common,
	}
}

// settled is true once #view shows the view name, drawn afresh (its title
// is not the one of the page before) and loaded.
func settled(view string) string {
	return fmt.Sprintf(`(() => { const v = document.getElementById('view'); const h = document.getElementById('view-title');
		return v.dataset.view === %s && !!h && h !== window.axeOldTitle && h.textContent.trim() !== '' && !v.querySelector('.loading'); })()`, jsString(view))
}

// tapTo taps sel and waits for the view it opens.
func (a *actor) tapTo(s axeStep) {
	a.t.Helper()
	a.eval(`(() => { window.axeOldTitle = document.getElementById('view-title'); return ''; })()`)
	a.tap(s.tap)
	a.waitJS(a.who+": "+s.view+" after tapping "+s.tap, settled(s.view))
}

// TestBrowserPagesPassAxe logs in as each demo role (resident, secretary,
// street official, operator) and checks with axe-core the main pages of
// each, reached from home by taps, at a phone's 390 px and a desktop's
// 1280 px: no serious or critical violation. The village has a filed
// outcome (a closed meeting, published minutes, a notice, a filing with the
// street), an open vote and a coming meeting, so the pages have something
// to draw.
func TestBrowserPagesPassAxe(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 6*time.Minute)
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
	for _, phone := range []string{demoResidentPhone, "13800000002", "13800000003", "13800000004"} {
		a := newActor(t, root, phone)
		a.logIn(ta.URL, phone)
		a.waitJS(phone+" home", settled("home"))
		for _, w := range []int64{390, 1280} {
			if w == 390 {
				a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
			} else {
				a.do("a desktop's width", chromedp.EmulateViewport(1280, 900))
			}
			for _, stop := range tours[phone] {
				if a.eval(`document.getElementById('view').dataset.view`) != "home" {
					a.tapTo(axeStep{".brand", "home"})
				}
				for _, s := range stop.steps {
					a.tapTo(s)
				}
				a.checkAxe(fmt.Sprintf("%s's %s at %d px", phone, stop.page, w), tally)
			}
		}
	}
	t.Logf("axe: %s", tally)
}
