package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"yishi/modules/org"
)

// ceoKit is 小罗村 with its collective economic organisation: the
// secretaries who schedule and count, and helpers for the collective's
// meetings through HTTP.
type ceoKit struct {
	*propKit
	secretary, second, resident *client
	base                        string
}

func newCEOKit(t *testing.T) *ceoKit {
	k := newPropKit(t)
	secretary, second := k.counters()
	return &ceoKit{propKit: k, secretary: secretary, second: second, resident: k.account(xlPath, "R003"), base: "/api/v1/orgs/" + k.xl}
}

// meeting schedules a meeting of the kind 10 days and a minute ahead with
// the proposals on its agenda, and opens it.
func (k *ceoKit) meeting(kind string, agenda ...string) string {
	k.t.Helper()
	clock := &k.ta.clock
	var m meetingView
	k.secretary.mustJSON("POST", k.base+"/meetings", map[string]any{"kind": kind, "title": "成员大会", "place": "村委会礼堂", "agenda": agenda,
		"starts_at": clock.now().Add(10*24*time.Hour + time.Minute)}, 201, &m)
	clock.advance(10*24*time.Hour + 2*time.Minute)
	k.secretary.mustJSON("POST", k.base+"/meetings/"+m.ID+"/open", nil, 200, &m)
	return m.ID
}

// handCount enters a paper count at the venue and has the second
// secretary confirm it.
func (k *ceoKit) handCount(voteID string, present, yes int) {
	k.t.Helper()
	var e struct{ ID string }
	k.secretary.mustJSON("POST", k.base+"/votes/"+voteID+"/counts", map[string]any{"channel": "paper",
		"counts": map[string]int{"yes": yes, "no": present - yes}, "voters": present}, 201, &e)
	k.second.mustJSON("POST", k.base+"/votes/"+voteID+"/counts/"+e.ID+"/confirm", nil, 200, nil)
}

func (k *ceoKit) result(voteID string) ceoResult {
	k.t.Helper()
	var r ceoResult
	k.secretary.mustJSON("GET", k.base+"/votes/"+voteID, nil, 200, &r)
	return r
}

type ceoResult struct {
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
			AttendanceMet bool   `json:"attendance_met"`
			Needed        int    `json:"needed"`
			Denominator   int    `json:"denominator"`
			Adopted       bool   `json:"adopted"`
			DecisionZh    string `json:"decision_zh"`
			DecisionEn    string `json:"decision_en"`
			InPerson      int    `json:"in_person"`
			Remote        int    `json:"remote"`
			AttendanceZh  string `json:"attendance_zh"`
			AttendanceEn  string `json:"attendance_en"`
		} `json:"result"`
	} `json:"vote"`
}

// notMembers records residents of the register as not members of the
// collective, as the operator does.
func (k *ceoKit) notMembers(nos ...string) {
	k.t.Helper()
	for _, no := range nos {
		var r org.Resident
		k.operator.mustJSON("PUT", k.base+"/residents/"+no+"/collective-member", map[string]any{"member": false}, 200, &r)
		if r.CollectiveMember != org.CollectiveNo || r.No != no {
			k.t.Fatalf("resident %s after the entry: %+v", no, r)
		}
	}
}

