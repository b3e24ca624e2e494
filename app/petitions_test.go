package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// petitionView is a petition as the list returns it.
type petitionView struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Petition    string `json:"petition"`
	StillNeeded int    `json:"still_needed"`
	Reached     bool   `json:"reached"`
	Counts      struct {
		Signatures int `json:"signatures"`
	} `json:"counts"`
	Recall *struct {
		MemberName string `json:"member_name"`
		Response   string `json:"response"`
	} `json:"recall"`
	History []struct {
		Action string `json:"action"`
	} `json:"history"`
}

// auditView is an audit demand as the API returns it.
type auditView struct {
	ProposalID      string `json:"proposal_id"`
	Title           string `json:"title"`
	Signatures      int    `json:"signatures"`
	BasisZh         string `json:"basis_zh"`
	StartedAt       string `json:"started_at"`
	Result          string `json:"result"`
	ResultPublished bool   `json:"result_published"`
}

func petitionsOf(t *testing.T, c *client, village string) map[string]petitionView {
	t.Helper()
	var out struct{ Petitions []petitionView }
	c.mustJSON("GET", "/api/v1/orgs/"+village+"/petitions", nil, 200, &out)
	m := map[string]petitionView{}
	for _, p := range out.Petitions {
		m[p.ID] = p
	}
	return m
}

func auditsOf(t *testing.T, c *client, village string) []auditView {
	t.Helper()
	var out struct{ Audits []auditView }
	c.mustJSON("GET", "/api/v1/orgs/"+village+"/audit-demands", nil, 200, &out)
	return out.Audits
}

func todayKinds(t *testing.T, c *client, village, kind string) []todayLine {
	t.Helper()
	var out struct{ Lines []todayLine }
	c.mustJSON("GET", "/api/v1/orgs/"+village+"/today", nil, 200, &out)
	var of []todayLine
	for _, l := range out.Lines {
		if l.Kind == kind {
			of = append(of, l)
		}
	}
	return of
}

func streetAlerts(t *testing.T, k *propKit, official *client, village, code string) []dashAlert {
	t.Helper()
	var out struct{ Alerts []dashAlert }
	official.mustJSON("GET", "/api/v1/orgs/"+k.ta.orgID(t, "/gz/hd/hs")+"/alerts", nil, 200, &out)
	var of []dashAlert
	for _, a := range out.Alerts {
		if a.Code == code && a.Village.ID == village {
			of = append(of, a)
		}
	}
	return of
}

func countActions(p petitionView, action string) int {
	n := 0
	for _, h := range p.History {
		if h.Action == action {
			n++
		}
	}
	return n
}

// TestV2026Art40AuditDemandOneFifthOfVillagers: in 小罗村 (15 villagers aged
// 18+) an audit needs 3 signatures (1/5, V2026 Art. 40 ¶1(6)). Two is one
// short: nothing is owed. The third reaches it: the secretary's and the
// supervision committee's today list it, the street is alerted, records the
// audit's start and publishes its result, which residents read; then the
// alert and the lines are gone. A street official may not sign.
func TestV2026Art40AuditDemandOneFifthOfVillagers(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	proposer, second, third := k.account(xlPath, "R001"), k.account(xlPath, "R002"), k.account(xlPath, "R003")
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	supervisor := k.account(xlPath, "R006", "resident", "supervisor")
	official := k.ta.login(t, "13800000003")
	const title = "要求审计2026年村道硬化工程资金"
	var p petitionView
	proposer.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/petitions", map[string]any{"kind": "audit", "title": title, "body": "工程款收支不清"}, 201, &p)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.StillNeeded != 2 || got.Reached {
		t.Fatalf("a new audit petition in a village of 15 adults: %+v (want 2 still needed)", got)
	}
	official.mustError("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 403, "")

	second.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.StillNeeded != 1 || got.Reached {
		t.Fatalf("one short of 1/5: %+v", got)
	}
	if a := auditsOf(t, secretary, k.xl); len(a) != 0 {
		t.Fatalf("an audit owed one signature short: %+v", a)
	}
	if l := todayKinds(t, secretary, k.xl, "audit_demanded"); len(l) != 0 {
		t.Fatalf("a line one signature short: %+v", l)
	}

	third.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	if got := petitionsOf(t, proposer, k.xl)[p.ID]; got.StillNeeded != 0 || !got.Reached {
		t.Fatalf("exactly 1/5: %+v", got)
	}
	a := auditsOf(t, supervisor, k.xl)
	if len(a) != 1 || a[0].ProposalID != p.ID || a[0].Signatures != 3 || !strings.Contains(a[0].BasisZh, "第四十条") {
		t.Fatalf("the audit owed at exactly 1/5: %+v", a)
	}
	for who, c := range map[string]*client{"secretary": secretary, "supervisor": supervisor} {
		l := todayKinds(t, c, k.xl, "audit_demanded")
		if len(l) != 1 || l[0].Title != title || !strings.Contains(l[0].DetailZh, "第四十条") || l[0].Link.Route != "#/v/"+k.xl+"/petitions" {
			t.Fatalf("the %s's line: %+v", who, l)
		}
	}
	al := streetAlerts(t, k, official, k.xl, "audit_demanded")
	if len(al) != 1 || !strings.Contains(al[0].Message, title) || len(al[0].Evidence) != 2 || al[0].Evidence[0].ID != p.ID || al[0].Evidence[1].ID != p.ID {
		t.Fatalf("the street's alert: %+v", al)
	}

	// The street records the start, then the result; each once.
	base := "/api/v1/orgs/" + k.xl + "/audit-demands/" + p.ID
	official.mustError("POST", base+"/result", map[string]any{"result": "未见异常"}, 422, "audit_not_started")
	secretary.mustError("POST", base+"/start", map[string]any{"note": "x"}, 403, "")
	official.mustJSON("POST", base+"/start", map[string]any{"note": "镇经管站进场审计"}, 200, nil)
	official.mustError("POST", base+"/start", map[string]any{"note": "again"}, 409, "audit_started")
	official.mustJSON("POST", base+"/result", map[string]any{"result": "收支相符，发现一笔12000元未公示，已责令公布"}, 200, nil)
	official.mustError("POST", base+"/result", map[string]any{"result": "改"}, 409, "audit_published")
	if a := auditsOf(t, third, k.xl); len(a) != 1 || !a[0].ResultPublished || !strings.Contains(a[0].Result, "12000") {
		t.Fatalf("the published result as a resident reads it: %+v", a)
	}
	if l := todayKinds(t, secretary, k.xl, "audit_demanded"); len(l) != 0 {
		t.Errorf("the line stays after the result was published: %+v", l)
	}
	k.ta.clock.advance(11 * time.Minute)
	if al := streetAlerts(t, k, official, k.xl, "audit_demanded"); len(al) != 0 {
		t.Errorf("the alert stays after the result was published: %+v", al)
	}
}

