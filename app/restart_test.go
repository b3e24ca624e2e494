package main

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

func mustURL(t testing.TB, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// snapshot is every document of every Yishi database, by database and
// collection, minus sessions (each login adds one).
func snapshot(t testing.TB, ta *testApp) map[string][]bson.Raw {
	ctx := context.Background()
	names, err := ta.store.Client.ListDatabaseNames(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]bson.Raw{}
	for _, db := range names {
		colls, err := ta.store.Client.Database(db).ListCollectionNames(ctx, bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		for _, coll := range colls {
			if strings.HasPrefix(coll, "sessions_") {
				continue
			}
			cur, err := ta.store.Client.Database(db).Collection(coll).Find(ctx, bson.M{})
			if err != nil {
				t.Fatal(err)
			}
			var docs []bson.Raw
			if err := cur.All(ctx, &docs); err != nil {
				t.Fatal(err)
			}
			sort.Slice(docs, func(i, j int) bool { return docs[i].Lookup("_id").String() < docs[j].Lookup("_id").String() })
			out[db+"."+coll] = docs
		}
	}
	return out
}

func sameSnapshot(t testing.TB, a, b map[string][]bson.Raw) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("collections: %d vs %d", len(a), len(b))
	}
	for k, docs := range a {
		if len(docs) != len(b[k]) {
			t.Fatalf("%s: %d documents vs %d", k, len(docs), len(b[k]))
		}
		for i := range docs {
			if docs[i].String() != b[k][i].String() {
				t.Fatalf("%s: document changed:\n%s\n%s", k, docs[i], b[k][i])
			}
		}
	}
}

// Seeding twice changes nothing; restarting keeps every record, logins work
// after the restart, and the demo township has what the README promises.
func TestSeedTwiceAndRestartKeepData(t *testing.T) {
	dir := t.TempDir()
	ta := startTestAppIn(t, dir) // seeds once
	operator := ta.login(t, "13800000004")
	var v struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "kept", "name": "留存村", "level": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &v)
	before := snapshot(t, ta)
	if _, err := ta.seedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	sameSnapshot(t, before, snapshot(t, ta))

	// The demo township: 1 city, 1 district, 1 street, 4 villages now (3 demo + 1 made above).
	var orgs struct {
		Orgs []struct{ Level, Kind, Path string }
	}
	operator.mustJSON("GET", "/api/v1/orgs", nil, 200, &orgs)
	levels := map[string]int{}
	kinds := map[string]int{}
	for _, o := range orgs.Orgs {
		levels[o.Level]++
		kinds[o.Kind]++
	}
	if levels["city"] != 1 || levels["district"] != 1 || levels["street"] != 1 || levels["village"] != 4 || kinds["community"] != 1 {
		t.Fatalf("demo tree: %v %v", levels, kinds)
	}
	residents := 0
	for _, path := range []string{"/gz/hd/hs/dt", "/gz/hd/hs/xl", "/gz/hd/hs/ph"} {
		var list struct{ Residents []any }
		operator.mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, path)+"/residents", nil, 200, &list)
		residents += len(list.Residents)
		var bodies struct{ Bodies []struct{ Kind string } }
		operator.mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, path)+"/bodies", nil, 200, &bodies)
		if len(bodies.Bodies) != 3 {
			t.Fatalf("%s has %d bodies, want council, moral review board and hall", path, len(bodies.Bodies))
		}
	}
	if residents < 50 || residents > 70 {
		t.Fatalf("demo has %d residents, want about 60", residents)
	}

	ta.stop()
	again := startTestAppIn(t, dir) // restarts and seeds a second time
	sameSnapshot(t, before, snapshot(t, again))
	for _, phone := range []string{"13800000001", "13800000002", "13800000003", "13800000004"} {
		again.login(t, phone)
	}
}
