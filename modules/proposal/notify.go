package proposal

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Kinds of notification; the UI words each one from its i18n files.
const (
	NotifyStep       = "step"        // a step was completed
	NotifyCompleted  = "completed"   // the last step was completed
	NotifyNotAdopted = "not_adopted" // a vote or review did not pass
	NotifyThreshold  = "threshold"   // signatures reached the threshold
	NotifyEscalated  = "escalated"   // a hall topic went to the council
	NotifyComment    = "comment"     // someone commented
	NotifyAmendment  = "amendment"   // someone proposed an amendment
	NotifyDecision   = "decision"    // an amendment was accepted or rejected
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
func (s *Service) Follow(ctx context.Context, villageID string, a Actor, id string) error {
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
	return nil
}

// Unfollow stops the actor following a proposal.
func (s *Service) Unfollow(ctx context.Context, villageID string, a Actor, id string) error {
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
	return nil
}

func (s *Service) following(ctx context.Context, db *mongo.Database, id, account string) (bool, error) {
	return exists(ctx, db.Collection(collFollows), followID(id, account))
}

// notify tells the proposal's followers and its proposer (and any extra
// accounts) what happened, except the one who did it. A notification that
// fails to be written is logged, not fatal: the change it reports is made.
func (s *Service) notify(ctx context.Context, db *mongo.Database, p Proposal, kind string, a Actor, st Step, extra ...string) {
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
	to := map[string]bool{p.Proposer: true}
	for _, f := range fs {
		to[f.Account] = true
	}
	for _, e := range extra {
		to[e] = true
	}
	delete(to, a.AccountID)
	delete(to, "")
	now := s.now()
	docs := make([]any, 0, len(to))
	for acc := range to {
		docs = append(docs, Notification{ID: primitive.NewObjectID().Hex(), Account: acc, Kind: kind, ProposalID: p.ID,
			Title: p.Title, StepZh: st.NameZh, StepEn: st.NameEn, ActorName: a.Name, At: now})
	}
	if len(docs) == 0 {
		return
	}
	if _, err := db.Collection(collNotifications).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false)); err != nil {
		s.log.Warn("notify", "proposal", p.ID, "kind", kind, "err", err)
		return
	}
	for acc := range to {
		s.countUnread(ctx, db, acc, 1)
	}
}

// unreadCount is an account's count of unread notifications, kept beside
// them so the bell, asked on every page, reads one small document instead
// of counting through every notification of the village.
type unreadCount struct {
	Account string `bson:"_id"`
	Unread  int64  `bson:"unread"`
}

func (s *Service) countUnread(ctx context.Context, db *mongo.Database, account string, delta int64) {
	_, err := db.Collection(collUnread).UpdateOne(ctx, bson.M{"_id": account}, bson.M{"$inc": bson.M{"unread": delta}},
		options.Update().SetUpsert(true))
	if err != nil {
		s.log.Warn("count unread notifications", "account", account, "err", err)
	}
}

// Notifications returns the actor's latest notifications, newest first.
func (s *Service) Notifications(ctx context.Context, villageID string, a Actor, limit int64) ([]Notification, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collNotifications).Find(ctx, bson.M{"account": a.AccountID},
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	out := []Notification{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return out, nil
}

// Unread counts the actor's unread notifications, for the bell.
func (s *Service) Unread(ctx context.Context, villageID string, a Actor) (int64, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return 0, err
	}
	var c unreadCount
	err = db.Collection(collUnread).FindOne(ctx, bson.M{"_id": a.AccountID}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return max(c.Unread, 0), nil
}

// MarkReadInput names notifications to mark read, or all of them.
type MarkReadInput struct {
	IDs []string `json:"ids" validate:"max=100,dive,len=24,hexadecimal"`
	All bool     `json:"all"`
}

// MarkRead marks the actor's notifications read; others' are untouched.
func (s *Service) MarkRead(ctx context.Context, villageID string, a Actor, in MarkReadInput) (int64, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return 0, err
	}
	filter := bson.M{"account": a.AccountID, "read": false}
	if !in.All {
		if len(in.IDs) == 0 {
			return 0, invalid("ids", "请指明要标为已读的提醒，或选择全部", "name the notifications, or choose all")
		}
		filter["_id"] = bson.M{"$in": in.IDs}
	}
	res, err := db.Collection(collNotifications).UpdateMany(ctx, filter, bson.M{"$set": bson.M{"read": true}})
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	// Exactly the notifications this update turned read are taken off, so
	// one arriving meanwhile is still counted.
	if res.ModifiedCount > 0 {
		s.countUnread(ctx, db, a.AccountID, -res.ModifiedCount)
	}
	return res.ModifiedCount, nil
}
