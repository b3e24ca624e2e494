package proposal

import (
	"errors"
	"testing"

	"yishi/modules/web"
)

// TestV2026Art28Para3PartyOrganisationStudiesImportantMattersFirst: a matter
// the villagers' or representatives' meeting must decide goes first to the
// village Party organisation (V2026 Art. 28 ¶3; U2026 Art. 30 ¶4). The 4+2
// flow keeps its Party steps when a village adjusts it (merging the first
// two is lawful, the two committees deliberate together); a village's own
// flow that takes such a matter to a statutory vote needs a Party step
// before the vote.
func TestV2026Art28Para3PartyOrganisationStudiesImportantMattersFirst(t *testing.T) {
	isPartyFirst := func(err error) bool {
		var e *web.Error
		return errors.As(err, &e) && e.Code == ErrPartyFirst.Code
	}
	four, _ := shipped(FlowFourPlusTwo)
	if err := ValidateFlow(four); err != nil {
		t.Fatalf("the shipped 4+2 flow: %v", err)
	}
	merged, err := MergeFirstTwo(four)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateFlow(merged); err != nil {
		t.Errorf("the 4+2 flow with its first two steps merged: %v", err)
	}
	noParty := cloneFlow(four)
	noParty.Steps = []Step{{Key: "committees_deliberation", NameZh: "村民委员会提议", NameEn: "Proposal by the committee", Performer: "committees", Kind: "propose"}}
	noParty.Steps = append(noParty.Steps, four.Steps[3:]...)
	if err := ValidateFlow(noParty); !isPartyFirst(err) {
		t.Errorf("a 4+2 flow without its Party steps: %v, want %s", err, ErrPartyFirst.Code)
	}

	// A village's own flow with only statutory meetings at its vote.
	own := Flow{Key: "own", Steps: []Step{
		{Key: "proposal", Performer: "council", Kind: "propose"},
		{Key: "vote", Performer: "villagers_meeting", Kind: "vote", Meetings: []string{MeetingVillagers, MeetingRepresentatives}},
		{Key: "publication", Performer: "secretary", Kind: "publish"},
	}}
	if err := checkFlowLawful("public_welfare", own); !isPartyFirst(err) {
		t.Errorf("an important matter without the Party step: %v, want %s", err, ErrPartyFirst.Code)
	}
	if err := checkFlowLawful("environment", own); err != nil {
		t.Errorf("an ordinary matter needs no Party step: %v", err)
	}
	withParty := cloneFlow(own)
	withParty.Steps = append([]Step{{Key: "party_study", Performer: "party_branch", Kind: "deliberate"}}, withParty.Steps...)
	if err := checkFlowLawful("public_welfare", withParty); err != nil {
		t.Errorf("an important matter after the Party step: %v", err)
	}
	if ErrPartyFirst.Status != 422 || ErrPartyFirst.MessageEn == "" {
		t.Errorf("the refusal %+v", ErrPartyFirst)
	}
}
