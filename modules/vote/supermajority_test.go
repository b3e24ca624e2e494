package vote

import (
	"strings"
	"testing"
)

// LC Art. 19(3), LC Art. 28 ¶2, LC Art. 52 ¶1, LA Art. 63 ¶2: 2/3 of all
// members of the villagers' meeting, or of all representatives, whatever the
// number present; the rule cites both laws. Other categories keep the
// organic law's rule, and a council gets no supermajority (routing refuses it).
func TestLCArt19Item3SupermajorityReplacesMoreThanHalfOfThosePresent(t *testing.T) {
	for _, s := range Supermajorities {
		v := applySupermajority(Rules[VillagersMeeting], s.Category)
		if v.Decision != twoThirds(Adults) || !strings.HasSuffix(v.Basis, "; "+s.Basis) {
			t.Errorf("%s villagers' meeting: %+v", s.Category, v)
		}
		r := applySupermajority(Rules[RepresentativesMeeting], s.Category)
		if r.Decision != twoThirds(Members) || !strings.HasPrefix(r.Basis, "V2026 Art. 30 ¶2; ") {
			t.Errorf("%s representatives' meeting: %+v", s.Category, r)
		}
	}
	if r := applySupermajority(Rules[VillagersMeeting], "public_order"); r.Decision != moreThanHalf(Present) || r.Basis != "V2026 Art. 26 ¶1" {
		t.Errorf("ordinary matter %+v", r)
	}
	if r := applySupermajority(Rules[CouncilVote], "land_contracting"); r.Decision != moreThanHalf(Present) {
		t.Errorf("council %+v", r)
	}
	// With 300 members and 100 absent: 200 is exactly 2/3 of all, 199 is not,
	// though 199 of 200 present is far more than half of them.
	d := twoThirds(Adults)
	if !d.Met(200, 300) || d.Met(199, 300) || d.Needed(300) != 200 || d.Needed(301) != 201 {
		t.Error("2/3 of all members at the edge")
	}
	// A village's own 3/4 of all members is stricter and stays.
	three := Threshold{Unit: Adults, Num: 3, Den: 4}
	if r := applySupermajority(Rule{Kind: VillagersMeeting, Basis: "V2026 Art. 26 ¶1", Decision: three}, "construction_land"); r.Decision != three {
		t.Errorf("stricter village rule lost: %+v", r)
	}
	// Tightening to a fraction of all members is allowed; loosening is not.
	if _, err := Tighten(VillagersMeeting, nil, &Threshold{Unit: Adults, Num: 1, Den: 2, Strict: true}); err != nil {
		t.Errorf("more than half of all members refused: %v", err)
	}
	if _, err := Tighten(VillagersMeeting, nil, &Threshold{Unit: Adults, Num: 1, Den: 2}); err == nil {
		t.Error("half of all members (not more than half) accepted as at least as strict as more than half of those present")
	}
}

func TestDecisionWordsNameTheDenominator(t *testing.T) {
	zh, en := decisionWords(twoThirds(Adults), 70, 105, 69)
	if zh != "须全体十八周岁以上成员的三分之二以上同意：全体共105人，需70票；到会69人，不以到会人数计算" ||
		en != "needs at least 2/3 of all members aged 18 and over: 105 in all, so 70 votes, whatever the number present (69)" {
		t.Errorf("%q / %q", zh, en)
	}
	zh, _ = decisionWords(moreThanHalf(Present), 36, 70, 70)
	if zh != "须到会人员的过半数同意：到会70人，需36票" {
		t.Errorf("%q", zh)
	}
}
