package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/store"
)

// genSmall generates a two-village township into dir and returns it.
func genSmall(t *testing.T, dir string) township {
	t.Helper()
	ctx := context.Background()
	a, err := openToolApp(ctx, store.Config{DataDir: dir, Prefix: "yishi"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close(context.Background())
	tw, err := generate(ctx, a.store, genConfig{Villages: 2, Residents: 40, Proposals: 3, Ballots: 30, Accounts: 3, Meetings: 2,
		Cases: 10, VillagesPerStreet: 2, Seed: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tw
}

// TestGeneratedTownshipIsDeterministicAndServed generates the same seed twice
// (the same cases, byte for byte), then serves one store and reads the
// generated moral review board through the public lists: commendations are
// on the honour roll, and the criticisms, whose listing ran out long before
// today, are off the warning list but still in the case records.
func TestGeneratedTownshipIsDeterministicAndServed(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	tw := genSmall(t, dirA)
	genSmall(t, dirB)
	cases := func(dir, village string) []bson.Raw {
		ctx := context.Background()
		a, err := openToolApp(ctx, store.Config{DataDir: dir, Prefix: "yishi"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer a.close(context.Background())
		cur, err := a.store.Village(village).Collection("moral_cases").Find(ctx, bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		var out []bson.Raw
		if err := cur.All(ctx, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	v := tw.Villages[0]
	ca, cb := cases(dirA, v.ID), cases(dirB, v.ID)
	if len(ca) != 10 || len(cb) != 10 {
		t.Fatalf("cases: %d and %d, want 10", len(ca), len(cb))
	}
	criticisms := 0
	for i := range ca {
		// Compared decoded: maps (a hearing's counts) encode in any order.
		var da, db bson.M
		if err := bson.Unmarshal(ca[i], &da); err != nil {
			t.Fatal(err)
		}
		if err := bson.Unmarshal(cb[i], &db); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(da, db) {
			t.Fatalf("case %d differs between two runs of the same seed:\n%v\n%v", i, da, db)
		}
		if v, ok := ca[i].Lookup("verdict").StringValueOK(); ok && v == "criticism" {
			criticisms++
		}
	}
	if criticisms == 0 {
		t.Fatal("the seed gave no criticism: the warning list is not exercised")
	}

	ta := startTestAppIn(t, dirA)
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

// TestGeneratorProgressShowsTheTrueTotal: every frame of the progress bar
// names the number of documents the run really writes, and the last is 100 %
// with nothing left.
func TestGeneratorProgressShowsTheTrueTotal(t *testing.T) {
	ctx := context.Background()
	a, err := openToolApp(ctx, store.Config{DataDir: t.TempDir(), Prefix: "yishi"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close(context.Background())
	var out strings.Builder
	tw, err := generate(ctx, a.store, genConfig{Villages: 3, Residents: 60, Proposals: 4, Ballots: 40, Accounts: 3, Meetings: 2,
		Cases: 5, VillagesPerStreet: 2, Seed: 11}, &out)
	if err != nil {
		t.Fatal(err)
	}
	frames := strings.Split(strings.TrimSpace(strings.ReplaceAll(out.String(), "\r", "\n")), "\n")
	if len(frames) < 2 {
		t.Fatalf("progress frames: %q", out.String())
	}
	want := fmt.Sprintf("/%d documents", tw.Documents)
	for _, f := range frames {
		if !strings.Contains(f, want) || !strings.Contains(f, "ETA ") {
			t.Errorf("frame %q: want the total %q and an ETA", f, want)
		}
	}
	last := frames[len(frames)-1]
	if !strings.Contains(last, "100%") || !strings.Contains(last, fmt.Sprintf(" %d/%d ", tw.Documents, tw.Documents)) || !strings.Contains(last, "ETA 0s") {
		t.Errorf("last frame %q: want 100%% and %d/%d, ETA 0s", last, tw.Documents, tw.Documents)
	}
}
