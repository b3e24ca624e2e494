package main

import (
	"testing"
	"time"
)

// TestBrowserSecretaryCompletesStepsPickingTheVote: a major matter's steps
// completed on its page by taps, each saying what happened: the Party
// branch's proposal, the two committees' deliberation, the Party members'
// review with its three counts typed in, then the resolution, passed by
// picking the residents' meeting's closed vote from the proposal's votes
// by its title (no vote id typed). The vote was held and closed before the
// proposal reached its resolution step (starting data through the API),
// so closing it moved nothing; the page is where the secretary catches up.
func TestBrowserSecretaryCompletesStepsPickingTheVote(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 2*time.Minute)
	k := propKitOn(t, ta)
	zh := dictionary(t, ta, "zh")
	const title = "处置闲置的社区活动室"
	resident, secretary := ta.login(t, demoResidentPhone), ta.login(t, "13800000002")
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": title, "body": "出租给老年食堂", "category": "collective_property"})
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	var v struct{ ID string }
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "residents_meeting"}, 201, &v)
	for _, no := range []string{"R001", "R002", "R006", "R007", "R009", "R010", "R011"} {
		k.account("/gz/hd/hs/dt", no).mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	for _, c := range []*client{resident, secretary} {
		c.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"no"}}, 201, nil)
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
	if d := detail(secretary, k.dt, p.ID); d.Proposal.Current.Key != "party_branch_proposal" {
		t.Fatalf("the close moved a proposal waiting on its Party steps to %s", d.Proposal.Current.Key)
	}

	A := newActor(t, root, "secretary")
	A.logIn(ta.URL, "13800000002")
	A.tap("#link-proposals")
	A.tapText("#proposal-list li a", title)
	A.typeIn("#advance-note", "党支部提议")
	A.tap("#advance-submit")
	A.see("#action-said", "已完成“村党组织提议”")
	A.tap("#advance-submit")
	A.see("#action-said", "现在这一步：党员大会审议")
	A.typeIn("#review-members", "12")
	A.typeIn("#review-present", "8")
	A.typeIn("#review-approve", "5")
	A.tap("#advance-submit")
	A.see("#action-said", "已完成“党员大会审议”")
	A.see("#advance-vote", zh["advance.adopted"])
	A.choose("#advance-vote", title)
	A.tap("#advance-submit")
	A.see("#action-said", "现在这一步：决议公开")
	A.waitJS("the resolution done", `!!document.querySelector('#timeline li.step-done[data-step="resolution"]')`)
	A.see(`#timeline li[data-step="resolution"]`, zh["action.vote_passed"])
	if d := detail(secretary, k.dt, p.ID); d.Proposal.Current.Key != "resolution_publication" {
		t.Errorf("after the page's steps the proposal is at %s", d.Proposal.Current.Key)
	}
	t.Logf("taps: secretary %d", A.taps)
}
