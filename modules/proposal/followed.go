package proposal

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Followed lists the proposals the account follows (its own, those it
// co-signed or supported, those it chose to follow) that are still under
// way, the latest activity first, at most limit: the page shows each with
// its next step. Proposals and topics both; drafts never (a draft is
// nobody's to follow).
func (s *Service) Followed(ctx context.Context, villageID, account string, limit int64) ([]Proposal, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collFollows).Find(ctx, bson.M{"account": account})
	if err != nil {
		return nil, fmt.Errorf("followed: %w", err)
	}
	var fs []follow
	if err := cur.All(ctx, &fs); err != nil {
		return nil, fmt.Errorf("followed: %w", err)
	}
	if len(fs) == 0 {
		return nil, nil
	}
	ids := make(bson.A, 0, len(fs))
	for _, f := range fs {
		ids = append(ids, f.ProposalID)
	}
	cur, err = db.Collection(collProposals).Find(ctx,
		bson.M{"_id": bson.M{"$in": ids}, "status": bson.M{"$in": bson.A{StatusSubmitted, StatusInProgress, StatusOpen}}},
		options.Find().SetSort(bson.D{{Key: "activity_at", Value: -1}}).SetLimit(limit).SetProjection(bson.M{"body": 0, "history": 0}))
	if err != nil {
		return nil, fmt.Errorf("followed proposals: %w", err)
	}
	var out []Proposal
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("followed proposals: %w", err)
	}
	return out, nil
}
