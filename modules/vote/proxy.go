package vote

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"yishi/modules/web"
)

// ProxyRequest is a written entrustment, recorded by the secretary.
type ProxyRequest struct {
	Principal string `json:"principal" validate:"required,max=32"`
	Holder    string `json:"holder" validate:"required,max=32"`
	// Relation is the holder's to the principal: a close relative, a member
	// of the same household, or another villager (elections).
	Relation string `json:"relation" validate:"required,oneof=spouse parent child sibling grandparent grandchild household villager"`
	// Evidence is the note of the written entrustment, or a link to its scan.
	Evidence string `json:"evidence" validate:"required,max=2000"`
	Witness  string `json:"witness" validate:"omitempty,max=64"`
}

// RecordProxy records an entrustment under the vote's proxy rule
// (proxyrule.go); the cap rests on the holder's numbered places
// (proxyplaces.go).
func (s *Service) RecordProxy(ctx context.Context, villageID, voteID string, who web.Actor, in ProxyRequest) (Proxy, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Proxy{}, err
	}
	v := lv.snapshot()
	if v.Status != StatusOpen {
		return Proxy{}, ErrClosed
	}
	rule, err := s.ProxyRuleOf(ctx, v)
	if err != nil {
		return Proxy{}, err
	}
	principalHousehold, _ := lv.voters.household(in.Principal)
	holderHousehold, _ := lv.voters.household(in.Holder)
	if err := rule.Check(Entrustment{Principal: in.Principal, Holder: in.Holder, Relation: in.Relation,
		PrincipalHousehold: principalHousehold, HolderHousehold: holderHousehold,
		HolderIsCandidate: slices.Contains(v.Candidates, in.Holder)}); err != nil {
		return Proxy{}, err
	}
	db := s.db(villageID)
	now := s.now().UTC().Truncate(time.Millisecond)
	giveBack, err := TakeProxyPlace(ctx, db, "vote:"+voteID, in.Holder, in.Principal, rule.Cap, now, func(ctx context.Context, principal string) (bool, error) {
		err := s.checkProxy(ctx, villageID, voteID, principal, in.Holder)
		if errors.Is(err, ErrNoProxy) {
			return false, nil
		}
		return err == nil, err
	})
	if errors.Is(err, ErrPlacesTaken) {
		return Proxy{}, ProxyCapReached(rule)
	}
	if err != nil {
		return Proxy{}, err
	}
	p := Proxy{ID: voteID + ":" + in.Principal, VoteID: voteID, Principal: in.Principal, Holder: in.Holder, Relation: in.Relation,
		Evidence: in.Evidence, Witness: in.Witness, RecordedBy: who.AccountID, RecordedAt: now}
	if _, err := db.Collection(collProxies).InsertOne(ctx, p); err != nil {
		giveBack()
		if mongo.IsDuplicateKeyError(err) {
			return Proxy{}, ErrProxyExists
		}
		return Proxy{}, fmt.Errorf("record proxy: %w", err)
	}
	return p, s.write(ctx, villageID, who, "proxy.record", p.ID, p.Principal+"->"+p.Holder)
}

func (s *Service) checkProxy(ctx context.Context, villageID, voteID, principal, holder string) error {
	var p Proxy
	err := s.db(villageID).Collection(collProxies).FindOne(ctx, bson.M{"_id": voteID + ":" + principal}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) || err == nil && p.Holder != holder {
		return ErrNoProxy
	}
	if err != nil {
		return fmt.Errorf("find proxy: %w", err)
	}
	return nil
}

// Proxies lists who entrusted whom in a vote; the list is published with it.
func (s *Service) Proxies(ctx context.Context, villageID, voteID string) ([]Proxy, error) {
	if _, err := s.load(ctx, villageID, voteID); err != nil {
		return nil, err
	}
	cur, err := s.db(villageID).Collection(collProxies).Find(ctx, bson.M{"vote_id": voteID}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list proxies: %w", err)
	}
	out := []Proxy{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list proxies: %w", err)
	}
	return out, nil
}
