package proposal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// The exact decisions of co-signing rest on unique inserts, which are exact
// on every store (store-facts.md; modules/store TestConcurrentUniqueInsertsAreExact),
// never on a counter or a read followed by a write, which a pooled server
// store does not keep exact:
//   - one signature per resident and proposal: the signature's _id;
//   - the threshold reached once: the marker proposal/threshold, inserted by
//     the request that sees a route met, confirmed after a fresh count;
//   - a topic escalated once: the marker topic/escalate, which names the
//     council proposal it becomes;
//   - a withdrawal never under a confirmed threshold: the withdrawal first
//     inserts its intent, then looks for the threshold marker; the locker
//     first inserts the marker, then waits for the intents to clear before it
//     counts. Whichever comes second sees the other (the two-flag handshake),
//     so a withdrawal either is refused or is out of the locker's count.
// The document's counts, lock and escalation are caches of these, repaired
// from them on a server store (querystore.go reconcile).

// Collections of the markers, in the village's database.
const (
	collMarkers     = "proposal_markers"
	collWithdrawals = "withdrawals" // intents, gone when the withdrawal ends
)

// marker is one decided event of a proposal.
type marker struct {
	ID         string        `bson:"_id"`
	ProposalID string        `bson:"proposal_id"`
	At         time.Time     `bson:"at"`
	Confirmed  bool          `bson:"confirmed"`
	Obligation *Obligation   `bson:"obligation,omitempty"`
	History    *HistoryEntry `bson:"history,omitempty"`
	To         string        `bson:"to,omitempty"` // escalation: the council proposal
}

func thresholdMarker(id string) string  { return id + "/threshold" }
func escalationMarker(id string) string { return id + "/escalate" }

// staleAfter is how old an unconfirmed threshold marker or a withdrawal
// intent must be to be taken for the leftover of a crashed request: each
// lives for a few store round trips.
const staleAfter = 30 * time.Second

// waitFor bounds how long a request waits for another's decision before it
// answers "changed meanwhile, try again".
const waitFor = 5 * time.Second

func readMarker(ctx context.Context, db *mongo.Database, id string) (*marker, error) {
	var m marker
	err := db.Collection(collMarkers).FindOne(ctx, bson.M{"_id": id}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read marker %s: %w", id, err)
	}
	return &m, nil
}

// readMarkers reads a proposal's threshold and escalation markers at once.
func readMarkers(ctx context.Context, db *mongo.Database, id string) (threshold, escalation *marker, err error) {
	cur, err := db.Collection(collMarkers).Find(ctx, bson.M{"_id": bson.M{"$in": bson.A{thresholdMarker(id), escalationMarker(id)}}})
	if err != nil {
		return nil, nil, fmt.Errorf("read markers of %s: %w", id, err)
	}
	var ms []marker
	if err := cur.All(ctx, &ms); err != nil {
		return nil, nil, fmt.Errorf("read markers of %s: %w", id, err)
	}
	for i := range ms {
		switch ms[i].ID {
		case thresholdMarker(id):
			threshold = &ms[i]
		case escalationMarker(id):
			escalation = &ms[i]
		}
	}
	return threshold, escalation, nil
}

// pause is a short wait between two looks at another request's progress.
func pause(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * time.Millisecond):
		return nil
	}
}

