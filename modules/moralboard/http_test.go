package moralboard_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"yishi/modules/account/accounttest"
	"yishi/modules/moralboard"
	"yishi/modules/org"
	"yishi/modules/vote"
)

// The board's behaviour through HTTP: the module's routes and the vote
// engine's on the account module's guard and the real enforcer, on the
// embedded store, on a clock the test moves (moved from app/, where each
// test started the whole app and its demo).

// caseView is a moral review case as the API returns it.
type caseView struct {
	ID             string     `json:"id"`
	Status         string     `json:"status"`
	Verdict        string     `json:"verdict"`
	NominatedBy    string     `json:"nominated_by"`
	NominatorNo    string     `json:"nominator_no"`
	AppealDeadline *time.Time `json:"appeal_deadline"`
	Hearings       []struct {
		Stage    string `json:"stage"`
		VoteID   string `json:"vote_id"`
		Verdict  string `json:"verdict"`
		Recusals []struct {
			ResidentNo string `json:"resident_no"`
			Reason     string `json:"reason"`
		} `json:"recusals"`
	} `json:"hearings"`
}

func recusedNos(c caseView) []string {
	var out []string
	for _, r := range c.Hearings[len(c.Hearings)-1].Recusals {
		out = append(out, r.ResidentNo+":"+r.Reason)
	}
	slices.Sort(out)
	return out
}

// boardKit is the community 东田社区 with its board (R002 chair, R006, R010,
// R014, R018: one in each household), the subject R003 (household H01), the
// secretary R005, the street official and the operator, wired as
// app/wire_moralboard.go and app/wire_vote.go do.
type boardKit struct {
	t                                      *testing.T
	site                                   *accounttest.Site
	subject, secretary, official, operator *accounttest.Client
	member                                 map[string]*accounttest.Client
	subjectName                            string
	dt                                     string
	clock                                  accounttest.Clock
}

// advance moves the clock the board and the validator see.
func (b *boardKit) advance(d time.Duration) { b.clock.Advance(d) }

func newBoardKit(t *testing.T) *boardKit {
	t.Helper()
	b := &boardKit{t: t, member: map[string]*accounttest.Client{}}
	site := accounttest.New(t, b.clock.Now)
	b.site, b.dt = site, site.Community.ID
	members := []org.Member{{ResidentNo: "R002", Role: org.MemberChair}}
	for _, no := range []string{"R006", "R010", "R014", "R018"} {
		members = append(members, org.Member{ResidentNo: no, Role: org.MemberMember})
	}
	site.Body(org.NewBody{ID: "council", Kind: org.BodyCouncil, Name: "居民议事会", Members: []org.Member{
		{ResidentNo: "R001", Role: org.MemberChair}, {ResidentNo: "R005", Role: org.MemberSecretary}}})
	site.Body(org.NewBody{ID: "moralboard", Kind: org.BodyMoralBoard, Name: "道德评议会", Members: members})
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	votes := vote.NewService(site.Store, site.Orgs, vote.Config{Audit: site.Audit})
	vote.New(vote.Deps{Service: votes, Guard: site.Guard, Domain: site.OrgRoutes.Path, Validator: site.Validator,
		Done: done, Notify: site.Sent, Log: site.Log}).Mount(site.API)
	svc := moralboard.NewService(site.Store, site.Orgs, votes, site.Audit, b.clock.Now)
	svc.SetNotifier(site.Sent)
	votes.RegisterSubjects("case", svc)
	moralboard.New(moralboard.Deps{Service: svc, Guard: site.Guard, Domain: site.OrgRoutes.Path,
		Validator: site.Validator}).Mount(site.API)
	r, err := site.Orgs.Resident(site.Ctx, site.Community.ID, "R003")
	if err != nil {
		t.Fatal(err)
	}
	b.subjectName = r.Name
	b.subject = site.Resident(site.Community, "R003")
	b.secretary = site.Resident(site.Community, "R005", "resident", "council_member", "secretary")
	b.official = site.Official("street_official", site.Street.Path)
	b.operator = site.Official("operator", "/")
	for _, no := range []string{"R002", "R006", "R010", "R014", "R018"} {
		b.member[no] = site.Resident(site.Community, no, "resident", "board_member")
	}
	return b
}

func (b *boardKit) path(rest ...string) string {
	return "/api/v1/orgs/" + b.dt + strings.Join(rest, "")
}

func (b *boardKit) nominate(by *accounttest.Client, subjectKind, subjectNo, category string) caseView {
	b.t.Helper()
	var c caseView
	by.JSON("POST", b.path("/cases"), map[string]any{"subject_kind": subjectKind, "subject_no": subjectNo, "category": category,
		"description": "多次在巷口焚烧垃圾，邻居多次劝说无效", "evidence": []string{"https://example.org/photo/1.jpg"}, "clause": "村规民约第五条 环境卫生"}, 201, &c)
	return c
}

func (b *boardKit) vote(voteID, choice string, members ...string) {
	b.t.Helper()
	for _, no := range members {
		b.member[no].JSON("POST", "/api/v1/orgs/"+b.dt+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{choice}}, 201, nil)
	}
}

