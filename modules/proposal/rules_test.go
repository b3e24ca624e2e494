package proposal

import (
	"slices"
	"strings"
	"testing"

	"yishi/modules/law"
)

type edge struct {
	name string
	x, n int
	want bool
}

func checkRule(t *testing.T, r rule, edges []edge) {
	t.Helper()
	for _, e := range edges {
		if got := r.met(e.x, e.n); got != e.want {
			t.Errorf("%s (%d/%d of %s): %d of %d met = %v, want %v", e.name, r.num, r.den, r.of, e.x, e.n, got, e.want)
		}
	}
	// required agrees with met for every base: it is the smallest x that meets the rule.
	for n := 0; n <= 300; n++ {
		req := r.required(n)
		if !r.met(req, n) || (req > 1 && r.met(req-1, n)) {
			t.Fatalf("required(%d) = %d does not agree with met", n, req)
		}
	}
}

func routeOf(t *testing.T, meeting, counts string) rule {
	t.Helper()
	for _, r := range conveneRules[meeting] {
		if r.counts == counts {
			return r
		}
	}
	t.Fatalf("no %s route for %s", counts, meeting)
	return rule{}
}

// V2026 Art. 25 ¶2: a villagers' meeting must be convened when 1/10 or more of the
// villagers aged 18+ (以上 includes exactly 1/10), or 1/3 or more of the
// representatives, demand it.
func TestV2026Art25ConveneVillagersMeetingRule(t *testing.T) {
	checkRule(t, routeOf(t, MeetingVillagers, countAdults), []edge{
		{"exactly 1/10", 10, 100, true},
		{"one short of 1/10", 9, 100, false},
		{"1/10 of 101 needs 11", 10, 101, false},
		{"1/10 of 101", 11, 101, true},
		{"demo village: 15 adults need 2", 1, 15, false},
		{"demo village: 2 of 15", 2, 15, true},
		{"nobody signs an empty register", 0, 0, false},
	})
	checkRule(t, routeOf(t, MeetingVillagers, countRepresentatives), []edge{
		{"exactly 1/3", 3, 9, true},
		{"one short of 1/3", 2, 9, false},
		{"1/3 of 10 needs 4", 3, 10, false},
		{"4 of 10", 4, 10, true},
	})
}

// V2026 Art. 30 ¶1: a representatives' meeting must be convened when 1/5 or more of
// the representatives demand it.
func TestV2026Art30ConveneRepresentativesMeetingRule(t *testing.T) {
	checkRule(t, routeOf(t, MeetingRepresentatives, countRepresentatives), []edge{
		{"exactly 1/5", 2, 10, true},
		{"one short", 1, 10, false},
		{"1/5 of 11 needs 3", 2, 11, false},
		{"3 of 11", 3, 11, true},
		{"1 of 5", 1, 5, true},
	})
}

// U2026 Art. 26 ¶2: a residents' meeting must be convened when 1/10 or more
// of the residents aged 18+ or of the household representatives, or 1/3 or
// more of the residents' representatives, demand it.
func TestU2026Art26ConveneResidentsMeetingRule(t *testing.T) {
	checkRule(t, routeOf(t, MeetingResidents, countAdults), []edge{
		{"exactly 1/10 of adults", 2, 20, true},
		{"one short", 1, 20, false},
		{"1/10 of 21 needs 3", 2, 21, false},
	})
	checkRule(t, routeOf(t, MeetingResidents, countHouseholdHeads), []edge{
		{"1 of 10 households", 1, 10, true},
		{"1 of 11 households", 1, 11, false},
		{"2 of 11 households", 2, 11, true},
	})
	checkRule(t, routeOf(t, MeetingResidents, countRepresentatives), []edge{
		{"exactly 1/3", 3, 9, true},
		{"one short", 2, 9, false},
	})
}

// The hall's threshold: 10 residents or 1/10 of those aged 18+, whichever is smaller.
func TestHallSupportThresholdRule(t *testing.T) {
	for _, c := range []struct{ adults, want int }{
		{0, 1}, {1, 1}, {10, 1}, {11, 2}, {15, 2}, {90, 9}, {91, 10}, {100, 10}, {150, 10}, {5000, 10},
	} {
		if got := HallRequired(c.adults); got != c.want {
			t.Errorf("HallRequired(%d) = %d, want %d", c.adults, got, c.want)
		}
	}
}

