package proposal

import (
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

// The embedded store's conditional updates check their filter here (see
// match.go); each filter this module uses must mean here what it means to
// the store.
func TestMatcherAgreesWithTheStore(t *testing.T) {
	f := newFixture(t, 20, 0)
	v := f.village
	plain := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "普通", Category: "other"})
	demand := f.submitted(v, resident(v, 2), ProposalInput{BodyID: "council", Title: "召开", Category: "other", Convene: MeetingVillagers})
	draft, err := f.svc.Create(f.ctx, v, resident(v, 3), ProposalInput{BodyID: "council", Title: "草稿", Category: "other"})
	if err != nil {
		t.Fatal(err)
	}
	topic, err := f.svc.RaiseTopic(f.ctx, v, resident(v, 4), TopicInput{Title: "话题"})
	if err != nil {
		t.Fatal(err)
	}
	filters := []bson.M{
		{"status": StatusDraft, "proposer": resident(v, 3).AccountID},
		{"status": StatusDraft, "proposer": resident(v, 1).AccountID},
		{"status": StatusSubmitted, "current.index": 0},
		{"status": StatusSubmitted, "current.index": 1},
		{"signatures_locked": false},
		{"signatures_locked": true},
		{"signatures_locked": false, "$or": bson.A{bson.M{"counts.adults": bson.M{"$gte": 2}}, bson.M{"counts.representatives": bson.M{"$gte": 1}}}},
		{"signatures_locked": false, "$or": bson.A{bson.M{"counts.adults": bson.M{"$gte": 1}}}},
		{"escalated_to": bson.M{"$exists": false}},
		{"escalated_to": bson.M{"$exists": true}},
		{"status": StatusDraft, "file_count": bson.M{"$lt": MaxAttachments}},
		{"file_count": bson.M{"$lt": 0}},
		{"status": bson.M{"$ne": StatusDraft}},
		{"counts.signatures": bson.M{"$gt": 0, "$lte": 1}},
	}
	db, _ := f.svc.db(f.ctx, v.ID)
	for _, p := range []Proposal{plain, demand, draft, topic} {
		p, err := load(f.ctx, db, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, filter := range filters {
			got, err := matches(filter, p)
			if err != nil {
				t.Fatalf("%v: %v", filter, err)
			}
			q := bson.M{"_id": p.ID}
			for k, v := range filter {
				q[k] = v
			}
			n, err := db.Collection(collProposals).CountDocuments(f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got != (n == 1) {
				t.Errorf("%q with %v: matcher %v, store %v", p.Title, filter, got, n == 1)
			}
		}
	}
	if _, err := matches(bson.M{"title": bson.M{"$regex": "x"}}, plain); err == nil {
		t.Error("an operator the matcher does not know was not refused")
	}
}
