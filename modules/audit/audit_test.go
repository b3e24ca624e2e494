package audit_test

import (
	"context"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/audit"
	"yishi/modules/store/storetest"
)

func TestChainVerifiesAndNamesFirstBrokenLink(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	db := s.Village("v1")
	log := audit.New()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := log.Append(ctx, db, audit.Entry{Actor: "u1", Role: "secretary", Org: "/a/b", Action: "minutes.publish", Object: "m1"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	r, err := audit.Verify(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK || r.Entries != 20 {
		t.Fatalf("report %+v, want ok with 20 entries", r)
	}

	// A second process appending to the same chain (its own head cache) continues it.
	if _, err := audit.New().Append(ctx, db, audit.Entry{Actor: "u2", Action: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := log.Append(ctx, db, audit.Entry{Actor: "u1", Action: "y"}); err != nil {
		t.Fatal(err)
	}
	if r, _ := audit.Verify(ctx, db); !r.OK || r.Entries != 22 {
		t.Fatalf("after two writers: %+v", r)
	}

	// Tamper with entry 7 directly in the store.
	if _, err := db.Collection(audit.Collection).UpdateOne(ctx, bson.M{"_id": 7}, bson.M{"$set": bson.M{"actor": "someone-else"}}); err != nil {
		t.Fatal(err)
	}
	r, err = audit.Verify(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.BrokenAt != 7 {
		t.Fatalf("after tampering: %+v, want broken at 7", r)
	}

	// Deleting an entry is noticed too.
	if _, err := db.Collection(audit.Collection).DeleteOne(ctx, bson.M{"_id": 3}); err != nil {
		t.Fatal(err)
	}
	if r, _ := audit.Verify(ctx, db); r.OK || r.BrokenAt != 3 {
		t.Fatalf("after deleting: %+v, want broken at 3", r)
	}
}
