package account

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Several app instances share one store, each with its own enforcer. When
// an instance changes an account's roles it appends a record to the
// insert-only collection role_changes; every instance polls it and reloads
// the roles named there. Polling works the same on the embedded store and a
// MongoDB replica set, which have no common change feed (FerretDB has no
// change streams).
const collRoleChanges = "role_changes"

type roleChange struct {
	ID      primitive.ObjectID `bson:"_id"`
	Account string             `bson:"account"`
	At      time.Time          `bson:"at"`
}

// notifyRoleChange records that an account's roles changed.
func (s *Service) notifyRoleChange(ctx context.Context, accountID string) error {
	_, err := s.store.Shared().Collection(collRoleChanges).InsertOne(ctx, roleChange{ID: primitive.NewObjectID(), Account: accountID, At: s.now().UTC()})
	if err != nil {
		return fmt.Errorf("record role change of %s: %w", accountID, err)
	}
	return nil
}

// Watcher applies role changes made by other instances.
type Watcher struct {
	svc *Service
	// Records are read again for overlap after they were first seen, since
	// clocks of instances and the order of concurrent inserts differ a little.
	overlap time.Duration
	keep    time.Duration
	since   time.Time
	seen    map[primitive.ObjectID]time.Time
}

// NewWatcher starts watching from now.
func (s *Service) NewWatcher() *Watcher {
	return &Watcher{svc: s, overlap: 10 * time.Second, keep: time.Hour, since: s.now().UTC(), seen: map[primitive.ObjectID]time.Time{}}
}

// Poll applies the changes recorded since the last poll and returns how
// many accounts were reloaded.
func (w *Watcher) Poll(ctx context.Context) (int, error) {
	now := w.svc.now().UTC()
	coll := w.svc.store.Shared().Collection(collRoleChanges)
	cur, err := coll.Find(ctx, bson.M{"at": bson.M{"$gte": w.since.Add(-w.overlap)}}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("poll role changes: %w", err)
	}
	var changes []roleChange
	if err := cur.All(ctx, &changes); err != nil {
		return 0, fmt.Errorf("poll role changes: %w", err)
	}
	reloaded := map[string]bool{}
	for _, ch := range changes {
		if _, ok := w.seen[ch.ID]; ok {
			continue
		}
		w.seen[ch.ID] = ch.At
		if reloaded[ch.Account] {
			continue
		}
		if err := w.svc.reloadRoles(ctx, ch.Account); err != nil {
			return len(reloaded), err
		}
		reloaded[ch.Account] = true
	}
	w.since = now
	for id, at := range w.seen {
		if at.Before(now.Add(-2 * w.overlap)) {
			delete(w.seen, id)
		}
	}
	// Old records are no use to anyone: an instance that starts loads every
	// account's roles anyway.
	if _, err := coll.DeleteMany(ctx, bson.M{"at": bson.M{"$lt": now.Add(-w.keep)}}); err != nil {
		return len(reloaded), fmt.Errorf("prune role changes: %w", err)
	}
	return len(reloaded), nil
}

// Run polls every interval until ctx ends.
func (w *Watcher) Run(ctx context.Context, every time.Duration, onError func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := w.Poll(ctx); err != nil && ctx.Err() == nil && onError != nil {
				onError(err)
			}
		}
	}
}

// reloadRoles reads an account's roles from the store into this instance's
// enforcer and drops its cached copy.
func (s *Service) reloadRoles(ctx context.Context, accountID string) error {
	s.accountsByID.drop(accountID)
	a, err := s.findOne(ctx, bson.M{"_id": accountID})
	if err == ErrAccountNotFound {
		return s.enforcer.SetAssignments(accountID, nil)
	}
	if err != nil {
		return err
	}
	return s.enforcer.SetAssignments(a.ID, a.Roles)
}