// TestV2026Art40AuditDemandReachedOnceUnderRacingSignatures: in 平和村 the
// proposer's signature and twelve racing ones cross the threshold of 3;
// the threshold is recorded once and one audit is owed.
func TestV2026Art40AuditDemandReachedOnceUnderRacingSignatures(t *testing.T) {
	k := newPropKit(t)
	const phPath = "/gz/hd/hs/ph"
	ph := k.ta.orgID(t, phPath)
	adults := []string{"R002", "R003", "R005", "R006", "R007", "R009", "R010", "R011", "R013", "R014", "R015", "R017"}
	signers := make([]*client, len(adults))
	for i, no := range adults {
		signers[i] = k.account(phPath, no)
	}
	proposer := k.account(phPath, "R001")
	var p petitionView
	proposer.mustJSON("POST", "/api/v1/orgs/"+ph+"/petitions", map[string]any{"kind": "audit", "title": "要求审计集体鱼塘承包款"}, 201, &p)
	var wg sync.WaitGroup
	for _, c := range signers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body := c.do("POST", proposalsPath(ph, "/", p.ID, "/cosign"), nil)
			if status != 200 && status != 409 {
				t.Errorf("a racing signature: %d %s", status, body)
			}
		}()
	}
	wg.Wait()
	got := petitionsOf(t, proposer, ph)[p.ID]
	if !got.Reached || countActions(got, "threshold_reached") != 1 {
		t.Fatalf("racing signatures: reached=%v, threshold recorded %d times (want once)", got.Reached, countActions(got, "threshold_reached"))
	}
	if a := auditsOf(t, proposer, ph); len(a) != 1 {
		t.Fatalf("audits owed after the race: %d (want 1)", len(a))
	}
}

// TestU2026Art38AuditDemandTenthOfResidentsOrThirdOfRepresentatives: in
// 东田社区 (15 residents aged 18+) 2 signatures (1/10) reach an audit demand,
// one does not; with 6 residents' representatives, 2 of them (1/3) do too.
func TestU2026Art38AuditDemandTenthOfResidentsOrThirdOfRepresentatives(t *testing.T) {
	k := newPropKit(t)
	const dtPath = "/gz/hd/hs/dt"
	official := k.ta.login(t, "13800000003")
	proposer := k.account(dtPath, "R001")
	var p petitionView
	proposer.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/petitions", map[string]any{"kind": "audit", "title": "要求审计社区停车费"}, 201, &p)
	if got := petitionsOf(t, proposer, k.dt)[p.ID]; got.Reached || got.StillNeeded != 1 {
		t.Fatalf("one signature of 15 residents: %+v", got)
	}
	k.account(dtPath, "R002").mustJSON("POST", proposalsPath(k.dt, "/", p.ID, "/cosign"), nil, 200, nil)
	if got := petitionsOf(t, proposer, k.dt)[p.ID]; !got.Reached {
		t.Fatalf("2 of 15 residents (1/10 rounded up): %+v", got)
	}
	if al := streetAlerts(t, k, official, k.dt, "audit_demanded"); len(al) != 1 || !strings.Contains(al[0].Message, "街道办事处") {
		t.Fatalf("the street's alert in a community: %+v", al)
	}

	// Representatives' route: with 6 representatives seeded the village has
	// 21 adults (1/10 is 3), so 2 representatives reach it by the route of
	// 1/3 of representatives alone; 1 does not.
	reps := seedRoster(t, k, k.dt, "D", "M", 6)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "居民代表", "members": seats(reps)}, 201, nil)
	var q petitionView
	k.account(dtPath, reps[0]).mustJSON("POST", "/api/v1/orgs/"+k.dt+"/petitions", map[string]any{"kind": "audit", "title": "要求审计维修基金"}, 201, &q)
	if got := petitionsOf(t, proposer, k.dt)[q.ID]; got.Reached || got.StillNeeded != 1 {
		t.Fatalf("1 of 6 representatives: %+v", got)
	}
	k.account(dtPath, reps[1]).mustJSON("POST", proposalsPath(k.dt, "/", q.ID, "/cosign"), nil, 200, nil)
	if got := petitionsOf(t, proposer, k.dt)[q.ID]; !got.Reached {
		t.Fatalf("2 of 6 representatives (1/3): %+v", got)
	}
}
