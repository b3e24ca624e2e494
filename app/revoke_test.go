package main

import (
	"testing"
)

// dtVoters are accounts of 东田社区's residents by number, each opened once.
type dtVoters struct {
	k    *propKit
	have map[string]*client
}

func (v *dtVoters) of(no string) *client {
	if v.have == nil {
		v.have = map[string]*client{}
	}
	if c, ok := v.have[no]; ok {
		return c
	}
	c := v.k.account("/gz/hd/hs/dt", no)
	v.have[no] = c
	return c
}

// decideByCouncil takes a minor-flow proposal of 东田社区 through its council
// vote: the council's four members vote yes and the secretary closes it.
func decideByCouncil(k *propKit, voters *dtVoters, secretary *client, id string) {
	k.t.Helper()
	advance(secretary, k.dt, id, "proposal", nil)
	advance(secretary, k.dt, id, "deliberation", nil)
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	var v struct{ ID string }
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": id, "meeting_kind": "council", "body_id": "council"}, 201, &v)
	for _, no := range []string{"R001", "R009", "R013"} {
		voters.of(no).mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	// Closing the vote completes the proposal's vote step.
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
}

// residentsMeetingVote opens a residents' meeting vote on a proposal of
// 东田社区 and has nine of its fifteen adults vote yes, so it passes; its
// close completes the proposal's vote step.
func residentsMeetingVote(k *propKit, voters *dtVoters, secretary *client, id string) string {
	k.t.Helper()
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	var v struct{ ID string }
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": id, "meeting_kind": "residents_meeting"}, 201, &v)
	for _, no := range []string{"R001", "R002", "R006", "R007", "R009", "R010", "R011", "R013"} {
		voters.of(no).mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
	return v.ID
}

// TestV2026Art27RevokingADecisionShowsOnTheRevokedOne: in 东田社区 the council
// decided to close the activity room at 8 pm. A resident proposes to revoke
// that decision (U2026 Art. 30 ¶3; V2026 Art. 27), picking it from the list
// of decisions that may be revoked. The council cannot decide its own
// revocation; the residents' meeting can, and once it has, the revoked
// decision's page names the revocation. A residents' meeting's own decision
// cannot be named, nor a proposal that decided nothing.
func TestV2026Art27RevokingADecisionShowsOnTheRevokedOne(t *testing.T) {
	k := newPropKit(t)
	resident, secretary := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002")
	voters := &dtVoters{k: k}
	first := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "活动室晚上八点关门", "category": "other", "flow": "minor"})
	base := "/api/v1/orgs/" + k.dt
	body := func(target, mode string) map[string]any {
		return map[string]any{"body_id": "council", "title": "撤销活动室晚上八点关门的决定", "category": "other", "flow": "minor",
			"revokes": map[string]any{"proposal_id": target, "mode": mode}}
	}
	// Nothing decided yet: nothing to revoke.
	e := resident.mustError("POST", proposalsPath(k.dt), body(first.ID, "revoke"), 422, "invalid_fields")
	if _, ok := e.Error.Fields["revokes.proposal_id"]; !ok {
		t.Errorf("refusal of an undecided target: %+v", e.Error)
	}
	resident.mustError("POST", proposalsPath(k.dt), body(first.ID, "annul"), 422, "invalid_fields")

	decideByCouncil(k, voters, secretary, first.ID)
	var rev struct {
		Decisions []struct {
			ID, Title string
			DecidedBy string `json:"decided_by"`
		}
	}
	resident.mustJSON("GET", base+"/revocable-decisions", nil, 200, &rev)
	if len(rev.Decisions) != 1 || rev.Decisions[0].ID != first.ID || rev.Decisions[0].DecidedBy != "council" {
		t.Fatalf("revocable decisions %+v", rev.Decisions)
	}

	second := submitted(resident, k.dt, body(first.ID, "revoke"))
	advance(secretary, k.dt, second.ID, "proposal", nil)
	advance(secretary, k.dt, second.ID, "deliberation", nil)
	// The council does not revoke its own decision: no vote on it opens.
	votes := base + "/votes"
	refusal := secretary.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": second.ID, "meeting_kind": "council", "body_id": "council"}, 422, "revocation_meeting")
	if d := detail(resident, k.dt, first.ID); d.RevokedBy != nil {
		t.Fatalf("revoked by a refused vote: %+v", d.RevokedBy)
	}
	if refusal.Error.MessageEn == "" || refusal.Error.Message == "" {
		t.Errorf("refusal %+v", refusal.Error)
	}

	residentsMeetingVote(k, voters, secretary, second.ID) // its close completes the vote step
	d := detail(resident, k.dt, first.ID)
	if d.RevokedBy == nil || d.RevokedBy.ID != second.ID || d.RevokedBy.Mode != "revoke" || d.RevokedBy.Meeting != "residents_meeting" {
		t.Fatalf("the revoked decision shows %+v", d.RevokedBy)
	}
	if r := detail(resident, k.dt, second.ID).Proposal.Revokes; r == nil || r.ProposalID != first.ID || r.DecidedBy != "council" {
		t.Errorf("the revoking proposal names %+v", r)
	}
	// The residents' meeting's own decision is not revoked under Art. 27.
	resident.mustError("POST", proposalsPath(k.dt), body(second.ID, "change"), 422, "not_revocable")
}