// TestMoralCaseSubjectToldRecusalVerdictWarningListExpiry walks a case from
// nomination to the warning list and off it again, with each refusal.
func TestMoralCaseSubjectToldRecusalVerdictWarningListExpiry(t *testing.T) {
	b := newBoardKit(t)
	clock := b
	// R006, a board member, nominates R003, whose household H01 holds R002.
	c := b.nominate(b.member["R006"], "resident", "R003", "environment")
	if c.Status != "nominated" {
		t.Fatalf("status %s", c.Status)
	}
	// The subject has not been told: no hearing.
	b.member["R010"].Error("POST", b.path("/cases/", c.ID, "/hearing"), nil, 409, "subject_not_told")

	// The subject reads their cases: told, and not told who nominated them.
	var mine struct {
		Cases         []json.RawMessage `json:"cases"`
		Notifications []struct {
			CaseID string `json:"case_id"`
			Kind   string `json:"kind"`
		} `json:"notifications"`
	}
	b.subject.JSON("GET", b.path("/my-cases"), nil, 200, &mine)
	if len(mine.Cases) != 1 || len(mine.Notifications) != 1 || mine.Notifications[0].Kind != "nominated" {
		t.Fatalf("subject's cases: %+v", mine)
	}
	if s := string(mine.Cases[0]); strings.Contains(s, "nominat"+"ed_by") || strings.Contains(s, "R006") {
		t.Errorf("the subject learns who nominated them: %s", s)
	}
	// Told, but the response days have not passed and there is no response.
	b.member["R010"].Error("POST", b.path("/cases/", c.ID, "/hearing"), nil, 409, "response_window")
	// Another resident may not respond for the subject, nor read the case.
	other := b.site.Resident(b.site.Community, "R011")
	other.Error("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "不是我"}, 403, "not_subject")
	other.Error("GET", b.path("/cases/", c.ID), nil, 403, "not_case_party")
	b.subject.JSON("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "我已经改正，以后不再焚烧"}, 200, nil)

	// R002 shares the subject's household: recused, may not run the hearing.
	b.member["R002"].Error("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "recused")
	// The street may not hear, nominate, decide, vote or set the lists.
	b.official.Error("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "negative_list")
	b.official.Error("POST", b.path("/cases"), map[string]any{"subject_kind": "resident", "subject_no": "R004", "category": "other",
		"description": "x", "clause": "x"}, 403, "negative_list")
	b.official.Error("PUT", b.path("/moral-settings"), map[string]any{"appeal_days": 15, "warning_months": 1}, 403, "negative_list")
	// A secretary may not open a vote on a case by the generic route, which
	// would skip the recusals.
	secretary := b.secretary
	secretary.Error("POST", b.path("/votes"), map[string]any{"subject_kind": "case", "subject_id": c.ID, "meeting_kind": "board", "body_id": "moralboard"}, 409, "hearing_by_case")

	b.member["R010"].JSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	if got := recusedNos(c); !slices.Equal(got, []string{"R002:relative", "R006:nominator"}) {
		t.Fatalf("recusals %v", got)
	}
	voteID := c.Hearings[0].VoteID
	var v struct {
		Vote struct {
			EligibleCount int `json:"eligible_count"`
		} `json:"vote"`
	}
	b.member["R010"].JSON("GET", b.path("/votes/", voteID), nil, 200, &v)
	if v.Vote.EligibleCount != 3 {
		t.Fatalf("electorate %d, want the 3 members not recused", v.Vote.EligibleCount)
	}
	for _, no := range []string{"R002", "R006"} {
		b.member[no].Error("POST", b.path("/votes/", voteID, "/ballots"), map[string]any{"choices": []string{"no_action"}}, 403, "not_eligible")
	}
	b.official.Error("POST", b.path("/votes/", voteID, "/ballots"), map[string]any{"choices": []string{"commendation"}}, 403, "negative_list")
	b.vote(voteID, "criticism", "R010", "R014", "R018")
	b.official.Error("POST", b.path("/cases/", c.ID, "/verdict"), nil, 403, "negative_list")
	b.member["R014"].JSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	if c.Status != "decided" || c.Verdict != "criticism" || c.AppealDeadline == nil {
		t.Fatalf("after the vote: %+v", c)
	}
	// The street reads the outcome, without the subject.
	var outcomes struct {
		Outcomes []map[string]any `json:"outcomes"`
	}
	b.official.JSON("GET", b.path("/case-outcomes"), nil, 200, &outcomes)
	if len(outcomes.Outcomes) != 1 || outcomes.Outcomes[0]["verdict"] != "criticism" || outcomes.Outcomes[0]["subject_no"] != nil {
		t.Fatalf("outcomes: %+v", outcomes)
	}

	public := b.site.Anonymous()
	warning := func() []map[string]any {
		t.Helper()
		var out struct {
			Entries []map[string]any `json:"entries"`
		}
		status, body := public.Do("GET", b.path("/warning-list"), nil)
		if status != 200 {
			t.Fatalf("warning list: %d %s", status, body)
		}
		for _, secret := range []string{"R003", "H01", b.subjectName} {
			if strings.Contains(string(body), secret) {
				t.Errorf("the warning list shows %q: %s", secret, body)
			}
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Entries
	}
	if got := warning(); len(got) != 0 {
		t.Fatalf("on the warning list within the appeal period: %v", got)
	}
	clock.advance(15*24*time.Hour + time.Minute)
	got := warning()
	if len(got) != 1 {
		t.Fatalf("after the appeal period: %v", got)
	}
	var keys []string
	for k := range got[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"category", "group", "since", "surname", "until"}) {
		t.Errorf("warning list fields %v: more than surname, group, category and dates", keys)
	}
	if got[0]["surname"] != "陈" || got[0]["group"] != "第1组" {
		t.Errorf("entry %v", got[0])
	}
	b.subject.Error("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "太晚了"}, 409, "appeal_period_over")

	clock.advance(6*31*24*time.Hour + time.Hour)
	if got := warning(); len(got) != 0 {
		t.Fatalf("expired entry still listed: %v", got)
	}
	b.member["R010"].JSON("GET", b.path("/cases/", c.ID), nil, 200, &c)
	if c.Verdict != "criticism" || c.Status != "final" {
		t.Fatalf("the expired entry left its case: %+v", c)
	}
}

// TestCaseAppealOnceIsAFreshVoteWithoutRecusedMembers: one appeal, heard
// without the nominator and the subject's relative; a second is refused.
func TestCaseAppealOnceIsAFreshVoteWithoutRecusedMembers(t *testing.T) {
	b := newBoardKit(t)
	c := b.nominate(b.member["R006"], "resident", "R003", "neighbourliness")
	b.subject.JSON("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "事出有因"}, 200, nil)
	b.member["R010"].JSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	b.vote(c.Hearings[0].VoteID, "criticism", "R010", "R014", "R018")
	b.member["R010"].JSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)

	b.member["R010"].Error("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "x"}, 403, "not_subject")
	b.subject.JSON("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "评议时没有听取邻居的证言"}, 200, &c)
	if c.Status != "appealed" {
		t.Fatalf("status %s", c.Status)
	}
	b.subject.Error("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "再申诉"}, 409, "appeal_used")
	b.member["R006"].Error("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "recused")
	b.member["R018"].JSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	if len(c.Hearings) != 2 || c.Hearings[1].Stage != "appeal" || c.Hearings[1].VoteID == c.Hearings[0].VoteID {
		t.Fatalf("appeal hearing: %+v", c.Hearings)
	}
	if got := recusedNos(c); !slices.Equal(got, []string{"R002:relative", "R006:nominator"}) {
		t.Fatalf("appeal recusals %v", got)
	}
	b.member["R006"].Error("POST", b.path("/votes/", c.Hearings[1].VoteID, "/ballots"), map[string]any{"choices": []string{"criticism"}}, 403, "not_eligible")
	b.vote(c.Hearings[1].VoteID, "no_action", "R010", "R014", "R018")
	b.member["R018"].JSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	if c.Status != "final" || c.Verdict != "no_action" {
		t.Fatalf("after the appeal: %+v", c)
	}
	b.advance(16 * 24 * time.Hour)
	var list struct{ Entries []any }
	b.site.Anonymous().JSON("GET", b.path("/warning-list"), nil, 200, &list)
	if len(list.Entries) != 0 {
		t.Fatalf("an overturned criticism is listed: %v", list.Entries)
	}
}

// TestMyCasesListsNominatedAndMyPointsFindsTheHousehold: the reads the
// pages need. A nominator finds the cases they nominated; a resident reads
// their household's points without knowing its number.
func TestMyCasesListsNominatedAndMyPointsFindsTheHousehold(t *testing.T) {
	b := newBoardKit(t)
	nominator := b.site.Resident(b.site.Community, "R007")
	c := b.nominate(nominator, "resident", "R003", "environment")
	var mine struct {
		Cases     []caseView `json:"cases"`
		Nominated []caseView `json:"nominated"`
	}
	nominator.JSON("GET", b.path("/my-cases"), nil, 200, &mine)
	if len(mine.Cases) != 0 || len(mine.Nominated) != 1 || mine.Nominated[0].ID != c.ID || mine.Nominated[0].NominatorNo != "R007" {
		t.Fatalf("the nominator's cases: %+v", mine)
	}
	b.subject.JSON("GET", b.path("/my-cases"), nil, 200, &mine)
	if len(mine.Cases) != 1 || len(mine.Nominated) != 0 || mine.Cases[0].NominatorNo != "" {
		t.Fatalf("the subject's cases: %+v", mine)
	}

	var ledger struct {
		HouseholdNo string `json:"household_no"`
		Total       int    `json:"total"`
		Entries     []any  `json:"entries"`
	}
	b.subject.JSON("GET", b.path("/my-points"), nil, 200, &ledger)
	if ledger.HouseholdNo != "H01" || ledger.Total != 0 || ledger.Entries == nil {
		t.Fatalf("R003's points: %+v", ledger)
	}
	b.official.Error("GET", b.path("/my-points"), nil, 403, "")
	b.operator.Error("GET", b.path("/my-points"), nil, 403, "")
}
