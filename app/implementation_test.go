package main

import (
	"bytes"
	"encoding/base64"
	"testing"
	"time"
)

type projectView struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Milestones []struct {
		Title  string    `json:"title"`
		DoneAt time.Time `json:"done_at"`
	} `json:"milestones"`
	Notes []struct {
		Links  []string `json:"links"`
		Photos []struct {
			ID   string `json:"id"`
			Size int    `json:"size"`
		} `json:"photos"`
	} `json:"notes"`
	Remarks        []struct{ Text string } `json:"remarks"`
	ResultNoticeID string                  `json:"result_notice_id"`
}

type calendarView struct {
	Overdue int `json:"overdue"`
	Items   []struct {
		Kind      string `json:"kind"`
		Period    string `json:"period"`
		Status    string `json:"status"`
		NoticeID  string `json:"notice_id"`
		VoteID    string `json:"vote_id"`
		ProjectID string `json:"project_id"`
	} `json:"items"`
}

func (c calendarView) of(kind string) []string {
	var out []string
	for _, it := range c.Items {
		if it.Kind == kind {
			out = append(out, it.Status)
		}
	}
	return out
}

// tinyPNG is a 1x1 PNG.
var tinyPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")

// TestImplementationTrackedAndResultPublished: a decision becomes a project
// (responsible unit, milestones), the secretary records progress with a link
// and a photo (≤ 256 KB), a supervision committee member remarks (V2026 Art. 37), the result
// is published on the board as the second disclosure of 4+2 and the project
// closes. Government roles cannot run it (negative list, V2026 Art. 6 ¶1).
func TestImplementationTrackedAndResultPublished(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	secretary := ta.login(t, "13800000002")
	resident := ta.login(t, demoResidentPhone)
	supervisor := k.account("/gz/hd/hs/dt", "R001", "resident", "supervisor")
	council := k.account("/gz/hd/hs/dt", "R009", "resident", "council_member")
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.dt
	now := ta.clock.now()

	start := map[string]any{"title": "修缮村道路灯", "responsible": "村建设队（陈建国）", "milestones": []map[string]any{
		{"title": "采购灯具", "due": now.Add(10 * 24 * time.Hour)}, {"title": "安装验收", "due": now.Add(30 * 24 * time.Hour)}}}
	official.mustError("POST", base+"/projects", start, 403, "negative_list")
	k.operator.mustError("POST", base+"/projects", start, 403, "forbidden")
	resident.mustError("POST", base+"/projects", start, 403, "forbidden")
	var p projectView
	secretary.mustJSON("POST", base+"/projects", start, 201, &p)
	ppath := base + "/projects/" + p.ID
	if len(p.Milestones) != 2 || p.Status != "in_progress" {
		t.Fatalf("project %+v", p)
	}

	// Progress: links only to web addresses; photos small.
	photo := map[string]string{"name": "路灯.png", "content_type": "image/png", "data": base64.StdEncoding.EncodeToString(tinyPNG)}
	secretary.mustError("POST", ppath+"/notes", map[string]any{"text": "x", "links": []string{"javascript:alert(1)"}}, 422, "")
	big := map[string]string{"name": "big.jpg", "content_type": "image/jpeg", "data": base64.StdEncoding.EncodeToString(make([]byte, 256<<10+1))}
	secretary.mustError("POST", ppath+"/notes", map[string]any{"text": "x", "photos": []any{big}}, 413, "photo_too_large")
	note := map[string]any{"text": "灯具已到货", "links": []string{"https://example.org/lamps"}, "photos": []any{photo}}
	official.mustError("POST", ppath+"/notes", note, 403, "negative_list")
	secretary.mustJSON("POST", ppath+"/notes", note, 201, &p)
	if len(p.Notes) != 1 || len(p.Notes[0].Photos) != 1 || p.Notes[0].Photos[0].Size != len(tinyPNG) {
		t.Fatalf("note %+v", p.Notes)
	}
	status, data := resident.do("GET", ppath+"/photos/"+p.Notes[0].Photos[0].ID, nil)
	if status != 200 || !bytes.Equal(data, tinyPNG) {
		t.Fatalf("photo: %d, %d bytes", status, len(data))
	}

	// Supervision: the supervision committee's members remark; a council
	// member as such and the street may not.
	resident.mustError("POST", ppath+"/remarks", map[string]string{"text": "好"}, 403, "forbidden")
	council.mustError("POST", ppath+"/remarks", map[string]string{"text": "好"}, 403, "forbidden")
	official.mustError("POST", ppath+"/remarks", map[string]string{"text": "好"}, 403, "negative_list")
	supervisor.mustJSON("POST", ppath+"/remarks", map[string]string{"text": "灯具型号与公示一致"}, 201, &p)
	if len(p.Remarks) != 1 {
		t.Fatalf("remarks %+v", p.Remarks)
	}

	official.mustError("POST", ppath+"/milestones/0/done", nil, 403, "negative_list")
	secretary.mustError("POST", ppath+"/milestones/5/done", nil, 404, "milestone_not_found")
	secretary.mustJSON("POST", ppath+"/milestones/0/done", nil, 200, &p)
	secretary.mustError("POST", ppath+"/milestones/0/done", nil, 409, "conflict")
	secretary.mustJSON("POST", ppath+"/milestones/1/done", nil, 200, &p)

	// All milestones done: the result is due on the calendar.
	var cal calendarView
	resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
	if got := cal.of("implementation_result"); len(got) != 1 || got[0] != "due" {
		t.Fatalf("result on the calendar: %v", got)
	}

	// The second disclosure: a result notice naming the project.
	var wrong, n struct{ ID string }
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "村务", "text": "季度村务"}, 201, &wrong)
	secretary.mustError("POST", base+"/notices", map[string]any{"kind": "result", "title": "结果", "text": "x", "project_id": "nope"}, 404, "project_not_found")
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "result", "title": "实施结果：修缮村道路灯", "text": "已安装20盏，验收合格", "project_id": p.ID}, 201, &n)
	secretary.mustError("POST", ppath+"/result", map[string]string{"notice_id": wrong.ID}, 422, "not_result_notice")
	official.mustError("POST", ppath+"/result", map[string]string{"notice_id": n.ID}, 403, "negative_list")
	secretary.mustJSON("POST", ppath+"/result", map[string]string{"notice_id": n.ID}, 200, &p)
	if p.Status != "result_published" || p.ResultNoticeID != n.ID {
		t.Fatalf("after the result %+v", p)
	}
	secretary.mustError("POST", ppath+"/notes", note, 409, "project_published")
	resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
	if got := cal.of("implementation_result"); len(got) != 1 || got[0] != "done" {
		t.Fatalf("result on the calendar after publication: %v", got)
	}
	// Read by residents and the street (read only).
	resident.mustJSON("GET", ppath, nil, 200, &p)
	k.account("/gz/hd/hs/xl", "R003").mustError("GET", ppath, nil, 403, "forbidden")
}

