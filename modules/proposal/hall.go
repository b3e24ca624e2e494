package proposal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// TopicInput is a topic a resident raises in the hall.
type TopicInput struct {
	Title    string `json:"title" validate:"required,max=120"`
	Body     string `json:"body" validate:"max=10000"`
	Category string `json:"category" validate:"omitempty,max=32"`
}

var (
	errNoHall    = web.New(409, "no_hall", "本村还没有设立议事堂", "The village has no deliberation hall")
	errNoCouncil = web.New(409, "no_council", "本村还没有设立议事会，话题无法提交", "The village has no council to put the topic to")
)

func (s *Service) bodyOfKind(ctx context.Context, villageID, kind string) (org.Body, bool, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return org.Body{}, false, err
	}
	for _, b := range bodies {
		if b.Kind == kind {
			return b, true, nil
		}
	}
	return org.Body{}, false, nil
}

// RaiseTopic opens a hall topic at once (the hall has no drafts) and
// freezes its support threshold from today's register.
func (s *Service) RaiseTopic(ctx context.Context, v org.Org, a web.Actor, in TopicInput) (Proposal, error) {
	if _, err := s.resident(ctx, v, a); err != nil {
		return Proposal{}, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return Proposal{}, invalid("title", "必须填写", "is required")
	}
	if in.Category == "" {
		in.Category = "other"
	}
	cat, ok := CategoryByKey(in.Category)
	if !ok {
		return Proposal{}, invalid("category", "没有这个类别", "is not a known category")
	}
	hall, ok, err := s.bodyOfKind(ctx, v.ID, org.BodyHall)
	if err != nil {
		return Proposal{}, err
	}
	if !ok {
		return Proposal{}, errNoHall
	}
	flow, err := s.CurrentFlow(ctx, v.ID, FlowHall)
	if err != nil {
		return Proposal{}, err
	}
	th, err := s.hallThreshold(ctx, v)
	if err != nil {
		return Proposal{}, err
	}
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	now := s.now()
	p := Proposal{ID: primitive.NewObjectID().Hex(), Kind: KindTopic, BodyID: hall.ID, BodyKind: hall.Kind,
		Title: in.Title, Body: in.Body, Category: in.Category, Art24: cat.Art24, FlowKey: FlowHall, Status: StatusOpen,
		Proposer: a.AccountID, ProposerNo: a.ResidentNo, ProposerName: a.Name, Flow: &flow, Current: currentOf(flow, 1),
		Threshold: th, Links: []Link{}, Files: []Attachment{}, CreatedAt: now, SubmittedAt: now, ActivityAt: now,
		History: []HistoryEntry{{Step: flow.Steps[0].Key, Action: "raise", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now}}}
	if err := s.insert(ctx, v.ID, db, p); err != nil {
		return Proposal{}, fmt.Errorf("raise topic: %w", err)
	}
	s.follow(ctx, db, p.ID, a.AccountID)
	return p, s.write(ctx, v.ID, a, "topic.create", p.ID, p.Title)
}

// Escalate puts a topic that has reached its threshold to the council. It is
// what the support reaching the threshold does; the secretary calls it
// again only if that was interrupted, and it is safe to repeat.
func (s *Service) Escalate(ctx context.Context, v org.Org, a web.Actor, id string) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Kind != KindTopic {
		return Proposal{}, ErrWrongKind
	}
	if _, ok := reachedRoute(p); !ok {
		return Proposal{}, ErrThresholdNotMet
	}
	if !p.SignaturesLocked {
		p, err = s.lock(ctx, v, db, p, a)
	} else {
		p, err = s.escalate(ctx, v, db, p, a)
	}
	return s.wrote(ctx, v.ID, a, "topic.escalate", p, err)
}

