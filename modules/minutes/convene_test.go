package minutes

import (
	"testing"
	"time"

	"yishi/modules/vote"
)

// TestDemandAnsweredOnlyByItsMeetingWithTheMatter: a demand to convene is
// answered by a meeting of the demanded kind, announced once the demand
// stood, with the matter on its agenda; by nothing less.
func TestDemandAnsweredOnlyByItsMeetingWithTheMatter(t *testing.T) {
	reached := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	d := Demand{ProposalID: "p1", Meeting: vote.VillagersMeeting, ReachedAt: reached}
	ok := Meeting{Kind: vote.VillagersMeeting, AnnouncedAt: reached, Agenda: []string{"p0", "p1"}}
	if !d.AnsweredBy(ok) {
		t.Errorf("the villagers' meeting on the matter does not answer the demand")
	}
	for name, m := range map[string]Meeting{
		"another kind":          {Kind: vote.RepresentativesMeeting, AnnouncedAt: reached, Agenda: []string{"p1"}},
		"without the matter":    {Kind: vote.VillagersMeeting, AnnouncedAt: reached, Agenda: []string{"p0"}},
		"announced before":      {Kind: vote.VillagersMeeting, AnnouncedAt: reached.Add(-time.Minute), Agenda: []string{"p1"}},
		"an empty agenda (nil)": {Kind: vote.VillagersMeeting, AnnouncedAt: reached.Add(time.Hour)},
	} {
		if d.AnsweredBy(m) {
			t.Errorf("%s answers the demand", name)
		}
	}
}