// CEO Art. 27 ¶1, ¶3: the member assembly sits with 2/3 of the members with
// full capacity and decides with 2/3 of ALL members, whoever came: with a
// third absent, exactly 2/3 passes; with more present, one vote short of 2/3
// of all fails although it is far more than 2/3 of those present. Members
// are the register's (non-members left out of the denominator), and the
// assembly votes one person one vote.
func TestCEOArt27MemberAssemblyTwoThirdsOfAllMembers(t *testing.T) {
	k := newCEOKit(t)
	seedAdults(t, k.ta, k.xl, "M", 90)
	k.notMembers("M000", "M001", "M002", "M003", "M004", "M005", "M006", "M007", "M008", "M009")
	var ps []string
	for i := range 3 {
		p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": fmt.Sprintf("二轮延包土地承包方案%d", i), "category": "land_contracting"})
		ps = append(ps, p.ID)
	}
	mid := k.meeting("member_assembly", ps...)
	open := func(p string) string {
		var v struct{ ID string }
		k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p, "meeting_id": mid}, 201, &v)
		return v.ID
	}
	k.secretary.mustError("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": ps[0], "meeting_id": mid, "mode": "households"}, 422, "one_person_one_vote")

	v1 := open(ps[0])
	r := k.result(v1)
	members := r.Vote.EligibleCount
	if members < 90 || r.Vote.Rule.Decision.Unit != "collective_members" || r.Vote.Rule.Decision.Num != 2 || r.Vote.Rule.Decision.Den != 3 ||
		!strings.Contains(r.Vote.Rule.Basis, "CEO Art. 27 ¶3") || !strings.Contains(r.Vote.Rule.Basis, "LC Art. 19(3)") {
		t.Fatalf("rule %+v of %d members", r.Vote.Rule, members)
	}
	var residents struct{ Residents []org.Resident }
	k.operator.mustJSON("GET", k.base+"/residents", nil, 200, &residents)
	if nonMembers := len(residents.Residents) - members; nonMembers < 10 {
		t.Fatalf("%d members of %d residents: the 10 non-members are counted", members, len(residents.Residents))
	}
	twoThirds := (2*members + 2) / 3 // the smallest x with 3x >= 2·members
	k.handCount(v1, twoThirds, twoThirds)
	k.secretary.mustJSON("POST", k.base+"/votes/"+v1+"/close", nil, 200, nil)
	if got := k.result(v1).Vote.Result; !got.AttendanceMet || !got.Adopted || got.Denominator != members || got.Needed != twoThirds || got.InPerson != twoThirds || got.Remote != 0 {
		t.Fatalf("exactly 2/3 of all %d members (%d absent): %+v", members, members-twoThirds, got)
	}

	v2 := open(ps[1])
	k.handCount(v2, twoThirds+6, twoThirds-1)
	k.secretary.mustJSON("POST", k.base+"/votes/"+v2+"/close", nil, 200, nil)
	got := k.result(v2).Vote.Result
	if !got.AttendanceMet || got.Adopted || got.Needed != twoThirds {
		t.Fatalf("one short of 2/3 of all members, though %d of %d present agreed: %+v", twoThirds-1, twoThirds+6, got)
	}
	if !strings.Contains(got.DecisionZh, "全体成员（具有完全民事行为能力的集体经济组织成员）的三分之二以上") || !strings.Contains(got.DecisionZh, "不以到会人数计算") ||
		!strings.Contains(got.DecisionEn, fmt.Sprintf("at least 2/3 of all members of the collective (with full capacity): %d in all, so %d votes", members, twoThirds)) {
		t.Errorf("result text %q / %q", got.DecisionZh, got.DecisionEn)
	}
	if !strings.Contains(got.AttendanceZh, fmt.Sprintf("现场参加%d人，在线参加0人", twoThirds+6)) || !strings.Contains(got.AttendanceEn, fmt.Sprintf("%d attended in person, 0 remotely", twoThirds+6)) {
		t.Errorf("attendance text %q / %q", got.AttendanceZh, got.AttendanceEn)
	}

	// Attendance: one short of 2/3 of the members is no assembly.
	v3 := open(ps[2])
	k.handCount(v3, twoThirds-1, twoThirds-1)
	k.secretary.mustJSON("POST", k.base+"/votes/"+v3+"/close", nil, 200, nil)
	if got := k.result(v3).Vote.Result; got.AttendanceMet || got.Adopted {
		t.Fatalf("attended by one short of 2/3 of members: %+v", got)
	}
}

// CEO Art. 27 ¶1: the member assembly is announced to all members 10 days
// ahead, and the law has no short notice for it (unlike V2026 Art. 25 ¶2);
// an urban community has no member assembly.
func TestCEOArt27MemberAssemblyAnnouncedTenDaysAhead(t *testing.T) {
	k := newCEOKit(t)
	clock := &k.ta.clock
	in := map[string]any{"kind": "member_assembly", "title": "成员大会", "place": "礼堂", "agenda": []string{},
		"starts_at": clock.now().Add(10*24*time.Hour - time.Minute), "short_notice_reason": "防汛"}
	e := k.secretary.mustError("POST", k.base+"/meetings", in, 422, "announced_late")
	if !strings.Contains(e.Error.Message, "农村集体经济组织法第二十七条第一款") || !strings.Contains(e.Error.MessageEn, "CEO Art. 27 ¶1") || !strings.Contains(e.Error.MessageEn, "no short notice") {
		t.Errorf("refusal %+v", e.Error)
	}
	in["starts_at"] = clock.now().Add(10*24*time.Hour + time.Minute)
	k.secretary.mustJSON("POST", k.base+"/meetings", in, 201, nil)
	var kinds struct {
		Kinds []struct {
			Kind          string `json:"kind"`
			AnnounceDays  int    `json:"announce_days"`
			AnnounceBasis string `json:"announce_basis"`
		} `json:"kinds"`
	}
	k.secretary.mustJSON("GET", k.base+"/meeting-kinds", nil, 200, &kinds)
	found := 0
	for _, c := range kinds.Kinds {
		if c.Kind == "member_assembly" || c.Kind == "member_representatives_assembly" {
			found++
			if c.AnnounceDays != 10 || c.AnnounceBasis != "CEO Art. 27 ¶1" {
				t.Errorf("kind %+v", c)
			}
		}
	}
	if found != 2 {
		t.Errorf("the schedule form offers %+v", kinds.Kinds)
	}
	community := k.ta.login(t, "13800000002")
	in["starts_at"] = clock.now().Add(11 * 24 * time.Hour)
	community.mustError("POST", "/api/v1/orgs/"+k.dt+"/meetings", in, 422, "wrong_meeting_kind")
}

