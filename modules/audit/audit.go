// Package audit keeps an append-only, hash-chained log of every write, one
// chain per village (and one for shared data). Each entry holds the hash of the
// one before it, so changing or removing any entry breaks every later link and
// Verify names the first broken one.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Collection is where a chain lives, in the village's (or the shared) database.
const Collection = "audit"

// Entry is one link of the chain. Seq is the _id, so a unique index keeps two
// writers from appending the same link.
type Entry struct {
	Seq    int64     `bson:"_id" json:"seq"`
	At     time.Time `bson:"at" json:"at,omitzero"`
	Actor  string    `bson:"actor" json:"actor"`
	Role   string    `bson:"role" json:"role"`
	Org    string    `bson:"org" json:"org"`
	Action string    `bson:"action" json:"action"`
	Object string    `bson:"object" json:"object"`
	Detail string    `bson:"detail,omitempty" json:"detail,omitempty"`
	Prev   string    `bson:"prev" json:"prev"`
	Hash   string    `bson:"hash" json:"hash"`
}

// digest is the entry's hash over every field but Hash itself. Times are
// truncated to milliseconds because that is what BSON keeps.
func (e Entry) digest() string {
	b, _ := json.Marshal(struct {
		Seq                                            int64
		At                                             int64
		Actor, Role, Org, Action, Object, Detail, Prev string
	}{e.Seq, e.At.UnixMilli(), e.Actor, e.Role, e.Org, e.Action, e.Object, e.Detail, e.Prev})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type head struct {
	seq  int64
	hash string
}

// Log appends to chains. Heads are cached per database; another instance
// appending meanwhile is noticed through the duplicate _id and reloaded.
type Log struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
	heads map[string]head
	now   func() time.Time
}

// New makes a Log.
func New() *Log {
	return &Log{locks: map[string]*sync.Mutex{}, heads: map[string]head{}, now: time.Now}
}

func (l *Log) lock(key string) *sync.Mutex {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ok := l.locks[key]
	if !ok {
		m = &sync.Mutex{}
		l.locks[key] = m
	}
	return m
}

func loadHead(ctx context.Context, coll *mongo.Collection) (head, error) {
	var last Entry
	err := coll.FindOne(ctx, bson.M{}, options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&last)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return head{}, nil
	}
	if err != nil {
		return head{}, fmt.Errorf("load audit head: %w", err)
	}
	return head{seq: last.Seq, hash: last.Hash}, nil
}

// Append adds e to the chain in db and returns it with Seq, At, Prev and Hash set.
func (l *Log) Append(ctx context.Context, db *mongo.Database, e Entry) (Entry, error) {
	key := db.Name()
	m := l.lock(key)
	m.Lock()
	defer m.Unlock()
	coll := db.Collection(Collection)
	for attempt := 0; attempt < 5; attempt++ {
		h, ok := l.cachedHead(key)
		if !ok {
			var err error
			if h, err = loadHead(ctx, coll); err != nil {
				return Entry{}, err
			}
		}
		e.Seq, e.Prev = h.seq+1, h.hash
		e.At = l.now().UTC().Truncate(time.Millisecond)
		e.Hash = e.digest()
		_, err := coll.InsertOne(ctx, e)
		if mongo.IsDuplicateKeyError(err) {
			l.dropHead(key) // someone else appended: reload the head
			continue
		}
		if err != nil {
			return Entry{}, fmt.Errorf("append audit entry %s: %w", e.Action, err)
		}
		l.setHead(key, head{seq: e.Seq, hash: e.Hash})
		return e, nil
	}
	return Entry{}, fmt.Errorf("append audit entry %s: chain head kept moving", e.Action)
}

// Report is the result of verifying a chain.
type Report struct {
	OK      bool  `json:"ok"`
	Entries int64 `json:"entries"`
	// BrokenAt is the sequence number of the first entry that does not verify.
	BrokenAt int64  `json:"broken_at,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Verify walks the chain in order and reports the first broken link.
func Verify(ctx context.Context, db *mongo.Database) (Report, error) {
	cur, err := db.Collection(Collection).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return Report{}, fmt.Errorf("read audit chain: %w", err)
	}
	defer cur.Close(ctx)
	var r Report
	prev, want := "", int64(1)
	for cur.Next(ctx) {
		var e Entry
		if err := cur.Decode(&e); err != nil {
			return Report{}, fmt.Errorf("decode audit entry: %w", err)
		}
		r.Entries++
		switch {
		case e.Seq != want:
			return broken(r, want, "entry missing"), nil
		case e.Prev != prev:
			return broken(r, e.Seq, "previous hash does not match"), nil
		case e.digest() != e.Hash:
			return broken(r, e.Seq, "entry was changed"), nil
		}
		prev, want = e.Hash, want+1
	}
	if err := cur.Err(); err != nil {
		return Report{}, fmt.Errorf("read audit chain: %w", err)
	}
	r.OK = true
	return r, nil
}

func broken(r Report, seq int64, reason string) Report {
	r.OK, r.BrokenAt, r.Reason = false, seq, reason
	return r
}

// List returns up to limit entries with Seq greater than after, oldest first.
func List(ctx context.Context, db *mongo.Database, after int64, limit int64) ([]Entry, error) {
	cur, err := db.Collection(Collection).Find(ctx, bson.M{"_id": bson.M{"$gt": after}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	out := []Entry{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return out, nil
}
