package main

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// propKit is the proposal tests' toolbox: the app, the operator who makes
// accounts for residents the demo has none for, and the village IDs.
type propKit struct {
	t        testing.TB
	ta       *testApp
	operator *client
	dt, xl   string // 东田社区 (urban community) and 小罗村 (rural village)
}

func newPropKit(t *testing.T) *propKit {
	t.Helper()
	return propKitOn(t, startTestApp(t))
}

func propKitOn(t testing.TB, ta *testApp) *propKit {
	t.Helper()
	return &propKit{t: t, ta: ta, operator: ta.login(t, "13800000004"),
		dt: ta.orgID(t, "/gz/hd/hs/dt"), xl: ta.orgID(t, "/gz/hd/hs/xl")}
}

var propPhones atomic.Int64

// account creates an account for a resident of the register, with the given
// roles over the village (resident if none), and logs it in. The demo has
// 20 residents per village but accounts for only a few of them.
func (k *propKit) account(villagePath, residentNo string, roles ...string) *client {
	k.t.Helper()
	if len(roles) == 0 {
		roles = []string{"resident"}
	}
	var assignments []map[string]string
	for _, r := range roles {
		assignments = append(assignments, map[string]string{"role": r, "scope": villagePath})
	}
	phone := fmt.Sprintf("136%08d", propPhones.Add(1))
	k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{
		"phone": phone, "name": "居民" + residentNo, "password": demoPassword, "roles": assignments,
		"village_id": k.ta.orgID(k.t, villagePath), "resident_no": residentNo,
	}, 201, nil)
	return k.ta.login(k.t, phone)
}

// propView is a proposal as the API returns it.
type propView struct {
	Revokes *struct {
		ProposalID string `json:"proposal_id"`
		DecidedBy  string `json:"decided_by"`
	} `json:"revokes"`
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Status  string `json:"status"`
	Art24   bool   `json:"art24"`
	Current struct {
		Key string `json:"key"`
	} `json:"current"`
	Flow struct {
		Key     string `json:"key"`
		Version int    `json:"version"`
		Steps   []struct {
			Key string `json:"key"`
		} `json:"steps"`
	} `json:"flow"`
	History []struct {
		Step   string `json:"step"`
		Action string `json:"action"`
		Actor  string `json:"actor"`
		Role   string `json:"role"`
		At     string `json:"at"`
	} `json:"history"`
	Counts struct {
		Signatures      int `json:"signatures"`
		Adults          int `json:"adults"`
		HouseholdHeads  int `json:"household_heads"`
		Representatives int `json:"representatives"`
	} `json:"counts"`
	Threshold *struct {
		Routes []struct {
			Counts   string `json:"counts"`
			Required int    `json:"required"`
		} `json:"routes"`
	} `json:"threshold"`
	SignaturesLocked bool `json:"signatures_locked"`
	Obligation       *struct {
		Meeting  string    `json:"meeting"`
		Deadline time.Time `json:"deadline"`
		BasisZh  string    `json:"basis_zh"`
	} `json:"obligation"`
	FromTopic   string `json:"from_topic"`
	EscalatedTo string `json:"escalated_to"`
}

