package review

import (
	"context"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/store"
)

// The street's review queue is a copy of its villages' pending filings in
// the street's own database, so the queue is one read of a small collection
// (only what is waiting, never the history) instead of one read per village:
// the embedded store pays a round of work per query, and a street has tens
// of villages.
//
// The village's filing stays the record; the queue entry is an index of it.
// Without transactions the two are written one after the other: the entry
// before the filing (so a filing is never missing from the queue) and
// removed after the decision (so a decision is never missing from the
// village). A crash between the two writes can leave an entry of a filing
// that was never stored or was already decided; deciding it removes it, and
// Reconcile, run at every start, rebuilds the queues from the villages.
const collQueue = "review_queue"

// queued is a queue entry: the filing as filed, keyed by village and filing.
type queued struct {
	Key    string `bson:"_id"`
	Filing Filing `bson:"filing"`
}

func queueKey(villageID, filingID string) string { return villageID + "/" + filingID }

func (s *Service) queueOf(streetID string) *mongo.Collection {
	return s.store.Street(streetID).Collection(collQueue)
}

// enqueue records a filing in its street's queue; repeating it changes nothing.
func (s *Service) enqueue(ctx context.Context, village org.Org, f Filing) error {
	_, err := s.queueOf(village.ParentID).UpdateOne(ctx, bson.M{"_id": queueKey(f.VillageID, f.ID)},
		bson.M{"$setOnInsert": bson.M{"filing": f}}, options.Update().SetUpsert(true))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("queue filing %s: %w", f.ID, err)
	}
	return nil
}

// dequeue removes a filing from its street's queue.
func (s *Service) dequeue(ctx context.Context, villageID, filingID string) error {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return err
	}
	if _, err := s.queueOf(v.ParentID).DeleteOne(ctx, bson.M{"_id": queueKey(villageID, filingID)}); err != nil {
		return fmt.Errorf("unqueue filing %s: %w", filingID, err)
	}
	return nil
}

// Queue is the filings awaiting review from every village under a street,
// the nearest deadline first.
func (s *Service) Queue(ctx context.Context, streetID string) ([]Filing, error) {
	street, err := s.orgs.Get(ctx, streetID)
	if err != nil {
		return nil, err
	}
	if street.Level != org.LevelStreet {
		return nil, ErrNotStreet
	}
	cur, err := s.queueOf(street.ID).Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read review queue: %w", err)
	}
	var entries []queued
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read review queue: %w", err)
	}
	now := s.minutes.Now()
	out := make([]Filing, 0, len(entries))
	for _, e := range entries {
		f := e.Filing
		f.Overdue = now.After(f.ReviewDue)
		if v, err := s.orgs.Village(ctx, f.VillageID); err == nil { // cached: no read a card
			f.VillageName, f.VillageKind = v.Name, v.Kind
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].ReviewDue.Equal(out[j].ReviewDue) {
			return out[i].ReviewDue.Before(out[j].ReviewDue)
		}
		return out[i].ID < out[j].ID
	})
	return out, s.markRevoked(ctx, out)
}

// Reconcile rebuilds every street's queue from its villages' filings: it
// adds the pending filings a queue lacks and removes the entries whose filing
// is not pending (or not stored). It runs at start-up, before any request,
// so what a crash between two writes left behind is put right.
func (s *Service) Reconcile(ctx context.Context) (added, removed int, err error) {
	all, err := s.orgs.List(ctx)
	if err != nil {
		return 0, 0, err
	}
	pending := map[string]map[string]Filing{} // street → key → filing
	for _, o := range all {
		if o.Level == org.LevelStreet && pending[o.ID] == nil {
			pending[o.ID] = map[string]Filing{}
		}
		if o.Level != org.LevelVillage || o.ParentID == "" {
			continue
		}
		fs, err := s.list(ctx, o.ID, bson.M{"status": StatusFiled})
		if err != nil {
			return added, removed, err
		}
		if pending[o.ParentID] == nil {
			pending[o.ParentID] = map[string]Filing{}
		}
		for _, f := range fs {
			f.Overdue = false
			pending[o.ParentID][queueKey(o.ID, f.ID)] = f
		}
	}
	for streetID, want := range pending {
		cur, err := s.queueOf(streetID).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"_id": 1}))
		if err != nil {
			return added, removed, fmt.Errorf("read review queue: %w", err)
		}
		var have []struct {
			Key string `bson:"_id"`
		}
		if err := cur.All(ctx, &have); err != nil {
			return added, removed, fmt.Errorf("read review queue: %w", err)
		}
		seen := map[string]bool{}
		for _, h := range have {
			seen[h.Key] = true
			if _, ok := want[h.Key]; !ok {
				if _, err := s.queueOf(streetID).DeleteOne(ctx, bson.M{"_id": h.Key}); err != nil {
					return added, removed, fmt.Errorf("unqueue %s: %w", h.Key, err)
				}
				removed++
			}
		}
		var missing []any
		for key, f := range want {
			if !seen[key] {
				missing = append(missing, queued{Key: key, Filing: f})
			}
		}
		if len(missing) > 0 {
			_, err := s.queueOf(streetID).InsertMany(ctx, missing, options.InsertMany().SetOrdered(false))
			if _, ok := store.Duplicates(err); !ok {
				return added, removed, fmt.Errorf("queue filings of street %s: %w", streetID, err)
			}
			added += len(missing)
		}
	}
	return added, removed, nil
}
