package vote

import "testing"

// TestV2026Art19RecallArithmeticAtEveryEdge walks registered voters 1..40,
// every turnout and every count for: a recall passes exactly when
// 2*voted > registered && 2*yes > voted (V2026 Art. 19 ¶2), and at a
// villagers' meeting only.
func TestV2026Art19RecallArithmeticAtEveryEdge(t *testing.T) {
	r, err := applyRecall(Rules[VillagersMeeting], Recall, false)
	if err != nil {
		t.Fatal(err)
	}
	for registered := 1; registered <= 40; registered++ {
		for voted := 0; voted <= registered; voted++ {
			for yes := 0; yes <= voted; yes++ {
				v := Vote{Options: DefaultOptions, Rule: r, EligibleCount: registered, HouseholdCount: registered}
				res, _ := assemble(v, counted{online: map[string]int{"yes": yes, "no": voted - yes}, voters: voted, ballots: voted, households: voted}, nil)
				want := 2*voted > registered && 2*yes > voted
				if res.Adopted != want {
					t.Fatalf("registered %d, voted %d, yes %d: adopted %v, want %v (%s)", registered, voted, yes, res.Adopted, want, res.DecisionZh)
				}
			}
		}
	}
	for _, k := range []MeetingKind{RepresentativesMeeting, CouncilVote, GroupMeeting} {
		if _, err := applyRecall(Rules[k], Recall, false); err == nil {
			t.Errorf("a village recalled by a %s", k)
		}
	}
	if _, err := applyRecall(Rules[VillagersMeeting], Recall, true); err == nil {
		t.Error("a community recalled at a villagers' meeting")
	}
	// U2026 Art. 20 ¶2: more than 2/3 of the residents' representatives.
	u, err := applyRecall(Rules[RepresentativesMeeting], Recall, true)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := u.AttendanceMet(6, 9, 0, 0); ok {
		t.Error("6 of 9 residents' representatives (exactly 2/3) is not more than 2/3")
	}
	if ok, _ := u.AttendanceMet(7, 9, 0, 0); !ok {
		t.Error("7 of 9 residents' representatives is more than 2/3")
	}
}
