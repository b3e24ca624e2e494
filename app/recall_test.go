package main

import (
	"strings"
	"testing"
)

// voteResult is what the recall tests read of a closed vote.
type voteResult struct {
	ID   string `json:"id"`
	Rule struct {
		Basis  string `json:"basis"`
		Recall bool   `json:"recall"`
	} `json:"rule"`
	Result *struct {
		Voters     int    `json:"voters"`
		Eligible   int    `json:"eligible"`
		Adopted    bool   `json:"adopted"`
		DecisionZh string `json:"decision_zh"`
		DecisionEn string `json:"decision_en"`
	} `json:"result"`
}

// recallVote opens a recall vote on the petition at the meeting, counts
// the paper ballots (entered by the secretary, confirmed by a second
// person) and closes it.
func recallVote(t *testing.T, village, pid, meeting string, secretary, second *client, voters int, counts map[string]int) voteResult {
	t.Helper()
	base := "/api/v1/orgs/" + village + "/votes"
	var v voteResult
	secretary.mustJSON("POST", base, map[string]any{"subject_kind": "proposal", "subject_id": pid, "meeting_kind": meeting, "secret": true}, 201, &v)
	if !v.Rule.Recall {
		t.Fatalf("a vote on a recall petition does not follow the recall rule: %+v", v.Rule)
	}
	var e struct {
		ID string `json:"id"`
	}
	households := min(voters, 5)
	secretary.mustJSON("POST", base+"/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": counts, "voters": voters, "households": households}, 201, &e)
	second.mustJSON("POST", base+"/"+v.ID+"/counts/"+e.ID+"/confirm", nil, 200, nil)
	secretary.mustJSON("POST", base+"/"+v.ID+"/close", map[string]any{}, 200, &v)
	return v
}

// TestV2026Art19RecallNeedsMoreThanHalfOfVotersAndOfVotes: in 小罗村, with
// one villager added (16 aged 18+), a recall of committee member R007 needs
// its reasons and 4 signatures (1/5 of 16 rounded up, V2026 Art. 19 ¶1); 3
// is one short. Reached, it obliges the committee to convene the villagers'
// meeting; the member responds, and the response shows with the demand. At
// the vote (V2026 Art. 19 ¶2) exactly half of the registered voters voting
// fails even if all agree; 9 voting with 4 for fails; 9 voting with 5 for
// passes. Each result says both numbers in words.
func TestV2026Art19RecallNeedsMoreThanHalfOfVotersAndOfVotes(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	seedRoster(t, k, k.xl, "X", "M", 1)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "村民委员会",
		"members": seats([]string{"R007"})}, 201, nil)
	proposer := k.account(xlPath, "R001")
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	second := k.account(xlPath, "R006", "resident", "council_member")
	member := k.account(xlPath, "R007")
	path := "/api/v1/orgs/" + k.xl + "/petitions"

	var ms struct {
		Members []struct{ ResidentNo, Name string } `json:"members"`
	}
	proposer.mustJSON("GET", "/api/v1/orgs/"+k.xl+"/committee-members", nil, 200, &ms)
	if len(ms.Members) != 1 || ms.Members[0].Name == "" {
		t.Fatalf("the committee as the petition form lists it: %+v", ms)
	}
	proposer.mustError("POST", path, map[string]any{"kind": "recall", "title": "罢免", "member": "R007"}, 422, "validation_failed")
	proposer.mustError("POST", path, map[string]any{"kind": "recall", "title": "罢免", "body": "理由", "member": "R002"}, 422, "validation_failed")
	var p petitionView
	proposer.mustJSON("POST", path, map[string]any{"kind": "recall", "title": "要求罢免村委会委员", "body": "长期不履行职责，村务不公开", "member": "R007"}, 201, &p)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.StillNeeded != 3 || got.Recall == nil || got.Recall.MemberName == "" {
		t.Fatalf("a recall petition among 16 adults: %+v (want 3 still needed, the member named)", got)
	}
	r002 := k.account(xlPath, "R002")
	r002.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	r003 := k.account(xlPath, "R003")
	r003.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.Reached || got.StillNeeded != 1 {
		t.Fatalf("3 of 16, one short of 1/5: %+v", got)
	}
	if l := todayKinds(t, secretary, k.xl, "convene_owed"); len(l) != 0 {
		t.Fatalf("owed one short: %+v", l)
	}
	secretary.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	l := todayKinds(t, secretary, k.xl, "convene_owed")
	if len(l) != 1 || !strings.Contains(l[0].DetailZh, "第十九条") || !strings.Contains(l[0].DetailZh, "村民会议") {
		t.Fatalf("the obligation to convene the villagers' meeting for the recall: %+v", l)
	}

	r002.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/recall-response"), map[string]any{"text": "代答"}, 403, "not_named")
	member.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/recall-response"), map[string]any{"text": "我已按时公开村务，理由不实"}, 200, nil)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.Recall == nil || got.Recall.Response != "我已按时公开村务，理由不实" {
		t.Fatalf("the response with the demand: %+v", got.Recall)
	}

	secretary.mustError("POST", "/api/v1/orgs/"+k.xl+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "council", "body_id": "council", "secret": true}, 422, "recall_meeting")

	// A vote that does not pass closes its petition: a second petition,
	// signed by the same four, is put to the second vote.
	half := recallVote(t, k.xl, p.ID, "villagers_meeting", secretary, second, 8, map[string]int{"yes": 8, "no": 0, "abstain": 0})
	if r := half.Result; r.Adopted || r.Eligible != 16 || r.Voters != 8 || !strings.Contains(r.DecisionZh, "共16人，投票8人") ||
		!strings.Contains(r.DecisionZh, "未过半数，罢免不成立") || !strings.Contains(half.Rule.Basis, "V2026 Art. 19 ¶2") {
		t.Fatalf("exactly half of the registered voters voting, all for: %+v %+v", half.Rule, r)
	}
	var q petitionView
	proposer.mustJSON("POST", path, map[string]any{"kind": "recall", "title": "再次要求罢免村委会委员", "body": "仍不履行职责", "member": "R007"}, 201, &q)
	for _, c := range []*client{r002, r003, secretary} {
		c.mustJSON("POST", proposalsPath(k.xl, "/", q.ID, "/cosign"), nil, 200, nil)
	}
	passed := recallVote(t, k.xl, q.ID, "villagers_meeting", secretary, second, 9, map[string]int{"yes": 5, "no": 3, "abstain": 1})
	if r := passed.Result; !r.Adopted || !strings.Contains(r.DecisionZh, "投票9人，须至少9人投票，已过半数") ||
		!strings.Contains(r.DecisionZh, "同意5票，须至少5票，已过半数") || !strings.Contains(r.DecisionEn, "16 registered voters, 9 voted") {
		t.Fatalf("9 of 16 voting, 5 for: %+v", r)
	}
}

