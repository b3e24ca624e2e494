package proposal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/web"
)

// CommentInput is a comment, or a reply to a top-level comment.
type CommentInput struct {
	Body     string `json:"body" validate:"required,max=2000"`
	ParentID string `json:"parent_id" validate:"omitempty,len=24,hexadecimal"`
}

var (
	errNestedReply     = invalid("parent_id", "只能回复一级评论，不能回复回复", "replies go to a top-level comment, not to a reply")
	errNoParent        = invalid("parent_id", "找不到要回复的评论", "no such comment on this proposal")
	errDraftDiscussion = web.New(409, "not_open", "草稿还没有提交，不能讨论", "A draft cannot be discussed before it is submitted")
)

// AddComment adds a comment to a submitted proposal or a topic. Threads are
// one level deep: a reply names a top-level comment.
func (s *Service) AddComment(ctx context.Context, v org.Org, a web.Actor, id string, in CommentInput) (Comment, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Comment{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Comment{}, err
	}
	if p.Status == StatusDraft {
		return Comment{}, errDraftDiscussion
	}
	in.Body = strings.TrimSpace(in.Body)
	if in.Body == "" {
		return Comment{}, invalid("body", "必须填写", "is required")
	}
	if in.ParentID != "" {
		var parent Comment
		err := db.Collection(collComments).FindOne(ctx, bson.M{"_id": in.ParentID, "proposal_id": id}).Decode(&parent)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return Comment{}, errNoParent
		}
		if err != nil {
			return Comment{}, fmt.Errorf("find parent comment: %w", err)
		}
		if parent.ParentID != "" {
			return Comment{}, errNestedReply
		}
	}
	c := Comment{ID: primitive.NewObjectID().Hex(), ProposalID: id, ParentID: in.ParentID, Author: a.AccountID,
		AuthorName: a.Name, Body: in.Body, At: s.now()}
	if _, err := db.Collection(collComments).InsertOne(ctx, c); err != nil {
		return Comment{}, fmt.Errorf("add comment: %w", err)
	}
	if _, err := s.modify(ctx, v.ID, db, bson.M{"_id": id},
		bson.M{"$inc": bson.M{"comment_count": 1}, "$set": bson.M{"activity_at": c.At}}); err != nil {
		return Comment{}, fmt.Errorf("count comment: %w", err)
	}
	s.notify(ctx, db, v.ID, p, NotifyComment, "comment:"+c.ID, a, Step{})
	return c, s.write(ctx, v.ID, a, "comment.create", c.ID, c.ProposalID)
}

