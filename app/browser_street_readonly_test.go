package main

import (
	"strings"
	"testing"
	"time"
)

// streetForbidden are the buttons and forms of proposing, signing, voting,
// recording and editing: none may show to a street official (journeys.md,
// "Street official" 5), who reviews and answers but never decides.
var streetForbidden = []string{"#new-proposal", "#edit-proposal", "#submit-proposal", "#cosign", "#withdraw-cosign", "#support",
	"#escalate", "#advance-form", "#opinion-form", "#ballot-options button", "#sec-schedule", "#meeting-console", "#minutes-save",
	"#link-sign-in", "#board-publish", "#proj-new"}

// TestBrowserStreetOfficialHasNoWriteButtons: the street official, from
// the root address by taps, opens home, a village's proposals and its
// votes: no button to propose, sign, vote, record or edit
// shows on any of them.
func TestBrowserStreetOfficialHasNoWriteButtons(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 2*time.Minute)
	off := newActor(t, root, "street official")
	off.logIn(ta.URL, "13800000003")
	check := func(page string) {
		t.Helper()
		if got := off.eval(`[...document.querySelectorAll(` + jsString(strings.Join(streetForbidden, ", ")) + `)].map((e) => '#' + e.id + ' ' + e.textContent.trim()).join(' | ')`); got != "" {
			t.Errorf("%s shows to the street official: %s", page, got)
		}
	}
	check("home")
	off.tapTo(axeStep{tap: "#link-proposals", view: "proposals-pick"})
	off.tapText("#view a.card-title", "东田社区")
	off.waitJS("东田社区's proposals", settled("proposals"))
	check("a village's proposals")
	off.tapTo(axeStep{tap: "#nav-votes", view: "votes"})
	check("the votes")
}
