package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"yishi/modules/org"
)

type resultView struct {
	Vote struct {
		Rule struct {
			Basis    string `json:"basis"`
			Decision struct {
				Unit     string `json:"unit"`
				Num, Den int
			} `json:"decision"`
		} `json:"rule"`
		EligibleCount int `json:"eligible_count"`
		Result        struct {
			Voters        int    `json:"voters"`
			Eligible      int    `json:"eligible"`
			AttendanceMet bool   `json:"attendance_met"`
			Needed        int    `json:"needed"`
			Denominator   int    `json:"denominator"`
			Adopted       bool   `json:"adopted"`
			DecisionZh    string `json:"decision_zh"`
			DecisionEn    string `json:"decision_en"`
		} `json:"result"`
	} `json:"vote"`
}

// LC Art. 19(3) (and LC Art. 28 ¶2, LC Art. 52 ¶1, LA Art. 63 ¶2): a land
// contracting plan needs the consent of 2/3 or more of the members of the
// villagers' meeting, all villagers aged 18+, not of those present. With a
// third of the village absent, exactly 2/3 of all members passes; one vote
// fewer fails although everyone present agreed. The result says the
// denominator in words.
func TestLCArt19Item3LandContractingPlanTwoThirdsOfAllMembers(t *testing.T) {
	k := newPropKit(t)
	ta, xl := k.ta, k.xl
	const xlPath = "/gz/hd/hs/xl"
	seedAdults(t, ta, xl, "L", 90)
	secretary, second := k.counters()
	resident := k.account(xlPath, "R003")
	base := "/api/v1/orgs/" + xl

	// vote holds a villagers' meeting on a new land contracting plan where
	// present villagers came and yes of them agreed, by paper count.
	vote := func(present, yes int) resultView {
		t.Helper()
		p := submitted(resident, xl, map[string]any{"body_id": "council", "title": "二轮延包土地承包方案", "category": "land_contracting"})
		var v struct{ ID string }
		secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
		var e struct{ ID string }
		secretary.mustJSON("POST", base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper",
			"counts": map[string]int{"yes": yes, "no": present - yes}, "voters": present}, 201, &e)
		second.mustJSON("POST", base+"/votes/"+v.ID+"/counts/"+e.ID+"/confirm", nil, 200, nil)
		secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
		var r resultView
		secretary.mustJSON("GET", base+"/votes/"+v.ID, nil, 200, &r)
		return r
	}

	probe := vote(1, 1)
	all := probe.Vote.EligibleCount
	if all < 100 || probe.Vote.Rule.Decision.Unit != "adults" || probe.Vote.Rule.Decision.Num != 2 || probe.Vote.Rule.Decision.Den != 3 ||
		!strings.Contains(probe.Vote.Rule.Basis, "V2026 Art. 26 ¶1") || !strings.Contains(probe.Vote.Rule.Basis, "LC Art. 19(3)") {
		t.Fatalf("rule %+v of %d members", probe.Vote.Rule, all)
	}
	twoThirds := (2*all + 2) / 3 // the smallest x with 3x >= 2·all
	r := vote(twoThirds, twoThirds)
	if got := r.Vote.Result; !got.AttendanceMet || !got.Adopted || got.Denominator != all || got.Needed != twoThirds {
		t.Fatalf("exactly 2/3 of all %d members (%d absent): %+v", all, all-twoThirds, got)
	}
	r = vote(twoThirds-1, twoThirds-1)
	got := r.Vote.Result
	if !got.AttendanceMet || got.Adopted || got.Needed != twoThirds {
		t.Fatalf("one short of 2/3 of all members, all present agreeing: %+v", got)
	}
	if !strings.Contains(got.DecisionZh, "全体十八周岁以上成员的三分之二以上") || !strings.Contains(got.DecisionZh, "不以到会人数计算") ||
		!strings.Contains(got.DecisionEn, fmt.Sprintf("at least 2/3 of all members aged 18 and over: %d in all, so %d votes", all, twoThirds)) {
		t.Errorf("result text %q / %q", got.DecisionZh, got.DecisionEn)
	}

	// An ordinary matter of the same meeting is still decided by those present.
	p := submitted(resident, xl, map[string]any{"body_id": "council", "title": "修路", "category": "public_order"})
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
	var ordinary resultView
	secretary.mustJSON("GET", base+"/votes/"+v.ID, nil, 200, &ordinary)
	if ordinary.Vote.Rule.Decision.Unit != "present" {
		t.Errorf("an ordinary matter: %+v", ordinary.Vote.Rule)
	}
}

// V2026 Art. 13 (U2026 Art. 12): a committee may not give a guarantee, so a
// vote to resolve on one is refused with the reason, in a village and in a
// community each under its own law.
func TestV2026Art13NoGuarantee(t *testing.T) {
	k := newPropKit(t)
	for _, c := range []struct {
		id                  string
		secretary, resident *client
		meeting             string
		article, articleEn  string
	}{
		{k.xl, k.account("/gz/hd/hs/xl", "R005", "resident", "secretary"), k.account("/gz/hd/hs/xl", "R003"), "villagers_meeting",
			"村委会组织法2026年版第十三条", "V2026 Art. 13"},
		{k.dt, k.ta.login(t, "13800000002"), k.ta.login(t, "13800000001"), "residents_meeting",
			"居委会组织法2026年版第十二条", "U2026 Art. 12"},
	} {
		p := submitted(c.resident, c.id, map[string]any{"body_id": "council", "title": "为合作社贷款提供担保", "category": "guarantee"})
		e := c.secretary.mustError("POST", "/api/v1/orgs/"+c.id+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": c.meeting}, 422, "no_guarantee")
		if !strings.Contains(e.Error.Message, c.article) || !strings.Contains(e.Error.MessageEn, c.articleEn) || !strings.Contains(e.Error.Message, "不得提供担保") {
			t.Errorf("%s: refusal %+v", c.meeting, e.Error)
		}
	}
}

// seedAdults adds n adults to a village, each a household of their own,
// numbered prefix000 on.
func seedAdults(t *testing.T, ta *testApp, village, prefix string, n int) {
	t.Helper()
	var rs []org.Resident
	for i := range n {
		rs = append(rs, org.Resident{No: fmt.Sprintf("%s%03d", prefix, i), HouseholdNo: fmt.Sprintf("%sH%03d", prefix, i), Name: "村民", Gender: "F", BirthDate: "1960-05-01"})
	}
	if err := ta.orgs.SeedResidents(context.Background(), village, rs); err != nil {
		t.Fatal(err)
	}
}

// counters are 小罗村's two secretaries who enter and confirm a count.
func (k *propKit) counters() (enter, confirm *client) {
	const xlPath = "/gz/hd/hs/xl"
	return k.account(xlPath, "R005", "resident", "council_member", "secretary"), k.account(xlPath, "R009", "resident", "secretary")
}
