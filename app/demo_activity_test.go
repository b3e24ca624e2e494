package main

import (
	"context"
	"testing"
	"time"
)

// TestDemoActivityFillsTheResidentsHome: after -demo's activity the demo
// resident's home holds, first, the vote they may cast and the meeting they
// are invited to, then the hall's topic gathering support and the notice in
// its objection period; seeding again adds nothing.
func TestDemoActivityFillsTheResidentsHome(t *testing.T) {
	ta := startTestApp(t)
	for range 2 {
		if err := ta.app.seedDemoActivity(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	resident := ta.login(t, demoResidentPhone)
	var home struct {
		Waiting, Village []struct{ Kind, Title string }
	}
	resident.mustJSON("GET", "/api/v1/home", nil, 200, &home)
	kinds := func(lines []struct{ Kind, Title string }) map[string]int {
		m := map[string]int{}
		for _, l := range lines {
			m[l.Kind]++
		}
		return m
	}
	waiting, village := kinds(home.Waiting), kinds(home.Village)
	for _, k := range []string{"vote_to_cast", "meeting_invited"} {
		if waiting[k] != 1 {
			t.Errorf("waiting for the resident: %d lines of %s, want 1 (%v)", waiting[k], k, home.Waiting)
		}
	}
	for _, k := range []string{"gathering", "notice_open"} {
		if village[k] < 1 {
			t.Errorf("open in the village: no %s line (%v)", k, home.Village)
		}
	}
	var list struct {
		Items []struct{ Title string } `json:"items"`
	}
	resident.mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs/dt")+"/proposals?limit=200", nil, 200, &list)
	seen := map[string]int{}
	for _, p := range list.Items {
		seen[p.Title]++
	}
	if seen[demoActivityMarker] != 1 {
		t.Errorf("after seeding twice the proposals are %v, want each once", seen)
	}
}
