package vote

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// batcher combines concurrent inserts into one collection into a single
// unordered InsertMany. While one batch is being written the next one
// gathers, so a quiet vote writes each ballot at once and a busy meeting
// writes hundreds per round trip: on a store reached over one connection,
// that is what keeps casting fast and its latency flat. Each document still
// gets its own result, duplicate keys included.
type batcher struct {
	mu     sync.Mutex
	queues map[string]*insertQueue
}

type insertQueue struct {
	coll     *mongo.Collection
	items    []*insertReq
	flushing bool
}

type insertReq struct {
	doc  any
	done chan error
}

func newBatcher() *batcher { return &batcher{queues: map[string]*insertQueue{}} }

// insert writes doc into coll, together with whatever else is waiting.
func (b *batcher) insert(coll *mongo.Collection, doc any) error {
	key := coll.Database().Name() + "." + coll.Name()
	req := &insertReq{doc: doc, done: make(chan error, 1)}
	b.mu.Lock()
	q, ok := b.queues[key]
	if !ok {
		q = &insertQueue{coll: coll}
		b.queues[key] = q
	}
	q.items = append(q.items, req)
	if !q.flushing {
		q.flushing = true
		go b.drain(key, q)
	}
	b.mu.Unlock()
	return <-req.done
}

func (b *batcher) drain(key string, q *insertQueue) {
	for {
		b.mu.Lock()
		items := q.items
		q.items = nil
		if len(items) == 0 {
			q.flushing = false
			delete(b.queues, key)
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		errs := insertMany(q.coll, items)
		for i, it := range items {
			it.done <- errs[i]
		}
	}
}

// insertMany writes the documents and returns each one's error.
func insertMany(coll *mongo.Collection, items []*insertReq) []error {
	// The batch holds several requests: it is written on its own context.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	docs := make([]any, len(items))
	for i, it := range items {
		docs[i] = it.doc
	}
	errs := make([]error, len(items))
	_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return errs
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("insert into %s: %w", coll.Name(), err)
		}
		return errs
	}
	for _, we := range bwe.WriteErrors {
		if we.Index >= 0 && we.Index < len(errs) {
			errs[we.Index] = mongo.WriteException{WriteErrors: mongo.WriteErrors{we.WriteError}}
		}
	}
	return errs
}
