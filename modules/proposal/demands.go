package proposal

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
)

// Demands are the proposals whose co-signatures obliged the committee to
// convene a meeting, each with its obligation. They are read from the
// confirmed threshold markers, which decide the obligation on every store
// (the document's copy is a cache).
func (s *Service) Demands(ctx context.Context, villageID string) ([]Proposal, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collMarkers).Find(ctx, bson.M{"confirmed": true, "obligation": bson.M{"$exists": true}})
	if err != nil {
		return nil, fmt.Errorf("read demands to convene in %s: %w", villageID, err)
	}
	var ms []marker
	if err := cur.All(ctx, &ms); err != nil {
		return nil, fmt.Errorf("read demands to convene in %s: %w", villageID, err)
	}
	out := make([]Proposal, 0, len(ms))
	for _, m := range ms {
		if m.Obligation == nil || m.Obligation.Meeting == PetitionAudit {
			continue // an audit is the street's to organise (petitions.go)
		}
		p, err := s.fetch(ctx, villageID, db, m.ProposalID)
		if err != nil {
			return nil, fmt.Errorf("demand %s: %w", m.ID, err)
		}
		p.Obligation = m.Obligation
		out = append(out, p)
	}
	return out, nil
}