// lock records that the threshold was reached, once. The request that
// inserts the marker counts the signatures afresh (after any withdrawal in
// progress) and either confirms the marker, records the obligation and, for
// a hall topic, escalates, or takes the marker back and looks again. A
// request that finds the marker leaves the decision to its holder.
func (s *Service) lock(ctx context.Context, v org.Org, db *mongo.Database, p Proposal, a web.Actor) (Proposal, error) {
	markers := db.Collection(collMarkers)
	for round := 0; round < 5; round++ {
		route, ok := reachedRoute(p)
		if !ok || p.SignaturesLocked {
			return p, nil
		}
		now := s.now()
		step := ""
		if p.Current != nil {
			step = p.Current.Key
		}
		m := marker{ID: thresholdMarker(p.ID), ProposalID: p.ID, At: now, History: &HistoryEntry{Step: step,
			Action: "threshold_reached", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now, Note: route.BasisZh}}
		if p.Kind == KindProposal {
			st, err := s.Settings(ctx, v.ID)
			if err != nil {
				return Proposal{}, err
			}
			m.Obligation = &Obligation{Meeting: p.Threshold.Meeting, ReachedAt: now,
				Deadline: now.AddDate(0, 0, st.ConveneDeadlineDays), BasisZh: route.BasisZh, BasisEn: route.BasisEn}
		}
		if _, err := markers.InsertOne(ctx, m); store.IsDuplicate(err) {
			held, err := readMarker(ctx, db, m.ID)
			if err != nil {
				return Proposal{}, err
			}
			switch {
			case held != nil && held.Confirmed:
				// Decided: record it, in case its holder stopped before it did.
				return s.record(ctx, v, db, p, *held, a, false)
			case held != nil && now.Sub(held.At) > staleAfter:
				_, _ = markers.DeleteOne(ctx, bson.M{"_id": m.ID, "confirmed": false, "at": held.At})
				continue
			}
			return s.fetch(ctx, v.ID, db, p.ID) // its holder decides
		} else if err != nil {
			return Proposal{}, fmt.Errorf("mark threshold of %s: %w", p.ID, err)
		}
		if err := waitForWithdrawals(ctx, db, p.ID); err != nil {
			_, _ = markers.DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": m.ID})
			return Proposal{}, err
		}
		c, err := s.proposals.tally(ctx, v.ID, db, p.ID)
		if err != nil {
			_, _ = markers.DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": m.ID})
			return Proposal{}, err
		}
		p.Counts = c
		if _, ok := reachedRoute(p); ok {
			if _, err := markers.UpdateOne(ctx, bson.M{"_id": m.ID}, bson.M{"$set": bson.M{"confirmed": true}}); err != nil {
				return Proposal{}, fmt.Errorf("confirm threshold of %s: %w", p.ID, err)
			}
			return s.record(ctx, v, db, p, m, a, true)
		}
		// A withdrawal came first. Take the marker back, and count again: a
		// signature that lost the marker to this request meanwhile is ours
		// to decide on.
		if _, err := markers.DeleteOne(ctx, bson.M{"_id": m.ID}); err != nil {
			return Proposal{}, fmt.Errorf("take back threshold marker of %s: %w", p.ID, err)
		}
		if p.Counts, err = s.proposals.tally(ctx, v.ID, db, p.ID); err != nil {
			return Proposal{}, err
		}
	}
	return s.fetch(ctx, v.ID, db, p.ID)
}

// record writes a confirmed threshold onto the proposal (the write matches
// only while unlocked, so it is recorded once) and, for a hall topic,
// escalates it. Only the request that confirmed the marker tells the
// followers, so they are told once.
func (s *Service) record(ctx context.Context, v org.Org, db *mongo.Database, p Proposal, m marker, a web.Actor, confirmed bool) (Proposal, error) {
	set := bson.M{"signatures_locked": true, "activity_at": m.At}
	if m.Obligation != nil {
		set["obligation"] = m.Obligation
	}
	out, err := s.modify(ctx, v.ID, db, bson.M{"_id": p.ID, "signatures_locked": false},
		bson.M{"$set": set, "$push": bson.M{"history": *m.History}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		out, err = s.fetch(ctx, v.ID, db, p.ID) // repaired from the marker already
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("record threshold of %s: %w", p.ID, err)
	}
	if confirmed {
		s.notify(ctx, db, v.ID, out, NotifyThreshold, "threshold:"+strconv.Itoa(len(out.History)), a, Step{})
	}
	if out.Kind == KindTopic {
		return s.escalate(ctx, v, db, out, a)
	}
	return out, nil
}

// withdrawal is the intent of a withdrawal in progress; its _id is the
// signature's, so one resident withdraws one at a time.
type withdrawal struct {
	ID         string    `bson:"_id"`
	ProposalID string    `bson:"proposal_id"`
	At         time.Time `bson:"at"`
}

// waitForWithdrawals returns once no withdrawal from the proposal is in
// progress; intents left by a crash are removed.
func waitForWithdrawals(ctx context.Context, db *mongo.Database, id string) error {
	coll := db.Collection(collWithdrawals)
	deadline := time.Now().Add(waitFor)
	for {
		cur, err := coll.Find(ctx, bson.M{"proposal_id": id})
		if err != nil {
			return fmt.Errorf("look for withdrawals from %s: %w", id, err)
		}
		var ws []withdrawal
		if err := cur.All(ctx, &ws); err != nil {
			return fmt.Errorf("look for withdrawals from %s: %w", id, err)
		}
		live := 0
		for _, w := range ws {
			if time.Since(w.At) > staleAfter {
				_, _ = coll.DeleteOne(ctx, bson.M{"_id": w.ID, "at": w.At})
				continue
			}
			live++
		}
		if live == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return ErrChanged
		}
		if err := pause(ctx); err != nil {
			return err
		}
	}
}

