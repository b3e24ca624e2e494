package proposal

import (
	"context"
	"errors"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"yishi/modules/web"
)

// proposalStore is where a village's proposals are read and written. It has
// two paths, chosen once by NewService and tested by one suite
// (proposalstore_test.go) on each:
//   - cachedStore, for the embedded store: the village's proposals are held
//     in memory (the embedded store scans whole collections) and each
//     proposal's updates are serialised in this process (match.go);
//   - queryStore, for a server store (MongoDB, or FerretDB on PostgreSQL),
//     possibly shared by several app processes: every read is a query, and
//     what the decision markers hold is repaired onto the document after
//     every write (reconcile.go), because a pooled FerretDB loses concurrent
//     updates of one document.
//
// Neither path decides anything: the exact decisions (one signature per
// resident, the threshold reached once, a topic escalated once) rest on
// unique inserts (markers.go), the same on both.
type proposalStore interface {
	// get returns one proposal, or ErrNotFound.
	get(ctx context.Context, villageID string, db *mongo.Database, id string) (Proposal, error)
	// insert stores a new proposal (a duplicate _id is the store's error).
	insert(ctx context.Context, villageID string, db *mongo.Database, p Proposal) error
	// modify is one update whose filter carries the rule's condition (no
	// match: mongo.ErrNoDocuments), counting the revision up.
	modify(ctx context.Context, villageID string, db *mongo.Database, filter, update bson.M) (Proposal, error)
	// counted brings the proposal's counts up to date after sig was added
	// (sign 1) or taken away (sign -1), and sets its activity time.
	counted(ctx context.Context, villageID string, db *mongo.Database, id string, sig Signature, sign int, at time.Time) (Proposal, error)
	// tally is the proposal's exact counts now, for a threshold decision.
	tally(ctx context.Context, villageID string, db *mongo.Database, id string) (Counts, error)
	// list is a page of proposals as List filters and sorts them.
	list(ctx context.Context, villageID string, db *mongo.Database, a web.Actor, in ListInput) (ListPage, error)
	// search is a page of proposals whose title or text matches the quoted
	// pattern, ignoring case, latest activity first.
	search(ctx context.Context, villageID string, db *mongo.Database, a web.Actor, pattern string, limit, offset int64) (ListPage, error)
	// amendments lists a proposal's amendments, oldest first.
	amendments(ctx context.Context, villageID string, db *mongo.Database, id string) ([]Amendment, error)
	// savedAmendment is told of every amendment written.
	savedAmendment(ctx context.Context, villageID string, db *mongo.Database, am Amendment) error
	// revoking are the proposals that name id as the decision they revoke
	// or change (revoke.go), whole.
	revoking(ctx context.Context, villageID string, db *mongo.Database, id string) ([]Proposal, error)
	// past are the proposals past their vote or on their way (in progress
	// or completed), whole: the decisions a revocation may name.
	past(ctx context.Context, villageID string, db *mongo.Database) ([]Proposal, error)
	// revokers are the proposals that name a decision they revoke or
	// change, whole (revoke.go).
	revokers(ctx context.Context, villageID string, db *mongo.Database) ([]Proposal, error)
}

// cachedStore is the embedded store's path (cache.go, match.go).
type cachedStore struct {
	cache *villageCache
	locks *proposalLocks
	q     queryStore // the writes, and the queries the cache is loaded by
}

func newCachedStore() *cachedStore {
	return &cachedStore{cache: newVillageCache(), locks: &proposalLocks{}}
}

func (c *cachedStore) get(ctx context.Context, villageID string, db *mongo.Database, id string) (Proposal, error) {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return Proposal{}, err
	}
	p, ok := v.get(id)
	if !ok {
		return Proposal{}, ErrNotFound
	}
	return p, nil
}

func (c *cachedStore) insert(ctx context.Context, villageID string, db *mongo.Database, p Proposal) error {
	if err := c.q.insert(ctx, villageID, db, p); err != nil {
		return err
	}
	return c.saved(ctx, villageID, db, p)
}

// saved puts a written proposal in the cache.
func (c *cachedStore) saved(ctx context.Context, villageID string, db *mongo.Database, p Proposal) error {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return err
	}
	v.put(p)
	return nil
}

// modify takes the proposal's lock, checks the filter against the cached
// document and updates by _id alone: the embedded store pushes down only a
// filter of exactly {_id} (match.go).
func (c *cachedStore) modify(ctx context.Context, villageID string, db *mongo.Database, filter, update bson.M) (Proposal, error) {
	id, _ := filter["_id"].(string)
	defer c.locks.lock(villageID + "/" + id)()
	cur, err := c.get(ctx, villageID, db, id)
	if errors.Is(err, ErrNotFound) {
		return Proposal{}, mongo.ErrNoDocuments
	}
	if err != nil {
		return Proposal{}, err
	}
	ok, err := matches(filter, cur)
	if err != nil {
		return Proposal{}, err
	}
	if !ok {
		return Proposal{}, mongo.ErrNoDocuments
	}
	out, err := updateOne(ctx, db, bson.M{"_id": id}, update)
	if err != nil {
		return Proposal{}, err
	}
	return out, c.saved(ctx, villageID, db, out)
}

// counted is one $inc: exact here, since the proposal's updates are
// serialised in this process and the store has one connection.
func (c *cachedStore) counted(ctx context.Context, villageID string, db *mongo.Database, id string, sig Signature, sign int, at time.Time) (Proposal, error) {
	return c.modify(ctx, villageID, db, bson.M{"_id": id}, bson.M{"$inc": sig.inc(sign), "$set": bson.M{"activity_at": at}})
}

// tally reads the cached counts, which every signature's counted has
// updated before its request goes on (markers.go relies on that order).
func (c *cachedStore) tally(ctx context.Context, villageID string, db *mongo.Database, id string) (Counts, error) {
	p, err := c.get(ctx, villageID, db, id)
	return p.Counts, err
}

func (c *cachedStore) list(ctx context.Context, villageID string, db *mongo.Database, a web.Actor, in ListInput) (ListPage, error) {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return ListPage{}, err
	}
	return pageOf(v.list(a, in), in.Limit, in.Offset), nil
}

func (c *cachedStore) search(ctx context.Context, villageID string, db *mongo.Database, a web.Actor, pattern string, limit, offset int64) (ListPage, error) {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return ListPage{}, err
	}
	// The same pattern and option as queryStore.search.
	return pageOf(v.search(a, regexp.MustCompile("(?i)"+pattern)), limit, offset), nil
}

func (c *cachedStore) amendments(ctx context.Context, villageID string, db *mongo.Database, id string) ([]Amendment, error) {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return nil, err
	}
	return v.amendmentsOf(id), nil
}

func (c *cachedStore) savedAmendment(ctx context.Context, villageID string, db *mongo.Database, am Amendment) error {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return err
	}
	v.putAmendment(am)
	return nil
}
