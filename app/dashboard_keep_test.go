package main

import (
	"context"
	"testing"
	"time"

	"yishi/modules/dashboard"
)

// TestDashboardKeptFiguresFollowWritesThroughHTTP: a read serves the kept
// figures, with the time they were computed at; a write (a resident's
// service request, filed through HTTP and so in the audit chain) is counted
// by the refresher, not by the next read; time moves ages without a write.
func TestDashboardKeptFiguresFollowWritesThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	ctx := context.Background()
	drill := func() dashVillage {
		var v dashVillage
		k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard/villages/"+k.dt, nil, 200, &v)
		return v
	}
	first := drill()
	if first.ComputedAt.IsZero() || first.ServiceRequests.Waiting != 0 {
		t.Fatalf("东田社区 before: computed at %v, %d waiting", first.ComputedAt, first.ServiceRequests.Waiting)
	}
	// The demo resident (R003 of 东田社区) files a request.
	resident := k.ta.login(t, demoResidentPhone)
	var r struct{ ID string }
	resident.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/service-requests",
		map[string]any{"service": "street_official:training.provide", "text": "希望安排议事规则培训"}, 201, &r)

	// The next read is served from the kept figures: no recompute inline.
	if again := drill(); !again.ComputedAt.Equal(first.ComputedAt) || again.ServiceRequests.Waiting != 0 {
		t.Errorf("the read after the write recomputed: computed at %v (was %v), %d waiting", again.ComputedAt, first.ComputedAt,
			again.ServiceRequests.Waiting)
	}
	// Once Settle has passed, the refresher sees the chain moved and counts
	// the request (the pass run here, or the background one before it).
	k.ta.clock.advance(dashboard.DefaultOptions.Settle)
	if _, err := k.ta.dashboard.RefreshDue(ctx); err != nil {
		t.Fatal(err)
	}
	after := drill()
	if !after.ComputedAt.After(first.ComputedAt) || after.ServiceRequests.Waiting != 1 || after.ServiceRequests.ByStatus["filed"] != 1 ||
		len(after.ServiceRequests.Oldest) != 1 || after.ServiceRequests.Oldest[0].ID != r.ID {
		t.Errorf("after the refresh: computed at %v, requests %+v", after.ComputedAt, after.ServiceRequests)
	}
	var d dashView
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard", nil, 200, &d)
	if d.Totals.RequestsWaiting != 4 {
		t.Errorf("street totals: %d waiting, want 4", d.Totals.RequestsWaiting)
	}

	// Three days on (past MaxAge, as after a stopped refresher), the ages
	// have moved and the request is still counted once.
	k.ta.clock.advance(3 * 24 * time.Hour)
	later := drill()
	if later.ServiceRequests.Waiting != 1 || later.ServiceRequests.OldestWaitDays != 3 || !later.ComputedAt.After(after.ComputedAt) {
		t.Errorf("three days on: computed at %v, requests %+v", later.ComputedAt, later.ServiceRequests)
	}
}

// TestDashboardFiguresSurviveRestart: the figures are kept in each village's
// database, so after a restart the first read serves them (the same
// computed_at) instead of computing every village again.
func TestDashboardFiguresSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	ta := startTestAppIn(t, dir)
	street := ta.orgID(t, "/gz/hd/hs")
	var before dashView
	ta.login(t, "13800000003").mustJSON("GET", "/api/v1/orgs/"+street+"/dashboard", nil, 200, &before)
	if len(before.Villages) != len(demoVillages) {
		t.Fatalf("%d villages", len(before.Villages))
	}
	ta.stop()

	again := startTestAppIn(t, dir)
	var after dashView
	again.login(t, "13800000003").mustJSON("GET", "/api/v1/orgs/"+street+"/dashboard", nil, 200, &after)
	if len(after.Villages) != len(before.Villages) {
		t.Fatalf("%d villages after the restart, %d before", len(after.Villages), len(before.Villages))
	}
	for i, row := range after.Villages {
		if !row.ComputedAt.Equal(before.Villages[i].ComputedAt) || row.ProposalsTotal != before.Villages[i].ProposalsTotal {
			t.Errorf("%s after the restart: computed at %v (before %v)", row.Village.Path, row.ComputedAt, before.Villages[i].ComputedAt)
		}
	}
}
