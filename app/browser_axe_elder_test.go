package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// elderTours are the pages checked in elder mode (长辈模式, issue 21): the
// larger type, the folded links (opened by a tap on 更多) and the simpler
// words of home and the ballot, each reached from home by taps.
func elderTours() map[string][]axeStop {
	more := axeStep{tap: "#view nav.actions details.more > summary", see: "#view details.more[open] .more-links"}
	proposals := axeStep{tap: "#link-proposals", view: "proposals"}
	votes := axeStep{tap: "#nav-votes", view: "votes"}
	vote := axeStep{tap: "#vote-list-open li a", view: "vote"}
	common := []axeStop{{"home", nil}, {"lists", []axeStep{{tap: "#link-lists", view: "lists"}}}}
	village := append(append([]axeStop{}, common...),
		axeStop{"powers", []axeStep{more, {tap: "#link-powers", view: "powers"}}},
		axeStop{"board", []axeStep{more, {tap: "#link-board", view: "board"}}},
		axeStop{"proposals", []axeStep{proposals}},
		axeStop{"proposals, the subnav's 更多 opened", []axeStep{proposals,
			{tap: "#view nav.subnav details.more > summary", see: "#view nav.subnav details.more[open] .more-links"}}},
		axeStop{"a proposal", []axeStep{proposals, {tap: "#proposal-list li a", view: "proposal"}}},
		axeStop{"hall", []axeStep{{tap: "#link-hall", view: "hall"}}},
		axeStop{"a vote", []axeStep{proposals, votes, vote}},
		axeStop{"a ballot, confirming", []axeStep{proposals, votes, vote, {tap: `#ballot-options button[data-key="yes"]`, see: "#ballot-confirm"}}},
		axeStop{"moral board", []axeStep{{tap: "#link-moral", view: "moral"}}},
		// Last: the tour goes home only from another page, so 更多 stays open after it.
		axeStop{"home, 更多 opened", []axeStep{more}},
	)
	secretary := append(append([]axeStop{}, common...),
		axeStop{"schedule form", []axeStep{{tap: "#sec-schedule", view: "meeting-schedule"}}},
		axeStop{"schedule form, refused", []axeStep{{tap: "#sec-schedule", view: "meeting-schedule"}, {tap: "#meet-submit", see: refused}}},
		axeStop{"home, 更多 opened", []axeStep{more}},
	)
	return map[string][]axeStop{
		demoResidentPhone: village,
		"13800000002":     secretary,
		"13800000003":     common,
		"13800000004":     common,
	}
}

// TestBrowserElderModePassesAxe: each demo role turns elder mode on by the
// header's switch and tours its pages at a phone's 390 px and a desktop's
// 1280 px, then (the resident) at 390 px in English: no serious or
// critical axe-core violation, nothing scrolls sideways, and the body text
// stays at least 22 px on every page.
func TestBrowserElderModePassesAxe(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 6*time.Minute)
	allowStatus(t, 422) // the schedule form sent empty, refused in view
	k := propKitOn(t, ta)
	secretary, resident := ta.login(t, "13800000002"), ta.login(t, demoResidentPhone)
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "小区加装电梯", "category": "public_welfare"})
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "residents_meeting", "secret": true}, 201, nil)

	en := dictionary(t, ta, "en")
	tally := &axeTally{}
	tours := elderTours()
	for _, phone := range demoRoles {
		a := newActor(t, root, phone)
		a.logIn(ta.URL, phone)
		a.waitJS(phone+" home", homeSettled)
		a.tap("#elder-switch")
		a.waitJS(phone+" in elder mode", `document.documentElement.classList.contains('elder')`)
		a.waitJS(phone+" home drawn again", homeSettled)
		for _, w := range []struct {
			how    string
			action chromedp.Action[chromedp.Void]
		}{
			{"390 px in elder mode", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)},
			{"1280 px in elder mode", chromedp.EmulateViewport(1280, 900)},
		} {
			a.do(w.how, w.action)
			a.tour(tours[phone], w.how, tally)
			if px := bodyFontPx(t, a); px < 22 {
				t.Errorf("%s at %s: body text %.1f px, want at least 22", phone, w.how, px)
			}
		}
		if phone == demoResidentPhone {
			a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
			a.tap("#lang-switch")
			a.waitJS("English", `document.documentElement.lang === 'en'`)
			// The bell's count is fetched again after the switch; until then its
			// label is the Chinese one (bell.js), which axe rightly flags.
			a.waitJS("the bell in English", `(() => { const b = document.getElementById('bell');
				return b.hidden || (b.getAttribute('aria-label') || '').startsWith(`+jsString(en["bell.label"])+`); })()`)
			a.tour(tours[phone], "390 px in elder mode, in English", tally)
		}
	}
	t.Logf("axe: %s", tally)
}
