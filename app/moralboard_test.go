package main

import (
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
