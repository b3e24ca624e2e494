package vote

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
	_ "modernc.org/sqlite" // to read the embedded store's files as an outsider would

	"yishi/modules/store"
)

// TestV2026Art18Para3SecretBallotLinkage (V2026 Art. 18 ¶3, domain.md §9): voters cast one
// at a time, the quiet-village case, and then an outsider holding the store
// tries to pair each voter with their ballot: by the SQLite row ids of the
// turnout and the ballot box, by where each ballot's bytes lie in the
// database file, by the order of the household markers, and through the
// driver by natural order and by _id. Each attack pairs the k-th voter of
// one order with the k-th ballot of another, both ways. Over many runs none
// may do better than chance: a random pairing of n voters with n ballots
// gets one right per run on average (the fixed points of a random
// permutation), whatever n is.
//
// The store's write history is read too: the SQLite write-ahead log lists
// pages in the order they were written, so while it holds a voter's turnout
// and then their ballot it pairs them; the engine empties it once each
// ballot is stored (store.ForgetWrites), and this attack checks that it
// did. A control checks that the reader sees order where there is some: the
// turnout rows are in the order of casting.
//
// YISHI_LINKAGE_RUNS sets the number of runs (default 60).
func TestV2026Art18Para3SecretBallotLinkage(t *testing.T) {
	runs := 60
	if s := os.Getenv("YISHI_LINKAGE_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("YISHI_LINKAGE_RUNS=%q", s)
		}
		runs = n
	}
	const n = 8
	f, file := newFileFixture(t, n)
	matched := map[string]int{}
	for run := 0; run < runs; run++ {
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
		castOrder := rand.Perm(n)
		truth := map[string]string{} // voter → receipt hash
		var cast []string
		for _, i := range castOrder {
			r := f.cast(t, v.ID, i, []string{"yes", "no", "abstain"}[rand.IntN(3)])
			truth[r.Voter] = ReceiptHash(v.ID, r.Code)
			cast = append(cast, r.Voter)
		}
		orders := f.observe(t, v, file)
		score := func(name string, voters, receipts []string) {
			if len(voters) != n || len(receipts) != n {
				t.Fatalf("run %d, %s: %d voters and %d ballots seen, want %d", run, name, len(voters), len(receipts), n)
			}
			for k := range voters {
				if truth[voters[k]] == receipts[k] {
					matched[name]++
				}
			}
		}
		for _, a := range []struct{ name, voters, ballots string }{
			{"row id: turnout ↔ box", "turnout rows", "box rows"},
			{"file offset: turnout ↔ box", "turnout rows", "box bytes"},
			{"household markers ↔ box rows", "households", "box rows"},
			{"household markers ↔ box bytes", "households", "box bytes"},
			{"natural order: turnout ↔ box", "turnout natural", "box natural"},
			{"_id order: turnout ↔ box", "turnout by _id", "box by _id"},
			{"cast order ↔ box natural", "cast", "box natural"},
			{"write-ahead log: first write", "turnout in log", "box in log"},
		} {
			voters, ballots := orders[a.voters], orders[a.ballots]
			if a.voters == "cast" {
				voters = cast
			}
			if voters == nil || ballots == nil {
				continue // a file the store does not have (MongoDB)
			}
			score(a.name, voters, ballots)
			score(a.name+" (reversed)", voters, reversed(ballots))
		}
		if orders["turnout rows"] != nil && !slices.Equal(orders["turnout rows"], cast) {
			t.Fatalf("control: the turnout rows are not in the cast order, so the reader misreads the file: %v, cast %v", orders["turnout rows"], cast)
		}
	}

	trials := runs * n
	// Matches of a random pairing: about Poisson(runs), sd sqrt(runs).
	bound := runs + int(5*math.Sqrt(float64(runs)))
	names := make([]string, 0, len(matched))
	for name := range matched {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m := matched[name]
		rate := float64(m) / float64(trials)
		t.Logf("%-44s %4d of %d pairs right: %.3f (chance %.3f)", name, m, trials, rate, 1/float64(n))
		if m > bound {
			t.Errorf("%s links voters to ballots: %d of %d right, chance is %d (bound %d)", name, m, trials, runs, bound)
		}
	}
	if len(matched) == 0 {
		t.Fatal("no attack ran")
	}
}

func reversed(xs []string) []string {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}

