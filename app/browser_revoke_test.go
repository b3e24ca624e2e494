package main

import (
	"strings"
	"testing"
	"time"
)

// TestBrowserResidentProposesToRevokeACouncilDecision: the council of 东田社区
// decided to close the activity room at 8 pm (starting data). A resident
// writes a proposal to revoke it, picking the decision from the form's list
// by its title, and the proposal's page names the decision it revokes
// (V2026 Art. 27; U2026 Art. 30 ¶3). Once the residents' meeting has passed
// it (set up through the API: its vote is the meeting journey's), the
// revoked decision's page says so and links to the revocation.
func TestBrowserResidentProposesToRevokeACouncilDecision(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	k := propKitOn(t, ta)
	resident, secretary := ta.login(t, demoResidentPhone), ta.login(t, "13800000002")
	voters := &dtVoters{k: k}
	const decided = "活动室晚上八点关门"
	first := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": decided, "category": "other", "flow": "minor"})
	decideByCouncil(k, voters, secretary, first.ID)

	const title = "撤销活动室晚上八点关门的决定"
	R := newActor(t, root, "resident")
	R.logIn(ta.URL, demoResidentPhone)
	R.tap("#link-proposals")
	R.tap("#new-proposal")
	R.typeIn("#proposal-title", title)
	R.typeIn("#proposal-text", "晚上八点关门太早，上班的居民用不上")
	R.choose("#proposal-revokes", decided)
	R.choose("#proposal-revokes-mode", "撤销")
	R.tap("#proposal-save")
	R.see("#revokes-note", decided)
	R.see("#revokes-note", "第二十七条")
	R.tap("#submit-proposal")
	R.waitJS("submitted", `!document.getElementById('submit-proposal')`)
	loc := R.eval(`location.hash`)
	second := loc[strings.LastIndex(loc, "/")+1:]
	if d := detail(resident, k.dt, second); d.Proposal.Revokes == nil || d.Proposal.Revokes.ProposalID != first.ID {
		t.Fatalf("the proposal stored %+v", d.Proposal.Revokes)
	}

	advance(secretary, k.dt, second, "proposal", nil)
	advance(secretary, k.dt, second, "deliberation", nil)
	residentsMeetingVote(k, voters, secretary, second)

	R.tap("#revokes-note a")
	R.see("#view-title", decided)
	R.see("#revoked-note", "居民会议")
	R.see("#revoked-note", title)
	t.Logf("taps: resident %d", R.taps)
}