// memberRepresentatives sets up the collective's member representatives.
func (k *ceoKit) memberRepresentatives(nos ...string) {
	k.t.Helper()
	var members []map[string]string
	for _, no := range nos {
		members = append(members, map[string]string{"resident_no": no, "role": "member"})
	}
	k.operator.mustJSON("POST", k.base+"/bodies", map[string]any{"id": "member-representatives", "kind": "association", "name": "成员代表", "members": members}, 201, nil)
}

// CEO Art. 28 ¶4: the member representatives' assembly may not decide CEO
// Art. 26 ¶1 items 1, 3, 8, 10 and 12, refused with the article and the
// item; it decides the others with 2/3 of ALL representatives (¶5): of 6,
// 4 pass and 3 do not.
func TestCEOArt28RepresentativesMayNotDecideReservedItems(t *testing.T) {
	k := newCEOKit(t)
	k.memberRepresentatives("R001", "R002", "R003", "R005", "R009", "R010")
	for _, c := range []struct {
		category string
		item     string
	}{{"ceo_charter", "第一项"}, {"ceo_membership", "第三项"}, {"land_contracting", "第八项"}, {"homestead", "第八项"},
		{"land_readjustment", "第八项"}, {"land_compensation", "第十项"}, {"ceo_merger", "第十二项"}} {
		p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": "成员代表大会议题", "category": c.category})
		e := k.secretary.mustError("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "member_representatives_assembly"}, 422, "ceo_reserved")
		if !strings.Contains(e.Error.Message, "第二十八条第四款") || !strings.Contains(e.Error.Message, c.item) || !strings.Contains(e.Error.MessageEn, "CEO Art. 28 ¶4") {
			t.Errorf("%s: refusal %+v", c.category, e.Error)
		}
	}
	// Item 9 (construction land) is theirs, with 2/3 of all representatives.
	vote := func(yes int) ceoResult {
		p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": "集体经营性建设用地出租方案", "category": "construction_land"})
		var v struct{ ID string }
		k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "member_representatives_assembly"}, 201, &v)
		k.handCount(v.ID, 6, yes)
		k.secretary.mustJSON("POST", k.base+"/votes/"+v.ID+"/close", nil, 200, nil)
		return k.result(v.ID)
	}
	r := vote(4)
	if got := r.Vote; !got.Result.Adopted || got.EligibleCount != 6 || got.Rule.Decision.Unit != "collective_representatives" ||
		!strings.Contains(got.Rule.Basis, "CEO Art. 28 ¶5") || !strings.Contains(got.Rule.Basis, "LA Art. 63 ¶2") || !strings.Contains(got.Result.DecisionZh, "全体成员代表的三分之二以上") {
		t.Fatalf("4 of 6 representatives: %+v", got)
	}
	if r := vote(3); r.Vote.Result.Adopted {
		t.Fatalf("3 of 6 representatives passed: %+v", r.Vote.Result)
	}
}

