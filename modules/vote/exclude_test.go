package vote

import (
	"errors"
	"testing"

	"yishi/modules/web"
)

// TestRecusedMembersAreLeftOutOfTheElectorate: a board member who recuses is
// not on the vote's list, cannot cast, and does not count towards quorum.
func TestRecusedMembersAreLeftOutOfTheElectorate(t *testing.T) {
	f := newFixture(t, 8, "village")
	v, err := f.svc.OpenWithout(f.ctx, f.village.ID, web.Actor{AccountID: "sec"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor",
		MeetingKind: CouncilVote, BodyID: "council"}, []string{"A0000", "A0004"})
	if err != nil {
		t.Fatal(err)
	}
	if v.EligibleCount != 3 {
		t.Fatalf("eligible %d, want 3 of 5 members", v.EligibleCount)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, Voter{VillageID: f.village.ID, ResidentNo: "A0000"}, CastRequest{Choices: []string{"yes"}})
	if !errors.Is(err, ErrNotEligible) {
		t.Fatalf("a recused member cast: %v", err)
	}
	if _, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, Voter{VillageID: f.village.ID, ResidentNo: "A0001"}, CastRequest{Choices: []string{"yes"}}); err != nil {
		t.Fatal(err)
	}
	// Everyone recused: nobody left to vote.
	_, err = f.svc.OpenWithout(f.ctx, f.village.ID, web.Actor{AccountID: "sec"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor",
		MeetingKind: CouncilVote, BodyID: "council"}, []string{"A0000", "A0001", "A0002", "A0003", "A0004"})
	if !errors.Is(err, ErrNoElectorate) {
		t.Fatalf("an empty electorate: %v", err)
	}
	// The plain Open (what the HTTP route calls) excludes nobody.
	all, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "sec"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: CouncilVote, BodyID: "council"})
	if err != nil || all.EligibleCount != 5 {
		t.Fatalf("plain open: %d, %v", all.EligibleCount, err)
	}
}
