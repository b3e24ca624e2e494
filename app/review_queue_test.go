package main

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/review"
)

// TestReviewQueueIsRebuiltAfterACrash: the street's queue is an index of its
// villages' pending filings kept in the street's own database. What a crash
// between the two writes could leave (an entry whose filing was never
// stored, a pending filing without its entry, an entry of a filing already
// decided) is put right at the next start, or when the official acts on it.
func TestReviewQueueIsRebuiltAfterACrash(t *testing.T) {
	dir := t.TempDir()
	ta := startTestAppIn(t, dir)
	ctx := context.Background()
	streetID, dt, xl := ta.orgID(t, "/gz/hd/hs"), ta.orgID(t, "/gz/hd/hs/dt"), ta.orgID(t, "/gz/hd/hs/xl")
	now := time.Now().UTC().Truncate(time.Millisecond)
	filing := func(village, path, id string, days int) review.Filing {
		return review.Filing{ID: id, VillageID: village, VillagePath: path, Kind: "resolution", NoticeID: id[:len(id)-2], Attempt: 1,
			Title: "决议 " + id, FiledBy: "x", FiledAt: now, ReviewDue: now.AddDate(0, 0, days), Status: review.StatusFiled}
	}
	// Filings stored as a crash would leave them: in the villages, not queued.
	a, b := filing(dt, "/gz/hd/hs/dt", "n-a:1", 20), filing(xl, "/gz/hd/hs/xl", "n-b:1", 10)
	if _, err := ta.store.Village(dt).Collection("filings").InsertOne(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.store.Village(xl).Collection("filings").InsertOne(ctx, b); err != nil {
		t.Fatal(err)
	}
	// And an entry whose filing was never stored.
	queue := ta.store.Street(streetID).Collection("review_queue")
	if _, err := queue.InsertOne(ctx, bson.M{"_id": dt + "/ghost:1", "filing": filing(dt, "/gz/hd/hs/dt", "ghost:1", 5)}); err != nil {
		t.Fatal(err)
	}
	official := ta.login(t, "13800000003")
	read := func(c *client) []string {
		var q struct {
			Filings []struct{ ID string } `json:"filings"`
		}
		c.mustJSON("GET", "/api/v1/orgs/"+streetID+"/review-queue", nil, 200, &q)
		var ids []string
		for _, f := range q.Filings {
			ids = append(ids, f.ID)
		}
		return ids
	}
	if got := read(official); len(got) != 1 || got[0] != "ghost:1" {
		t.Fatalf("before the restart the queue is what is stored in it: %v", got)
	}

	ta.stop()
	ta = startTestAppIn(t, dir)
	official = ta.login(t, "13800000003")
	if got := read(official); len(got) != 2 || got[0] != "n-b:1" || got[1] != "n-a:1" {
		t.Fatalf("after the restart the queue should be the two pending filings, nearest deadline first: %v", got)
	}
	// Accepting one takes it off the queue.
	official.mustJSON("POST", "/api/v1/orgs/"+xl+"/filings/n-b:1/accept", nil, 200, nil)
	if got := read(official); len(got) != 1 || got[0] != "n-a:1" {
		t.Fatalf("after accepting n-b:1: %v", got)
	}
	// A decision stored without its entry removed (a crash in between): the
	// entry stays until the official acts on it, which removes it.
	if _, err := ta.store.Village(dt).Collection("filings").UpdateOne(ctx, bson.M{"_id": "n-a:1"}, bson.M{"$set": bson.M{"status": review.StatusAccepted}}); err != nil {
		t.Fatal(err)
	}
	official.mustError("POST", "/api/v1/orgs/"+dt+"/filings/n-a:1/accept", nil, 409, "filing_not_pending")
	if got := read(official); len(got) != 0 {
		t.Fatalf("a decided filing stays queued: %v", got)
	}
}
