package main

import (
	"strings"
	"testing"
)

type findingView struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Finding  string `json:"finding"`
	Facts    string `json:"facts"`
	Order    string `json:"order"`
	OrderDue string `json:"order_due"`
	Basis    string `json:"basis"`
	DoneNote string `json:"done_note"`
	Resident string `json:"resident_no"`
}

type todayView struct {
	Lines []struct {
		Kind     string `json:"kind"`
		DetailZh string `json:"detail_zh"`
		Link     struct {
			View   string            `json:"view"`
			Params map[string]string `json:"params"`
			Route  string            `json:"route"`
		} `json:"link"`
	} `json:"lines"`
}

func (tv todayView) has(kind string) bool {
	for _, l := range tv.Lines {
		if l.Kind == kind {
			return true
		}
	}
	return false
}

// TestV2026Art36ComplaintFindingWithOrder: the street investigates a
// resident's complaint and answers with a finding; a founded one carries an
// order and a deadline the village must meet (V2026 Art. 36, U2026 Art. 35 for
// 东田社区). Bad input is a 422 with the field; only the street answers,
// once; the resident reads the finding, the secretary sees the order as work
// in "today" until the village reports it carried out; the street never
// publishes for the village (V2026 Art. 6 ¶1).
func TestV2026Art36ComplaintFindingWithOrder(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	resident := ta.login(t, demoResidentPhone)
	secretary := ta.login(t, "13800000002")
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.dt

	var c findingView
	resident.mustJSON("POST", base+"/complaints", map[string]string{"kind": "unpublished", "subject": "第三季度财务",
		"text": "九月底已过，公开栏没有财务收支"}, 201, &c)
	cpath := base + "/complaints/" + c.ID
	c0 := c.ID
	if l := line(t, homeOf(resident).Waiting, "complaint_open"); l.Title != "第三季度财务" {
		t.Errorf("the resident's home: %+v", l)
	}

	// Bad input: no facts, a founded finding without an order or days, a finding not in the list.
	e := official.mustError("POST", cpath+"/finding", map[string]any{"finding": "founded", "facts": "已到公开栏查看"}, 422, "invalid_fields")
	if _, ok := e.Error.Fields["order"]; !ok {
		t.Errorf("a founded finding without an order: fields %+v", e.Error.Fields)
	}
	if _, ok := e.Error.Fields["due_days"]; !ok {
		t.Errorf("a founded finding without days: fields %+v", e.Error.Fields)
	}
	official.mustError("POST", cpath+"/finding", map[string]any{"finding": "founded"}, 422, "invalid_fields")
	official.mustError("POST", cpath+"/finding", map[string]any{"finding": "maybe", "facts": "已到公开栏查看"}, 422, "invalid_fields")
	official.mustError("POST", cpath+"/finding", map[string]any{"finding": "founded", "facts": "已到公开栏查看", "order": "公开", "due_days": 90}, 422, "invalid_fields")
	// Only the street answers; only the village carries out.
	answer := map[string]any{"finding": "founded", "facts": "经到公开栏查看，第三季度财务收支确未公开",
		"order": "在公开栏和平台公开第三季度财务收支", "due_days": 10}
	secretary.mustError("POST", cpath+"/finding", answer, 403, "forbidden")
	resident.mustError("POST", cpath+"/finding", answer, 403, "forbidden")
	official.mustError("POST", cpath+"/carried-out", map[string]string{"note": "已公开"}, 403, "forbidden")
	secretary.mustError("POST", cpath+"/carried-out", map[string]string{"note": "已公开财务"}, 409, "complaint_no_order")

	c = findingView{}
	official.mustJSON("POST", cpath+"/finding", answer, 200, &c)
	if c.Status != "answered" || c.Finding != "founded" || c.Order == "" || c.OrderDue == "" || c.Basis != "U2026 Art. 35" || c.Resident != "" {
		t.Fatalf("answered %+v", c)
	}
	official.mustError("POST", cpath+"/finding", answer, 409, "complaint_answered")
	official.mustError("POST", cpath+"/return", map[string]string{"guidance": "请尽快公开"}, 409, "complaint_returned")
	// The street still cannot publish for the village.
	official.mustError("POST", base+"/notices", map[string]any{"kind": "finance", "title": "财务公开", "text": "代发"}, 403, "forbidden")

	// The resident reads the finding; home says it has one.
	var mine struct{ Complaints []findingView }
	resident.mustJSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 1 || mine.Complaints[0].Facts != answer["facts"] || mine.Complaints[0].Order != answer["order"] {
		t.Fatalf("the resident's list: %+v", mine)
	}
	if l := line(t, homeOf(resident).Waiting, "complaint_answered"); !strings.Contains(l.DetailZh, "属实") {
		t.Errorf("the resident's home line lacks the finding: %+v", l)
	}

	// Notified: the resident of the finding, the secretary of the order (without who complained).
	for who, c := range map[string]*client{"complaint_answered": resident, "complaint_order": secretary} {
		var page notificationPage
		c.mustJSON("GET", "/api/v1/notifications?limit=100", nil, 200, &page)
		found := false
		for _, x := range page.Notifications {
			found = found || x.Kind == who && x.Link.View == "complaint" && x.Link.Params["complaint"] == c0
		}
		if !found {
			t.Errorf("no %s notification: %+v", who, page.Notifications)
		}
	}

	// The secretary's work: the order, until carried out.
	var today todayView
	secretary.mustJSON("GET", base+"/today", nil, 200, &today)
	if !today.has("complaint_order") {
		t.Fatalf("the order is not in the secretary's today: %+v", today)
	}
	secretary.mustError("POST", cpath+"/carried-out", map[string]string{"note": ""}, 422, "invalid_fields")
	c = findingView{}
	secretary.mustJSON("POST", cpath+"/carried-out", map[string]string{"note": "已在公开栏公开第三季度财务收支"}, 200, &c)
	if c.Status != "carried_out" || c.DoneNote == "" {
		t.Fatalf("carried out %+v", c)
	}
	secretary.mustError("POST", cpath+"/carried-out", map[string]string{"note": "再报一次"}, 409, "complaint_answered")
	today = todayView{}
	secretary.mustJSON("GET", base+"/today", nil, 200, &today)
	if today.has("complaint_order") {
		t.Errorf("a carried-out order is still in today: %+v", today)
	}

	// An unfounded finding carries no order.
	var c2 findingView
	resident.mustJSON("POST", base+"/complaints", map[string]string{"kind": "untrue", "subject": "道路维修费", "text": "公开的金额与实际不符"}, 201, &c2)
	c2p := base + "/complaints/" + c2.ID
	official.mustJSON("POST", c2p+"/finding", map[string]any{"finding": "unfounded", "facts": "核对发票，公开金额与账目一致", "order": "忽略", "due_days": 5}, 200, &c2)
	if c2.Finding != "unfounded" || c2.Order != "" || c2.OrderDue != "" {
		t.Errorf("an unfounded finding with an order: %+v", c2)
	}
	secretary.mustError("POST", c2p+"/carried-out", map[string]string{"note": "无需整改"}, 409, "complaint_no_order")
}
