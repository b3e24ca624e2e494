package vote

import (
	"fmt"
	"testing"
)

type edge struct {
	name string
	x, n int
	want bool
}

func checkEdges(t *testing.T, th Threshold, edges []edge) {
	t.Helper()
	for _, e := range edges {
		if got := th.Met(e.x, e.n); got != e.want {
			t.Errorf("%s: %s with %d of %d = %v, want %v", e.name, th, e.x, e.n, got, e.want)
		}
	}
}

// V2026 Art. 26 ¶1: a villagers' meeting opens with more than half of adults
// (exactly half is not enough) or 2/3 or more of households (exactly 2/3 is).
func TestV2026Art26VillagersMeetingQuorum(t *testing.T) {
	r := Rules[VillagersMeeting]
	cases := []struct {
		name                                string
		present, adults, households, houses int
		want                                bool
	}{
		{"exactly half of adults", 50, 100, 0, 60, false},
		{"one more than half", 51, 100, 0, 60, true},
		{"odd electorate, half rounded down", 50, 101, 0, 60, false},
		{"odd electorate, just over half", 51, 101, 0, 60, true},
		{"households exactly 2/3", 10, 100, 40, 60, true},
		{"households one fewer than 2/3", 10, 100, 39, 60, false},
		{"households 2/3 of 61 needs 41", 10, 100, 40, 61, false},
		{"both short", 50, 100, 39, 60, false},
		{"nobody eligible", 0, 0, 0, 0, false},
	}
	for _, c := range cases {
		got, _ := r.AttendanceMet(c.present, c.adults, c.households, c.houses)
		if got != c.want {
			t.Errorf("%s: attendance %v, want %v", c.name, got, c.want)
		}
	}
	// Decisions: more than half of those present.
	checkEdges(t, r.Decision, []edge{
		{"exactly half of present", 30, 60, false},
		{"one more", 31, 60, true},
		{"one fewer", 29, 60, false},
		{"odd present", 31, 61, true},
		{"odd present, half down", 30, 61, false},
	})
}

// V2026 Art. 30 ¶2: a representatives' meeting needs 2/3 or more of its members.
func TestV2026Art30RepresentativesMeetingQuorum(t *testing.T) {
	r := Rules[RepresentativesMeeting]
	cases := []struct {
		present, members int
		want             bool
	}{{20, 30, true}, {19, 30, false}, {21, 30, true}, {21, 31, true}, {20, 31, false}, {2, 3, true}, {1, 3, false}}
	for _, c := range cases {
		if got, _ := r.AttendanceMet(c.present, c.members, 0, 0); got != c.want {
			t.Errorf("%d of %d: %v, want %v", c.present, c.members, got, c.want)
		}
	}
	checkEdges(t, r.Decision, []edge{{"half", 10, 20, false}, {"half+1", 11, 20, true}})
}

