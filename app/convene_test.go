package main

import (
	"strings"
	"testing"
	"time"
)

// TestV2026Art25DemandToConveneObligesTheCommitteeAndAlertsTheStreet: in
// 小罗村 (15 villagers aged 18+) two adults' signatures demand a villagers'
// meeting (V2026 Art. 25 ¶2). From then on the secretary's today list names
// the obligation and its deadline and opens the schedule form. A meeting of
// another kind, or a villagers' meeting that leaves the matter off its
// agenda, does not answer it. Past the village's set time (30 days) the
// street sees an alert whose evidence is the proposal; a villagers' meeting
// with the matter on its agenda ends both.
func TestV2026Art25DemandToConveneObligesTheCommitteeAndAlertsTheStreet(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	proposer, adult := k.account(xlPath, "R003"), k.account(xlPath, "R002")
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	official := k.ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.xl
	owed := func() []todayLine {
		t.Helper()
		var out struct{ Lines []todayLine }
		secretary.mustJSON("GET", base+"/today", nil, 200, &out)
		var of []todayLine
		for _, l := range out.Lines {
			if l.Kind == "convene_owed" {
				of = append(of, l)
			}
		}
		return of
	}
	alerts := func() []dashAlert {
		t.Helper()
		var out struct{ Alerts []dashAlert }
		official.mustJSON("GET", "/api/v1/orgs/"+k.ta.orgID(t, "/gz/hd/hs")+"/alerts", nil, 200, &out)
		var of []dashAlert
		for _, a := range out.Alerts {
			if a.Code == "convene_overdue" && a.Village.ID == k.xl {
				of = append(of, a)
			}
		}
		return of
	}

	const title = "要求召开村民会议讨论修路"
	p := submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": title, "category": "other", "convene": "villagers_meeting"})
	if l := owed(); len(l) != 0 {
		t.Fatalf("an obligation before the threshold: %+v", l)
	}
	adult.mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, &p)
	l := owed()
	if len(l) != 1 || l[0].Title != title || l[0].Link.View != "meeting-schedule" || l[0].Link.Route != "#/v/"+k.xl+"/meetings/new" ||
		!strings.Contains(l[0].DetailZh, "第二十五条第二款") || !strings.Contains(l[0].DetailZh, "村民会议") || !strings.Contains(l[0].DetailEn, "villagers' meeting") {
		t.Fatalf("the secretary's obligation: %+v", l)
	}
	if a := alerts(); len(a) != 0 {
		t.Fatalf("the street alerted within the deadline: %+v", a)
	}

	// Neither a council meeting on the matter nor a villagers' meeting
	// without it discharges the obligation.
	at := k.ta.clock.now().Add(11 * 24 * time.Hour)
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会", "place": "村委会",
		"starts_at": at, "agenda": []string{p.ID}}, 201, nil)
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议（其他事项）", "place": "礼堂",
		"starts_at": at}, 201, nil)
	if l := owed(); len(l) != 1 {
		t.Fatalf("a meeting that does not take the matter discharged it: %+v", l)
	}

	// One day past the 30: the street sees it, with the proposal as evidence.
	k.ta.clock.advance(31 * 24 * time.Hour)
	a := alerts()
	if len(a) != 1 || len(a[0].Evidence) != 1 || a[0].Evidence[0].ID != p.ID || !strings.Contains(a[0].Basis, "第二十五条第二款") ||
		!strings.Contains(a[0].Message, title) || !strings.Contains(a[0].MessageEn, "1 day late") {
		t.Fatalf("the street's alert: %+v", a)
	}
	if status, body := official.do("GET", a[0].Evidence[0].Path, nil); status != 200 {
		t.Errorf("the evidence does not open for the street: %d %s", status, body)
	}
	if l := owed(); len(l) != 1 || !strings.Contains(l[0].DetailZh, "召集期限已过") {
		t.Fatalf("the late obligation: %+v", l)
	}

	// A villagers' meeting with the matter on its agenda answers it.
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议：修路", "place": "礼堂",
		"starts_at": k.ta.clock.now().Add(11 * 24 * time.Hour), "agenda": []string{p.ID}}, 201, nil)
	if l := owed(); len(l) != 0 {
		t.Errorf("still owed after the meeting was convened: %+v", l)
	}
	// The street's figures are kept up to dashboard.DefaultOptions.MaxAge.
	k.ta.clock.advance(11 * time.Minute)
	if a := alerts(); len(a) != 0 {
		t.Errorf("the street still alerted after the meeting was convened: %+v", a)
	}
}
