package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMeetingCompletesProposalStepsThroughHTTP: a minor matter on a council
// meeting's agenda moves on as the meeting acts, with nobody completing a
// step by hand: closing its vote completes the council's proposal and
// deliberation steps (done at the meeting) and the vote step with the
// vote's outcome; publishing the minutes, which opens the resolution's
// notice, completes the publication step, and the matter is complete. Each
// entry names the secretary who acted. A second matter voted down on the
// same agenda ends not adopted and opens no notice.
func TestMeetingCompletesProposalStepsThroughHTTP(t *testing.T) {
	ta := startTestApp(t)
	k := propKitOn(t, ta)
	secretary, resident := ta.login(t, "13800000002"), ta.login(t, demoResidentPhone)
	chair, member := k.account("/gz/hd/hs/dt", "R001", "resident", "council_member"), k.account("/gz/hd/hs/dt", "R009")
	base := "/api/v1/orgs/" + k.dt
	yes := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	no := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "楼顶加装广告牌", "category": "other", "flow": "minor"})
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "社区活动室", "agenda": []string{yes.ID, no.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct{ Code string }
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	council := []*client{chair, secretary, member}
	for _, c := range council {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
	var voteIDs []string
	for _, x := range []struct {
		id, choice string
	}{{yes.ID, "yes"}, {no.ID, "no"}} {
		var v struct{ ID string }
		secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": x.id, "meeting_id": m.ID}, 201, &v)
		for _, c := range council {
			c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{x.choice}}, 201, nil)
		}
		secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
		voteIDs = append(voteIDs, v.ID)
	}
	steps := func(id string) (string, string, []string) {
		p := detail(secretary, k.dt, id).Proposal
		var got []string
		for _, h := range p.History {
			if h.Step != "" && h.Action != "submit" {
				got = append(got, h.Step+":"+h.Action+":"+h.Role)
			}
		}
		return p.Status, p.Current.Key, got
	}
	status, at, got := steps(yes.ID)
	want := []string{"proposal:deliberated_at_meeting:secretary", "deliberation:deliberated_at_meeting:secretary", "vote:vote_passed:secretary"}
	if status != "in_progress" || at != "publication" || !slices.Equal(got, want) {
		t.Errorf("after its vote closed: %s at %s, %v\nwant in_progress at publication, %v", status, at, got, want)
	}
	if status, at, got := steps(no.ID); status != "not_adopted" || at != "vote" || got[len(got)-1] != "vote:not_adopted:secretary" {
		t.Errorf("the matter voted down: %s at %s, %v", status, at, got)
	}

	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": voteIDs}, 201, nil)
	for _, c := range council {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	var pub struct {
		Notices []struct {
			ProposalID string `json:"proposal_id"`
		} `json:"notices"`
	}
	secretary.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	if len(pub.Notices) != 1 || pub.Notices[0].ProposalID != yes.ID {
		t.Fatalf("publishing opened %+v, want the adopted matter's notice only", pub.Notices)
	}
	status, at, got = steps(yes.ID)
	if want := append(want, "publication:notice_opened:secretary"); status != "completed" || !slices.Equal(got, want) {
		t.Errorf("after the notice opened: %s at %s, %v\nwant completed, %v", status, at, got, want)
	}
	if status, _, _ := steps(no.ID); status != "not_adopted" {
		t.Errorf("the matter voted down is %s after the publication", status)
	}
	// Each move is in the village's audit chain, as the secretary's own.
	var chain struct {
		Entries []struct{ Action, Object, Detail, Role string }
	}
	ta.login(t, "13800000003").mustJSON("GET", base+"/audit?limit=500", nil, 200, &chain)
	var moves []string
	for _, e := range chain.Entries {
		if e.Action == "proposal.advance" {
			moves = append(moves, e.Object+" "+e.Detail[:strings.IndexByte(e.Detail, '/')]+" "+e.Role)
		}
	}
	if want := []string{yes.ID + " vote secretary", no.ID + " vote secretary", yes.ID + " notice secretary"}; !slices.Equal(moves, want) {
		t.Errorf("the chain's proposal moves %v, want %v", moves, want)
	}
}
