package main

import (
	"net/url"
	"strings"
	"testing"
)

// villageVoters are accounts of a village's residents by number, each
// opened once.
type villageVoters struct {
	k    *propKit
	path string
	have map[string]*client
}

func (v *villageVoters) of(no string) *client {
	if v.have == nil {
		v.have = map[string]*client{}
	}
	if c, ok := v.have[no]; ok {
		return c
	}
	c := v.k.account(v.path, no)
	v.have[no] = c
	return c
}

// passVote takes a minor-flow proposal through its first two steps and a
// vote of the meeting kind, in which the residents numbered yes vote yes
// and the secretary closes it; the close completes the proposal's vote step.
func passVote(k *propKit, village string, voters *villageVoters, secretary *client, id, meeting string, yes ...string) {
	k.t.Helper()
	advance(secretary, village, id, "proposal", nil)
	advance(secretary, village, id, "deliberation", nil)
	votes := "/api/v1/orgs/" + village + "/votes"
	open := map[string]any{"subject_kind": "proposal", "subject_id": id, "meeting_kind": meeting}
	if meeting == "council" {
		open["body_id"] = "council"
	}
	var v struct{ ID string }
	secretary.mustJSON("POST", votes, open, 201, &v)
	for _, no := range yes {
		voter := secretary
		if no != "R005" {
			voter = voters.of(no)
		}
		voter.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
}

// revokeKit is 小罗村 with a representatives' meeting of three (R002, R003,
// R006), a council decision, and a proposal to revoke it past its
// deliberation.
type revokeKit struct {
	k                  *propKit
	voters             *villageVoters
	secretary          *client
	decision, revoking propView
}

const (
	xlDecided  = "村口停车场按月收费"
	xlRevoking = "撤销村口停车场按月收费的决定"
	xlAuthorig = "授权村民代表会议撤销或者变更村民委员会不适当的决定"
)

var xlVillagersYes = []string{"R001", "R002", "R003", "R005", "R006", "R007", "R009", "R010"}

func newRevokeKit(t *testing.T, ta *testApp) *revokeKit {
	t.Helper()
	k := propKitOn(t, ta)
	r := &revokeKit{k: k, voters: &villageVoters{k: k, path: xlPath}}
	r.secretary = k.account(xlPath, "R005", "resident", "council_member", "secretary")
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "representatives", "kind": "association",
		"name": "村民代表", "members": seats([]string{"R002", "R003", "R006"})}, 201, nil)
	proposer := r.voters.of("R003")
	r.decision = submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": xlDecided, "category": "other", "flow": "minor"})
	passVote(k, k.xl, r.voters, r.secretary, r.decision.ID, "council", "R001", "R009", "R013", "R005")
	r.revoking = submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": xlRevoking, "category": "other", "flow": "minor",
		"revokes": map[string]any{"proposal_id": r.decision.ID, "mode": "revoke"}})
	advance(r.secretary, k.xl, r.revoking.ID, "proposal", nil)
	advance(r.secretary, k.xl, r.revoking.ID, "deliberation", nil)
	return r
}

// adoptAuthorisation has the villagers' meeting adopt the resolution that
// authorises the representatives' meeting (8 of the 15 adults vote yes).
func (r *revokeKit) adoptAuthorisation() propView {
	r.k.t.Helper()
	p := submitted(r.voters.of("R003"), r.k.xl, map[string]any{"body_id": "council", "title": xlAuthorig, "category": "other", "flow": "minor"})
	passVote(r.k, r.k.xl, r.voters, r.secretary, p.ID, "villagers_meeting", xlVillagersYes...)
	return p
}

// representativesVote opens the representatives' meeting's vote on the
// revocation: 201 and its id, or the refusal.
func (r *revokeKit) openRepresentativesVote(status int, code string) string {
	r.k.t.Helper()
	votes := "/api/v1/orgs/" + r.k.xl + "/votes"
	body := map[string]any{"subject_kind": "proposal", "subject_id": r.revoking.ID, "meeting_kind": "representatives_meeting"}
	if status != 201 {
		e := r.secretary.mustError("POST", votes, body, status, code)
		if !strings.Contains(e.Error.Message, "第二十七条") || !strings.Contains(e.Error.MessageEn, "V2026 Art. 27") {
			r.k.t.Errorf("the refusal does not quote V2026 Art. 27: %s / %s", e.Error.Message, e.Error.MessageEn)
		}
		return ""
	}
	var v struct{ ID string }
	r.secretary.mustJSON("POST", votes, body, 201, &v)
	return v.ID
}