// withdrawOnce is one attempt at a withdrawal under its intent. retry says
// the threshold was being decided and turned out not reached: try again.
func (s *Service) withdrawOnce(ctx context.Context, v org.Org, db *mongo.Database, id, residentNo string) (out Proposal, retry bool, err error) {
	sigID := signatureID(id, residentNo)
	intents := db.Collection(collWithdrawals)
	now := s.now()
	if _, err := intents.InsertOne(ctx, withdrawal{ID: sigID, ProposalID: id, At: now}); store.IsDuplicate(err) {
		var w withdrawal
		if intents.FindOne(ctx, bson.M{"_id": sigID}).Decode(&w) == nil && now.Sub(w.At) > staleAfter {
			_, _ = intents.DeleteOne(ctx, bson.M{"_id": sigID, "at": w.At})
			return Proposal{}, true, nil
		}
		return Proposal{}, false, ErrNotSigned // the same resident's other withdrawal is under way
	} else if err != nil {
		return Proposal{}, false, fmt.Errorf("withdraw from %s: %w", id, err)
	}
	done := func() { _, _ = intents.DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": sigID}) }
	th, err := readMarker(ctx, db, thresholdMarker(id))
	if err != nil {
		done()
		return Proposal{}, false, err
	}
	if th != nil {
		done() // step aside, or the marker's holder waits for us
		if th.Confirmed {
			return Proposal{}, false, ErrLocked
		}
		return s.awaitThreshold(ctx, db, id)
	}
	defer done()
	var sig Signature
	err = db.Collection(collSignatures).FindOne(ctx, bson.M{"_id": sigID}).Decode(&sig)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, false, ErrNotSigned
	}
	if err != nil {
		return Proposal{}, false, fmt.Errorf("withdraw from %s: %w", id, err)
	}
	// DeleteOne's count is exact on every store (findAndModify's remove is
	// not on a pooled FerretDB): of two racing withdrawals one deletes.
	res, err := db.Collection(collSignatures).DeleteOne(ctx, bson.M{"_id": sigID})
	if err != nil {
		return Proposal{}, false, fmt.Errorf("withdraw from %s: %w", id, err)
	}
	if res.DeletedCount == 0 {
		return Proposal{}, false, ErrNotSigned
	}
	// Counted before the intent goes: a locker that waited for it then
	// reads counts without this signature.
	out, err = s.proposals.counted(ctx, v.ID, db, id, sig, -1, now)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("uncount signature on %s: %w", id, err)
	}
	return out, false, nil
}

// awaitThreshold waits for the holder of an unconfirmed threshold marker to
// decide: confirmed refuses the withdrawal, taken back lets it try again.
func (s *Service) awaitThreshold(ctx context.Context, db *mongo.Database, id string) (Proposal, bool, error) {
	deadline := time.Now().Add(waitFor)
	for {
		th, err := readMarker(ctx, db, thresholdMarker(id))
		if err != nil {
			return Proposal{}, false, err
		}
		switch {
		case th == nil:
			return Proposal{}, true, nil
		case th.Confirmed:
			return Proposal{}, false, ErrLocked
		case time.Since(th.At) > staleAfter:
			_, _ = db.Collection(collMarkers).DeleteOne(ctx, bson.M{"_id": th.ID, "confirmed": false, "at": th.At})
		case time.Now().After(deadline):
			return Proposal{}, false, ErrChanged
		}
		if err := pause(ctx); err != nil {
			return Proposal{}, false, err
		}
	}
}