// V2026 Art. 28 ¶4, CEO Art. 64: where the village has no collective
// economic organisation of its own (the default), the villagers' committee
// acts for it and the villagers' meeting decides collective matters under
// the CEO rules (2/3 of all members); where it has one (the operator's
// setting), only the collective's assemblies decide them. The proposal
// form's category says which, in one line; a community has no such setting.
func TestV2026Art28Para4CollectiveMattersGoToTheCollective(t *testing.T) {
	k := newCEOKit(t)
	line := func() string {
		var f struct {
			Categories []struct {
				Key     string `json:"key"`
				WhereZh string `json:"where_zh"`
				WhereEn string `json:"where_en"`
			} `json:"categories"`
		}
		k.resident.mustJSON("GET", k.base+"/flows", nil, 200, &f)
		for _, c := range f.Categories {
			if c.Key == "homestead" {
				return c.WhereZh + " | " + c.WhereEn
			}
		}
		return ""
	}
	if l := line(); !strings.Contains(l, "村民委员会代行") || !strings.Contains(l, "CEO Art. 64") || !strings.Contains(l, "CEO Art. 26 ¶1 item 8") {
		t.Errorf("the form's line, committee acting: %q", l)
	}
	p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": "宅基地使用方案", "category": "homestead"})
	var v struct{ ID string }
	k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
	if r := k.result(v.ID).Vote.Rule; r.Decision.Unit != "adults" || r.Decision.Num != 2 || !strings.Contains(r.Basis, "CEO Art. 64 ¶2") {
		t.Errorf("a homestead plan at the villagers' meeting, the committee acting for the collective: %+v", r)
	}
	k.secretary.mustJSON("POST", k.base+"/votes/"+v.ID+"/close", nil, 200, nil)

	var set struct {
		Organisation bool     `json:"organisation"`
		Remote       []string `json:"remote"`
	}
	k.operator.mustJSON("PUT", k.base+"/village-rules/collective", map[string]any{"organisation": true, "remote": []string{}}, 200, &set)
	if !set.Organisation {
		t.Fatalf("setting %+v", set)
	}
	if l := line(); !strings.Contains(l, "须由本村集体经济组织成员大会") || !strings.Contains(l, "never its member representatives' assembly") {
		t.Errorf("the form's line, own organisation: %q", l)
	}
	e := k.secretary.mustError("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 422, "ceo_routing")
	if !strings.Contains(e.Error.Message, "第二十六条第一款第八项") || !strings.Contains(e.Error.MessageEn, "V2026 Art. 28 ¶4") {
		t.Errorf("refusal %+v", e.Error)
	}
	k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "member_assembly"}, 201, nil)
	// A council never decides it, in either case.
	k.secretary.mustError("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 422, "ceo_routing")
	k.operator.mustError("PUT", "/api/v1/orgs/"+k.dt+"/village-rules/collective", map[string]any{"organisation": true}, 422, "not_rural")
}

