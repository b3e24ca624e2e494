package vote

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

// The cap on entrustments one holder may hold rests on unique inserts: a
// holder has numbered places scope:holder:1 … scope:holder:cap, and an
// entrustment takes the first free one by inserting it. Two concurrent
// entrustments can never take one place, on any store; a counter or a read
// followed by a write would let them (a pooled server store loses
// concurrent updates of one document, store-facts.md).

// collProxyPlaces is the collection of places, in the village's database.
const collProxyPlaces = "proxy_places"

type proxyPlace struct {
	ID        string    `bson:"_id"`
	Principal string    `bson:"principal"`
	At        time.Time `bson:"at" json:"-"`
}

// strandedAfter is how old a place must be before it is freed for lack of
// its entrustment: the entrustment is written just after the place, so an
// older place without one lost it to a crash in between.
const strandedAfter = time.Minute

// TakeProxyPlace takes a place for principal among holder's places in scope
// (a vote or a meeting), at most limit of them. recorded says whether the
// principal's entrustment to holder is stored; a place whose entrustment
// never was (older than strandedAfter) is freed. giveBack frees the place
// taken, when the entrustment cannot be written after all.
func TakeProxyPlace(ctx context.Context, db *mongo.Database, scope, holder, principal string, limit int, now time.Time,
	recorded func(ctx context.Context, principal string) (bool, error)) (giveBack func(), err error) {
	coll := db.Collection(collProxyPlaces)
	prefix := scope + ":" + holder + ":"
	for round := 0; round < 2; round++ {
		for k := 1; k <= limit; k++ {
			id := prefix + strconv.Itoa(k)
			_, err := coll.InsertOne(ctx, proxyPlace{ID: id, Principal: principal, At: now})
			if err == nil {
				return func() { _, _ = coll.DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": id}) }, nil
			}
			if !mongo.IsDuplicateKeyError(err) {
				return nil, fmt.Errorf("take a proxy place of %s: %w", holder, err)
			}
		}
		freed, err := freeStranded(ctx, coll, prefix, limit, now, recorded)
		if err != nil {
			return nil, err
		}
		if !freed {
			break
		}
	}
	return nil, ErrPlacesTaken
}

// ErrPlacesTaken says the holder holds the cap: the caller answers with
// ProxyCapReached.
var ErrPlacesTaken = errors.New("every proxy place is taken")

// freeStranded frees the places of a holder whose entrustment was never
// written, and says whether it freed any.
func freeStranded(ctx context.Context, coll *mongo.Collection, prefix string, limit int, now time.Time,
	recorded func(ctx context.Context, principal string) (bool, error)) (bool, error) {
	freed := false
	for k := 1; k <= limit; k++ {
		var p proxyPlace
		err := coll.FindOne(ctx, bson.M{"_id": prefix + strconv.Itoa(k)}).Decode(&p)
		if errors.Is(err, mongo.ErrNoDocuments) {
			freed = true // freed meanwhile
			continue
		}
		if err != nil {
			return false, fmt.Errorf("read a proxy place: %w", err)
		}
		if now.Sub(p.At) < strandedAfter {
			continue
		}
		ok, err := recorded(ctx, p.Principal)
		if err != nil {
			return false, err
		}
		if !ok {
			if _, err := coll.DeleteOne(ctx, bson.M{"_id": p.ID}); err != nil {
				return false, fmt.Errorf("free a proxy place: %w", err)
			}
			freed = true
		}
	}
	return freed, nil
}
