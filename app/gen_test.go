package main

import (
	"context"
	"testing"

	"yishi/modules/devtools/gen"
	"yishi/modules/store"
)

// TestGeneratedTownshipIsServed generates a township through the wired app
// (every module's indexes), then serves the store and reads the generated
// moral review board through the public lists: commendations are on the
// honour roll, and the criticisms, whose listing ran out long before today,
// are off the warning list. The generator's own rules are tested in
// modules/devtools/gen.
func TestGeneratedTownshipIsServed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := openToolApp(ctx, store.Config{DataDir: dir, Prefix: "yishi"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tw, err := gen.Generate(ctx, a.store, gen.Config{Villages: 2, Residents: 40, Proposals: 3, Ballots: 30, Accounts: 3, Meetings: 2,
		Cases: 10, VillagesPerStreet: 2, Seed: 7, Password: demoPassword}, nil)
	if cerr := a.close(context.Background()); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	v := tw.Villages[0]
	ta := startTestAppIn(t, dir)
	public := ta.client(t)
	var roll struct {
		Entries []struct{ Name, Group, Category string }
	}
	public.mustJSON("GET", "/api/v1/orgs/"+v.ID+"/honour-roll", nil, 200, &roll)
	if len(roll.Entries) == 0 {
		t.Error("no generated commendation on the honour roll")
	}
	var warn struct{ Entries []any }
	public.mustJSON("GET", "/api/v1/orgs/"+v.ID+"/warning-list", nil, 200, &warn)
	if len(warn.Entries) != 0 {
		t.Errorf("expired criticisms still on the warning list: %v", warn.Entries)
	}
}
