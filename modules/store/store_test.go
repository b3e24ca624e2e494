package store_test

import (
	"context"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/store"
	"yishi/modules/store/storetest"
)

// The embedded store must not lose concurrent updates of one document
// (store-facts.md): with one connection, 8 goroutines x 50 $inc end at 400.
func TestConcurrentIncrementsAreExact(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	coll := s.Village("abc").Collection("counters")
	if _, err := coll.InsertOne(ctx, bson.M{"_id": "c", "n": 0}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := coll.UpdateOne(ctx, bson.M{"_id": "c"}, bson.M{"$inc": bson.M{"n": 1}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var doc struct{ N int }
	if err := coll.FindOne(ctx, bson.M{"_id": "c"}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.N != 400 {
		t.Fatalf("counter = %d, want 400", doc.N)
	}
}

func TestVillageIndexesAreCreatedOnceAndEnforced(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	s.VillageIndexes("things", mongo.IndexModel{Keys: bson.D{{Key: "k", Value: 1}}, Options: options.Index().SetUnique(true)},
		mongo.IndexModel{Keys: bson.D{{Key: "j", Value: 1}}})
	for i := 0; i < 2; i++ { // idempotent
		if err := s.PrepareVillage(ctx, "v1"); err != nil {
			t.Fatal(err)
		}
	}
	coll := s.Village("v1").Collection("things")
	if _, err := coll.InsertOne(ctx, bson.M{"k": 1}); err != nil {
		t.Fatal(err)
	}
	_, err := coll.InsertOne(ctx, bson.M{"k": 1})
	if !store.IsDuplicate(err) {
		t.Fatalf("second insert: %v, want duplicate key error", err)
	}
	// Another village's database is separate.
	if err := s.PrepareVillage(ctx, "v2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Village("v2").Collection("things").InsertOne(ctx, bson.M{"k": 1}); err != nil {
		t.Fatalf("insert in other village: %v", err)
	}
}

// Every start after the first creates indexes that exist already; two or more
// at once used to make the embedded store drop the connection.
func TestEnsureIndexesTwice(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	models := []mongo.IndexModel{
		{Keys: bson.D{{Key: "path", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "parent_id", Value: 1}}},
	}
	for i := 0; i < 3; i++ {
		if err := s.EnsureIndexes(ctx, "orgs", models...); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

// Duplicates counts the documents an unordered InsertMany refused as
// duplicates, and says when something else went wrong.
func TestDuplicatesOfAnUnorderedInsert(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	coll := s.Village("abc").Collection("markers")
	if n, ok := store.Duplicates(nil); n != 0 || !ok {
		t.Fatalf("nil error: %d %v", n, ok)
	}
	_, err := coll.InsertMany(ctx, []any{bson.M{"_id": "a"}, bson.M{"_id": "b"}}, options.InsertMany().SetOrdered(false))
	if err != nil {
		t.Fatal(err)
	}
	_, err = coll.InsertMany(ctx, []any{bson.M{"_id": "a"}, bson.M{"_id": "c"}, bson.M{"_id": "b"}}, options.InsertMany().SetOrdered(false))
	if n, ok := store.Duplicates(err); n != 2 || !ok {
		t.Fatalf("two duplicates of three: %d %v (%v)", n, ok, err)
	}
	if n, _ := coll.CountDocuments(ctx, bson.M{}); n != 3 {
		t.Fatalf("the new document was not stored beside the duplicates: %d", n)
	}
	if _, ok := store.Duplicates(context.DeadlineExceeded); ok {
		t.Fatal("an error that says nothing of what was stored counted as duplicates only")
	}
}
