package vote

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The mixer writes secret ballots in shuffled batches. Who took part
// (turnout) and what was voted (ballots) are inserted as two separately
// shuffled lists, so the order documents sit in the store does not pair a
// voter with a ballot. A cast is acknowledged only after its batch is
// written, so an acknowledged ballot is durable.
//
// The mixing is only as wide as the batch: a lone voter in a quiet moment is
// written in a batch of one after MixWait.
type mixer struct {
	svc    *Service
	batch  int
	wait   time.Duration
	mu     sync.Mutex
	queues map[string]*queue
}

type queue struct {
	villageID, voteID string
	items             []*pending
	timer             *time.Timer
	// writing keeps one batch of a vote in the store's hands at a time, so a
	// crash can strand at most one batch between its turnout and its ballots
	// (on one connection, concurrent batches would queue every turnout write
	// ahead of every ballot write).
	writing sync.Mutex
}

type pending struct {
	part   Participation
	ballot SecretBallot
	done   chan error
}

var errTurnoutExists = errors.New("voter already took part")

func newMixer(svc *Service, batch int, wait time.Duration) *mixer {
	return &mixer{svc: svc, batch: batch, wait: wait, queues: map[string]*queue{}}
}

// submit queues a cast and waits until its batch is written.
func (m *mixer) submit(villageID, voteID string, p *pending) error {
	key := villageID + "/" + voteID
	m.mu.Lock()
	q, ok := m.queues[key]
	if !ok {
		q = &queue{villageID: villageID, voteID: voteID}
		m.queues[key] = q
	}
	q.items = append(q.items, p)
	var batch []*pending
	if len(q.items) >= m.batch {
		batch = m.take(q)
	} else if q.timer == nil {
		q.timer = time.AfterFunc(m.wait, func() { m.flush(key) })
	}
	m.mu.Unlock()
	if batch != nil {
		m.writeQueued(q, batch)
	}
	return <-p.done
}

// take empties a queue; the caller holds m.mu.
func (m *mixer) take(q *queue) []*pending {
	batch := q.items
	q.items = nil
	if q.timer != nil {
		q.timer.Stop()
		q.timer = nil
	}
	return batch
}

// flush writes whatever a vote's queue holds.
func (m *mixer) flush(key string) {
	m.mu.Lock()
	q, ok := m.queues[key]
	var batch []*pending
	if ok {
		batch = m.take(q)
	}
	m.mu.Unlock()
	if len(batch) > 0 {
		m.writeQueued(q, batch)
	}
}

func (m *mixer) writeQueued(q *queue, batch []*pending) {
	q.writing.Lock()
	defer q.writing.Unlock()
	m.write(q.villageID, q.voteID, batch)
}

func (m *mixer) write(villageID, voteID string, batch []*pending) {
	// The request that triggered the write may be cancelled; the batch holds
	// other voters' ballots too, so it is written on its own context.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := m.svc.db(villageID)
	// Recorded as a writer before anything is written: a crash after this
	// point leaves the record, and the close counts from the store.
	w, err := m.svc.beginBatch(ctx, villageID, voteID)
	if err != nil {
		for _, p := range batch {
			p.done <- err
		}
		return
	}
	rand.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
	parts := make([]any, len(batch))
	for i, p := range batch {
		parts[i] = p.part
	}
	failed := make([]error, len(batch))
	_, err = db.Collection(turnoutColl(voteID)).InsertMany(ctx, parts, options.InsertMany().SetOrdered(false))
	if err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
			// Unknown which were stored: the close counts from the store.
			m.svc.endBatch(ctx, w, batchCount{}, false)
			for _, p := range batch {
				p.done <- fmt.Errorf("record turnout in %s: %w", voteID, err)
			}
			return
		}
		for _, we := range bwe.WriteErrors {
			if mongo.IsDuplicateKeyError(we) {
				failed[we.Index] = errTurnoutExists
			} else {
				failed[we.Index] = fmt.Errorf("record turnout in %s: %w", voteID, we)
			}
		}
	}
	var ok []*pending
	var c batchCount
	for i, p := range batch {
		if failed[i] != nil {
			p.done <- failed[i]
		} else {
			ok = append(ok, p)
			c.voters++
			c.households = append(c.households, p.part.Household)
		}
	}
	if len(ok) == 0 {
		m.svc.endBatch(ctx, w, c, true)
		return
	}
	rand.Shuffle(len(ok), func(i, j int) { ok[i], ok[j] = ok[j], ok[i] })
	ballots := make([]any, len(ok))
	for i, p := range ok {
		ballots[i] = p.ballot
		c.lines = append(c.lines, secretLine(p.ballot))
		c.ballots++
		c.addChoices(p.ballot.Choices)
	}
	_, err = db.Collection(secretBallotsColl(voteID)).InsertMany(ctx, ballots, options.InsertMany().SetOrdered(false))
	// Counted before the casts are answered, so a close that follows them
	// finds them in the running tally; a failed write leaves it behind.
	m.svc.endBatch(ctx, w, c, err == nil)
	for _, p := range ok {
		if err != nil {
			// Turnout is recorded but the ballot may not be: the voter's
			// retry with the same key restores it (castSecret).
			p.done <- fmt.Errorf("store secret ballots in %s: %w", voteID, err)
		} else {
			p.done <- nil
		}
	}
}

// flushVote writes a vote's queue at once and forgets it (the vote closes).
func (m *mixer) flushVote(villageID, voteID string) {
	key := villageID + "/" + voteID
	m.flush(key)
	m.mu.Lock()
	delete(m.queues, key)
	m.mu.Unlock()
}
