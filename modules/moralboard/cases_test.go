package moralboard

import (
	"slices"
	"testing"
	"time"

	"yishi/modules/vote"
	"yishi/modules/web"
)

// TestNominationRules: a body hears only its categories (the 红白理事会
// frugal ceremonies, not drugs); the subject must be in the register; no one
// nominates themself; only a villager of this village nominates; the case
// keeps only the subject's surname (a compound one whole).
func TestNominationRules(t *testing.T) {
	b := newBoard(t)
	n := func(body, kind, no, cat string) Nomination {
		return Nomination{BodyID: body, SubjectKind: kind, SubjectNo: no, Category: cat, Description: "d", Clause: "c"}
	}
	r7 := b.resident("R007")
	for _, c := range []struct {
		name string
		who  web.Actor
		in   Nomination
		code string
	}{
		{"unknown category", r7, n("", SubjectResident, "R003", "gossip"), ErrBadCategory.Code},
		{"the association's other category", r7, n("hongbai", SubjectResident, "R003", "anti_drug"), ErrBadCategory.Code},
		{"a council is no board", r7, n("council", SubjectResident, "R003", "other"), ErrNoBoard.Code},
		{"no such body", r7, n("nope", SubjectResident, "R003", "other"), ErrNoBoard.Code},
		{"not in the register", r7, n("", SubjectResident, "R999", "other"), "resident_not_found"},
		{"no such household", r7, n("", SubjectHousehold, "H99", "other"), ErrHouseholdAbsent.Code},
		{"self-nomination", r7, n("", SubjectResident, "R007", "filial_piety"), ErrSelfNomination.Code},
		{"another village's resident", web.Actor{AccountID: "x", VillageID: "elsewhere", ResidentNo: "R001"}, n("", SubjectResident, "R003", "other"), ErrNotVillager.Code},
		{"an account without a resident", web.Actor{AccountID: "x", VillageID: b.village}, n("", SubjectResident, "R003", "other"), ErrNotVillager.Code},
	} {
		_, err := b.svc.Nominate(b.ctx, b.village, c.who, c.in)
		wantCode(t, c.name, err, c.code)
	}
	c, err := b.svc.Nominate(b.ctx, b.village, r7, n("hongbai", SubjectResident, "R003", "frugal_ceremonies"))
	if err != nil {
		t.Fatal(err)
	}
	if c.BodyID != "hongbai" || c.SubjectSurname != "欧阳" || c.SubjectHousehold != "H01" || c.Status != StatusNominated || c.Evidence == nil {
		t.Errorf("case %+v", c)
	}
	h, err := b.svc.Nominate(b.ctx, b.village, r7, n("", SubjectHousehold, "H02", "neighbourliness"))
	if err != nil {
		t.Fatal(err)
	}
	if h.SubjectSurname != "陈" || h.SubjectGroup != "第1组" {
		t.Errorf("household case: surname %q group %q, want the head's", h.SubjectSurname, h.SubjectGroup)
	}
}

// TestSubjectToldBeforeHearingAndNominatorHidden: the hearing waits until
// the subject is told, then for the response days unless they respond; the
// subject sees the case without the nominator, a stranger not at all.
func TestSubjectToldBeforeHearingAndNominatorHidden(t *testing.T) {
	b := newBoard(t)
	c := b.nominate("R007", "R003", "environment")
	_, err := b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R010"), nil)
	wantErr(t, "not told", err, ErrSubjectNotTold)

	_, err = b.svc.View(b.ctx, b.village, c.ID, b.resident("R011"), false)
	wantErr(t, "a stranger reads the case", err, ErrNotParty)
	seen, err := b.svc.View(b.ctx, b.village, c.ID, b.resident("R007"), false)
	if err != nil || seen.NominatorNo != "R007" {
		t.Errorf("the nominator's view %+v, %v", seen, err)
	}
	if seen.ToldAt != nil {
		t.Error("the nominator's reading told the subject")
	}
	mine, err := b.svc.MyCases(b.ctx, b.village, b.resident("R003"))
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Cases) != 1 || mine.Cases[0].NominatorNo != "" || mine.Cases[0].NominatedBy != "" || len(mine.Notifications) != 1 {
		t.Fatalf("the subject's cases %+v", mine)
	}
	for _, e := range mine.Cases[0].Timeline {
		if e.Actor != "" {
			t.Errorf("the subject's timeline names %q", e.Actor)
		}
	}
	told := b.now
	b.now = told.Add(ResponseDays*24*time.Hour - time.Minute)
	_, err = b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R010"), nil)
	wantErr(t, "a minute before the response days end", err, ErrResponseWindow)
	b.now = told.Add(ResponseDays * 24 * time.Hour)
	if _, err := b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R010"), nil); err != nil {
		t.Errorf("at the end of the response days: %v", err)
	}
	_, err = b.svc.Respond(b.ctx, b.village, c.ID, b.resident("R003"), "晚了")
	wantErr(t, "a response once the hearing opened", err, ErrWrongStatus)
}

