package vote

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
)

// BallotsCheck is one closed vote checked against the audit chain.
type BallotsCheck struct {
	VoteID string `json:"vote_id"`
	Title  string `json:"title"`
	OK     bool   `json:"ok"`
	// Reason names what no longer matches, when something does not.
	Reason string `json:"reason,omitempty"`
	// AuditSeq is the chain entry that recorded the close.
	AuditSeq int64 `json:"audit_seq,omitempty"`
	// Chained is the ballots hash the chain holds, Stored the one in the
	// vote's result, Recomputed the hash of the ballots in the store now.
	Chained    string `json:"chained"`
	Stored     string `json:"stored"`
	Recomputed string `json:"recomputed"`
}

// BallotsReport is the check of every closed vote of a village.
type BallotsReport struct {
	OK     bool           `json:"ok"`
	Closed int            `json:"closed"`
	Votes  []BallotsCheck `json:"votes"`
	// Broken lists the IDs of the votes that do not verify.
	Broken []string `json:"broken"`
}

// VerifyClosed recomputes the ballots hash of every closed vote of the
// village from the ballots (and confirmed counts) in the store, and compares
// it with the hash the audit chain recorded when the vote closed, which no
// one can change without breaking the chain (audit.Verify), and with the hash
// in the vote's stored result. A ballot added, removed or changed after the
// close, or a result rewritten to match, names its vote.
func (s *Service) VerifyClosed(ctx context.Context, villageID string) (BallotsReport, error) {
	db := s.db(villageID)
	chained, err := closeEntries(ctx, db.Collection(audit.Collection))
	if err != nil {
		return BallotsReport{}, err
	}
	cur, err := db.Collection(collVotes).Find(ctx, bson.M{"status": StatusClosed}, options.Find().SetSort(bson.D{{Key: "closed_at", Value: 1}}))
	if err != nil {
		return BallotsReport{}, fmt.Errorf("verify votes of %s: %w", villageID, err)
	}
	var votes []Vote
	if err := cur.All(ctx, &votes); err != nil {
		return BallotsReport{}, fmt.Errorf("verify votes of %s: %w", villageID, err)
	}
	r := BallotsReport{OK: true, Closed: len(votes), Votes: []BallotsCheck{}, Broken: []string{}}
	for _, v := range votes {
		c := BallotsCheck{VoteID: v.ID, Title: v.Title, OK: true}
		if v.Result != nil {
			c.Stored = v.Result.BallotsHash
		}
		e, ok := chained[v.ID]
		c.Chained, c.AuditSeq = e.hash, e.seq
		res, err := s.Tally(ctx, v)
		if err != nil {
			return BallotsReport{}, err
		}
		c.Recomputed = res.BallotsHash
		switch {
		case !ok:
			c.OK, c.Reason = false, "the audit chain has no record of this vote closing"
		case c.Recomputed != c.Chained:
			c.OK, c.Reason = false, "the ballots in the store are not the ballots counted at the close"
		case c.Stored != c.Chained:
			c.OK, c.Reason = false, "the stored result was changed after the close"
		}
		if !c.OK {
			r.OK = false
			r.Broken = append(r.Broken, v.ID)
		}
		r.Votes = append(r.Votes, c)
	}
	return r, nil
}

type chainedHash struct {
	seq  int64
	hash string
}

// closeEntries reads the ballots hash of each vote.close entry of the chain
// (the detail "voters=… adopted=… ballots_hash=…"). A vote closed twice in the
// chain keeps its first close.
func closeEntries(ctx context.Context, coll *mongo.Collection) (map[string]chainedHash, error) {
	return closeEntriesWhere(ctx, coll, bson.M{"action": "vote.close"})
}

// closeEntryOf is one vote's close in the audit chain, if it was chained.
func closeEntryOf(ctx context.Context, coll *mongo.Collection, voteID string) (chainedHash, bool, error) {
	m, err := closeEntriesWhere(ctx, coll, bson.M{"action": "vote.close", "object": voteID})
	if err != nil {
		return chainedHash{}, false, err
	}
	e, ok := m[voteID]
	return e, ok, nil
}

func closeEntriesWhere(ctx context.Context, coll *mongo.Collection, filter bson.M) (map[string]chainedHash, error) {
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read vote closes from the audit chain: %w", err)
	}
	var entries []audit.Entry
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read vote closes from the audit chain: %w", err)
	}
	out := map[string]chainedHash{}
	for _, e := range entries {
		if _, seen := out[e.Object]; seen {
			continue
		}
		for _, field := range strings.Fields(e.Detail) {
			if h, ok := strings.CutPrefix(field, "ballots_hash="); ok {
				out[e.Object] = chainedHash{seq: e.Seq, hash: h}
			}
		}
	}
	return out, nil
}