// V2026 Art. 32 ¶2: a villager group meeting needs 2/3 or more of the group's adults
// or of its households.
func TestV2026Art32GroupMeetingQuorum(t *testing.T) {
	r := Rules[GroupMeeting]
	cases := []struct {
		name                                string
		present, adults, households, houses int
		want                                bool
	}{
		{"adults exactly 2/3", 20, 30, 0, 12, true},
		{"adults one fewer", 19, 30, 0, 12, false},
		{"households exactly 2/3", 5, 30, 8, 12, true},
		{"households one fewer", 5, 30, 7, 12, false},
		{"half of adults is not enough here", 15, 30, 0, 12, false},
	}
	for _, c := range cases {
		if got, _ := r.AttendanceMet(c.present, c.adults, c.households, c.houses); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// U2026 Art. 27: a residents' meeting needs more than half of adult residents
// or of household representatives.
func TestU2026Art27ResidentsMeetingQuorum(t *testing.T) {
	r := Rules[ResidentsMeeting]
	cases := []struct {
		name                                string
		present, adults, households, houses int
		want                                bool
	}{
		{"half of adults", 40, 80, 0, 30, false},
		{"more than half of adults", 41, 80, 0, 30, true},
		{"half of households", 10, 80, 15, 30, false},
		{"more than half of households", 10, 80, 16, 30, true},
	}
	for _, c := range cases {
		if got, _ := r.AttendanceMet(c.present, c.adults, c.households, c.houses); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCharterDefaultsForCouncilAndBoard(t *testing.T) {
	for _, k := range []MeetingKind{CouncilVote, BoardVote} {
		r := Rules[k]
		if ok, _ := r.AttendanceMet(3, 5, 0, 0); !ok {
			t.Errorf("%s: 3 of 5 members should open", k)
		}
		if ok, _ := r.AttendanceMet(2, 4, 0, 0); ok {
			t.Errorf("%s: 2 of 4 members is exactly half and should not open", k)
		}
	}
}

// A village may tighten a rule, never loosen it (domain.md).
func TestVillageMayOnlyTighten(t *testing.T) {
	twoThirdsPresent := Threshold{Unit: Present, Num: 2, Den: 3}
	if _, err := Tighten(VillagersMeeting, nil, &twoThirdsPresent); err != nil {
		t.Errorf("2/3 of present is stricter than more than half: %v", err)
	}
	half := Threshold{Unit: Present, Num: 1, Den: 2}
	if _, err := Tighten(VillagersMeeting, nil, &half); err == nil {
		t.Error("'half or more' loosens 'more than half' and must be refused")
	}
	third := Threshold{Unit: Present, Num: 1, Den: 3, Strict: true}
	if _, err := Tighten(CouncilVote, nil, &third); err == nil {
		t.Error("a third loosens more than half")
	}
	if _, err := Tighten(RepresentativesMeeting, []Threshold{{Unit: Members, Num: 3, Den: 4}}, nil); err != nil {
		t.Errorf("3/4 of members tightens 2/3: %v", err)
	}
	if _, err := Tighten(RepresentativesMeeting, []Threshold{{Unit: Members, Num: 1, Den: 2, Strict: true}}, nil); err == nil {
		t.Error("more than half of members loosens 2/3")
	}
	if _, err := Tighten(VillagersMeeting, []Threshold{{Unit: Households, Num: 2, Den: 3, Strict: true}}, nil); err != nil {
		t.Errorf("more than 2/3 of households tightens 2/3: %v", err)
	}
}

func TestNeeded(t *testing.T) {
	cases := []struct {
		th   Threshold
		n    int
		want int
	}{
		{moreThanHalf(Present), 60, 31}, {moreThanHalf(Present), 61, 31}, {twoThirds(Members), 30, 20},
		{twoThirds(Members), 31, 21}, {Threshold{Unit: Adults, Num: 1, Den: 10}, 95, 10}, {moreThanHalf(Present), 0, 1},
	}
	for _, c := range cases {
		if got := c.th.Needed(c.n); got != c.want {
			t.Errorf("%s of %d needs %d, want %d", c.th, c.n, got, c.want)
		}
	}
}

// BenchmarkCompute10000 is the arithmetic of a 10,000-ballot tally alone,
// without reading the ballots from the store.
func BenchmarkCompute10000(b *testing.B) {
	v := Vote{ID: "v", Options: DefaultOptions, Rule: Rules[VillagersMeeting], EligibleCount: 12000, HouseholdCount: 3000, MaxChoices: 1}
	var c collected
	for i := 0; i < 10000; i++ {
		c.open = append(c.open, Ballot{Voter: fmt.Sprintf("R%05d", i), Household: fmt.Sprintf("H%05d", i/4),
			Choices: []string{[]string{"yes", "no", "abstain"}[i%3]}, Receipt: fmt.Sprintf("%064x", i)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r, _ := compute(v, c); r.Voters != 10000 {
			b.Fatal(r.Voters)
		}
	}
}

// A stricter rule must still be a fraction: zero or negative terms would
// turn "more than half" into "fewer than half" or divide by zero.
func TestThresholdsMustBeProperFractions(t *testing.T) {
	for _, th := range []Threshold{
		{Unit: Present, Num: -1, Den: -2, Strict: true}, {Unit: Present, Num: 1, Den: 0}, {Unit: Present, Num: 1, Den: -1},
		{Unit: Present, Num: 3, Den: 2}, {Unit: "votes", Num: 2, Den: 3}, {Unit: Present, Num: 60, Den: 101},
	} {
		if _, err := Tighten(VillagersMeeting, nil, &th); err == nil {
			t.Errorf("decision %+v accepted", th)
		}
		if _, err := Tighten(RepresentativesMeeting, []Threshold{th}, nil); err == nil {
			t.Errorf("attendance %+v accepted", th)
		}
	}
}