// observe reads vote v's turnout and ballots as orders an outsider sees:
// voter numbers for turnout, receipt hashes for ballots.
func (f *fixture) observe(t *testing.T, v Vote, file *sqliteFile) map[string][]string {
	t.Helper()
	ctx := context.Background()
	db := f.svc.db(f.village.ID)
	orders := map[string][]string{}
	read := func(coll string, opts *options.FindOptions) []bson.M {
		cur, err := db.Collection(coll).Find(ctx, bson.M{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		return docs
	}
	for _, sorted := range []bool{false, true} {
		opts, suffix := options.Find(), " natural"
		if sorted {
			opts, suffix = options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), " by _id"
		}
		for _, d := range read(turnoutColl(v.ID), opts) {
			orders["turnout"+suffix] = append(orders["turnout"+suffix], d["voter"].(string))
		}
		for k := range boxShards(v) {
			for _, d := range read(shardColl(v.ID, k), opts) {
				if r, ok := d["receipt_hash"].(string); ok && r != emptyReceipt {
					orders["box"+suffix] = append(orders["box"+suffix], r)
				}
			}
		}
	}
	if file == nil {
		return orders
	}
	receipts := orders["box natural"]
	voters := slices.Sorted(slices.Values(orders["turnout natural"]))
	// The write-ahead log first, as it stands before SQLite checkpoints it.
	orders["turnout in log"], orders["box in log"] = file.firstWrites(t, voters, receipts)
	file.checkpoint(t)
	turnoutRows := file.rows(t, turnoutColl(v.ID))
	for _, d := range turnoutRows {
		orders["turnout rows"] = append(orders["turnout rows"], d["voter"].(string))
	}
	for k := range boxShards(v) {
		for _, d := range file.rows(t, shardColl(v.ID, k)) {
			if r, ok := d["receipt_hash"].(string); ok && r != emptyReceipt {
				orders["box rows"] = append(orders["box rows"], r)
			}
		}
	}
	// Voters by when their household first came: the order of the markers,
	// then of the turnout rows within a household.
	households := map[string]int{}
	for i, d := range file.rows(t, householdsColl(v.ID)) {
		households[d["_id"].(string)] = i
	}
	byHousehold := slices.Clone(turnoutRows)
	slices.SortStableFunc(byHousehold, func(a, b map[string]any) int {
		return households[a["household"].(string)] - households[b["household"].(string)]
	})
	for _, d := range byHousehold {
		orders["households"] = append(orders["households"], d["voter"].(string))
	}
	// Where each ballot's bytes lie in the database file.
	data := file.bytes(t)
	offsets := map[string]int{}
	for _, r := range receipts {
		offsets[r] = bytes.Index(data, []byte(r))
		if offsets[r] < 0 {
			t.Fatalf("receipt %s not found in the database file", r)
		}
	}
	byOffset := slices.Clone(receipts)
	sort.Slice(byOffset, func(i, j int) bool { return offsets[byOffset[i]] < offsets[byOffset[j]] })
	orders["box bytes"] = byOffset
	return orders
}

// newFileFixture is newFixture on a store of its own whose files the test
// can read: the village's SQLite file, nil on MongoDB (with
// YISHI_TEST_MONGODB_URI set, the collections are read through the driver
// only).
func newFileFixture(t *testing.T, n int) (*fixture, *sqliteFile) {
	t.Helper()
	dir := t.TempDir()
	cfg := store.Config{DataDir: dir}
	if uri := os.Getenv("YISHI_TEST_MONGODB_URI"); uri != "" {
		cfg.URI, cfg.Prefix = uri, fmt.Sprintf("file%d", time.Now().UnixNano()%1e9)
	}
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	f := newFixtureOn(t, st, n, "village")
	if !st.Embedded {
		return f, nil
	}
	return f, openSQLiteFile(t, filepath.Join(dir, st.Village(f.village.ID).Name()+".sqlite"))
}

// sqliteFile is a village's database file of the embedded store, read with
// database/sql beside the running store.
type sqliteFile struct {
	path string
	db   *sql.DB
}

func openSQLiteFile(t *testing.T, path string) *sqliteFile {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the village's database file: %v", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return &sqliteFile{path: path, db: db}
}

// table is the SQLite table holding a collection.
func (f *sqliteFile) table(t *testing.T, coll string) string {
	t.Helper()
	var name string
	if err := f.db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, coll).Scan(&name); err != nil {
		t.Fatalf("table of %s: %v", coll, err)
	}
	return name
}

// rows are a collection's documents in row id order.
func (f *sqliteFile) rows(t *testing.T, coll string) []map[string]any {
	t.Helper()
	rs, err := f.db.Query(fmt.Sprintf(`SELECT _ferretdb_sjson FROM %q ORDER BY rowid`, f.table(t, coll)))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []map[string]any
	for rs.Next() {
		var text string
		if err := rs.Scan(&text); err != nil {
			t.Fatal(err)
		}
		var d map[string]any
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			t.Fatalf("row of %s: %v", coll, err)
		}
		out = append(out, d)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkpoint moves the write-ahead log into the database file (SQLite does
// so by itself every 1,000 pages), so the file holds every page as it is.
func (f *sqliteFile) checkpoint(t *testing.T) {
	t.Helper()
	for range 100 {
		var busy, logged, done int
		if err := f.db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			return
		}
	}
	t.Fatal("the write-ahead log stayed busy")
}

func (f *sqliteFile) bytes(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// firstWrites orders voters and receipts by the first frame of the
// write-ahead log holding them.
func (f *sqliteFile) firstWrites(t *testing.T, voters, receipts []string) (byVoter, byReceipt []string) {
	t.Helper()
	wal, err := os.ReadFile(f.path + "-wal")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	pageSize := 0
	if len(wal) >= 32 {
		pageSize = int(binary.BigEndian.Uint32(wal[8:12]))
	}
	first := map[string]int{}
	for frame, off := 0, 32; pageSize > 0 && off+24+pageSize <= len(wal); frame, off = frame+1, off+24+pageSize {
		page := wal[off+24 : off+24+pageSize]
		for _, no := range voters {
			if _, seen := first[no]; !seen && bytes.Contains(page, []byte(`"voter":"`+no+`"`)) {
				first[no] = frame
			}
		}
		for _, r := range receipts {
			if _, seen := first[r]; !seen && bytes.Contains(page, []byte(r)) {
				first[r] = frame
			}
		}
	}
	order := func(keys []string) []string {
		out := slices.Clone(keys)
		sort.SliceStable(out, func(i, j int) bool {
			fi, oki := first[out[i]]
			fj, okj := first[out[j]]
			return oki && (!okj || fi < fj)
		})
		return out
	}
	return order(voters), order(receipts)
}