// TestU2026Art20RecallByATenthAndItsVote: in 东田社区 (15 residents aged
// 18+) 2 signatures (1/10) reach a recall demand and oblige the committee to
// convene the residents' meeting; the vote passes only with more than half
// of the voters voting and more than half of them for (U2026 Art. 20 ¶2).
func TestU2026Art20RecallByATenthAndItsVote(t *testing.T) {
	k := newPropKit(t)
	const dtPath = "/gz/hd/hs/dt"
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "居民委员会",
		"members": seats([]string{"R007"})}, 201, nil)
	// Neither signer heads a household: the route of 1/10 of the 5
	// household representatives (1) would be met by one head alone.
	proposer := k.account(dtPath, "R002")
	secretary := k.ta.login(t, "13800000002")
	second := k.account(dtPath, "R009", "resident", "council_member")
	var p petitionView
	proposer.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/petitions", map[string]any{"kind": "recall", "title": "要求罢免居委会委员", "body": "侵占公共车位", "member": "R007"}, 201, &p)
	if got := petitionsOf(t, proposer, k.dt)[p.ID]; got.Reached || got.StillNeeded != 1 {
		t.Fatalf("1 of 15: %+v", got)
	}
	k.ta.login(t, "13800000001").mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/cosign"), nil, 200, nil)
	l := todayKinds(t, secretary, k.dt, "convene_owed")
	if len(l) != 1 || !strings.Contains(l[0].DetailZh, "第二十条") || !strings.Contains(l[0].DetailZh, "居民会议") {
		t.Fatalf("2 of 15 (1/10): the obligation %+v", l)
	}
	// 15 voters: 7 voting is not more than half, whatever the count for.
	r := recallVote(t, k.dt, p.ID, "residents_meeting", secretary, second, 7, map[string]int{"yes": 7, "no": 0, "abstain": 0}).Result
	if r.Adopted || !strings.Contains(r.DecisionZh, "居委会组织法2026年版第二十条第二款") || !strings.Contains(r.DecisionZh, "投票7人，须至少8人投票，未过半数") {
		t.Fatalf("7 of 15 voting: %+v", r)
	}
}