// TestV2026Art27Para2RepresentativesRevokeAsAuthorised: in 小罗村 the council
// decided a monthly parking fee. A villager proposes to revoke it. Without an
// authorisation the representatives' meeting cannot vote on it (V2026 Art. 27
// ¶2 quoted); an authorisation of V2026 Art. 28 matters only does not cover
// it either. The villagers' meeting adopts an authorisation; the secretary
// records it by picking that decision (a council decision cannot stand for
// it); now the representatives' meeting revokes the fee, and the fee's page
// says so. The representatives' meeting still cannot revoke its own
// decision: that is outside any authorisation.
func TestV2026Art27Para2RepresentativesRevokeAsAuthorised(t *testing.T) {
	r := newRevokeKit(t, startTestApp(t))
	k, secretary := r.k, r.secretary
	base := "/api/v1/orgs/" + k.xl
	r.openRepresentativesVote(422, "revocation_not_authorised")

	// An authorisation of Art. 28 matters only: still outside it.
	secretary.mustJSON("PUT", base+"/authorisation", map[string]any{"categories": []string{"homestead"},
		"resolved_on": "2025-03-01", "resolution_ref": "村民会议决议〔2025〕1号"}, 200, nil)
	r.openRepresentativesVote(422, "revocation_not_authorised")

	adopted := r.adoptAuthorisation()
	var listed struct {
		Decisions []struct{ ID, Title string } `json:"decisions"`
	}
	secretary.mustJSON("GET", base+"/authorising-decisions", nil, 200, &listed)
	if len(listed.Decisions) != 1 || listed.Decisions[0].ID != adopted.ID {
		t.Fatalf("the villagers' meeting's decisions %+v, want only %s", listed.Decisions, adopted.ID)
	}
	r.voters.of("R003").mustError("GET", base+"/authorising-decisions", nil, 403, "forbidden")
	e := secretary.mustError("PUT", base+"/authorisation", map[string]any{"revocations": true, "resolution_id": r.decision.ID}, 422, "invalid_fields")
	if _, ok := e.Error.Fields["resolution_id"]; !ok {
		t.Errorf("a council decision taken for the authorisation: %+v", e.Error)
	}
	var set struct {
		Authorisation struct {
			Revocations   bool
			ResolutionRef string `json:"resolution_ref"`
			ResolvedOn    string `json:"resolved_on"`
			ResolutionID  string `json:"resolution_id"`
		} `json:"authorisation"`
	}
	secretary.mustJSON("PUT", base+"/authorisation", map[string]any{"revocations": true, "resolution_id": adopted.ID}, 200, &set)
	if a := set.Authorisation; !a.Revocations || a.ResolutionRef != xlAuthorig || a.ResolutionID != adopted.ID || a.ResolvedOn == "" {
		t.Fatalf("recorded %+v", a)
	}

	id := r.openRepresentativesVote(201, "")
	for _, no := range []string{"R002", "R003"} {
		r.voters.of(no).mustJSON("POST", base+"/votes/"+id+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+id+"/close", nil, 200, nil)
	d := detail(secretary, k.xl, r.decision.ID)
	if d.RevokedBy == nil || d.RevokedBy.ID != r.revoking.ID || d.RevokedBy.Meeting != "representatives_meeting" {
		t.Fatalf("the revoked decision shows %+v", d.RevokedBy)
	}
	// The proposals list shows it too (V2026 Art. 27: everywhere it appears).
	var list struct {
		Items []struct {
			ID        string
			RevokedBy *struct{ ID, Meeting string } `json:"revoked_by"`
		} `json:"items"`
	}
	r.voters.of("R003").mustJSON("GET", proposalsPath(k.xl), nil, 200, &list)
	marked := 0
	for _, it := range list.Items {
		if it.RevokedBy != nil {
			marked++
			if it.ID != r.decision.ID || it.RevokedBy.ID != r.revoking.ID || it.RevokedBy.Meeting != "representatives_meeting" {
				t.Errorf("list item %s marked %+v", it.ID, it.RevokedBy)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d list items marked revoked, want the one decision", marked)
	}
	r.voters.of("R003").mustJSON("GET", "/api/v1/orgs/"+k.xl+"/search?q="+url.QueryEscape(xlDecided), nil, 200, &list)
	found := false
	for _, it := range list.Items {
		if it.ID == r.decision.ID {
			found = it.RevokedBy != nil && it.RevokedBy.ID == r.revoking.ID
		} else if it.RevokedBy != nil {
			t.Errorf("search result %s marked revoked", it.ID)
		}
	}
	if !found {
		t.Errorf("the search does not show the decision revoked: %+v", list.Items)
	}

	// Outside the authorisation: the representatives' meeting's own decision.
	own := submitted(r.voters.of("R003"), k.xl, map[string]any{"body_id": "council", "title": "代表会议定的卫生值日表", "category": "other", "flow": "minor"})
	passVote(k, k.xl, r.voters, secretary, own.ID, "representatives_meeting", "R002", "R003")
	r.revoking = submitted(r.voters.of("R003"), k.xl, map[string]any{"body_id": "council", "title": "撤销卫生值日表", "category": "other", "flow": "minor",
		"revokes": map[string]any{"proposal_id": own.ID, "mode": "change"}})
	advance(secretary, k.xl, r.revoking.ID, "proposal", nil)
	advance(secretary, k.xl, r.revoking.ID, "deliberation", nil)
	r.openRepresentativesVote(422, "revocation_meeting")

	// Withdrawn (an empty record): outside it again.
	secretary.mustJSON("PUT", base+"/authorisation", map[string]any{"categories": []string{}, "resolved_on": "2025-04-01", "resolution_ref": "撤回授权"}, 200, nil)
	r.revoking = submitted(r.voters.of("R003"), k.xl, map[string]any{"body_id": "council", "title": "再次撤销停车收费", "category": "other", "flow": "minor",
		"revokes": map[string]any{"proposal_id": r.decision.ID, "mode": "change"}})
	advance(secretary, k.xl, r.revoking.ID, "proposal", nil)
	advance(secretary, k.xl, r.revoking.ID, "deliberation", nil)
	r.openRepresentativesVote(422, "revocation_not_authorised")
}
