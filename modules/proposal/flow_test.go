package proposal

import (
	"slices"
	"testing"
)

func actions(p Proposal) []string {
	var out []string
	for _, h := range p.History {
		out = append(out, h.Step+":"+h.Action)
	}
	return out
}

// Every step of the 4+2 flow, with the statutory vote given by the (fake)
// vote module, to completion; the timeline records each step.
func TestFourPlusTwoFlowToCompletion(t *testing.T) {
	f := newFixture(t, 30, 10)
	v := f.village
	p := f.submitted(v, resident(v, 5), ProposalInput{BodyID: "council", Title: "修建村道", Body: "村东头的路需要硬化", Category: "public_welfare"})
	if p.Flow.Key != FlowFourPlusTwo || p.Status != StatusSubmitted || p.Current.Key != "party_branch_proposal" {
		t.Fatalf("submitted: flow %s status %s at %s", p.Flow.Key, p.Status, p.Current.Key)
	}
	p = f.advance(v, p, "party_branch_proposal", AdvanceInput{Note: "支部委员会提议"})
	// Council members give opinions while the committees deliberate.
	if _, err := f.svc.Deliberate(f.ctx, v, resident(v, 1), p.ID, OpinionInput{Opinion: "support"}); err != nil {
		t.Fatal(err)
	}
	p = f.advance(v, p, "committees_deliberation", AdvanceInput{})
	_, err := f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: "party_members_review", Review: &ReviewCounts{Members: 30, Present: 19, Approve: 19}})
	wantCode(t, err, "review_quorum") // 19 < 2/3 of 30
	p = f.advance(v, p, "party_members_review", AdvanceInput{Review: &ReviewCounts{Members: 30, Present: 20, Approve: 11}})

	_, err = f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: StepResolution})
	wantCode(t, err, "vote_required")
	f.votes.outcomes["open"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingVillagers}
	_, err = f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: StepResolution, VoteID: "open"})
	wantCode(t, err, "vote_open")
	f.votes.outcomes["other"] = VoteOutcome{SubjectID: "someone-else", MeetingKind: MeetingVillagers, Closed: true, Passed: true}
	_, err = f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: StepResolution, VoteID: "other"})
	wantCode(t, err, "vote_wrong_subject")
	f.votes.outcomes["passed"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingVillagers, Closed: true, Passed: true}
	p = f.advance(v, p, StepResolution, AdvanceInput{VoteID: "passed"})
	p = f.advance(v, p, StepResolutionPublication, AdvanceInput{})
	p = f.advance(v, p, StepResultPublication, AdvanceInput{Note: "路已修好"})
	if p.Status != StatusCompleted {
		t.Fatalf("status %s, want completed", p.Status)
	}
	want := []string{":create", "party_branch_proposal:submit", "party_branch_proposal:complete", "committees_deliberation:opinion",
		"committees_deliberation:complete", "party_members_review:review_passed", "resolution:vote_passed",
		"resolution_publication:complete", "result_publication:complete"}
	got := slices.DeleteFunc(actions(p), func(s string) bool { return s == "party_branch_proposal:threshold_reached" })
	if !slices.Equal(got, want) {
		t.Errorf("history %v, want %v", got, want)
	}
	_, err = f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: StepResultPublication})
	wantCode(t, err, "not_open")
}

// The short flow, decided by a council vote.
func TestShortFlow(t *testing.T) {
	f := newFixture(t, 30, 0)
	v := f.village
	p := f.submitted(v, resident(v, 5), ProposalInput{BodyID: "council", Title: "广场舞时间", Category: "culture"})
	if p.Flow.Key != FlowMinor {
		t.Fatalf("flow %s, want minor", p.Flow.Key)
	}
	p = f.advance(v, p, "proposal", AdvanceInput{})
	// Only members of the council deliberate in its step.
	_, err := f.svc.Deliberate(f.ctx, v, resident(v, 9), p.ID, OpinionInput{Opinion: "oppose"})
	wantCode(t, err, "not_member")
	p = f.advance(v, p, "deliberation", AdvanceInput{})
	f.votes.outcomes["c1"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingBoard, Closed: true, Passed: true}
	_, err = f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: "vote", VoteID: "c1"})
	wantCode(t, err, "wrong_meeting")
	f.votes.outcomes["c2"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingCouncil, Closed: true, Passed: true}
	p = f.advance(v, p, "vote", AdvanceInput{VoteID: "c2"})
	p = f.advance(v, p, "publication", AdvanceInput{})
	if p.Status != StatusCompleted {
		t.Fatalf("short flow ended %s", p.Status)
	}
}

