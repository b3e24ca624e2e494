package main

import (
	"testing"
	"time"
)

// TestBrowserLivePagesPassAxe checks with axe-core, at 390 px and at
// 1280 px, the two pages of a meeting in progress: the live vote board
// (vote-live.js), reached by the secretary from home by taps, and the
// page the console's QR code opens (meeting-sign-in.js), opened by a
// council member at the address the console shows; no serious or
// critical violation. The village has an open council meeting with a vote
// open on its agenda item.
func TestBrowserLivePagesPassAxe(t *testing.T) {
	allowStatus(t, 409) // the second visit of the QR address: already signed in, shown as done
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 4*time.Minute)
	p := seedCycle(t, ta)
	base := "/api/v1/orgs/" + p.k.dt
	prop := submitted(p.resident, p.k.dt, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	var m meetingView
	p.secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "十二月议事会",
		"place": "社区活动室", "agenda": []string{prop.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	p.secretary.mustJSON("POST", base+"/meetings/"+m.ID+"/open", nil, 200, nil)
	p.secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": prop.ID, "meeting_id": m.ID}, 201, nil)

	tally := &axeTally{}
	votes := []axeStep{{tap: "#link-proposals", view: "proposals"}, {tap: "#nav-votes", view: "votes"}, {tap: "#vote-list-open li a", view: "vote"}}
	sec := tourAtBothWidths(t, root, ta, "13800000002", []axeStop{
		{"live vote board", append(votes, axeStep{tap: "#link-live", view: "vote-live"})},
	}, tally)
	// The address the console's QR code encodes, read from the console.
	sec.tapTo(axeStep{tap: ".brand", view: "home"})
	sec.tapTo(axeStep{tap: `#sec-today-list li[data-kind="meeting_today"] a`, view: "meeting-console"})
	sec.waitJS("the QR address", `!!(document.getElementById('sign-in-qr')||{dataset:{}}).dataset.address`)
	address := sec.eval(`document.getElementById('sign-in-qr').dataset.address`)
	tourAtBothWidths(t, root, ta, p.phones["R001"], []axeStop{
		{"QR sign-in page", []axeStep{{open: address, view: "meeting-sign-in"}}},
	}, tally)
	t.Logf("axe: %s", tally)
}