// V2026 Art. 28: which meetings may decide what.
func TestV2026Art28LawfulMeetings(t *testing.T) {
	cases := []struct {
		category, kind string
		authorised     bool
		want           []string
	}{
		{"homestead", "village", false, []string{MeetingVillagers}},
		{"homestead", "village", true, []string{MeetingVillagers, MeetingRepresentatives}},
		{"collective_property", "community", true, []string{MeetingResidents}},
		{"environment", "village", false, []string{MeetingVillagers, MeetingRepresentatives, MeetingGroup, MeetingResidents, MeetingCouncil, MeetingBoard}},
	}
	for _, c := range cases {
		if got := LawfulMeetings(c.category, c.kind, c.authorised); !slices.Equal(got, c.want) {
			t.Errorf("LawfulMeetings(%s, %s, %v) = %v, want %v", c.category, c.kind, c.authorised, got, c.want)
		}
	}
	art24 := 0
	for _, c := range Categories {
		if c.Art24 {
			art24++
			for _, m := range []string{MeetingCouncil, MeetingBoard, MeetingGroup} {
				err := checkOutcomeLawful(c.Key, "village", Settings{Authorisation: &Authorisation{Categories: []string{c.Key}}}, m)
				if err == nil {
					t.Errorf("%s decided by %s: allowed", c.Key, m)
					continue
				}
				if e := wantCode(t, err, "art24_routing"); !strings.Contains(e.Message, "第二十八条") || !strings.Contains(e.MessageEn, "V2026 Art. 28") {
					t.Errorf("refusal does not name the article: %s / %s", e.Message, e.MessageEn)
				}
			}
		}
	}
	if art24 != 14 {
		t.Errorf("%d reserved categories, want the 8 of 2018, the 3 land supermajorities and the collective's 3 own powers (CEO Art. 26 ¶1 items 1, 3, 12)", art24)
	}
	// The short flow lets a council vote, so it cannot carry a V2026 Art. 28 matter.
	minor, _ := shipped(FlowMinor)
	wantCode(t, checkFlowLawful("land_compensation", minor), "art24_routing")
	four, _ := shipped(FlowFourPlusTwo)
	if err := checkFlowLawful("land_compensation", four); err != nil {
		t.Errorf("4+2 flow refused for a V2026 Art. 28 matter: %v", err)
	}
}

// Flows are data, and a village's version must stay within the law.
func TestFlowsWithinTheLaw(t *testing.T) {
	for _, f := range ShippedFlows {
		if err := ValidateFlow(f); err != nil {
			t.Errorf("shipped flow %s: %v", f.Key, err)
		}
	}
	four, _ := shipped(FlowFourPlusTwo)
	merged, err := MergeFirstTwo(four)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Steps) != 5 || merged.Steps[0].Key != "proposal_and_deliberation" {
		t.Fatalf("merged flow: %+v", merged.Steps)
	}
	if err := ValidateFlow(merged); err != nil {
		t.Errorf("merged 4+2 flow: %v", err)
	}
	minor, _ := shipped(FlowMinor)
	if _, err := MergeFirstTwo(minor); err == nil {
		t.Error("merged the short flow's steps")
	}
	without := func(f Flow, key string) Flow {
		f = cloneFlow(f)
		f.Steps = slices.DeleteFunc(f.Steps, func(s Step) bool { return s.Key == key })
		return f
	}
	swapped := cloneFlow(four)
	swapped.Steps[4], swapped.Steps[5] = swapped.Steps[5], swapped.Steps[4]
	councilDecides := cloneFlow(four)
	councilDecides.Steps[3].Meetings = []string{MeetingCouncil}
	renamed := cloneFlow(four)
	renamed.Steps[2].NameZh = "党员大会审议（扩大）"
	extra := cloneFlow(minor)
	extra.Steps = slices.Insert(extra.Steps, 2, Step{Key: "hearing", NameZh: "听证", NameEn: "Hearing", Performer: "council", Kind: "deliberate"})
	hall, _ := shipped(FlowHall)
	hallRenamed := cloneFlow(hall)
	hallRenamed.Steps[1].NameZh = "村民点赞"
	hallReordered := cloneFlow(hall)
	hallReordered.Steps[0], hallReordered.Steps[1] = hallReordered.Steps[1], hallReordered.Steps[0]
	cases := []struct {
		name string
		f    Flow
		ok   bool
	}{
		{"4+2 without the vote", without(four, StepResolution), false},
		{"4+2 without the publication of the resolution", without(four, StepResolutionPublication), false},
		{"4+2 without the publication of the result", without(four, StepResultPublication), false},
		{"4+2 publishing the result before the resolution", swapped, false},
		{"4+2 decided by a council", councilDecides, false},
		{"4+2 with a step renamed", renamed, true},
		{"4+2 without the Party members' review", without(four, "party_members_review"), true},
		{"short flow without publication", without(minor, "publication"), false},
		{"short flow without a vote", without(minor, "vote"), false},
		{"short flow with a hearing added", extra, true},
		{"hall renamed", hallRenamed, true},
		{"hall reordered", hallReordered, false},
	}
	for _, c := range cases {
		err := ValidateFlow(c.f)
		if c.ok && err != nil {
			t.Errorf("%s: refused: %v", c.name, err)
		}
		if !c.ok {
			if err == nil {
				t.Errorf("%s: accepted", c.name)
			} else {
				wantCode(t, err, "flow_unlawful")
			}
		}
	}
}

// Every convene, hall and routing rule cites a provision the 2026 texts have.
func TestProposalRulesCiteTheTextsInForce(t *testing.T) {
	rules := RuleTable()
	if len(rules) == 0 {
		t.Fatal("no rules")
	}
	for _, err := range law.CheckRules(rules) {
		t.Error(err)
	}
}
