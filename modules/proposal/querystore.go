package proposal

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"yishi/modules/web"
)

// queryStore is a server store's path: every read is a query that uses the
// indexes, and nothing is kept in this process, so several app processes
// can share the store.
type queryStore struct{}

func (queryStore) get(ctx context.Context, _ string, db *mongo.Database, id string) (Proposal, error) {
	return load(ctx, db, id)
}

func (queryStore) insert(ctx context.Context, _ string, db *mongo.Database, p Proposal) error {
	_, err := db.Collection(collProposals).InsertOne(ctx, p)
	return err
}

// modify sends the filter to the store as it is, then repairs what the
// markers hold onto the document (reconcile).
func (q queryStore) modify(ctx context.Context, _ string, db *mongo.Database, filter, update bson.M) (Proposal, error) {
	out, err := updateOne(ctx, db, filter, update)
	if err != nil {
		return Proposal{}, err
	}
	return reconcile(ctx, db, out)
}

// counted counts the signature with $inc (exact on MongoDB) and then, as
// every write here, reconciles: the counts are recomputed from the signature
// documents, so a lost update of the cache (a pooled FerretDB writes the
// whole document back) is repaired by the later request.
func (q queryStore) counted(ctx context.Context, villageID string, db *mongo.Database, id string, sig Signature, sign int, at time.Time) (Proposal, error) {
	return q.modify(ctx, villageID, db, bson.M{"_id": id}, bson.M{"$inc": sig.inc(sign), "$set": bson.M{"activity_at": at}})
}

func (queryStore) tally(ctx context.Context, _ string, db *mongo.Database, id string) (Counts, error) {
	return tallySignatures(ctx, db, id)
}

