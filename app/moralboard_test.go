package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

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

const dtPath = "/gz/hd/hs/dt"

// boardKit is the demo community 东田社区 with accounts for its board
// (R002 chair, R006, R010, R014, R018: one in each household).
type boardKit struct {
	*propKit
	subject  *client // R003, household H01, demo phone 13800000001
	official *client
	member   map[string]*client
}

func newBoardKit(t *testing.T) *boardKit {
	k := newPropKit(t)
	b := &boardKit{propKit: k, subject: k.ta.login(t, "13800000001"), official: k.ta.login(t, "13800000003"), member: map[string]*client{}}
	for _, no := range []string{"R002", "R006", "R010", "R014", "R018"} {
		b.member[no] = k.account(dtPath, no, "resident", "board_member")
	}
	return b
}

func (b *boardKit) path(rest ...string) string {
	return "/api/v1/orgs/" + b.dt + strings.Join(rest, "")
}

func (b *boardKit) nominate(by *client, subjectKind, subjectNo, category string) caseView {
	b.t.Helper()
	var c caseView
	by.mustJSON("POST", b.path("/cases"), map[string]any{"subject_kind": subjectKind, "subject_no": subjectNo, "category": category,
		"description": "多次在巷口焚烧垃圾，邻居多次劝说无效", "evidence": []string{"https://example.org/photo/1.jpg"}, "clause": "村规民约第五条 环境卫生"}, 201, &c)
	return c
}

func (b *boardKit) vote(voteID, choice string, members ...string) {
	b.t.Helper()
	for _, no := range members {
		b.member[no].mustJSON("POST", "/api/v1/orgs/"+b.dt+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{choice}}, 201, nil)
	}
}

func recusedNos(c caseView) []string {
	var out []string
	for _, r := range c.Hearings[len(c.Hearings)-1].Recusals {
		out = append(out, r.ResidentNo+":"+r.Reason)
	}
	slices.Sort(out)
	return out
}

