package main

import (
	"log/slog"
	"testing"
	"time"
)

// BenchmarkHomeSupervisor is GET /home for a supervision committee member
// of the demo community (a resident too): BenchmarkHome's village plus the
// supervision lines (the publication calendar, a project, a report).
//
//	go test ./app -run '^$' -bench 'BenchmarkHome(Supervisor)?$' -benchtime 50x
func BenchmarkHomeSupervisor(b *testing.B) {
	testLogLevel = slog.LevelInfo
	ta := startTestApp(b)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	dt := ta.orgID(b, dtPath)
	base := "/api/v1/orgs/" + dt
	secretary := ta.login(b, "13800000002")
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "case", "subject_id": "e", "meeting_kind": "residents_meeting"}, 201, &v)
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	ta.login(b, "13800000004").mustJSON("POST", base+"/bodies", map[string]any{"id": "supervision", "kind": "supervision", "name": "居务监督委员会",
		"members": []map[string]string{{"resident_no": "R003", "role": "chair"}}, "elected_by": map[string]string{"vote_id": v.ID}}, 201, nil)
	secretary.mustJSON("POST", base+"/projects", map[string]any{"title": "路灯", "responsible": "居委会",
		"milestones": []map[string]any{{"title": "安装", "due": ta.clock.now().Add(20 * 24 * time.Hour)}}}, 201, nil)
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "finance", "title": "财务", "text": "收支"}, 201, nil)
	member := ta.login(b, demoResidentPhone)
	member.mustJSON("POST", base+"/supervision-reports", map[string]string{"to": "township", "subject": "账目", "text": "账目不清楚"}, 201, nil)
	if h := homeOf(member); len(h.Waiting)+len(h.Village) < 3 {
		b.Fatalf("home %+v", h)
	}
	for b.Loop() {
		homeOf(member)
	}
}
