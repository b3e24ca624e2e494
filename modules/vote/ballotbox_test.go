package vote

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// TestBallotBoxSlotsKeepTheirSize: in the embedded store's file every slot
// of a box has the same length, empty or filled, so writing a ballot
// overwrites its record where it lies; and the rows are in the same order
// before and after the casts.
func TestBallotBoxSlotsKeepTheirSize(t *testing.T) {
	f, file := newFileFixture(t, 12)
	if file == nil {
		t.Skip("reads the embedded store's file")
	}
	opts := []Option{{Key: "a", Label: "甲"}, {Key: "bbbbbbbb", Label: "乙"}, {Key: "cc", Label: "丙"}}
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true, Options: opts, MaxChoices: 2})
	// slots are the box's _ids in row order, and how many slots (markers
	// left out) have each length.
	slots := func() (ids []string, lengths map[int]int) {
		lengths = map[int]int{}
		rs, err := file.db.Query(fmt.Sprintf(`SELECT _ferretdb_sjson FROM %q ORDER BY rowid`, file.table(t, secretBallotsColl(v.ID))))
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var text string
			var doc struct {
				ID string `json:"_id"`
			}
			if err := rs.Scan(&text); err != nil || json.Unmarshal([]byte(text), &doc) != nil {
				t.Fatalf("row %q: %v", text, err)
			}
			ids = append(ids, doc.ID)
			if !strings.HasPrefix(doc.ID, freePrefix) {
				lengths[len(text)]++
			}
		}
		return ids, lengths
	}
	before, emptyLengths := slots()
	f.cast(t, v.ID, 0, "a")
	f.cast(t, v.ID, 1, "bbbbbbbb", "cc")
	f.cast(t, v.ID, 2, "a", "bbbbbbbb")
	after, lengths := slots()
	if len(emptyLengths) != 1 || !reflect.DeepEqual(emptyLengths, lengths) {
		t.Fatalf("slot lengths before %v, after %v: a filled slot is not the size of an empty one", emptyLengths, lengths)
	}
	// The claimed markers are gone; everything else is where it was.
	var stillThere []string
	for _, id := range before {
		if !strings.HasPrefix(id, freePrefix) || slices.Contains(after, id) {
			stillThere = append(stillThere, id)
		}
	}
	if !reflect.DeepEqual(stillThere, after) {
		t.Fatal("the rows of the box moved while ballots were cast")
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if r := closed.Result; r.Counts["a"] != 2 || r.Counts["bbbbbbbb"] != 2 || r.Counts["cc"] != 1 || r.Voters != 3 {
		t.Fatalf("result %+v", r)
	}
}