// escalate puts the topic to the council once: the escalation marker (a
// unique insert) names the council proposal the topic becomes, whoever
// inserts it first; the topic then records it and the proposal is created
// under that ID. If the creation was interrupted, a later call finds the
// marker and creates it.
func (s *Service) escalate(ctx context.Context, v org.Org, db *mongo.Database, t Proposal, a web.Actor) (Proposal, error) {
	council, ok, err := s.bodyOfKind(ctx, v.ID, org.BodyCouncil)
	if err != nil {
		return Proposal{}, err
	}
	if !ok {
		return Proposal{}, errNoCouncil
	}
	now := s.now()
	if t.EscalatedTo == "" {
		newID := primitive.NewObjectID().Hex()
		m := marker{ID: escalationMarker(t.ID), ProposalID: t.ID, At: now, Confirmed: true, To: newID,
			History: &HistoryEntry{Step: t.Flow.Steps[len(t.Flow.Steps)-1].Key, Action: "escalate",
				Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now, Note: newID}}
		if _, err := db.Collection(collMarkers).InsertOne(ctx, m); store.IsDuplicate(err) {
			held, err := readMarker(ctx, db, m.ID)
			if err != nil || held == nil {
				return Proposal{}, fmt.Errorf("read escalation of topic %s: %v", t.ID, err)
			}
			m = *held
		} else if err != nil {
			return Proposal{}, fmt.Errorf("escalate topic %s: %w", t.ID, err)
		}
		out, err := s.modify(ctx, v.ID, db,
			bson.M{"_id": t.ID, "escalated_to": bson.M{"$exists": false}},
			bson.M{"$set": bson.M{"escalated_to": m.To, "status": StatusEscalated, "current": currentOf(*t.Flow, len(t.Flow.Steps)), "activity_at": now},
				"$push": bson.M{"history": *m.History}})
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			if t, err = s.fetch(ctx, v.ID, db, t.ID); err != nil {
				return Proposal{}, err
			}
		case err != nil:
			return Proposal{}, fmt.Errorf("escalate topic %s: %w", t.ID, err)
		default:
			t = out
		}
		t.EscalatedTo = m.To // the marker decides, whatever the document shows yet
	}
	if _, err := s.fetch(ctx, v.ID, db, t.EscalatedTo); err == nil {
		return t, nil // created already
	} else if !errors.Is(err, ErrNotFound) {
		return Proposal{}, err
	}
	key := FlowMinor
	if t.Art24 {
		key = FlowFourPlusTwo
	}
	flow, err := s.CurrentFlow(ctx, v.ID, key)
	if err != nil {
		return Proposal{}, err
	}
	history := make([]HistoryEntry, 0, len(t.History)+1)
	for _, h := range t.History {
		h.Topic = t.ID
		history = append(history, h)
	}
	history = append(history, HistoryEntry{Step: flow.Steps[0].Key, Action: "escalated_from_topic", Actor: a.AccountID,
		ActorName: a.Name, Role: a.Role, At: now, Note: t.ID})
	p := Proposal{ID: t.EscalatedTo, Kind: KindProposal, BodyID: council.ID, BodyKind: council.Kind, Title: t.Title, Body: t.Body,
		Category: t.Category, Art24: t.Art24, FlowKey: key, Status: StatusSubmitted, Proposer: t.Proposer, ProposerNo: t.ProposerNo,
		ProposerName: t.ProposerName, Flow: &flow, Current: currentOf(flow, 0), History: history, Links: nonNil(t.Links), Files: []Attachment{},
		FromTopic: t.ID, CreatedAt: now, SubmittedAt: now, ActivityAt: now}
	err = s.insert(ctx, v.ID, db, p)
	if err != nil && !store.IsDuplicate(err) {
		return Proposal{}, fmt.Errorf("create council proposal from topic %s: %w", t.ID, err)
	}
	created := err == nil // the one request that creates it tells the followers
	// Whoever followed the topic follows the proposal it became.
	cur, err := db.Collection(collFollows).Find(ctx, bson.M{"proposal_id": t.ID})
	if err == nil {
		var fs []follow
		if cur.All(ctx, &fs) == nil {
			for _, f := range fs {
				s.follow(ctx, db, p.ID, f.Account)
			}
		}
	}
	if created {
		s.notify(ctx, db, v.ID, t, NotifyEscalated, "escalated", a, Step{})
	}
	return t, nil
}
