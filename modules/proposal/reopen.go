package proposal

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"yishi/modules/web"
)

// ErrNoSuchStep: the correction order names a step the proposal's flow does
// not have, or one it has not reached.
var ErrNoSuchStep = invalid("reopen_step", "议题的流程里没有这一步，或者还没有走到这一步", "is not a step of the proposal's flow that it has reached")

// Reopen must be called on the Service that serves the proposal routes: on
// the embedded store that instance caches proposals and sees only its own
// writes.
//
// Reopen moves a proposal back to an earlier step of its flow after the
// street returned its outcome with a correction order (V2026 Art. 31 ¶3). An empty
// step means the flow's vote step: the village decides again. The history
// keeps everything before; the order is recorded as the reason.
func (s *Service) Reopen(ctx context.Context, villageID, id, step string, a web.Actor, reason string) (Proposal, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.fetch(ctx, villageID, db, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Flow == nil || p.Current == nil || p.Status == StatusDraft {
		return Proposal{}, ErrNotOpen
	}
	target := -1
	for i, st := range p.Flow.Steps {
		if step == "" && st.Kind == "vote" || step != "" && st.Key == step {
			target = i
			break
		}
	}
	if target < 0 || target > p.Current.Index {
		return Proposal{}, ErrNoSuchStep
	}
	now := s.now()
	entry := HistoryEntry{Step: p.Flow.Steps[target].Key, Action: "reopened", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now, Note: reason}
	out, err := s.modify(ctx, villageID, db,
		bson.M{"_id": id, "status": p.Status, "current.index": p.Current.Index},
		bson.M{"$set": bson.M{"current": currentOf(*p.Flow, target), "status": StatusInProgress, "activity_at": now},
			"$push": bson.M{"history": entry}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrChanged
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("reopen proposal %s: %w", id, err)
	}
	return out, nil
}