// TestResponseOpensTheHearingAtOnceAndOnlyOnce: a response by the subject
// (or a member of a household subject) lets the hearing open before the
// days pass; nobody else responds; one response only.
func TestResponseOpensTheHearingAtOnceAndOnlyOnce(t *testing.T) {
	b := newBoard(t)
	c, err := b.svc.Nominate(b.ctx, b.village, b.resident("R007"), Nomination{SubjectKind: SubjectHousehold, SubjectNo: "H01",
		Category: "environment", Description: "d", Clause: "c"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.Respond(b.ctx, b.village, c.ID, b.resident("R005"), "不是我家")
	wantErr(t, "another household responds", err, ErrNotSubject)
	if _, err := b.svc.Respond(b.ctx, b.village, c.ID, b.resident("R004"), "我家会改正"); err != nil {
		t.Fatalf("a member of the household responds: %v", err)
	}
	_, err = b.svc.Respond(b.ctx, b.village, c.ID, b.resident("R001"), "再说一次")
	wantErr(t, "a second response", err, ErrResponded)
	if _, err := b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R006"), nil); err != nil {
		t.Errorf("hearing after the response: %v", err)
	}
}

// TestRecusalsLeaveTheElectorate: the nominating member and the member who
// shares the subject's household are recused, may not open or decide the
// hearing and are not in its vote; a member who declares is recused too.
func TestRecusalsLeaveTheElectorate(t *testing.T) {
	b := newBoard(t)
	c := b.nominate("R006", "R003", "environment") // R002 shares H01 with R003
	c = b.answered(c, "R003")
	_, err := b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R002"), nil)
	wantErr(t, "the relative opens", err, ErrRecused)
	_, err = b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R006"), nil)
	wantErr(t, "the nominator opens", err, ErrRecused)
	_, err = b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R007"), nil)
	wantErr(t, "a non-member opens", err, ErrNotMember)
	if _, err := b.svc.Declare(b.ctx, b.village, c.ID, b.member("R018"), "邻居有旧怨"); err != nil {
		t.Fatal(err)
	}
	c, err = b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R010"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := c.Hearings[0]
	var got []string
	for _, r := range h.Recusals {
		got = append(got, r.ResidentNo+":"+r.Reason)
	}
	slices.Sort(got)
	if want := []string{"R002:" + RecusedRelative, "R006:" + RecusedNominator, "R018:" + RecusedDeclared}; !slices.Equal(got, want) {
		t.Fatalf("recusals %v, want %v", got, want)
	}
	v, _, err := b.votes.Get(b.ctx, b.village, h.VoteID)
	if err != nil || v.EligibleCount != 2 {
		t.Fatalf("electorate %d (%v), want the 2 members not recused", v.EligibleCount, err)
	}
	for _, no := range []string{"R002", "R006", "R018"} {
		_, err := b.votes.Cast(b.ctx, b.village, h.VoteID, vote.Voter{VillageID: b.village, ResidentNo: no}, vote.CastRequest{Choices: []string{VerdictNoAction}})
		if err == nil {
			t.Errorf("recused %s cast a ballot", no)
		}
	}
	_, err = b.svc.Declare(b.ctx, b.village, c.ID, b.member("R014"), "late")
	wantErr(t, "a declaration once the hearing is open", err, ErrWrongStatus)
	_, err = b.svc.Decide(b.ctx, b.village, c.ID, b.member("R002"))
	wantErr(t, "the relative decides", err, ErrRecused)
	// The street's outcome has no subject in it.
	out, err := b.svc.Outcomes(b.ctx, b.village)
	if err != nil || len(out) != 1 || out[0].CaseID != c.ID || len(out[0].VoteIDs) != 1 {
		t.Errorf("outcomes %+v, %v", out, err)
	}
}

// TestAppealPeriodAndWarningListAtTheirEdges: a criticism may be appealed
// until a minute before its appeal period ends, once; unappealed, it becomes
// final at the deadline and stays on the warning list (surname and group
// only) for six months to the minute.
func TestAppealPeriodAndWarningListAtTheirEdges(t *testing.T) {
	b := newBoard(t)
	c := b.answered(b.nominate("R007", "R003", "environment"), "R003")
	c = b.heard(c, VerdictCriticism, "R006", "R010", "R014")
	if c.Status != StatusDecided || c.AppealDeadline == nil || !c.AppealDeadline.Equal(b.now.AddDate(0, 0, DefaultSettings.AppealDays)) {
		t.Fatalf("decided %+v", c)
	}
	deadline := *c.AppealDeadline
	if l, _ := b.svc.WarningList(b.ctx, b.village); len(l) != 0 {
		t.Fatalf("listed within the appeal period: %v", l)
	}
	_, err := b.svc.AppealCase(b.ctx, b.village, c.ID, b.resident("R005"), "x")
	wantErr(t, "someone else appeals", err, ErrNotSubject)
	b.now = deadline
	_, err = b.svc.AppealCase(b.ctx, b.village, c.ID, b.resident("R003"), "太晚了")
	wantErr(t, "an appeal at the deadline", err, ErrAppealPeriod)
	l, err := b.svc.WarningList(b.ctx, b.village)
	if err != nil || len(l) != 1 {
		t.Fatalf("warning list after the deadline: %v, %v", l, err)
	}
	if l[0].Surname != "欧阳" || l[0].Group != "第1组" || !l[0].Since.Equal(deadline) || !l[0].Until.Equal(deadline.AddDate(0, 6, 0)) {
		t.Errorf("entry %+v", l[0])
	}
	b.now = deadline.AddDate(0, 6, 0).Add(-time.Minute)
	if l, _ := b.svc.WarningList(b.ctx, b.village); len(l) != 1 {
		t.Errorf("off the list a minute early: %v", l)
	}
	b.now = deadline.AddDate(0, 6, 0)
	if l, _ := b.svc.WarningList(b.ctx, b.village); len(l) != 0 {
		t.Errorf("still listed at the end of six months: %v", l)
	}
	got, _ := b.svc.Get(b.ctx, b.village, c.ID)
	if got.Status != StatusFinal || got.Verdict != VerdictCriticism {
		t.Errorf("the expired entry left its case: %+v", got)
	}
}

// TestAppealOnceHeardAfresh: an appeal a minute before the deadline is a
// fresh vote without the recused members; a second appeal is refused, and a
// commendation cannot be appealed at all (it is final at once, on the
// honour roll by name).
func TestAppealOnceHeardAfresh(t *testing.T) {
	b := newBoard(t)
	c := b.answered(b.nominate("R006", "R003", "environment"), "R003")
	c = b.heard(c, VerdictPersuasion, "R010", "R014", "R018")
	b.now = c.AppealDeadline.Add(-time.Minute)
	if _, err := b.svc.AppealCase(b.ctx, b.village, c.ID, b.resident("R003"), "事出有因"); err != nil {
		t.Fatalf("appeal a minute before the deadline: %v", err)
	}
	_, err := b.svc.AppealCase(b.ctx, b.village, c.ID, b.resident("R003"), "again")
	wantErr(t, "a second appeal", err, ErrAppealUsed)
	c = b.heard(c, VerdictNoAction, "R010", "R014", "R018")
	if c.Status != StatusFinal || c.Verdict != VerdictNoAction || len(c.Hearings) != 2 || c.Hearings[1].Stage != "appeal" {
		t.Fatalf("after the appeal %+v", c)
	}
	if len(c.Hearings[1].Recusals) != 2 {
		t.Errorf("appeal recusals %+v, want the nominator and the relative again", c.Hearings[1].Recusals)
	}

	praise := b.answered(b.nominate("R007", "R020", "filial_piety"), "R020")
	praise = b.heard(praise, VerdictCommendation, "R002", "R006", "R010")
	if praise.Status != StatusFinal || praise.AppealDeadline != nil {
		t.Fatalf("commendation %+v: want final at once", praise)
	}
	_, err = b.svc.AppealCase(b.ctx, b.village, praise.ID, b.resident("R020"), "x")
	wantErr(t, "a commendation appealed", err, ErrNotAppealable)
	roll, err := b.svc.HonourRoll(b.ctx, b.village)
	if err != nil || len(roll) != 1 || roll[0].Name != "陈小明" || roll[0].Category != "filial_piety" {
		t.Errorf("honour roll %+v, %v", roll, err)
	}
}

// TestWarningListSkipsARecordWithoutItsDates: a criticism stored without the
// dates a listing needs (written outside the rules) is left off the public
// list instead of failing the page. (Moved from app/.)
func TestWarningListSkipsARecordWithoutItsDates(t *testing.T) {
	b := newBoard(t)
	until := b.now.Add(30 * 24 * time.Hour)
	_, err := CasesIn(b.svc.db(b.village)).InsertOne(b.ctx, Case{ID: "broken", VillageID: b.village,
		BodyID: "moralboard", Category: "environment", SubjectKind: SubjectResident, SubjectNo: "R001", SubjectSurname: "王",
		Status: StatusFinal, Verdict: VerdictCriticism, ListedUntil: &until, Hearings: []Hearing{}, Timeline: []Event{}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := b.svc.WarningList(b.ctx, b.village)
	if err != nil || len(l) != 0 {
		t.Fatalf("a record without a final date: %v, %v", l, err)
	}
}

// TestHearingOnlyThroughTheCase: the vote engine refuses a vote on a case
// opened by its generic route, which would skip the recusals.
func TestHearingOnlyThroughTheCase(t *testing.T) {
	b := newBoard(t)
	c := b.nominate("R007", "R003", "environment")
	_, err := b.votes.Open(b.ctx, b.village, web.Actor{AccountID: "acc-secretary"}, vote.OpenRequest{SubjectKind: "case", SubjectID: c.ID,
		MeetingKind: vote.BoardVote, BodyID: "moralboard"})
	wantErr(t, "a generic vote on a case", err, ErrHearingByCase)
}