// TestMoralCaseSubjectToldRecusalVerdictWarningListExpiry walks a case from
// nomination to the warning list and off it again, with each refusal.
func TestMoralCaseSubjectToldRecusalVerdictWarningListExpiry(t *testing.T) {
	b := newBoardKit(t)
	clock := &b.ta.clock
	// R006, a board member, nominates R003, whose household H01 holds R002.
	c := b.nominate(b.member["R006"], "resident", "R003", "environment")
	if c.Status != "nominated" {
		t.Fatalf("status %s", c.Status)
	}
	// The subject has not been told: no hearing.
	b.member["R010"].mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 409, "subject_not_told")

	// The subject reads their cases: told, and not told who nominated them.
	var mine struct {
		Cases         []json.RawMessage `json:"cases"`
		Notifications []struct {
			CaseID string `json:"case_id"`
			Kind   string `json:"kind"`
		} `json:"notifications"`
	}
	b.subject.mustJSON("GET", b.path("/my-cases"), nil, 200, &mine)
	if len(mine.Cases) != 1 || len(mine.Notifications) != 1 || mine.Notifications[0].Kind != "nominated" {
		t.Fatalf("subject's cases: %+v", mine)
	}
	if s := string(mine.Cases[0]); strings.Contains(s, "nominat"+"ed_by") || strings.Contains(s, "R006") {
		t.Errorf("the subject learns who nominated them: %s", s)
	}
	// Told, but the response days have not passed and there is no response.
	b.member["R010"].mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 409, "response_window")
	// Another resident may not respond for the subject, nor read the case.
	other := b.account(dtPath, "R011")
	other.mustError("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "不是我"}, 403, "not_subject")
	other.mustError("GET", b.path("/cases/", c.ID), nil, 403, "not_case_party")
	b.subject.mustJSON("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "我已经改正，以后不再焚烧"}, 200, nil)

	// R002 shares the subject's household: recused, may not run the hearing.
	b.member["R002"].mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "recused")
	// The street may not hear, nominate, decide, vote or set the lists.
	b.official.mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "negative_list")
	b.official.mustError("POST", b.path("/cases"), map[string]any{"subject_kind": "resident", "subject_no": "R004", "category": "other",
		"description": "x", "clause": "x"}, 403, "negative_list")
	b.official.mustError("PUT", b.path("/moral-settings"), map[string]any{"appeal_days": 15, "warning_months": 1}, 403, "negative_list")
	// A secretary may not open a vote on a case by the generic route, which
	// would skip the recusals.
	secretary := b.ta.login(t, "13800000002")
	secretary.mustError("POST", b.path("/votes"), map[string]any{"subject_kind": "case", "subject_id": c.ID, "meeting_kind": "board", "body_id": "moralboard"}, 409, "hearing_by_case")

	b.member["R010"].mustJSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	if got := recusedNos(c); !slices.Equal(got, []string{"R002:relative", "R006:nominator"}) {
		t.Fatalf("recusals %v", got)
	}
	voteID := c.Hearings[0].VoteID
	var v struct {
		Vote struct {
			EligibleCount int `json:"eligible_count"`
		} `json:"vote"`
	}
	b.member["R010"].mustJSON("GET", b.path("/votes/", voteID), nil, 200, &v)
	if v.Vote.EligibleCount != 3 {
		t.Fatalf("electorate %d, want the 3 members not recused", v.Vote.EligibleCount)
	}
	for _, no := range []string{"R002", "R006"} {
		b.member[no].mustError("POST", b.path("/votes/", voteID, "/ballots"), map[string]any{"choices": []string{"no_action"}}, 403, "not_eligible")
	}
	b.official.mustError("POST", b.path("/votes/", voteID, "/ballots"), map[string]any{"choices": []string{"commendation"}}, 403, "negative_list")
	b.vote(voteID, "criticism", "R010", "R014", "R018")
	b.official.mustError("POST", b.path("/cases/", c.ID, "/verdict"), nil, 403, "negative_list")
	b.member["R014"].mustJSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	if c.Status != "decided" || c.Verdict != "criticism" || c.AppealDeadline == nil {
		t.Fatalf("after the vote: %+v", c)
	}
	// The street reads the outcome, without the subject.
	var outcomes struct {
		Outcomes []map[string]any `json:"outcomes"`
	}
	b.official.mustJSON("GET", b.path("/case-outcomes"), nil, 200, &outcomes)
	if len(outcomes.Outcomes) != 1 || outcomes.Outcomes[0]["verdict"] != "criticism" || outcomes.Outcomes[0]["subject_no"] != nil {
		t.Fatalf("outcomes: %+v", outcomes)
	}

	public := b.ta.client(t)
	warning := func() []map[string]any {
		t.Helper()
		var out struct {
			Entries []map[string]any `json:"entries"`
		}
		status, body := public.do("GET", b.path("/warning-list"), nil)
		if status != 200 {
			t.Fatalf("warning list: %d %s", status, body)
		}
		for _, secret := range []string{"R003", "H01", "13800000001", demoResidents(0)[2].Name} {
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
	b.subject.mustError("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "太晚了"}, 409, "appeal_period_over")

	clock.advance(6*31*24*time.Hour + time.Hour)
	if got := warning(); len(got) != 0 {
		t.Fatalf("expired entry still listed: %v", got)
	}
	b.member["R010"].mustJSON("GET", b.path("/cases/", c.ID), nil, 200, &c)
	if c.Verdict != "criticism" || c.Status != "final" {
		t.Fatalf("the expired entry left its case: %+v", c)
	}
}

// TestCaseAppealOnceIsAFreshVoteWithoutRecusedMembers: one appeal, heard
// without the nominator and the subject's relative; a second is refused.
func TestCaseAppealOnceIsAFreshVoteWithoutRecusedMembers(t *testing.T) {
	b := newBoardKit(t)
	c := b.nominate(b.member["R006"], "resident", "R003", "neighbourliness")
	b.subject.mustJSON("POST", b.path("/cases/", c.ID, "/response"), map[string]any{"text": "事出有因"}, 200, nil)
	b.member["R010"].mustJSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	b.vote(c.Hearings[0].VoteID, "criticism", "R010", "R014", "R018")
	b.member["R010"].mustJSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)

	b.member["R010"].mustError("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "x"}, 403, "not_subject")
	b.subject.mustJSON("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "评议时没有听取邻居的证言"}, 200, &c)
	if c.Status != "appealed" {
		t.Fatalf("status %s", c.Status)
	}
	b.subject.mustError("POST", b.path("/cases/", c.ID, "/appeal"), map[string]any{"reason": "再申诉"}, 409, "appeal_used")
	b.member["R006"].mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 403, "recused")
	b.member["R018"].mustJSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	if len(c.Hearings) != 2 || c.Hearings[1].Stage != "appeal" || c.Hearings[1].VoteID == c.Hearings[0].VoteID {
		t.Fatalf("appeal hearing: %+v", c.Hearings)
	}
	if got := recusedNos(c); !slices.Equal(got, []string{"R002:relative", "R006:nominator"}) {
		t.Fatalf("appeal recusals %v", got)
	}
	b.member["R006"].mustError("POST", b.path("/votes/", c.Hearings[1].VoteID, "/ballots"), map[string]any{"choices": []string{"criticism"}}, 403, "not_eligible")
	b.vote(c.Hearings[1].VoteID, "no_action", "R010", "R014", "R018")
	b.member["R018"].mustJSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	if c.Status != "final" || c.Verdict != "no_action" {
		t.Fatalf("after the appeal: %+v", c)
	}
	b.ta.clock.advance(16 * 24 * time.Hour)
	var list struct{ Entries []any }
	b.ta.client(t).mustJSON("GET", b.path("/warning-list"), nil, 200, &list)
	if len(list.Entries) != 0 {
		t.Fatalf("an overturned criticism is listed: %v", list.Entries)
	}
}

// TestHonourRollAndPointsByAdoptedTable: a points table adopted by a
// residents' meeting vote; a commendation of a household goes on the
// honour roll and adds the table's points, naming the case and version.
func TestHonourRollAndPointsByAdoptedTable(t *testing.T) {
	b := newBoardKit(t)
	secretary := b.ta.login(t, "13800000002")
	proposer := b.account(dtPath, "R007")
	// The table must cite a closed, adopted meeting vote.
	rows := []map[string]any{{"category": "filial_piety", "kind": "commendation", "points": 10},
		{"category": "environment", "kind": "criticism", "points": -5}, {"category": "environment", "kind": "service", "points": 2}}
	secretary.mustError("POST", b.path("/points/tables"), map[string]any{"rows": rows, "vote_id": "nope"}, 404, "vote_not_found")
	p := submitted(proposer, b.dt, map[string]any{"body_id": "council", "title": "通过本社区积分表", "category": "other"})
	var v struct{ ID string }
	secretary.mustJSON("POST", b.path("/votes"), map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "residents_meeting"}, 201, &v)
	secretary.mustError("POST", b.path("/points/tables"), map[string]any{"rows": rows, "vote_id": v.ID}, 422, "vote_not_adopted")
	for _, no := range []string{"R001", "R002", "R006", "R009", "R010", "R011", "R013", "R014"} {
		voter, ok := b.member[no]
		if !ok {
			voter = b.account(dtPath, no)
			b.member[no] = voter
		}
		voter.mustJSON("POST", b.path("/votes/", v.ID, "/ballots"), map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", b.path("/votes/", v.ID, "/close"), nil, 200, nil)
	b.official.mustError("POST", b.path("/points/tables"), map[string]any{"rows": rows, "vote_id": v.ID}, 403, "negative_list")
	var table struct{ Version int }
	secretary.mustJSON("POST", b.path("/points/tables"), map[string]any{"rows": rows, "vote_id": v.ID}, 201, &table)
	if table.Version != 1 {
		t.Fatalf("version %d", table.Version)
	}
	secretary.mustError("POST", b.path("/points/tables"), map[string]any{"rows": rows, "vote_id": v.ID}, 409, "vote_used")

	// R007 nominates household H03 (R009-R012; board member R010 is in it).
	c := b.nominate(proposer, "household", "H03", "filial_piety")
	b.member["R014"].mustJSON("POST", b.path("/cases/", c.ID, "/notice"), map[string]any{"how": "in_person", "note": "入户告知"}, 200, nil)
	b.member["R014"].mustError("POST", b.path("/cases/", c.ID, "/hearing"), nil, 409, "response_window")
	b.ta.clock.advance(3*24*time.Hour + time.Minute)
	b.member["R014"].mustJSON("POST", b.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	if got := recusedNos(c); !slices.Equal(got, []string{"R010:relative"}) {
		t.Fatalf("recusals %v", got)
	}
	b.vote(c.Hearings[0].VoteID, "commendation", "R002", "R006", "R014")
	b.member["R014"].mustJSON("POST", b.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	if c.Status != "final" || c.Verdict != "commendation" {
		t.Fatalf("commendation: %+v", c)
	}
	var roll struct {
		Entries []struct{ Name, Group, Category string }
	}
	b.ta.client(t).mustJSON("GET", b.path("/honour-roll"), nil, 200, &roll)
	if len(roll.Entries) != 1 || roll.Entries[0].Name != "黄家" || roll.Entries[0].Category != "filial_piety" {
		t.Fatalf("honour roll %+v", roll.Entries)
	}
	var ledger struct {
		Total   int
		Entries []struct {
			CaseID       string `json:"case_id"`
			TableVersion int    `json:"table_version"`
			Points       int
		}
	}
	member := b.member["R011"] // a resident of H03, not on the board
	member.mustJSON("GET", b.path("/points/households/H03"), nil, 200, &ledger)
	if ledger.Total != 10 || len(ledger.Entries) != 1 || ledger.Entries[0].CaseID != c.ID || ledger.Entries[0].TableVersion != 1 {
		t.Fatalf("ledger %+v", ledger)
	}
	member.mustError("GET", b.path("/points/households/H01"), nil, 403, "forbidden")
	// A service, by the table's service line.
	secretary.mustJSON("POST", b.path("/points/awards"), map[string]any{"household_no": "H03", "category": "environment", "service": "清理河道志愿服务"}, 201, nil)
	secretary.mustJSON("GET", b.path("/points/households/H03"), nil, 200, &ledger)
	if ledger.Total != 12 {
		t.Fatalf("after the service: %+v", ledger)
	}
	// The ranking is private until the village publishes it; the warning
	// list's period may be shortened, never lengthened.
	var private struct {
		Public  *bool            `json:"public"`
		Ranking []map[string]any `json:"ranking"`
	}
	b.ta.client(t).mustJSON("GET", b.path("/points/ranking"), nil, 200, &private)
	if private.Public == nil || *private.Public || private.Ranking == nil || len(private.Ranking) != 0 {
		t.Fatalf("a private ranking: %+v", private)
	}
	secretary.mustError("PUT", b.path("/moral-settings"), map[string]any{"appeal_days": 15, "warning_months": 7, "ranking_public": true}, 422, "")
	secretary.mustError("PUT", b.path("/moral-settings"), map[string]any{"appeal_days": 10, "warning_months": 6, "ranking_public": true}, 422, "")
	secretary.mustJSON("PUT", b.path("/moral-settings"), map[string]any{"appeal_days": 20, "warning_months": 3, "ranking_public": true}, 200, nil)
	var ranking struct {
		Ranking []map[string]any `json:"ranking"`
	}
	b.ta.client(t).mustJSON("GET", b.path("/points/ranking"), nil, 200, &ranking)
	if len(ranking.Ranking) != 1 || ranking.Ranking[0]["surname"] != "黄" || ranking.Ranking[0]["points"] != float64(12) {
		t.Fatalf("ranking %+v", ranking.Ranking)
	}
}
