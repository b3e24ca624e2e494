package main

import "testing"

type complaintView struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	ResidentNo string `json:"resident_no"`
	Guidance   string `json:"guidance"`
	Basis      string `json:"basis"`
}

type complaintList struct {
	Complaints []complaintView `json:"complaints"`
}

// TestV2026Art36ComplaintReturnedByStreetWithGuidance: a resident of 东田社区
// reports an unpublished disclosure to the street; the street official can
// only return it to the village with guidance (V2026 Art. 36, V2026 Art. 6 ¶1); the
// resident sees the answer; the secretary sees the complaint without the
// complainant; residents of another village, or other residents, see nothing.
func TestV2026Art36ComplaintReturnedByStreetWithGuidance(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	resident := ta.login(t, demoResidentPhone) // R003 of 东田社区
	secretary := ta.login(t, "13800000002")
	official := ta.login(t, "13800000003")
	neighbour := k.account("/gz/hd/hs/dt", "R007")
	outsider := k.account("/gz/hd/hs/xl", "R003")
	base := "/api/v1/orgs/" + k.dt
	street := "/api/v1/orgs/" + ta.orgID(t, "/gz/hd/hs")

	body := map[string]string{"kind": "unpublished", "subject": "第三季度财务没有公开", "text": "九月底已过，公开栏没有财务收支"}
	official.mustError("POST", base+"/complaints", body, 403, "forbidden")
	outsider.mustError("POST", base+"/complaints", body, 403, "forbidden")
	resident.mustError("POST", base+"/complaints", map[string]string{"kind": "rumour", "subject": "x", "text": "y"}, 422, "invalid_fields")
	var c complaintView
	resident.mustJSON("POST", base+"/complaints", body, 201, &c)
	if c.Status != "submitted" {
		t.Fatalf("complaint %+v", c)
	}
	cpath := base + "/complaints/" + c.ID

	// Who sees it.
	var mine complaintList
	resident.mustJSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 1 || mine.Complaints[0].ResidentNo != "R003" {
		t.Fatalf("the resident's own list: %+v", mine)
	}
	neighbour.mustJSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 0 {
		t.Fatalf("another resident sees a complaint not theirs: %+v", mine)
	}
	neighbour.mustError("GET", cpath, nil, 403, "forbidden")
	neighbour.mustError("GET", base+"/complaints", nil, 403, "forbidden")
	outsider.mustError("GET", base+"/complaints/mine", nil, 403, "forbidden")
	outsider.mustError("GET", cpath, nil, 403, "forbidden")
	outsider.mustError("GET", base+"/complaints", nil, 403, "forbidden")
	var village complaintList
	secretary.mustJSON("GET", base+"/complaints", nil, 200, &village)
	if len(village.Complaints) != 1 || village.Complaints[0].ResidentNo != "" {
		t.Fatalf("the village's list must hold the complaint without the complainant: %+v", village)
	}

	// The street's queue; only the street returns.
	var queue complaintList
	official.mustJSON("GET", street+"/complaint-queue", nil, 200, &queue)
	if len(queue.Complaints) != 1 || queue.Complaints[0].ID != c.ID {
		t.Fatalf("queue %+v", queue)
	}
	secretary.mustError("GET", street+"/complaint-queue", nil, 403, "forbidden")
	secretary.mustError("POST", cpath+"/return", map[string]string{"guidance": "自己处理"}, 403, "forbidden")
	official.mustError("POST", cpath+"/return", map[string]string{"basis": "第三十条"}, 422, "invalid_fields")

	// Nothing else: the street official cannot publish on the village's
	// board, answer for the village, change its settings or its projects.
	official.mustError("POST", base+"/notices", map[string]any{"kind": "finance", "title": "财务公开", "text": "代发"}, 403, "forbidden")
	official.mustError("PUT", base+"/publication-settings", map[string]any{"notice_days": 15, "board_public": true, "many_transactions": true}, 403, "forbidden")
	official.mustError("POST", base+"/projects", map[string]any{"title": "整改", "responsible": "街道"}, 403, "negative_list")

	guidance := map[string]string{"guidance": "请于十日内在公开栏公布第三季度财务收支，并书面告知反映人", "basis": "村委会组织法第三十条"}
	c = complaintView{}
	official.mustJSON("POST", cpath+"/return", guidance, 200, &c)
	if c.Status != "returned" || c.ResidentNo != "" {
		t.Fatalf("returned %+v", c)
	}
	official.mustError("POST", cpath+"/return", guidance, 409, "complaint_returned")
	official.mustJSON("GET", street+"/complaint-queue", nil, 200, &queue)
	if len(queue.Complaints) != 0 {
		t.Fatalf("a returned complaint stays in the queue: %+v", queue)
	}

	// The resident and the village see the answer.
	resident.mustJSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if mine.Complaints[0].Status != "returned" || mine.Complaints[0].Guidance != guidance["guidance"] || mine.Complaints[0].Basis == "" {
		t.Fatalf("the resident does not see the answer: %+v", mine)
	}
	c = complaintView{}
	secretary.mustJSON("GET", cpath, nil, 200, &c)
	if c.Guidance != guidance["guidance"] {
		t.Fatalf("the village does not see the guidance: %+v", c)
	}
	var verify struct{ OK bool }
	secretary.mustJSON("GET", base+"/audit/verify", nil, 200, &verify)
	if !verify.OK {
		t.Error("audit chain broken")
	}
}