// TestSecretVotesFromBeforeTheBallotBox: a secret vote opened before the
// box (its ballots written in batches, no slots) gets a box for the voters
// still to come; its old ballots, receipts and result stay as they were.
func TestSecretVotesFromBeforeTheBallotBox(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	db := f.svc.db(f.village.ID)
	// Make it a vote of the earlier design: no box, three ballots stored
	// the old way, their turnout beside them.
	if _, err := db.Collection(secretBallotsColl(v.ID)).DeleteMany(f.ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection(collVotes).UpdateOne(f.ctx, bson.M{"_id": v.ID}, bson.M{"$unset": bson.M{"ballot_box": ""}}); err != nil {
		t.Fatal(err)
	}
	oldCodes := []string{"OLDRECEIPTCODE000001", "OLDRECEIPTCODE000002", "OLDRECEIPTCODE000003"}
	for i, code := range oldCodes {
		voter := f.voter(i).ResidentNo
		if _, err := db.Collection(turnoutColl(v.ID)).InsertOne(f.ctx, Participation{ID: v.ID + ":" + voter, Voter: voter, Household: "H0000"}); err != nil {
			t.Fatal(err)
		}
		b := SecretBallot{ID: randomID(), Choices: []string{[]string{"yes", "no", "yes"}[i]}, Receipt: ReceiptHash(v.ID, code)}
		if _, err := db.Collection(secretBallotsColl(v.ID)).InsertOne(f.ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	// After the upgrade: a new process.
	upgraded := NewService(f.svc.store, f.svc.orgs, Config{})
	for i := 3; i < 6; i++ {
		if _, err := upgraded.Cast(f.ctx, f.village.ID, v.ID, f.voter(i), CastRequest{Choices: []string{"yes"}}); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := upgraded.Get(f.ctx, f.village.ID, v.ID)
	if err != nil || got.BallotBox != 12+spareSlots(12) {
		t.Fatalf("box of the upgraded vote: %d slots, %v", got.BallotBox, err)
	}
	if rc, err := upgraded.CheckReceipt(f.ctx, f.village.ID, v.ID, oldCodes[1]); err != nil || !rc.Found {
		t.Fatalf("an old receipt: %+v %v", rc, err)
	}
	closed, err := upgraded.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if r := closed.Result; r.Voters != 6 || r.Counts["yes"] != 5 || r.Counts["no"] != 1 || r.Unmatched != 0 {
		t.Fatalf("result %+v", r)
	}
	// Found, and, the vote being secret, its choice never told by the code.
	if rc, _ := upgraded.CheckReceipt(f.ctx, f.village.ID, v.ID, oldCodes[1]); !rc.Found || rc.Choices != nil {
		t.Fatalf("an old receipt after the close: %+v", rc)
	}
	recount, err := upgraded.Tally(f.ctx, closed)
	if err != nil || !reflect.DeepEqual(recount, *closed.Result) {
		t.Fatalf("recount %+v %v, closed %+v", recount, err, *closed.Result)
	}
}

// TestSecretBallotLostBetweenItsWritesIsPutBackOnRetry: a voter whose turnout
// was stored but whose ballot was not (a failure between the two writes)
// retries with the same key and the ballot goes in, once; a ballot put in
// twice by racing processes counts once.
func TestSecretBallotLostBetweenItsWritesIsPutBackOnRetry(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	key := "retry-key-0123456789abcdef"
	voter := f.voter(0).ResidentNo
	db := f.svc.db(f.village.ID)
	if _, err := db.Collection(turnoutColl(v.ID)).InsertOne(f.ctx, Participation{ID: v.ID + ":" + voter, Voter: voter, Household: "H0000",
		IdemHash: idemHash(v.ID, voter, key)}); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.svc.Tally(f.ctx, v); r.Unmatched != 1 {
		t.Fatalf("unmatched %d, want 1", r.Unmatched)
	}
	r, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, IdempotencyKey: key})
	if err != nil || !r.Replayed {
		t.Fatalf("retry: %+v %v", r, err)
	}
	again, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, IdempotencyKey: key})
	if err != nil || again.Code != r.Code {
		t.Fatalf("second retry: %+v %v", again, err)
	}
	// Another process, racing the first retry, put the same cast in too.
	lv, err := f.svc.load(f.ctx, f.village.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.putBallot(f.ctx, lv, SecretBallot{Choices: []string{"no"}, Receipt: ReceiptHash(v.ID, r.Code)}); err != nil {
		t.Fatal(err)
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if res := closed.Result; res.Voters != 1 || res.Counts["no"] != 1 || res.Unmatched != 0 {
		t.Fatalf("result %+v", res)
	}
}

// BenchmarkCastOneAtATime: one voter after another in a village of 1,000
// adults, named ballots beside secret ones (turnout, a claim and a write in
// place into a shard of the box, and the write-ahead log emptied).
func BenchmarkCastOneAtATime(b *testing.B) {
	for _, secret := range []bool{false, true} {
		b.Run(fmt.Sprintf("secret=%v", secret), func(b *testing.B) {
			f := newFixture(b, 1000, "village")
			var v Vote
			next := 1000
			for b.Loop() {
				if next == 1000 {
					b.StopTimer()
					v = f.open(b, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
					next = 0
					b.StartTimer()
				}
				f.cast(b, v.ID, next, "yes")
				next++
			}
		})
	}
}
