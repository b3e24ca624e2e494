package vote

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Errors of proxy voting.
var (
	ErrProxyCap        = web.New(409, "proxy_cap", "受托人代投的人数已达上限", "The proxy holds as many entrustments as the provincial rule allows")
	ErrProxyExists     = web.New(409, "proxy_exists", "这位选民已经委托过别人", "This voter has already entrusted someone")
	ErrNoProxy         = web.New(403, "no_proxy", "没有这位选民给您的书面委托", "There is no written entrustment from this voter to you")
	ErrProxyIneligible = web.New(422, "proxy_ineligible", "委托人和受托人都必须是本次表决的选民", "Both the voter and the proxy must be eligible voters of this vote")
)

// ProxyRequest is a written entrustment, recorded by the secretary.
type ProxyRequest struct {
	Principal string `json:"principal" validate:"required,max=32"`
	Holder    string `json:"holder" validate:"required,max=32"`
	Relation  string `json:"relation" validate:"required,oneof=spouse parent child sibling grandparent grandchild"`
	// Evidence is the note of the written entrustment, or a link to its scan.
	Evidence string `json:"evidence" validate:"required,max=2000"`
	Witness  string `json:"witness" validate:"omitempty,max=64"`
}

type proxyCount struct {
	ID string `bson:"_id"`
	N  int    `bson:"n"`
}

// RecordProxy records an entrustment (Art. 15). The cap on entrustments one
// person holds is kept by a counter document updated only while below the
// cap, so two concurrent entrustments cannot both take the last place.
func (s *Service) RecordProxy(ctx context.Context, villageID, voteID, recordedBy string, in ProxyRequest) (Proxy, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Proxy{}, err
	}
	v := lv.snapshot()
	if v.Status != StatusOpen {
		return Proxy{}, ErrClosed
	}
	if in.Principal == in.Holder {
		return Proxy{}, ErrProxyIneligible
	}
	if _, ok := lv.voters[in.Principal]; !ok {
		return Proxy{}, ErrProxyIneligible
	}
	if _, ok := lv.voters[in.Holder]; !ok {
		return Proxy{}, ErrProxyIneligible
	}
	db := s.db(villageID)
	counter := db.Collection(collProxyCounts)
	countID := voteID + ":" + in.Holder
	_, err = counter.UpdateOne(ctx, bson.M{"_id": countID, "n": bson.M{"$lt": s.cfg.ProxyCap}},
		bson.M{"$inc": bson.M{"n": 1}}, options.Update().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		return Proxy{}, ErrProxyCap
	}
	if err != nil {
		return Proxy{}, fmt.Errorf("count proxies of %s: %w", in.Holder, err)
	}
	p := Proxy{ID: voteID + ":" + in.Principal, VoteID: voteID, Principal: in.Principal, Holder: in.Holder, Relation: in.Relation,
		Evidence: in.Evidence, Witness: in.Witness, RecordedBy: recordedBy, RecordedAt: s.now().UTC().Truncate(time.Millisecond)}
	if _, err := db.Collection(collProxies).InsertOne(ctx, p); err != nil {
		// Give the place back.
		_, _ = counter.UpdateOne(context.Background(), bson.M{"_id": countID}, bson.M{"$inc": bson.M{"n": -1}})
		if mongo.IsDuplicateKeyError(err) {
			return Proxy{}, ErrProxyExists
		}
		return Proxy{}, fmt.Errorf("record proxy: %w", err)
	}
	return p, nil
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