// TestV2026Art35PublicationCalendar: village affairs at least quarterly, finances
// monthly where transactions are many (a village setting), and a passed
// resolution within 3 days of its vote closing; computed from the records,
// moved through time with the app's clock.
func TestV2026Art35PublicationCalendar(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	clock := &ta.clock
	const dtPath = "/gz/hd/hs/dt"
	secretary := ta.login(t, "13800000002") // R005, council secretary
	resident := ta.login(t, demoResidentPhone)
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.dt

	var cal calendarView
	resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
	if a, f := cal.of("affairs"), cal.of("finance"); len(a) != 1 || a[0] != "due" || len(f) != 1 || f[0] != "due" || cal.Overdue != 0 {
		t.Fatalf("a new village owes this quarter's affairs and finances: %+v", cal)
	}
	official.mustJSON("GET", base+"/publication-calendar", nil, 200, nil)
	k.account("/gz/hd/hs/xl", "R003").mustError("GET", base+"/publication-calendar", nil, 403, "forbidden")

	// Many transactions: finances monthly.
	secretary.mustJSON("PUT", base+"/publication-settings", map[string]any{"notice_days": 15, "board_public": true, "many_transactions": true}, 200, nil)
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "村务公开", "text": "本季度村务"}, 201, nil)
	resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
	if a := cal.of("affairs"); len(a) != 1 || a[0] != "done" {
		t.Fatalf("affairs published this quarter: %v", a)
	}
	// A major matter: a council decision, published at once (3 days).
	// (Before the long jump below: the vote engine stamps closed_at with the
	// wall clock, not the app's movable one.)
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "村口设垃圾分类点", "category": "other", "flow": "minor"})
	chair := k.account(dtPath, "R001")
	member := k.account(dtPath, "R009")
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "社区活动室", "agenda": []string{p.ID}, "starts_at": clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct{ Code string }
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 201, &v)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	major := func() string {
		resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
		for _, it := range cal.Items {
			if it.Kind == "major_matter" && it.VoteID == v.ID {
				return it.Status
			}
		}
		return "missing"
	}
	if s := major(); s != "due" {
		t.Fatalf("a passed resolution is due at once, got %s", s)
	}
	clock.advance(4 * 24 * time.Hour)
	if s := major(); s != "overdue" {
		t.Fatalf("a resolution unpublished 4 days after the vote is overdue, got %s", s)
	}
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	// Publishing the minutes opens the resolution's notice (publish_notice.go).
	secretary.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, nil)
	if s := major(); s != "done" {
		t.Fatalf("a published resolution is done, got %s", s)
	}

	clock.advance(100 * 24 * time.Hour)
	resident.mustJSON("GET", base+"/publication-calendar", nil, 200, &cal)
	a, f := cal.of("affairs"), cal.of("finance")
	if len(a) < 2 || a[0] != "done" || a[len(a)-1] != "due" {
		t.Fatalf("affairs after 100 days: %v", a)
	}
	if len(f) < 4 || f[0] != "overdue" || f[len(f)-1] != "due" || cal.Overdue < 3 {
		t.Fatalf("monthly finances after 100 days: %v (overdue %d)", f, cal.Overdue)
	}
}
