package vote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// castAll casts for voters 0..n-1 at once, each from its own goroutine,
// every third voting "no".
func castAll(t *testing.T, f *fixture, voteID string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			choice := "yes"
			if i%3 == 0 {
				choice = "no"
			}
			if _, err := f.svc.Cast(f.ctx, f.village.ID, voteID, f.voter(i), CastRequest{Choices: []string{choice}}); err != nil {
				t.Errorf("cast by %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

// TestRunningTallyEqualsTheRecount: a vote cast by many voters at once is
// closed from its running tally, and the full recount of the stored ballots
// (what VerifyClosed and the published ballots compute) gives the very same
// result, hash included — for named and for secret ballots.
func TestRunningTallyEqualsTheRecount(t *testing.T) {
	for _, secret := range []bool{false, true} {
		f := newFixture(t, 80, "village")
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
		castAll(t, f, v.ID, 61)
		closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		running, ok, err := f.svc.RunningResult(f.ctx, closed)
		if err != nil || ok == secret {
			// A secret vote's running tally never counts choices
			// (TestSecretRunningTallyCountsNoChoices): its close reads the box.
			t.Fatalf("secret=%v: running tally ok=%v err=%v", secret, ok, err)
		}
		recount, err := f.svc.Tally(f.ctx, closed)
		if err != nil {
			t.Fatal(err)
		}
		if secret {
			running = recount
		}
		if !reflect.DeepEqual(*closed.Result, recount) || !reflect.DeepEqual(running, recount) {
			t.Fatalf("secret=%v:\nclosed  %+v\nrunning %+v\nrecount %+v", secret, *closed.Result, running, recount)
		}
		if recount.Voters != 61 || recount.Counts["no"] != 21 || recount.Counts["yes"] != 40 || recount.HouseholdsPresent != 16 {
			t.Fatalf("secret=%v: counts %+v", secret, recount)
		}
		report, err := f.svc.VerifyClosed(f.ctx, f.village.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Votes) != 1 || report.Votes[0].Recomputed != closed.Result.BallotsHash {
			t.Fatalf("secret=%v: the recount's hash differs from the close's: %+v", secret, report)
		}
	}
}

// TestCloseRecountsWhenTheRunningTallyFallsBehind: a changed ballot, or a
// batch whose ballots were stored but never counted (a crash between the two
// writes), makes the close count every stored ballot.
func TestCloseRecountsWhenTheRunningTallyFallsBehind(t *testing.T) {
	t.Run("changed ballot", func(t *testing.T) {
		f := newFixture(t, 12, "village")
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, ChangeUntilClose: true})
		castAll(t, f, v.ID, 9)
		if _, ok, _ := f.svc.RunningResult(f.ctx, v); !ok {
			t.Fatal("before any change the running tally covers the ballots")
		}
		f.cast(t, v.ID, 0, "yes") // voter 0 voted "no" and changes
		if _, ok, _ := f.svc.RunningResult(f.ctx, v); ok {
			t.Fatal("after a change the running tally must not be used")
		}
		closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if closed.Result.Counts["yes"] != 7 || closed.Result.Counts["no"] != 2 {
			t.Fatalf("the change is not counted: %+v", closed.Result.Counts)
		}
	})
	t.Run("crash between a batch's writes", func(t *testing.T) {
		f := newFixture(t, 12, "village")
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
		castAll(t, f, v.ID, 6)
		// Another process records itself as a writer, stores a ballot and
		// dies before adding it to the running tally.
		other := NewService(f.svc.store, f.svc.orgs, Config{})
		w, err := other.beginBatch(f.ctx, f.village.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.mu.Unlock()
		b := Ballot{ID: v.ID + ":A0010", Voter: "A0010", Choices: []string{"no"}, Receipt: "r", Household: "H0002"}
		if _, err := f.svc.db(f.village.ID).Collection(ballotsColl(v.ID)).InsertOne(f.ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := f.svc.RunningResult(f.ctx, v); ok {
			t.Fatal("a dead writer's record must keep the running tally from being used")
		}
		closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if closed.Result.Voters != 7 || closed.Result.Counts["no"] != 3 {
			t.Fatalf("the stored but uncounted ballot is missing: %+v", closed.Result)
		}
	})
}

// TestRunningTallyAcrossProcesses: a second process casting into the same
// vote and shutting down cleanly leaves a running tally that counts its
// ballots too, and the close uses it.
func TestRunningTallyAcrossProcesses(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	castAll(t, f, v.ID, 5)
	other := NewService(f.svc.store, f.svc.orgs, Config{})
	for i := 5; i < 9; i++ {
		if _, err := other.Cast(f.ctx, f.village.ID, v.ID, f.voter(i), CastRequest{Choices: []string{"yes"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := f.svc.RunningResult(f.ctx, v); ok {
		t.Fatal("while the other process may still write, the running tally is not enough")
	}
	if err := other.Release(f.ctx); err != nil {
		t.Fatal(err)
	}
	r, ok, err := f.svc.RunningResult(f.ctx, v)
	if err != nil || !ok {
		t.Fatalf("after a clean shutdown of the other process the running tally covers every ballot: %v %v", ok, err)
	}
	if r.Voters != 9 || r.Counts["yes"] != 7 {
		t.Fatalf("running result %+v", r)
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	recount, err := f.svc.Tally(f.ctx, closed)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*closed.Result, recount) {
		t.Fatalf("closed %+v\nrecount %+v", *closed.Result, recount)
	}
}

// TestSecretRunningTallyCountsNoChoices: the per-vote document of a secret
// vote holds turnout counts only: no choice counts and no hash of the
// ballots, whose successive values would tell each voter's choice.
func TestSecretRunningTallyCountsNoChoices(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	for i := 0; i < 5; i++ {
		f.cast(t, v.ID, i, "yes")
	}
	var doc runningTally
	if err := f.svc.db(f.village.ID).Collection(tallyColl(v.ID)).FindOne(f.ctx, bson.M{"_id": v.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Online) != 0 || doc.Set != "" || doc.Ballots != 0 {
		t.Fatalf("the running tally of a secret vote counts choices: %+v", doc)
	}
	if doc.Voters != 5 || doc.Households != 2 {
		t.Fatalf("turnout counts %+v, want 5 voters of 2 households", doc)
	}
}

// TestRunningTallyHoldsNoBallot: the per-vote document holds counts and a
// hash, never who voted what.
func TestRunningTallyHoldsNoBallot(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	castAll(t, f, v.ID, 8)
	var doc bson.M
	if err := f.svc.db(f.village.ID).Collection(tallyColl(v.ID)).FindOne(f.ctx, bson.M{"_id": v.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for k := range doc {
		switch k {
		case "_id", "complete", "set", "recount", "writers", "voters", "ballots", "online", "households":
		default:
			t.Errorf("running tally has field %q", k)
		}
	}
}

func TestMultisetHashIgnoresOrderAndTellsSetsApart(t *testing.T) {
	if !muPrime.ProbablyPrime(20) || muPrime.BitLen() != 3072 {
		t.Fatal("the modulus is not a 3072-bit prime")
	}
	a, b, c := newMuSet(), newMuSet(), newMuSet()
	for _, l := range []string{"x:1", "y:2", "z:3"} {
		a.add(l)
	}
	for _, l := range []string{"z:3", "x:1", "y:2"} {
		b.add(l)
	}
	for _, l := range []string{"x:1", "y:2", "z:4"} {
		c.add(l)
	}
	if a.String() != b.String() {
		t.Error("order changed the hash")
	}
	if a.String() == c.String() {
		t.Error("different ballots gave the same hash")
	}
	d, err := muSetOf(a.String())
	if err != nil {
		t.Fatal(err)
	}
	d.add("w:5")
	e := newMuSet()
	for _, l := range []string{"w:5", "y:2", "x:1", "z:3"} {
		e.add(l)
	}
	if d.String() != e.String() {
		t.Error("extending a stored hash differs from hashing the whole set")
	}
	if newMuSet().String() != "" {
		t.Error("the empty set is stored as the empty string")
	}
}

// TestMultisetReductionMatchesModulo: the division-free reduction gives what
// big.Int's Mod gives, on products of random elements and at the edges.
func TestMultisetReductionMatchesModulo(t *testing.T) {
	xs := []*big.Int{new(big.Int).Set(muPrime), new(big.Int).Sub(muPrime, big.NewInt(1)), new(big.Int).Mul(new(big.Int).Sub(muPrime, big.NewInt(1)), new(big.Int).Sub(muPrime, big.NewInt(1)))}
	for i := 0; i < 200; i++ {
		xs = append(xs, new(big.Int).Mul(muElement(fmt.Sprint("a", i)), muElement(fmt.Sprint("b", i))))
	}
	for i, x := range xs {
		want := new(big.Int).Mod(x, muPrime)
		got := new(big.Int).Set(x)
		muReduce(got)
		if got.Cmp(want) != 0 {
			t.Fatalf("case %d: reduced %x, want %x", i, got, want)
		}
	}
}

func TestMultisetOfManyLinesEqualsOneByOne(t *testing.T) {
	var lines []string
	one := newMuSet()
	for i := 0; i < 3000; i++ {
		l := fmt.Sprintf("A%04d:r%d:yes", i, i)
		lines = append(lines, l)
		one.add(l)
	}
	if muSetOfLines(lines).String() != one.String() {
		t.Fatal("hashing in pieces differs from hashing one by one")
	}
	if muSetOfLines(nil).String() != "" {
		t.Fatal("no lines is the empty set")
	}
}

// TestRunningTallyIsNotTrustedWithoutItsOrigin: a vote whose running tally
// was not made by Open (opened before the running tally existed) is counted
// from its ballots, whatever is cast after.
func TestRunningTallyIsNotTrustedWithoutItsOrigin(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	castAll(t, f, v.ID, 5)
	if _, err := f.svc.db(f.village.ID).Collection(tallyColl(v.ID)).DeleteOne(f.ctx, bson.M{"_id": v.ID}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.svc.RunningResult(f.ctx, v); ok {
		t.Fatal("no running tally, yet the close would use one")
	}
	// A fresh process (no writer of its own yet) casts one more.
	other := NewService(f.svc.store, f.svc.orgs, Config{})
	if _, err := other.Cast(f.ctx, f.village.ID, v.ID, f.voter(7), CastRequest{Choices: []string{"no"}}); err != nil {
		t.Fatal(err)
	}
	if err := other.Release(f.ctx); err != nil {
		t.Fatal(err)
	}
	closed, err := other.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Result.Voters != 6 || closed.Result.Counts["no"] != 3 {
		t.Fatalf("the ballots cast before the running tally existed are missing: %+v", closed.Result)
	}
}

// TestAWriterBehindKeepsItsRecord: when this process could not add a batch
// (here: the hash it extends was moved under it) it stops trusting the
// running tally at once, and when even the recount mark cannot be stored
// (here: a cancelled context at shutdown) it keeps its writer record, so no
// other process trusts it either.
func TestAWriterBehindKeepsItsRecord(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	castAll(t, f, v.ID, 4)
	coll := f.svc.db(f.village.ID).Collection(tallyColl(v.ID))
	if _, err := coll.UpdateOne(f.ctx, bson.M{"_id": v.ID}, bson.M{"$set": bson.M{"set": "ab"}}); err != nil {
		t.Fatal(err)
	}
	f.cast(t, v.ID, 5, "yes")
	if _, ok, _ := f.svc.RunningResult(f.ctx, v); ok {
		t.Fatal("a batch that could not be added must stop the running tally being used")
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Result.Voters != 5 {
		t.Fatalf("voters %d, want 5", closed.Result.Voters)
	}

	g := newFixture(t, 12, "village")
	v2 := g.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	castAll(t, g, v2.ID, 3)
	w := g.svc.writers[g.village.ID+"/"+v2.ID]
	w.mu.Lock()
	w.behind, w.marked = true, false // a failed add whose mark failed too
	w.mu.Unlock()
	cancelled, cancel := context.WithCancel(g.ctx)
	cancel()
	_ = g.svc.Release(cancelled)
	var doc runningTally
	if err := g.svc.db(g.village.ID).Collection(tallyColl(v2.ID)).FindOne(g.ctx, bson.M{"_id": v2.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Writers[g.svc.instance] {
		t.Fatal("a writer that is behind and could not mark the recount took its record away")
	}
	other := NewService(g.svc.store, g.svc.orgs, Config{})
	if _, ok, _ := other.RunningResult(g.ctx, v2); ok {
		t.Fatal("another process trusts a running tally whose writer is behind")
	}
}

// TestVotesClosedBeforeTheMultisetHashStillVerify: a result carrying a hash
// of the earlier scheme (SHA-256 of the sorted lines) is recomputed with
// that scheme.
func TestVotesClosedBeforeTheMultisetHashStillVerify(t *testing.T) {
	rule, err := Tighten(VillagersMeeting, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := Vote{ID: "v1", Options: DefaultOptions, MaxChoices: 1, Rule: rule}
	ballots := []Ballot{{Voter: "B", Receipt: "r2", Choices: []string{"no"}, Household: "H1"}, {Voter: "A", Receipt: "r1", Choices: []string{"yes"}, Household: "H1"}}
	h := sha256.New()
	for _, l := range []string{"A:r1:yes", "B:r2:no"} {
		h.Write([]byte(l + "\n"))
	}
	old := hex.EncodeToString(h.Sum(nil))
	v.Result = &Result{BallotsHash: old}
	r, _ := compute(v, collected{open: ballots})
	if r.BallotsHash != old {
		t.Fatalf("legacy vote recomputed as %s, want %s", r.BallotsHash, old)
	}
	v.Result = nil
	if r, _ := compute(v, collected{open: ballots}); !strings.HasPrefix(r.BallotsHash, muScheme) {
		t.Fatalf("a new vote's hash %s lacks its scheme", r.BallotsHash)
	}
}

// TestCloseForgetsItsWriter: closing a vote takes this process's writer
// record away (no batch of it can come any more), so a process that lives
// for months does not keep one for every vote it ever wrote.
func TestCloseForgetsItsWriter(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	castAll(t, f, v.ID, 4)
	if _, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{}); err != nil {
		t.Fatal(err)
	}
	if len(f.svc.writers) != 0 {
		t.Fatalf("writers kept after the close: %d", len(f.svc.writers))
	}
	var doc runningTally
	if err := f.svc.db(f.village.ID).Collection(tallyColl(v.ID)).FindOne(f.ctx, bson.M{"_id": v.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Writers) != 0 {
		t.Fatalf("writer records kept after the close: %v", doc.Writers)
	}
}