func (queryStore) list(ctx context.Context, _ string, db *mongo.Database, a web.Actor, in ListInput) (ListPage, error) {
	filter := visibleTo(a)
	filter["kind"] = in.Kind
	if in.BodyID != "" {
		filter["body_id"] = in.BodyID
	}
	if in.Status != "" {
		filter["status"] = in.Status
		if in.Status == StatusDraft {
			filter["proposer"] = a.AccountID
		}
	}
	if in.Category != "" {
		filter["category"] = in.Category
	}
	sort := bson.D{{Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	switch in.Sort {
	case "support":
		sort = bson.D{{Key: "counts.signatures", Value: -1}, {Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	case "created":
		sort = bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}
	}
	return page(ctx, db, filter, sort, in.Limit, in.Offset)
}

func (queryStore) search(ctx context.Context, _ string, db *mongo.Database, a web.Actor, pattern string, limit, offset int64) (ListPage, error) {
	match := bson.A{
		bson.M{"title": bson.M{"$regex": pattern, "$options": "i"}},
		bson.M{"body": bson.M{"$regex": pattern, "$options": "i"}},
	}
	filter := bson.M{"$and": bson.A{visibleTo(a), bson.M{"$or": match}}}
	sort := bson.D{{Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	return page(ctx, db, filter, sort, limit, offset)
}

func (queryStore) amendments(ctx context.Context, _ string, db *mongo.Database, id string) ([]Amendment, error) {
	cur, err := db.Collection(collAmendments).Find(ctx, bson.M{"proposal_id": id}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list amendments: %w", err)
	}
	out := []Amendment{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list amendments: %w", err)
	}
	return out, nil
}

func (queryStore) savedAmendment(context.Context, string, *mongo.Database, Amendment) error {
	return nil
}

// updateOne is one update of a proposal with its revision counted up,
// returning the document after it.
func updateOne(ctx context.Context, db *mongo.Database, filter, update bson.M) (Proposal, error) {
	inc, _ := update["$inc"].(bson.M)
	if inc == nil {
		inc = bson.M{}
	}
	inc["rev"] = 1
	update["$inc"] = inc
	var out Proposal
	err := db.Collection(collProposals).FindOneAndUpdate(ctx, filter, update,
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&out)
	return out, err
}

// tallySignatures counts a proposal's signature documents: the truth the
// counts on the proposal cache.
func tallySignatures(ctx context.Context, db *mongo.Database, id string) (Counts, error) {
	cur, err := db.Collection(collSignatures).Find(ctx, bson.M{"proposal_id": id},
		// One batch: a cursor left open between batches holds one of
		// FerretDB's PostgreSQL connections, and two hundred racing
		// co-signatures holding them all stalled the store.
		options.Find().SetProjection(bson.M{"adult": 1, "household_head": 1, "representative": 1}).SetBatchSize(oneBatch))
	if err != nil {
		return Counts{}, fmt.Errorf("count signatures of %s: %w", id, err)
	}
	var sigs []Signature
	if err := cur.All(ctx, &sigs); err != nil {
		return Counts{}, fmt.Errorf("count signatures of %s: %w", id, err)
	}
	var c Counts
	for _, s := range sigs {
		c.Signatures++
		c.Adults += b2i(s.Adult)
		c.HouseholdHeads += b2i(s.HouseholdHead)
		c.Representatives += b2i(s.Representative)
	}
	return c, nil
}

// oneBatch is a batch size that holds every signature of a proposal.
const oneBatch = 100_000

// reconcile makes the document agree with the documents that decide: its
// counts with its signatures, its lock and obligation with a confirmed
// threshold marker, its escalation with the escalation marker. A pooled
// FerretDB writes a whole document back on every update, so a request that
// read the proposal before another's write can undo that write; every write
// on this path ends here and looks again until the document agrees, so the
// last writer leaves it right. On MongoDB updates do not undo each other
// and this finds nothing to repair but the counts after a withdrawal race.
func reconcile(ctx context.Context, db *mongo.Database, p Proposal) (Proposal, error) {
	for round := 0; round < 10; round++ {
		set, err := repairs(ctx, db, p)
		if err != nil || len(set) == 0 {
			return p, err
		}
		if p, err = updateOne(ctx, db, bson.M{"_id": p.ID}, bson.M{"$set": set}); err != nil {
			return Proposal{}, fmt.Errorf("repair proposal %s: %w", p.ID, err)
		}
	}
	return p, nil
}

// repairs are the fields of p that disagree with the markers, at their
// right values.
func repairs(ctx context.Context, db *mongo.Database, p Proposal) (bson.M, error) {
	set := bson.M{}
	c, err := tallySignatures(ctx, db, p.ID)
	if err != nil {
		return nil, err
	}
	if c != p.Counts {
		set["counts"] = c
	}
	history := p.History
	th, es, err := readMarkers(ctx, db, p.ID)
	if err != nil {
		return nil, err
	}
	if th != nil && th.Confirmed {
		if !p.SignaturesLocked {
			set["signatures_locked"] = true
		}
		if th.Obligation != nil && p.Obligation == nil {
			set["obligation"] = th.Obligation
		}
		history = withEntry(history, th.History)
	}
	if es != nil {
		if p.EscalatedTo != es.To {
			set["escalated_to"] = es.To
		}
		if p.Status != StatusEscalated && p.Flow != nil {
			set["status"] = StatusEscalated
			set["current"] = currentOf(*p.Flow, len(p.Flow.Steps))
		}
		history = withEntry(history, es.History)
	}
	if len(history) != len(p.History) {
		set["history"] = history
	}
	return set, nil
}

// withEntry is the history with e in it (once, by its action), in time order.
func withEntry(history []HistoryEntry, e *HistoryEntry) []HistoryEntry {
	if e == nil || slices.ContainsFunc(history, func(h HistoryEntry) bool { return h.Action == e.Action }) {
		return history
	}
	out := append(slices.Clone(history), *e)
	slices.SortStableFunc(out, func(x, y HistoryEntry) int { return x.At.Compare(y.At) })
	return out
}

// page is one page of a query's proposals, as lists show them.
func page(ctx context.Context, db *mongo.Database, filter bson.M, sort bson.D, limit, offset int64) (ListPage, error) {
	limit, offset = bounds(limit, offset)
	cur, err := db.Collection(collProposals).Find(ctx, filter,
		options.Find().SetSort(sort).SetSkip(offset).SetLimit(limit+1).SetProjection(listProjection))
	if err != nil {
		return ListPage{}, fmt.Errorf("list proposals: %w", err)
	}
	items := []Proposal{}
	if err := cur.All(ctx, &items); err != nil {
		return ListPage{}, fmt.Errorf("list proposals: %w", err)
	}
	out := ListPage{Items: items}
	if int64(len(items)) > limit {
		out.Items, out.HasMore = items[:limit], true
	}
	return out, nil
}