// Comments returns a proposal's comments as threads, oldest first.
func (s *Service) Comments(ctx context.Context, villageID string, a web.Actor, id string) ([]Comment, error) {
	if _, err := s.Get(ctx, villageID, a, id); err != nil {
		return nil, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collComments).Find(ctx, bson.M{"proposal_id": id},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	var all []Comment
	if err := cur.All(ctx, &all); err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	out := []Comment{}
	index := map[string]int{}
	for _, c := range all {
		if c.ParentID == "" {
			index[c.ID] = len(out)
			out = append(out, c)
		}
	}
	for _, c := range all {
		if i, ok := index[c.ParentID]; ok {
			out[i].Replies = append(out[i].Replies, c)
		}
	}
	return out, nil
}

// AmendmentInput proposes a change to a proposal.
type AmendmentInput struct {
	Text string `json:"text" validate:"required,max=2000"`
}

// DecisionInput accepts or rejects an amendment.
type DecisionInput struct {
	Accept *bool  `json:"accept" validate:"required"`
	Note   string `json:"note" validate:"max=1000"`
}

var (
	errAmendmentsClosed = web.New(409, "amendments_closed", "议题已经表决或办结，不能再提修改意见", "The proposal has been voted on or closed; no more amendments")
	errAlreadyDecided   = web.New(409, "already_decided", "这条修改意见已经处理过了", "This amendment was already decided")
	errNoAmendment      = web.New(404, "amendment_not_found", "找不到这条修改意见", "No such amendment")
)

// amendable says whether amendments are open: the proposal is in its flow
// and has not passed its vote step.
func amendable(p Proposal) bool {
	if p.Kind != KindProposal || (p.Status != StatusSubmitted && p.Status != StatusInProgress) {
		return false
	}
	for i, st := range p.Flow.Steps {
		if st.Kind == "vote" {
			return p.Current.Index <= i
		}
	}
	return true
}

// AddAmendment records a proposed change, for the proposer to decide.
func (s *Service) AddAmendment(ctx context.Context, v org.Org, a web.Actor, id string, in AmendmentInput) (Amendment, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Amendment{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Amendment{}, err
	}
	if p.Status == StatusDraft {
		return Amendment{}, errDraftDiscussion
	}
	if !amendable(p) {
		return Amendment{}, errAmendmentsClosed
	}
	in.Text = strings.TrimSpace(in.Text)
	if in.Text == "" {
		return Amendment{}, invalid("text", "必须填写", "is required")
	}
	am := Amendment{ID: primitive.NewObjectID().Hex(), ProposalID: id, Author: a.AccountID, AuthorName: a.Name,
		Text: in.Text, Status: AmendmentPending, At: s.now()}
	if _, err := db.Collection(collAmendments).InsertOne(ctx, am); err != nil {
		return Amendment{}, fmt.Errorf("add amendment: %w", err)
	}
	if err := s.savedAmendment(ctx, v.ID, db, am); err != nil {
		return Amendment{}, err
	}
	if _, err := s.modify(ctx, v.ID, db, bson.M{"_id": id}, bson.M{"$set": bson.M{"activity_at": am.At}}); err != nil {
		return Amendment{}, fmt.Errorf("touch proposal: %w", err)
	}
	s.notify(ctx, db, v.ID, p, NotifyAmendment, "amendment:"+am.ID, a, Step{})
	return am, s.write(ctx, v.ID, a, "amendment.create", am.ID, am.ProposalID)
}

// DecideAmendment is the proposer accepting or rejecting an amendment, once.
// The decision goes into the proposal's history.
func (s *Service) DecideAmendment(ctx context.Context, v org.Org, a web.Actor, id, amendmentID string, in DecisionInput) (Amendment, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Amendment{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Amendment{}, err
	}
	if p.Proposer != a.AccountID {
		return Amendment{}, ErrNotProposer
	}
	if !amendable(p) {
		return Amendment{}, errAmendmentsClosed
	}
	status := AmendmentRejected
	if *in.Accept {
		status = AmendmentAccepted
	}
	now := s.now()
	var am Amendment
	err = db.Collection(collAmendments).FindOneAndUpdate(ctx,
		bson.M{"_id": amendmentID, "proposal_id": id, "status": AmendmentPending},
		bson.M{"$set": bson.M{"status": status, "decided_by": a.AccountID, "decided_at": now, "note": in.Note}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&am)
	if errors.Is(err, mongo.ErrNoDocuments) {
		n, cerr := db.Collection(collAmendments).CountDocuments(ctx, bson.M{"_id": amendmentID, "proposal_id": id})
		if cerr == nil && n == 0 {
			return Amendment{}, errNoAmendment
		}
		return Amendment{}, errAlreadyDecided
	}
	if err != nil {
		return Amendment{}, fmt.Errorf("decide amendment: %w", err)
	}
	if err := s.savedAmendment(ctx, v.ID, db, am); err != nil {
		return Amendment{}, err
	}
	step := ""
	if p.Current != nil {
		step = p.Current.Key
	}
	if _, err := s.modify(ctx, v.ID, db, bson.M{"_id": id}, bson.M{
		"$set":  bson.M{"activity_at": now},
		"$push": bson.M{"history": HistoryEntry{Step: step, Action: "amendment_" + status, Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now, Note: am.Text}}}); err != nil {
		return Amendment{}, fmt.Errorf("record amendment decision: %w", err)
	}
	s.notify(ctx, db, v.ID, p, NotifyDecision, "amendment_decided:"+am.ID, a, Step{}, am.Author)
	return am, s.write(ctx, v.ID, a, "amendment.decide", am.ID, am.Status)
}

// savedAmendment tells the proposal store of a written amendment.
func (s *Service) savedAmendment(ctx context.Context, villageID string, db *mongo.Database, am Amendment) error {
	return s.proposals.savedAmendment(ctx, villageID, db, am)
}

// Amendments lists a proposal's amendments, oldest first.
func (s *Service) Amendments(ctx context.Context, villageID string, id string) ([]Amendment, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	return s.proposals.amendments(ctx, villageID, db, id)
}
