package vote

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

// MyVote tells a resident where they stand in a vote: whether they have
// voted, and for whom they hold entrustments and whether those are cast.
// Only the fact of voting is read, never a ballot's content.
type MyVote struct {
	Eligible bool            `json:"eligible"`
	Voted    bool            `json:"voted"`
	Proxies  map[string]bool `json:"proxies"` // principal → voted
}

// Mine answers "have I voted?" for a resident.
func (s *Service) Mine(ctx context.Context, villageID, voteID, residentNo string) (MyVote, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return MyVote{}, err
	}
	v := lv.snapshot()
	_, eligible := lv.voters.household(residentNo)
	out := MyVote{Eligible: eligible, Proxies: map[string]bool{}}
	if out.Voted, err = s.tookPart(ctx, v, residentNo); err != nil {
		return MyVote{}, err
	}
	cur, err := s.db(villageID).Collection(collProxies).Find(ctx, bson.M{"vote_id": voteID, "holder": residentNo})
	if err != nil {
		return MyVote{}, fmt.Errorf("find proxies held: %w", err)
	}
	var held []Proxy
	if err := cur.All(ctx, &held); err != nil {
		return MyVote{}, fmt.Errorf("find proxies held: %w", err)
	}
	for _, p := range held {
		if out.Proxies[p.Principal], err = s.tookPart(ctx, v, p.Principal); err != nil {
			return MyVote{}, err
		}
	}
	return out, nil
}

func (s *Service) tookPart(ctx context.Context, v Vote, voter string) (bool, error) {
	coll := ballotsColl(v.ID)
	if v.Secret {
		coll = turnoutColl(v.ID)
	}
	err := s.db(v.VillageID).Collection(coll).FindOne(ctx, bson.M{"_id": v.ID + ":" + voter}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find ballot of %s: %w", voter, err)
	}
	return true, nil
}

// Counts lists the hand-entered counts of an open or closed vote, for the
// people who enter and confirm them.
func (s *Service) Counts(ctx context.Context, villageID, voteID string) ([]ChannelEntry, error) {
	if _, err := s.load(ctx, villageID, voteID); err != nil {
		return nil, err
	}
	return s.channelEntries(ctx, villageID, voteID)
}