type propDetail struct {
	Proposal propView `json:"proposal"`
	Viewer   struct {
		Proposer, Signed, Following bool
	} `json:"viewer"`
	Amendments []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"amendments"`
	Attachments []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Size int    `json:"size"`
	} `json:"attachments"`
	Topic     *struct{ ID string }                `json:"topic"`
	Escalated *struct{ ID string }                `json:"escalated"`
	RevokedBy *struct{ ID, Mode, Meeting string } `json:"revoked_by"`
}

func proposalsPath(village string, rest ...string) string {
	return "/api/v1/orgs/" + village + "/proposals" + strings.Join(rest, "")
}

// draft creates a draft and returns it.
func draft(c *client, village string, body map[string]any) propView {
	c.t.Helper()
	var p propView
	c.mustJSON("POST", proposalsPath(village), body, 201, &p)
	return p
}

// submitted creates and submits a proposal.
func submitted(c *client, village string, body map[string]any) propView {
	c.t.Helper()
	p := draft(c, village, body)
	c.mustJSON("POST", proposalsPath(village, "/", p.ID, "/submit"), nil, 200, &p)
	return p
}

// advance completes the named step.
func advance(c *client, village, id, step string, extra map[string]any) propView {
	c.t.Helper()
	body := map[string]any{"step": step}
	for k, v := range extra {
		body[k] = v
	}
	var p propView
	c.mustJSON("POST", proposalsPath(village, "/", id, "/advance"), body, 200, &p)
	return p
}

func detail(c *client, village, id string) propDetail {
	c.t.Helper()
	var d propDetail
	c.mustJSON("GET", proposalsPath(village, "/", id), nil, 200, &d)
	return d
}

// The 4+2 flow through HTTP, every step up to the statutory vote, with the
// refusals on the way: wrong role, wrong order, missing review counts, a
// review without quorum, and the vote step that needs a vote.
func TestFourPlusTwoThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, secretary, official := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002"), k.ta.login(t, "13800000003")
	neighbour := k.account("/gz/hd/hs/dt", "R002")

	p := draft(resident, k.dt, map[string]any{"body_id": "council", "title": "处置闲置的社区活动室", "body": "草稿", "category": "collective_property"})
	if p.Status != "draft" || !p.Art24 {
		t.Fatalf("draft: %+v", p)
	}
	// Only the proposer sees and changes a draft.
	official.mustError("GET", proposalsPath(k.dt, "/", p.ID), nil, 404, "proposal_not_found")
	neighbour.mustError("PUT", proposalsPath(k.dt, "/", p.ID), map[string]any{"body_id": "council", "title": "改", "category": "other"}, 404, "proposal_not_found")
	resident.mustJSON("PUT", proposalsPath(k.dt, "/", p.ID), map[string]any{"body_id": "council", "title": "处置闲置的社区活动室", "body": "出租给老年食堂", "category": "collective_property"}, 200, &p)
	resident.mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/submit"), nil, 200, &p)
	if p.Status != "submitted" || p.Flow.Key != "four_plus_two" || p.Flow.Version != 1 || p.Current.Key != "party_branch_proposal" {
		t.Fatalf("submitted: %s %s@%d at %s", p.Status, p.Flow.Key, p.Flow.Version, p.Current.Key)
	}
	resident.mustError("PUT", proposalsPath(k.dt, "/", p.ID), map[string]any{"body_id": "council", "title": "改", "category": "other"}, 409, "not_draft")

	path := proposalsPath(k.dt, "/", p.ID, "/advance")
	resident.mustError("POST", path, map[string]any{"step": "party_branch_proposal"}, 403, "forbidden")
	official.mustError("POST", path, map[string]any{"step": "party_branch_proposal"}, 403, "forbidden")
	secretary.mustError("POST", path, map[string]any{"step": "committees_deliberation"}, 409, "wrong_step")
	p = advance(secretary, k.dt, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})

	opinions := proposalsPath(k.dt, "/", p.ID, "/opinions")
	resident.mustError("POST", opinions, map[string]any{"opinion": "support"}, 403, "forbidden")
	secretary.mustError("POST", opinions, map[string]any{"opinion": "maybe"}, 422, "invalid_fields")
	secretary.mustJSON("POST", opinions, map[string]any{"opinion": "support", "note": "同意出租"}, 200, nil)
	p = advance(secretary, k.dt, p.ID, "committees_deliberation", nil)

	secretary.mustError("POST", path, map[string]any{"step": "party_members_review"}, 422, "invalid_fields")
	secretary.mustError("POST", path, map[string]any{"step": "party_members_review", "review": map[string]int{"members": 12, "present": 7, "approve": 7}}, 422, "review_quorum")
	p = advance(secretary, k.dt, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 12, "present": 8, "approve": 5}})

	// The statutory vote: nothing but a closed, passed vote passes it.
	secretary.mustError("POST", path, map[string]any{"step": "resolution"}, 409, "vote_required")
	secretary.mustError("POST", path, map[string]any{"step": "resolution", "vote_id": "v1"}, 404, "vote_not_found")
	secretary.mustError("POST", path, map[string]any{"step": "resolution_publication"}, 409, "wrong_step")

	d := detail(official, k.dt, p.ID)
	var got []string
	for _, h := range d.Proposal.History {
		if h.Actor == "" || h.At == "" {
			t.Errorf("history entry without actor or time: %+v", h)
		}
		got = append(got, h.Step+":"+h.Action+":"+h.Role)
	}
	want := []string{":create:resident", ":edit:resident", "party_branch_proposal:submit:resident", "party_branch_proposal:complete:secretary",
		"committees_deliberation:opinion:council_member", "committees_deliberation:complete:secretary", "party_members_review:review_passed:secretary"}
	if !slices.Equal(got, want) {
		t.Errorf("timeline %v\nwant %v", got, want)
	}

	// V2026 Art. 28: the council may not decide it; the residents' meeting of this
	// urban community may.
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	secretary.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 422, "art24_routing")
	var v struct{ ID string }
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "residents_meeting"}, 201, &v)
	secretary.mustError("POST", path, map[string]any{"step": "resolution", "vote_id": v.ID}, 409, "")
	neighbour.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil) // R002
	for _, no := range []string{"R001", "R006", "R007", "R009", "R010", "R011"} {
		k.account("/gz/hd/hs/dt", no).mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	for _, c := range []*client{resident, secretary} {
		c.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"no"}}, 201, nil)
	}
	official.mustError("POST", votes+"/"+v.ID+"/close", nil, 403, "negative_list")
	var closed struct {
		Result struct {
			Voters        int  `json:"voters"`
			AttendanceMet bool `json:"attendance_met"`
			Adopted       bool `json:"adopted"`
		} `json:"result"`
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, &closed)
	if closed.Result.Voters != 9 || !closed.Result.AttendanceMet || !closed.Result.Adopted {
		t.Fatalf("9 of 15 adults, 7 yes: %+v", closed.Result)
	}
	// Closing the vote completed the resolution step (app/wire_steps.go).
	if p = detail(secretary, k.dt, p.ID).Proposal; p.Current.Key != "resolution_publication" {
		t.Fatalf("after the vote closed: %+v", p)
	}
	p = advance(secretary, k.dt, p.ID, "resolution_publication", nil)
	p = advance(secretary, k.dt, p.ID, "result_publication", nil)
	if p.Status != "completed" {
		t.Fatalf("after the two disclosures: %+v", p)
	}
	if d.Proposal.Current.Key != "resolution" {
		t.Errorf("at %s, want resolution", d.Proposal.Current.Key)
	}
	var audit struct {
		Entries []struct{ Action string } `json:"entries"`
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/audit", nil, 200, &audit)
	var actions []string
	for _, e := range audit.Entries {
		actions = append(actions, e.Action)
	}
	for _, a := range []string{"proposal.create", "proposal.edit", "proposal.submit", "proposal.advance", "proposal.deliberate"} {
		if !slices.Contains(actions, a) {
			t.Errorf("audit log lacks %s: %v", a, actions)
		}
	}
	var verify struct{ OK bool }
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/audit/verify", nil, 200, &verify)
	if !verify.OK {
		t.Error("audit chain broken")
	}
}

// The short flow through HTTP up to its vote, and no board flow; a
// council member who does not sit in the council cannot deliberate there;
// a village's adjusted flow applies to new proposals only.
func TestShortAndAdjustedFlowsThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	resident := k.account(xlPath, "R003")
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	outsider := k.account(xlPath, "R010", "resident", "council_member") // R010 sits on the board, not the council

	p := submitted(resident, k.xl, map[string]any{"body_id": "council", "title": "周末放映露天电影", "category": "culture"})
	if p.Flow.Key != "minor" {
		t.Fatalf("flow %s, want minor", p.Flow.Key)
	}
	p = advance(secretary, k.xl, p.ID, "proposal", nil)
	outsider.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/opinions"), map[string]any{"opinion": "oppose"}, 403, "not_member")
	secretary.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/opinions"), map[string]any{"opinion": "support"}, 200, nil)
	p = advance(secretary, k.xl, p.ID, "deliberation", nil)
	secretary.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/advance"), map[string]any{"step": "vote"}, 409, "vote_required")

	// A moral case is no proposal: it goes through the moral review, with
	// notice, recusal and appeal (TestMoralCaseIsNoProposal in proposal).
	for _, flow := range []string{"", "minor", "board"} {
		e := resident.mustError("POST", proposalsPath(k.xl), map[string]any{"body_id": "moralboard", "title": "表彰好媳妇", "category": "filial_piety", "flow": flow}, 422, "invalid_fields")
		if _, ok := e.Error.Fields["body_id"]; !ok && flow != "board" {
			t.Errorf("flow %q: the refusal names no body_id: %+v", flow, e.Error.Fields)
		}
	}

	old := submitted(resident, k.xl, map[string]any{"body_id": "council", "title": "集体收益分红", "category": "collective_income"})
	flows := "/api/v1/orgs/" + k.xl + "/flows"
	resident.mustError("POST", flows, map[string]any{"key": "four_plus_two", "merge_first_two": true}, 403, "forbidden")
	secretary.mustError("POST", flows, map[string]any{"key": "minor", "merge_first_two": true}, 422, "flow_unlawful")
	secretary.mustError("POST", flows, map[string]any{"key": "four_plus_two", "steps": []map[string]any{
		{"key": "party_branch_proposal", "name_zh": "提议", "name_en": "Proposal", "performer": "party_branch", "kind": "propose"},
		{"key": "resolution_publication", "name_zh": "公开", "name_en": "Publication", "performer": "secretary", "kind": "publish"},
		{"key": "result_publication", "name_zh": "结果公开", "name_en": "Result", "performer": "secretary", "kind": "result"},
	}}, 422, "flow_unlawful")
	var saved struct{ Version int }
	secretary.mustJSON("POST", flows, map[string]any{"key": "four_plus_two", "merge_first_two": true}, 201, &saved)
	if saved.Version != 2 {
		t.Fatalf("saved version %d", saved.Version)
	}
	young := submitted(resident, k.xl, map[string]any{"body_id": "council", "title": "集体收益再分配", "category": "collective_income"})
	if young.Flow.Version != 2 || len(young.Flow.Steps) != 5 || young.Current.Key != "proposal_and_deliberation" {
		t.Fatalf("new proposal: version %d, %d steps, at %s", young.Flow.Version, len(young.Flow.Steps), young.Current.Key)
	}
	if d := detail(resident, k.xl, old.ID); d.Proposal.Flow.Version != 1 || len(d.Proposal.Flow.Steps) != 6 {
		t.Fatalf("old proposal changed flow: version %d, %d steps", d.Proposal.Flow.Version, len(d.Proposal.Flow.Steps))
	}
	var listed struct {
		Flows []struct {
			Key     string
			Version int
		}
	}
	resident.mustJSON("GET", flows, nil, 200, &listed)
	if len(listed.Flows) != 3 || listed.Flows[0].Key != "four_plus_two" || listed.Flows[0].Version != 2 {
		t.Fatalf("flows: %+v", listed.Flows)
	}
}

// V2026 Art. 28 through HTTP: such a matter cannot go on the short flow, whose
// vote may be a council's; the refusal names the article. The representatives'
// authorisation is recorded by the secretary only, for V2026 Art. 28 matters only.
func TestV2026Art28RoutingThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, secretary := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002")
	e := resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "宅基地安排", "category": "homestead", "flow": "minor"}, 422, "art24_routing")
	if !strings.Contains(e.Error.Message, "村委会组织法2026年版第二十八条") || !strings.Contains(e.Error.MessageEn, "V2026 Art. 28") {
		t.Errorf("the refusal does not name V2026 Art. 28: %s / %s", e.Error.Message, e.Error.MessageEn)
	}
	p := draft(resident, k.dt, map[string]any{"body_id": "council", "title": "宅基地安排", "category": "homestead"})
	if !p.Art24 {
		t.Error("homestead proposal not marked as a V2026 Art. 28 matter")
	}
	resident.mustError("PUT", proposalsPath(k.dt, "/", p.ID), map[string]any{"body_id": "council", "title": "宅基地安排", "category": "homestead", "flow": "minor"}, 422, "art24_routing")

	auth := "/api/v1/orgs/" + k.dt + "/authorisation"
	body := map[string]any{"categories": []string{"homestead"}, "resolved_on": "2025-03-01", "resolution_ref": "居民会议决议2025-1"}
	resident.mustError("PUT", auth, body, 403, "forbidden")
	secretary.mustError("PUT", auth, map[string]any{"categories": []string{"culture"}, "resolved_on": "2025-03-01", "resolution_ref": "x"}, 422, "invalid_fields")
	secretary.mustError("PUT", auth, map[string]any{"categories": []string{"homestead"}, "resolved_on": "2025-13-01", "resolution_ref": "x"}, 422, "invalid_fields")
	var settings struct {
		Authorisation struct{ Categories []string } `json:"authorisation"`
	}
	secretary.mustJSON("PUT", auth, body, 200, &settings)
	if !slices.Equal(settings.Authorisation.Categories, []string{"homestead"}) {
		t.Errorf("authorisation %+v", settings.Authorisation)
	}
}

// V2026 Art. 25 ¶2 through HTTP, in 小罗村 (15 villagers aged 18+, so 2 signatures):
// the demand cannot move until the threshold; a child's signature does not
// count; reaching it records the obligation and its deadline; after that no
// withdrawal; a second co-signature is refused.
func TestV2026Art25ConveneVillagersMeetingThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	proposer, adult, child := k.account(xlPath, "R003"), k.account(xlPath, "R002"), k.account(xlPath, "R004")
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")

	p := submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": "要求召开村民会议讨论修路", "category": "other", "convene": "villagers_meeting"})
	if p.Threshold == nil || p.Threshold.Routes[0].Required != 2 || p.Counts.Adults != 1 {
		t.Fatalf("threshold %+v counts %+v", p.Threshold, p.Counts)
	}
	cosign := proposalsPath(k.xl, "/", p.ID, "/cosign")
	secretary.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/advance"), map[string]any{"step": "proposal"}, 409, "threshold_not_reached")
	child.mustJSON("POST", cosign, nil, 200, &p)
	if p.SignaturesLocked || p.Counts.Signatures != 2 || p.Counts.Adults != 1 {
		t.Fatalf("after a child: locked %v counts %+v", p.SignaturesLocked, p.Counts)
	}
	// Withdrawing is allowed before the threshold.
	child.mustJSON("DELETE", cosign, nil, 200, &p)
	child.mustError("DELETE", cosign, nil, 409, "not_signed")
	proposer.mustError("DELETE", cosign, nil, 409, "proposer_cannot_withdraw")
	adult.mustJSON("POST", cosign, nil, 200, &p)
	if !p.SignaturesLocked || p.Obligation == nil || p.Obligation.Meeting != "villagers_meeting" || !strings.Contains(p.Obligation.BasisZh, "第二十五条第二款") {
		t.Fatalf("after the second adult: locked %v obligation %+v", p.SignaturesLocked, p.Obligation)
	}
	if left := time.Until(p.Obligation.Deadline); left < 29*24*time.Hour || left > 30*24*time.Hour {
		t.Errorf("deadline in %v, want 30 days", left)
	}
	adult.mustError("DELETE", cosign, nil, 409, "threshold_reached")
	adult.mustError("POST", cosign, nil, 409, "already_signed")
	if d := detail(adult, k.xl, p.ID); !d.Viewer.Signed || !d.Viewer.Following || d.Proposal.Obligation == nil {
		t.Errorf("detail for a co-signer: %+v obligation %v", d.Viewer, d.Proposal.Obligation)
	}
	advance(secretary, k.xl, p.ID, "proposal", nil)
}

// V2026 Art. 30 ¶1 through HTTP: with 10 representatives, 2 of them demand a
// representatives' meeting; other residents' signatures do not count.
func TestV2026Art30ConveneRepresentativesMeetingThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	proposer, other, rep := k.account(xlPath, "R003"), k.account(xlPath, "R011"), k.account(xlPath, "R002")
	body := map[string]any{"body_id": "council", "title": "要求召开村民代表会议", "category": "other", "convene": "representatives_meeting"}
	proposer.mustError("POST", proposalsPath(k.xl), body, 422, "no_representatives")

	var members []map[string]string
	for i := 1; i <= 10; i++ {
		members = append(members, map[string]string{"resident_no": fmt.Sprintf("R%03d", i), "role": "member"})
	}
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "村民代表", "members": members}, 201, nil)

	p := submitted(proposer, k.xl, body)
	if p.Threshold == nil || len(p.Threshold.Routes) != 1 || p.Threshold.Routes[0].Required != 2 || p.Counts.Representatives != 1 {
		t.Fatalf("threshold %+v counts %+v", p.Threshold, p.Counts)
	}
	other.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, &p)
	if p.SignaturesLocked {
		t.Fatal("a resident who is not a representative counted")
	}
	rep.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, &p)
	if !p.SignaturesLocked || p.Obligation == nil || p.Obligation.Meeting != "representatives_meeting" {
		t.Fatalf("2 of 10 representatives: locked %v obligation %+v", p.SignaturesLocked, p.Obligation)
	}
}

// U2026 Art. 26 ¶2 through HTTP, in 东田社区 (15 residents aged 18+ in 5
// households): 2 adults (1/10), or the head of 1 household, demand a residents'
// meeting; a community cannot demand a villagers' meeting.
func TestU2026Art26ConveneResidentsMeetingThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	const dtPath = "/gz/hd/hs/dt"
	proposer, head := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002") // R003; R005 heads household H02
	second := k.account(dtPath, "R002")
	proposer.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "x", "category": "other", "convene": "villagers_meeting"}, 422, "invalid_fields")

	body := map[string]any{"body_id": "council", "title": "要求召开居民会议", "category": "other", "convene": "residents_meeting"}
	p := submitted(proposer, k.dt, body)
	if p.Threshold == nil || len(p.Threshold.Routes) != 2 || p.Threshold.Routes[0].Required != 2 || p.Threshold.Routes[1].Required != 1 {
		t.Fatalf("routes %+v, want 2 adults or 1 household", p.Threshold)
	}
	if p.SignaturesLocked {
		t.Fatal("1 of 15 adults reached 1/10")
	}
	second.mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/cosign"), nil, 200, &p)
	if !p.SignaturesLocked || p.Obligation == nil || p.Obligation.Meeting != "residents_meeting" || !strings.Contains(p.Obligation.BasisZh, "第二十六条第二款") {
		t.Fatalf("2 of 15 adults: locked %v obligation %+v", p.SignaturesLocked, p.Obligation)
	}

	byHousehold := submitted(proposer, k.dt, body)
	head.mustJSON("POST", proposalsPath(k.dt, "/", byHousehold.ID, "/cosign"), nil, 200, &byHousehold)
	if !byHousehold.SignaturesLocked || byHousehold.Counts.HouseholdHeads != 1 {
		t.Fatalf("1 of 5 household heads: locked %v counts %+v", byHousehold.SignaturesLocked, byHousehold.Counts)
	}
}

// One resident co-signs once however many requests race (exactly one 200,
// the rest 409), and residents co-signing at the same moment are all counted.
func TestConcurrentCosignThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	proposer := k.account(xlPath, "R001")
	p := submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": "联名", "category": "other"})
	path := proposalsPath(k.xl, "/", p.ID, "/cosign")

	same := k.account(xlPath, "R002")
	statuses := make([]int, 50)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _ = same.do("POST", path, nil)
		}()
	}
	wg.Wait()
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts[200] != 1 || counts[409] != 49 {
		t.Fatalf("50 racing co-signatures by one resident: %v", counts)
	}

	var many []*client
	for i := 3; i <= 20; i++ {
		many = append(many, k.account(xlPath, fmt.Sprintf("R%03d", i)))
	}
	for _, c := range many {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s, body := c.do("POST", path, nil); s != 200 {
				t.Errorf("co-sign: %d %s", s, body)
			}
		}()
	}
	wg.Wait()
	d := detail(proposer, k.xl, p.ID)
	var sigs struct{ Signatures []any }
	proposer.mustJSON("GET", proposalsPath(k.xl, "/", p.ID, "/signatures"), nil, 200, &sigs)
	if want := 2 + len(many); d.Proposal.Counts.Signatures != want || len(sigs.Signatures) != want {
		t.Fatalf("counter %d, %d signatures listed, want %d", d.Proposal.Counts.Signatures, len(sigs.Signatures), want)
	}
}

// Comments thread one level; amendments are decided by the proposer, once;
// follows, notifications and the bell's unread count; attachments.
func TestDeliberationThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, secretary := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002")
	neighbour := k.account("/gz/hd/hs/dt", "R002")

	d0 := draft(resident, k.dt, map[string]any{"body_id": "council", "title": "增设快递柜", "category": "other",
		"links": []map[string]string{{"title": "方案", "url": "https://example.org/plan"}}})
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "x", "category": "other",
		"links": []map[string]string{{"title": "坏链接", "url": "javascript:alert(1)"}}}, 422, "invalid_fields")
	attach := proposalsPath(k.dt, "/", d0.ID, "/attachments")
	file := base64.StdEncoding.EncodeToString([]byte("快递柜位置示意"))
	var att struct{ ID string }
	resident.mustJSON("POST", attach, map[string]string{"name": "位置.txt", "content_type": "text/plain", "data": file}, 201, &att)
	neighbour.mustError("POST", attach, map[string]string{"name": "x.txt", "content_type": "text/plain", "data": file}, 404, "proposal_not_found")
	big := base64.StdEncoding.EncodeToString(make([]byte, 256<<10+1))
	resident.mustError("POST", attach, map[string]string{"name": "big.txt", "content_type": "text/plain", "data": big}, 413, "attachment_too_large")
	resident.mustError("POST", attach, map[string]string{"name": "x.html", "content_type": "text/html", "data": file}, 422, "invalid_fields")
	resident.mustError("POST", attach, map[string]string{"name": "x.txt", "content_type": "text/plain", "data": "不是base64"}, 422, "invalid_fields")
	for i := 0; i < 4; i++ {
		resident.mustJSON("POST", attach, map[string]string{"name": "more.txt", "content_type": "text/plain", "data": file}, 201, nil)
	}
	resident.mustError("POST", attach, map[string]string{"name": "sixth.txt", "content_type": "text/plain", "data": file}, 409, "too_many_attachments")
	var p propView
	resident.mustJSON("POST", proposalsPath(k.dt, "/", d0.ID, "/submit"), nil, 200, &p)
	status, data := neighbour.do("GET", attach+"/"+att.ID, nil)
	if status != 200 || string(data) != "快递柜位置示意" {
		t.Fatalf("download: %d %q", status, data)
	}

	comments := proposalsPath(k.dt, "/", p.ID, "/comments")
	var top, reply struct{ ID string }
	neighbour.mustJSON("POST", comments, map[string]string{"body": "支持，放在北门"}, 201, &top)
	secretary.mustJSON("POST", comments, map[string]string{"body": "北门有电源", "parent_id": top.ID}, 201, &reply)
	neighbour.mustError("POST", comments, map[string]string{"body": "回复的回复", "parent_id": reply.ID}, 422, "invalid_fields")
	neighbour.mustError("POST", comments, map[string]string{"body": ""}, 422, "invalid_fields")
	var threads struct {
		Comments []struct {
			Body    string
			Replies []struct{ Body string }
		}
	}
	resident.mustJSON("GET", comments, nil, 200, &threads)
	if len(threads.Comments) != 1 || len(threads.Comments[0].Replies) != 1 {
		t.Fatalf("threads: %+v", threads)
	}

	var am struct{ ID, Status string }
	neighbour.mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/amendments"), map[string]string{"text": "改成两个快递柜"}, 201, &am)
	decide := proposalsPath(k.dt, "/", p.ID, "/amendments/", am.ID, "/decision")
	neighbour.mustError("POST", decide, map[string]any{"accept": true}, 403, "not_proposer")
	resident.mustError("POST", decide, map[string]any{}, 422, "invalid_fields")
	resident.mustJSON("POST", decide, map[string]any{"accept": false, "note": "场地不够"}, 200, &am)
	if am.Status != "rejected" {
		t.Fatalf("amendment %s", am.Status)
	}
	resident.mustError("POST", decide, map[string]any{"accept": true}, 409, "already_decided")

	// The proposer follows automatically and was told of the comments and
	// the amendment; the author of the amendment of the decision.
	bell := "/api/v1/notifications"
	var unread struct{ Unread int }
	resident.mustJSON("GET", bell+"/unread", nil, 200, &unread)
	if unread.Unread != 3 { // two comments, one amendment
		t.Errorf("proposer's unread %d, want 3", unread.Unread)
	}
	var list struct {
		Notifications []struct{ ID, Kind string }
	}
	neighbour.mustJSON("GET", bell, nil, 200, &list)
	if len(list.Notifications) == 0 || list.Notifications[0].Kind != "amendment_decided" {
		t.Errorf("amendment author's notifications: %+v", list.Notifications)
	}
	resident.mustError("POST", bell+"/read", map[string]any{}, 422, "invalid_fields")
	resident.mustJSON("POST", bell+"/read", map[string]any{"all": true}, 200, nil)
	resident.mustJSON("GET", bell+"/unread", nil, 200, &unread)
	if unread.Unread != 0 {
		t.Errorf("unread %d after reading all", unread.Unread)
	}

	follow := proposalsPath(k.dt, "/", p.ID, "/follow")
	if d := detail(secretary, k.dt, p.ID); d.Viewer.Following {
		t.Fatal("secretary follows without asking")
	}
	secretary.mustJSON("PUT", follow, nil, 204, nil)
	secretary.mustJSON("PUT", follow, nil, 204, nil)
	if d := detail(secretary, k.dt, p.ID); !d.Viewer.Following || len(d.Attachments) != 5 || len(d.Amendments) != 1 {
		t.Fatalf("detail: following %v, %d attachments, %d amendments", d.Viewer.Following, len(d.Attachments), len(d.Amendments))
	}
	neighbour.mustJSON("POST", comments, map[string]string{"body": "谢谢"}, 201, nil)
	secretary.mustJSON("GET", bell+"/unread", nil, 200, &unread)
	if unread.Unread != 1 {
		t.Errorf("follower's unread %d, want 1", unread.Unread)
	}
	secretary.mustJSON("DELETE", follow, nil, 204, nil)
	if d := detail(secretary, k.dt, p.ID); d.Viewer.Following {
		t.Fatal("still following after unfollowing")
	}
}

// The hall through HTTP, in 东田社区 (15 adults: 2 supporters put a topic to
// the council): the raiser cannot support their own topic; support can be
// withdrawn before the threshold; the second supporter puts it to the
// council, where the secretary sees it, linked both ways.
func TestHallThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, secretary := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000002")
	neighbour := k.account("/gz/hd/hs/dt", "R002")
	topics := "/api/v1/orgs/" + k.dt + "/topics"

	var topic propView
	resident.mustJSON("POST", topics, map[string]string{"title": "小区停车太乱", "body": "晚上车停到消防通道"}, 201, &topic)
	if topic.Kind != "topic" || topic.Status != "open" || topic.Threshold.Routes[0].Required != 2 {
		t.Fatalf("topic: %+v", topic)
	}
	var quiet propView
	resident.mustJSON("POST", topics, map[string]string{"title": "健身器材维修"}, 201, &quiet)

	support := topics + "/" + topic.ID + "/support"
	resident.mustError("POST", support, nil, 409, "own_topic")
	resident.mustError("POST", proposalsPath(k.dt, "/", topic.ID, "/cosign"), nil, 409, "wrong_kind")
	secretary.mustError("POST", topics+"/"+topic.ID+"/escalate", nil, 409, "threshold_not_reached")
	neighbour.mustJSON("POST", support, nil, 200, &topic)
	neighbour.mustJSON("DELETE", support, nil, 200, &topic)
	neighbour.mustJSON("POST", support, nil, 200, &topic)
	if topic.Status != "open" || topic.Counts.Signatures != 1 {
		t.Fatalf("after one supporter: %s with %d", topic.Status, topic.Counts.Signatures)
	}
	secretary.mustError("POST", proposalsPath(k.dt, "/", topic.ID, "/advance"), map[string]any{"step": "support"}, 409, "wrong_kind")
	secretary.mustJSON("POST", support, nil, 200, &topic)
	if topic.Status != "escalated" || topic.EscalatedTo == "" {
		t.Fatalf("after two supporters: %s -> %q", topic.Status, topic.EscalatedTo)
	}
	neighbour.mustError("DELETE", support, nil, 409, "threshold_reached")

	var page struct {
		Items []propView
	}
	secretary.mustJSON("GET", proposalsPath(k.dt), nil, 200, &page)
	if len(page.Items) != 1 || page.Items[0].ID != topic.EscalatedTo || page.Items[0].FromTopic != topic.ID {
		t.Fatalf("council proposals: %+v", page.Items)
	}
	d := detail(secretary, k.dt, topic.EscalatedTo)
	if d.Topic == nil || d.Topic.ID != topic.ID || d.Proposal.Status != "submitted" || len(d.Proposal.History) < 3 {
		t.Fatalf("council proposal: topic %v status %s history %d", d.Topic, d.Proposal.Status, len(d.Proposal.History))
	}
	if td := detail(resident, k.dt, topic.ID); td.Escalated == nil || td.Escalated.ID != topic.EscalatedTo {
		t.Fatalf("topic does not link to its proposal: %+v", td.Escalated)
	}
	advance(secretary, k.dt, topic.EscalatedTo, "proposal", nil)

	secretary.mustJSON("GET", topics+"?sort=support", nil, 200, &page)
	if len(page.Items) != 2 || page.Items[0].ID != topic.ID {
		t.Fatalf("topics by support: %+v", page.Items)
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/search?q="+"停车", nil, 200, &page)
	if len(page.Items) != 2 { // the topic and the proposal it became
		t.Fatalf("search 停车: %d results", len(page.Items))
	}
	secretary.mustError("GET", "/api/v1/orgs/"+k.dt+"/search?q=", nil, 422, "invalid_fields")
}

// Street officials read the proposals of villages under their street, and
// every write is refused: by a negative-list line where one exists, by the
// absence of an allow line otherwise. The table must cover every write
// route of the module. Residents cannot act in another village.
func TestGovernmentBoundaryThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, official := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000003")
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "垃圾分类点", "category": "environment"})
	d := draft(resident, k.dt, map[string]any{"body_id": "council", "title": "草稿", "category": "other"})
	var topic propView
	resident.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/topics", map[string]string{"title": "话题"}, 201, &topic)
	var am struct{ ID string }
	resident.mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/amendments"), map[string]string{"text": "修改"}, 201, &am)

	for _, path := range []string{proposalsPath(k.dt), proposalsPath(k.dt, "/", p.ID), proposalsPath(k.dt, "/", p.ID, "/comments"),
		proposalsPath(k.dt, "/", p.ID, "/signatures"), "/api/v1/orgs/" + k.dt + "/topics", "/api/v1/orgs/" + k.dt + "/search?q=垃圾",
		"/api/v1/orgs/" + k.dt + "/flows", "/api/v1/orgs/" + k.dt + "/proposal-settings", "/api/v1/orgs/" + k.ta.orgID(t, "/gz/hd/hs/ph") + "/proposals"} {
		official.mustJSON("GET", path, nil, 200, nil)
	}

	org := "/api/v1/orgs/" + k.dt
	pp := proposalsPath(k.dt, "/", p.ID)
	tp := org + "/topics/" + topic.ID
	writes := []struct {
		method, route, path string
		body                any
		code                string
	}{
		{"POST", "/orgs/:id/proposals", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "代拟", "category": "other"}, "negative_list"},
		{"PUT", "/orgs/:id/proposals/:pid", proposalsPath(k.dt, "/", d.ID), map[string]any{"body_id": "council", "title": "改", "category": "other"}, "negative_list"},
		{"POST", "/orgs/:id/proposals/:pid/submit", proposalsPath(k.dt, "/", d.ID, "/submit"), nil, "negative_list"},
		{"POST", "/orgs/:id/proposals/:pid/advance", pp + "/advance", map[string]any{"step": "proposal"}, "forbidden"},
		{"POST", "/orgs/:id/proposals/:pid/opinions", pp + "/opinions", map[string]any{"opinion": "oppose"}, "forbidden"},
		{"POST", "/orgs/:id/proposals/:pid/cosign", pp + "/cosign", nil, "negative_list"},
		{"POST", "/orgs/:id/proposals/:pid/recall-response", pp + "/recall-response", map[string]any{"text": "代答"}, "forbidden"},
		{"DELETE", "/orgs/:id/proposals/:pid/cosign", pp + "/cosign", nil, "negative_list"},
		{"POST", "/orgs/:id/proposals/:pid/comments", pp + "/comments", map[string]any{"body": "指导意见"}, "negative_list"},
		{"POST", "/orgs/:id/proposals/:pid/amendments", pp + "/amendments", map[string]any{"text": "改"}, "forbidden"},
		{"POST", "/orgs/:id/proposals/:pid/amendments/:aid/decision", pp + "/amendments/" + am.ID + "/decision", map[string]any{"accept": true}, "forbidden"},
		{"PUT", "/orgs/:id/proposals/:pid/follow", pp + "/follow", nil, "forbidden"},
		{"DELETE", "/orgs/:id/proposals/:pid/follow", pp + "/follow", nil, "forbidden"},
		{"POST", "/orgs/:id/proposals/:pid/attachments", proposalsPath(k.dt, "/", d.ID, "/attachments"), map[string]any{"name": "a.txt", "content_type": "text/plain", "data": "YQ=="}, "negative_list"},
		{"POST", "/orgs/:id/topics", org + "/topics", map[string]any{"title": "代提"}, "negative_list"},
		{"POST", "/orgs/:id/topics/:pid/support", tp + "/support", nil, "forbidden"},
		{"DELETE", "/orgs/:id/topics/:pid/support", tp + "/support", nil, "forbidden"},
		{"POST", "/orgs/:id/topics/:pid/escalate", tp + "/escalate", nil, "forbidden"},
		{"POST", "/orgs/:id/flows", org + "/flows", map[string]any{"key": "four_plus_two", "merge_first_two": true}, "forbidden"},
		{"PUT", "/orgs/:id/proposal-settings", org + "/proposal-settings", map[string]any{"convene_deadline_days": 10, "hall_support_threshold": 0}, "forbidden"},
		{"PUT", "/orgs/:id/authorisation", org + "/authorisation", map[string]any{"categories": []string{"homestead"}, "resolved_on": "2025-01-01", "resolution_ref": "x"}, "forbidden"},
	}
	covered := map[string]bool{}
	for _, w := range writes {
		e := official.mustError(w.method, w.path, w.body, 403, w.code)
		if w.code == "negative_list" && !strings.Contains(e.Error.Message, "负面清单") {
			t.Errorf("%s %s: the refusal does not quote the negative list: %s", w.method, w.route, e.Error.Message)
		}
		covered[w.method+" /api/v1"+w.route] = true
	}
	for _, r := range k.ta.http.GetRoutes(true) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == "USE" {
			continue
		}
		for _, part := range []string{"/proposals", "/topics", "/flows", "/proposal-settings", "/authorisation"} {
			if strings.HasPrefix(r.Path, "/api/v1/orgs/:id"+part) && !covered[r.Method+" "+r.Path] {
				t.Errorf("write route %s %s is not in the government boundary table", r.Method, r.Path)
			}
		}
	}
	// Nothing the official tried changed anything.
	if after := detail(resident, k.dt, p.ID); after.Proposal.Counts.Signatures != 1 || len(after.Proposal.History) != len(p.History) {
		t.Errorf("the proposal changed: %d signatures, %d history entries", after.Proposal.Counts.Signatures, len(after.Proposal.History))
	}

	// A resident of 东田社区 cannot act in 小罗村 (role scope), nor reach a
	// proposal of 东田社区 through 小罗村's ID.
	resident.mustError("POST", proposalsPath(k.xl), map[string]any{"body_id": "council", "title": "x", "category": "other"}, 403, "forbidden")
	resident.mustError("GET", proposalsPath(k.xl), nil, 403, "forbidden")
	xlResident := k.account("/gz/hd/hs/xl", "R003")
	xlResident.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 404, "proposal_not_found")
	xlResident.mustError("POST", proposalsPath(k.dt, "/", p.ID, "/cosign"), nil, 403, "forbidden")
}

// Bad input never gets a 500: malformed JSON is 400, invalid fields and
// query parameters 422, unknown things 404, and an org that is not a
// village 422.
func TestProposalBadInputThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	resident, official := k.ta.login(t, "13800000001"), k.ta.login(t, "13800000003")
	resident.mustError("POST", proposalsPath(k.dt), `{"title": `, 400, "malformed_json")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "x", "category": "other", "colour": "red"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "x", "category": "weather"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "nobody", "title": "x", "category": "other"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "hall", "title": "x", "category": "other"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": "   ", "category": "other"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": strings.Repeat("长", 121), "category": "other"}, 422, "invalid_fields")
	resident.mustError("POST", proposalsPath(k.dt), map[string]any{"body_id": "council", "title": 5, "category": "other"}, 422, "invalid_fields")
	resident.mustError("GET", proposalsPath(k.dt)+"?sort=random", nil, 422, "invalid_fields")
	resident.mustError("GET", proposalsPath(k.dt)+"?limit=-1", nil, 422, "invalid_fields")
	resident.mustError("GET", proposalsPath(k.dt)+"?status=lost", nil, 422, "invalid_fields")
	resident.mustError("GET", proposalsPath(k.dt, "/000000000000000000000000"), nil, 404, "proposal_not_found")
	resident.mustError("POST", proposalsPath(k.dt, "/nonsense/cosign"), nil, 404, "proposal_not_found")
	resident.mustError("POST", proposalsPath(k.dt, "/nonsense/advance"), map[string]any{"step": "x"}, 403, "forbidden")
	resident.mustError("GET", proposalsPath(k.dt, "/x/attachments/y"), nil, 404, "proposal_not_found")
	official.mustError("GET", proposalsPath(k.ta.orgID(t, "/gz/hd/hs")), nil, 422, "not_village")
	official.mustError("GET", proposalsPath("000000000000000000000000"), nil, 404, "org_not_found")
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "x", "category": "other"})
	secretary := k.ta.login(t, "13800000002")
	secretary.mustError("POST", proposalsPath(k.dt, "/", p.ID, "/advance"), map[string]any{}, 422, "invalid_fields")
	secretary.mustError("POST", proposalsPath(k.dt, "/", p.ID, "/advance"), map[string]any{"step": "proposal", "review": map[string]int{"members": 0}}, 422, "invalid_fields")
}
