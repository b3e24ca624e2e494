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

// batcher combines concurrent casts into one vote into a single unordered
// InsertMany: of named ballots, or of the turnout records of a secret vote
// (whose ballots go to the ballot box, ballotbox.go). While one batch is being written the next one
// gathers, so a quiet vote writes each ballot at once and a busy meeting
// writes hundreds per round trip: on a store reached over one connection,
// that is what keeps casting fast and its latency flat. Each ballot still
// gets its own result, duplicate keys included. Each batch is counted into
// the vote's running tally before its casts are answered.
type batcher struct {
	svc    *Service
	mu     sync.Mutex
	queues map[string]*insertQueue
}

type insertQueue struct {
	villageID, voteID string
	coll              string
	items             []*insertReq
	flushing          bool
}

type insertReq struct {
	doc       any
	household string
	// line and choices are the named ballot's, counted into the running
	// tally; a turnout record has none (a secret vote's choices are never
	// counted while it runs: docs/threat-model.md).
	line    string
	choices []string
	done    chan error
}

func newBatcher(svc *Service) *batcher { return &batcher{svc: svc, queues: map[string]*insertQueue{}} }

// insert writes a document into a vote's collection, together with whatever
// else is waiting.
func (b *batcher) insert(villageID, voteID, coll string, req *insertReq) error {
	key := villageID + "/" + coll
	req.done = make(chan error, 1)
	b.mu.Lock()
	q, ok := b.queues[key]
	if !ok {
		q = &insertQueue{villageID: villageID, voteID: voteID, coll: coll}
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
		errs := b.write(q, items)
		for i, it := range items {
			it.done <- errs[i]
		}
	}
}

// write stores one batch and counts what was stored into the running tally.
func (b *batcher) write(q *insertQueue, items []*insertReq) []error {
	// The batch holds several requests: it is written on its own context.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	errs := make([]error, len(items))
	coll := b.svc.db(q.villageID).Collection(q.coll)
	w, err := b.svc.beginBatch(ctx, q.villageID, q.voteID)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	docs := make([]any, len(items))
	for i, it := range items {
		docs[i] = it.doc
	}
	_, err = coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
			// Unknown which were stored: the close counts from the ballots.
			b.svc.endBatch(ctx, w, batchCount{}, false)
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
	}
	var c batchCount
	for i, it := range items {
		if errs[i] != nil {
			continue
		}
		c.voters++
		c.households = append(c.households, it.household)
		if it.line != "" {
			c.lines = append(c.lines, it.line)
			c.ballots++
			c.addChoices(it.choices)
		}
	}
	// The ballots are stored: a failure to count them only costs the close
	// a full recount.
	b.svc.endBatch(ctx, w, c, true)
	return errs
}