// V2026 Art. 26 ¶1 (and V2026 Art. 30 ¶2, U2026 Art. 27): attendance at a
// villagers' meeting is physical. At a vote opened at the meeting a
// resident not signed in at the venue casts no ballot, so a remote ballot
// never makes the quorum; a village cannot open remote attendance for it.
// CEO Art. 27 ¶1 lets members attend the member assembly online: once the
// village opens it, remote ballots count towards its attendance, and the
// result says how many were there and how many online.
func TestV2026Art26AttendanceIsPhysical(t *testing.T) {
	k := newCEOKit(t)
	e := k.operator.mustError("PUT", k.base+"/village-rules/collective", map[string]any{"remote": []string{"villagers_meeting"}}, 422, "remote_not_lawful")
	if !strings.Contains(e.Error.Message, "村委会组织法2026年版第二十六条第一款") || !strings.Contains(e.Error.MessageEn, "CEO Art. 27 ¶1") {
		t.Errorf("refusal %+v", e.Error)
	}
	r1, r2 := k.account(xlPath, "R001"), k.account(xlPath, "R002")
	p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": "修路", "category": "public_order"})
	mid := k.meeting("villagers_meeting", p.ID)
	var code struct {
		Code string `json:"code"`
	}
	k.secretary.mustJSON("GET", k.base+"/meetings/"+mid+"/sign-in-code", nil, 200, &code)
	r1.mustJSON("POST", k.base+"/meetings/"+mid+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	var v struct{ ID string }
	k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_id": mid}, 201, &v)
	e = r2.mustError("POST", k.base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 403, "not_at_venue")
	if !strings.Contains(e.Error.Message, "村委会组织法2026年版第二十六条第一款") || !strings.Contains(e.Error.MessageEn, "V2026 Art. 26 ¶1") {
		t.Errorf("refusal %+v", e.Error)
	}
	r1.mustJSON("POST", k.base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	k.secretary.mustJSON("POST", k.base+"/votes/"+v.ID+"/close", nil, 200, nil)
	got := k.result(v.ID).Vote.Result
	if got.Voters != 1 || got.InPerson != 1 || got.Remote != 0 || got.AttendanceMet || !strings.Contains(got.AttendanceZh, "现场参加1人，在线参加0人") ||
		!strings.Contains(got.AttendanceEn, "only those signed in there count as attending") {
		t.Fatalf("villagers' meeting result %+v", got)
	}
	k.secretary.mustJSON("POST", k.base+"/meetings/"+mid+"/close", nil, 200, nil)

	// The member assembly of three members: remote off by default, then on.
	var residents struct{ Residents []org.Resident }
	k.operator.mustJSON("GET", k.base+"/residents", nil, 200, &residents)
	var others []string
	for _, r := range residents.Residents {
		if r.No != "R001" && r.No != "R002" && r.No != "R003" {
			others = append(others, r.No)
		}
	}
	k.notMembers(others...)
	assembly := func(remote bool) (string, string) {
		if remote {
			k.operator.mustJSON("PUT", k.base+"/village-rules/collective", map[string]any{"remote": []string{"member_assembly"}}, 200, nil)
		}
		q := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": "土地承包方案", "category": "land_contracting"})
		mid := k.meeting("member_assembly", q.ID)
		var v struct{ ID string }
		k.secretary.mustJSON("POST", k.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": q.ID, "meeting_id": mid}, 201, &v)
		return mid, v.ID
	}
	_, off := assembly(false)
	e = r2.mustError("POST", k.base+"/votes/"+off+"/ballots", map[string]any{"choices": []string{"yes"}}, 403, "not_at_venue")
	if !strings.Contains(e.Error.MessageEn, "CEO Art. 27 ¶1 allows") {
		t.Errorf("refusal with remote off %+v", e.Error)
	}
	k.secretary.mustJSON("POST", k.base+"/votes/"+off+"/close", nil, 200, nil)
	_, on := assembly(true)
	for _, c := range []*client{r1, r2} {
		c.mustJSON("POST", k.base+"/votes/"+on+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	k.secretary.mustJSON("POST", k.base+"/votes/"+on+"/close", nil, 200, nil)
	res := k.result(on)
	if got := res.Vote.Result; res.Vote.EligibleCount != 3 || !got.AttendanceMet || !got.Adopted || got.InPerson != 0 || got.Remote != 2 ||
		!strings.Contains(got.AttendanceZh, "现场参加0人，在线参加2人") || !strings.Contains(got.AttendanceEn, "0 attended in person, 2 remotely; under CEO Art. 27 ¶1 members may attend online") {
		t.Fatalf("member assembly attended online by 2 of 3: %+v of %d", got, res.Vote.EligibleCount)
	}
}

// CEO Art. 11-12: the register says who is a member of the collective. The
// file may carry a ninth column collective_member (是/否); a bad cell is
// named by its line; a later file without the column keeps what the
// register holds; the operator's entry names a resident of the register.
func TestCEOArt11RegisterSaysWhoIsAMember(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	var village struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "jt", "name": "集体村", "level": "village", "kind": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &village)
	base := "/api/v1/orgs/" + village.ID + "/residents/"
	withColumn := header[:len(header)-1] + ",collective_member\n"
	var pre struct {
		Refused int
		Bad     []struct {
			Line  int
			Field string
		}
	}
	operator.mustJSON("POST", base+"check", withColumn+"C1,H1,王大山,男,1960-02-29,,一组,是,是\nC2,H1,王小花,F,1962-06-01,,一组,0,也许\n", 200, &pre)
	if pre.Refused != 1 || len(pre.Bad) != 1 || pre.Bad[0].Line != 3 || pre.Bad[0].Field != "collective_member" {
		t.Fatalf("preview %+v", pre)
	}
	operator.mustJSON("POST", base+"import-part?first_line=2", withColumn+"C1,H1,王大山,男,1960-02-29,,一组,是,是\nC2,H1,王小花,F,1962-06-01,,一组,0,否\nC3,H2,赵四,M,1990-12-31,,二组,1,\n", 200, nil)
	operator.mustJSON("POST", base+"import-part?first_line=2", header+"C2,H1,王小花,F,1962-06-01,,一组,0\n", 200, nil)
	var list struct{ Residents []org.Resident }
	operator.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/residents", nil, 200, &list)
	got := map[string]string{}
	for _, r := range list.Residents {
		got[r.No] = r.CollectiveMember
	}
	if got["C1"] != "yes" || got["C2"] != "no" || got["C3"] != "" {
		t.Fatalf("collective membership after import: %v", got)
	}
	operator.mustError("PUT", base+"C9/collective-member", map[string]any{"member": true}, 404, "")
}
