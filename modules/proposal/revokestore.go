package proposal

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

// The two reads revoke.go needs, on each path of proposalStore.

func (queryStore) revoking(ctx context.Context, _ string, db *mongo.Database, id string) ([]Proposal, error) {
	return findWhole(ctx, db, bson.M{"revokes.proposal_id": id})
}

func (queryStore) past(ctx context.Context, _ string, db *mongo.Database) ([]Proposal, error) {
	return findWhole(ctx, db, bson.M{"kind": KindProposal, "status": bson.M{"$in": bson.A{StatusInProgress, StatusCompleted}}})
}

func (queryStore) revokers(ctx context.Context, _ string, db *mongo.Database) ([]Proposal, error) {
	return findWhole(ctx, db, bson.M{"revokes.proposal_id": bson.M{"$exists": true}})
}

func findWhole(ctx context.Context, db *mongo.Database, filter bson.M) ([]Proposal, error) {
	cur, err := db.Collection(collProposals).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("find proposals: %w", err)
	}
	out := []Proposal{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("find proposals: %w", err)
	}
	return out, nil
}

func (c *cachedStore) revoking(ctx context.Context, villageID string, db *mongo.Database, id string) ([]Proposal, error) {
	return c.where(ctx, villageID, db, func(p Proposal) bool { return p.Revokes != nil && p.Revokes.ProposalID == id })
}

func (c *cachedStore) past(ctx context.Context, villageID string, db *mongo.Database) ([]Proposal, error) {
	return c.where(ctx, villageID, db, func(p Proposal) bool {
		return p.Kind == KindProposal && (p.Status == StatusInProgress || p.Status == StatusCompleted)
	})
}

func (c *cachedStore) revokers(ctx context.Context, villageID string, db *mongo.Database) ([]Proposal, error) {
	return c.where(ctx, villageID, db, func(p Proposal) bool { return p.Revokes != nil })
}

// where are the cached proposals keep holds for, whole.
func (c *cachedStore) where(ctx context.Context, villageID string, db *mongo.Database, keep func(Proposal) bool) ([]Proposal, error) {
	v, err := c.cache.village(ctx, db, villageID)
	if err != nil {
		return nil, err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := []Proposal{}
	for _, p := range v.byID {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out, nil
}