// A moral case cannot be decided as a plain proposal: the board has no
// proposal flow, so no proposal reaches it, and none can be made for it.
// Its cases go through the moralboard module, which keeps the subject's
// notice and response, the members' recusal and the appeal.
func TestMoralCaseIsNoProposal(t *testing.T) {
	f := newFixture(t, 30, 0)
	v := f.village
	for _, flow := range []string{"", FlowMinor, FlowFourPlusTwo, "board"} {
		_, err := f.svc.Create(f.ctx, v, resident(v, 6), ProposalInput{BodyID: "moralboard", Title: "表彰孝老爱亲家庭", Category: "filial_piety", Flow: flow})
		if e := wantCode(t, err, "invalid_fields"); e.Fields["body_id"].Message == "" {
			t.Errorf("flow %q: the refusal names no body_id: %+v", flow, e.Fields)
		}
	}
	flows, err := f.svc.Flows(f.ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flows {
		for _, s := range fl.Steps {
			if s.Performer == "moralboard" || slices.Contains(s.Meetings, MeetingBoard) {
				t.Errorf("flow %s step %s is the board's", fl.Key, s.Key)
			}
		}
	}
	_, err = f.svc.SaveFlow(f.ctx, v.ID, secretary(v), SaveFlowInput{Key: "board", Steps: []Step{
		{Key: "nomination", NameZh: "提名", NameEn: "Nomination", Performer: "moralboard", Kind: "propose"},
		{Key: "verdict", NameZh: "表决", NameEn: "Verdict", Performer: "moralboard", Kind: "vote", Meetings: []string{MeetingBoard}},
		{Key: "publication", NameZh: "公开", NameEn: "Publication", Performer: "secretary", Kind: "publish"},
	}})
	wantCode(t, err, "flow_unlawful")
}

// V2026 Art. 28: a matter the article reserves to the villagers' meeting is
// refused on the short flow, refused when a council or an unauthorised
// representatives' meeting decided it, and accepted from an authorised one.
func TestV2026Art28RoutingOfDecisions(t *testing.T) {
	f := newFixture(t, 30, 0)
	v := f.village
	_, err := f.svc.Create(f.ctx, v, resident(v, 5), ProposalInput{BodyID: "council", Title: "宅基地方案", Category: "homestead", Flow: FlowMinor})
	wantCode(t, err, "art24_routing")

	p := f.submitted(v, resident(v, 5), ProposalInput{BodyID: "council", Title: "征地补偿分配", Category: "land_compensation"})
	for _, key := range []string{"party_branch_proposal", "committees_deliberation"} {
		p = f.advance(v, p, key, AdvanceInput{})
	}
	p = f.advance(v, p, "party_members_review", AdvanceInput{Review: &ReviewCounts{Members: 9, Present: 6, Approve: 4}})
	f.votes.outcomes["council"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingCouncil, Closed: true, Passed: true}
	f.votes.outcomes["reps"] = VoteOutcome{SubjectID: p.ID, MeetingKind: MeetingRepresentatives, Closed: true, Passed: true}
	for _, id := range []string{"council", "reps"} {
		_, err := f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: StepResolution, VoteID: id})
		wantCode(t, err, "art24_routing")
	}
	info, err := f.svc.Subject(f.ctx, v.ID, p.ID)
	if err != nil || !info.Art24 || info.AuthorisedForRepresentatives {
		t.Fatalf("subject before authorisation: %+v %v", info, err)
	}
	_, err = f.svc.Authorise(f.ctx, v, secretary(v), AuthorisationInput{Categories: []string{"environment"}, ResolvedOn: "2024-01-10", ResolutionRef: "村民会议决议〔2024〕1号"})
	wantCode(t, err, "invalid_fields")
	if _, err := f.svc.Authorise(f.ctx, v, secretary(v), AuthorisationInput{Categories: []string{"land_compensation", "homestead"},
		ResolvedOn: "2024-01-10", ResolutionRef: "村民会议决议〔2024〕1号"}); err != nil {
		t.Fatal(err)
	}
	if info, _ := f.svc.Subject(f.ctx, v.ID, p.ID); !info.AuthorisedForRepresentatives {
		t.Fatalf("subject after authorisation: %+v", info)
	}
	p = f.advance(v, p, StepResolution, AdvanceInput{VoteID: "reps"})
	if p.History[len(p.History)-1].Meeting != MeetingRepresentatives {
		t.Errorf("the resolution does not record the meeting: %+v", p.History[len(p.History)-1])
	}
}

// A proposal keeps the flow version it started with; a new one gets the
// village's new version.
func TestProposalKeepsItsFlowVersion(t *testing.T) {
	f := newFixture(t, 30, 0)
	v := f.village
	old := f.submitted(v, resident(v, 5), ProposalInput{BodyID: "council", Title: "旧流程", Category: "homestead"})
	saved, err := f.svc.SaveFlow(f.ctx, v.ID, secretary(v), SaveFlowInput{Key: FlowFourPlusTwo, MergeFirstTwo: true})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 {
		t.Fatalf("saved version %d, want 2", saved.Version)
	}
	young := f.submitted(v, resident(v, 6), ProposalInput{BodyID: "council", Title: "新流程", Category: "homestead"})
	if young.Flow.Version != 2 || len(young.Flow.Steps) != 5 {
		t.Fatalf("new proposal has version %d with %d steps", young.Flow.Version, len(young.Flow.Steps))
	}
	again, err := f.svc.Get(f.ctx, v.ID, resident(v, 5), old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Flow.Version != 1 || len(again.Flow.Steps) != 6 {
		t.Fatalf("old proposal now has version %d with %d steps", again.Flow.Version, len(again.Flow.Steps))
	}
	_, err = f.svc.SaveFlow(f.ctx, v.ID, secretary(v), SaveFlowInput{Key: FlowFourPlusTwo, Steps: slices.Delete(slices.Clone(again.Flow.Steps), 3, 4)})
	wantCode(t, err, "flow_unlawful")
}
