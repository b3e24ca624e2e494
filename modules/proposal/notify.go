package proposal

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// Kinds of notification of this module (notify's kinds).
const (
	NotifyStep       = notify.KindProposalStep      // a step was completed
	NotifyCompleted  = notify.KindProposalCompleted // the last step was completed
	NotifyNotAdopted = notify.KindProposalRejected  // a vote or review did not pass
	NotifyThreshold  = notify.KindProposalThreshold // signatures reached the threshold
	NotifyEscalated  = notify.KindProposalEscalated // a hall topic went to the council
	NotifyComment    = notify.KindComment           // someone commented
	NotifyAmendment  = notify.KindAmendment         // someone proposed an amendment
	NotifyDecision   = notify.KindAmendmentDecided  // an amendment was accepted or rejected
)

func followID(proposalID, account string) string { return proposalID + "/" + account }

// follow makes the account follow the proposal; following twice is one
// follow. Proposers, co-signers and supporters follow automatically.
func (s *Service) follow(ctx context.Context, db *mongo.Database, proposalID, account string) {
	_, err := db.Collection(collFollows).UpdateOne(ctx, bson.M{"_id": followID(proposalID, account)},
		bson.M{"$setOnInsert": follow{ID: followID(proposalID, account), ProposalID: proposalID, Account: account}},
		options.Update().SetUpsert(true))
	if err != nil {
		s.log.Warn("follow", "proposal", proposalID, "err", err)
	}
}

// Follow makes the actor follow a proposal.
func (s *Service) Follow(ctx context.Context, villageID string, a web.Actor, id string) error {
	if _, err := s.Get(ctx, villageID, a, id); err != nil {
		return err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return err
	}
	_, err = db.Collection(collFollows).UpdateOne(ctx, bson.M{"_id": followID(id, a.AccountID)},
		bson.M{"$setOnInsert": follow{ID: followID(id, a.AccountID), ProposalID: id, Account: a.AccountID}},
		options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("follow %s: %w", id, err)
	}
	return s.write(ctx, villageID, a, "proposal.follow", id, "")
}

// Unfollow stops the actor following a proposal.
func (s *Service) Unfollow(ctx context.Context, villageID string, a web.Actor, id string) error {
	if _, err := s.Get(ctx, villageID, a, id); err != nil {
		return err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return err
	}
	if _, err := db.Collection(collFollows).DeleteOne(ctx, bson.M{"_id": followID(id, a.AccountID)}); err != nil {
		return fmt.Errorf("unfollow %s: %w", id, err)
	}
	return s.write(ctx, villageID, a, "proposal.unfollow", id, "")
}

func (s *Service) following(ctx context.Context, db *mongo.Database, id, account string) (bool, error) {
	return exists(ctx, db.Collection(collFollows), followID(id, account))
}

// notify tells the proposal's followers and its proposer (and any extra
// accounts) what happened, except the one who did it, through the one
// notification capability. key names the event within the proposal, so a
// retried request notifies nobody twice. A notification that fails to be
// written is logged, not fatal: the change it reports is made.
func (s *Service) notify(ctx context.Context, db *mongo.Database, villageID string, p Proposal, kind, key string, a web.Actor, st Step, extra ...string) {
	cur, err := db.Collection(collFollows).Find(ctx, bson.M{"proposal_id": p.ID})
	if err != nil {
		s.log.Warn("notify: followers", "proposal", p.ID, "err", err)
		return
	}
	var fs []follow
	if err := cur.All(ctx, &fs); err != nil {
		s.log.Warn("notify: followers", "proposal", p.ID, "err", err)
		return
	}
	to := append([]string{p.Proposer}, extra...)
	for _, f := range fs {
		to = append(to, f.Account)
	}
	// A step's kinds carry the step's name; a comment's, an amendment's and
	// a decision's the name of the one who wrote it.
	zh, en := st.NameZh, st.NameEn
	if zh == "" && en == "" {
		zh, en = a.Name, a.Name
	}
	e := notify.Event{Key: "proposal:" + p.ID + ":" + key, Kind: kind, Org: villageID, Recipients: to, Except: a.AccountID,
		Link:  notify.Link{View: "proposal", Params: map[string]string{"vid": villageID, "pid": p.ID}},
		Title: p.Title, DetailZh: zh, DetailEn: en, At: s.now()}
	if err := s.notifier.Send(ctx, e); err != nil {
		s.log.Warn("notify", "proposal", p.ID, "kind", kind, "err", err)
	}
}

// SetNotifier gives the service the notification capability; until then it
// notifies nobody.
func (s *Service) SetNotifier(n notify.Sender) { s.notifier = n }
