package proposal

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Collections of this module, all in the village's database.
const (
	collProposals   = "proposals"
	collSignatures  = "cosignatures"
	collComments    = "comments"
	collAmendments  = "amendments"
	collFollows     = "follows"
	collFlows       = "flows"
	collAttachments = "attachments"
	collSettings    = "proposal_settings"
)

// settingsID is the one settings document of a village.
const settingsID = "settings"

// villageIndexes are created in every village database. The unique ones
// carry rules: one signature per resident and proposal, one follow per
// account and proposal, one document per flow version.
var villageIndexes = map[string][]mongo.IndexModel{
	collProposals: {
		{Keys: bson.D{{Key: "kind", Value: 1}, {Key: "activity_at", Value: -1}}},
		{Keys: bson.D{{Key: "status", Value: 1}}},
	},
	collSignatures: {
		{Keys: bson.D{{Key: "proposal_id", Value: 1}, {Key: "resident_no", Value: 1}}, Options: options.Index().SetUnique(true)},
	},
	collComments:   {{Keys: bson.D{{Key: "proposal_id", Value: 1}, {Key: "at", Value: 1}}}},
	collAmendments: {{Keys: bson.D{{Key: "proposal_id", Value: 1}}}},
	collFollows: {
		{Keys: bson.D{{Key: "proposal_id", Value: 1}, {Key: "account", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "account", Value: 1}}}, // what one account follows (Followed, home)
	},
	collFlows: {
		{Keys: bson.D{{Key: "key", Value: 1}, {Key: "version", Value: 1}}, Options: options.Index().SetUnique(true)},
	},
	collAttachments: {{Keys: bson.D{{Key: "proposal_id", Value: 1}}}},
	collMarkers:     {{Keys: bson.D{{Key: "proposal_id", Value: 1}}}},
	collWithdrawals: {{Keys: bson.D{{Key: "proposal_id", Value: 1}}}},
}

// db is the village's database, with this module's indexes in place. A
// village prepared before this module existed gets them on first use.
func (s *Service) db(ctx context.Context, villageID string) (*mongo.Database, error) {
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return nil, err
	}
	return s.store.Village(villageID), nil
}

// follow is one account following one proposal. The _id is
// proposal/account, so following twice is one document.
type follow struct {
	ID         string `bson:"_id"`
	ProposalID string `bson:"proposal_id"`
	Account    string `bson:"account"`
}

// fetch returns one proposal from the service's proposal store.
func (s *Service) fetch(ctx context.Context, villageID string, db *mongo.Database, id string) (Proposal, error) {
	return s.proposals.get(ctx, villageID, db, id)
}

// insert stores a new proposal.
func (s *Service) insert(ctx context.Context, villageID string, db *mongo.Database, p Proposal) error {
	return s.proposals.insert(ctx, villageID, db, p)
}

// modify is every update of a proposal: one single-document update whose
// filter carries the rule's condition (no match: mongo.ErrNoDocuments), with
// the revision counted up.
func (s *Service) modify(ctx context.Context, villageID string, db *mongo.Database, filter, update bson.M) (Proposal, error) {
	return s.proposals.modify(ctx, villageID, db, filter, update)
}

func load(ctx context.Context, db *mongo.Database, id string) (Proposal, error) {
	var p Proposal
	err := db.Collection(collProposals).FindOne(ctx, bson.M{"_id": id}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrNotFound
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("load proposal %s: %w", id, err)
	}
	return p, nil
}

// exists looks one document up by _id: a filter of only _id is the one the
// embedded store pushes down (a count would go through an aggregation).
func exists(ctx context.Context, coll *mongo.Collection, id string) (bool, error) {
	err := coll.FindOne(ctx, bson.M{"_id": id}, options.FindOne().SetProjection(bson.M{"_id": 1})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find %s in %s: %w", id, coll.Name(), err)
	}
	return true, nil
}
