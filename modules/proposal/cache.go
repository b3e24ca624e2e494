package proposal

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"yishi/modules/web"
)

// villageCache keeps a village's proposals in memory, for the embedded store
// only. That store pushes no filter or sort down (not even _id equality uses
// an index), so listing 2,000 proposals decodes all of them: over a second.
// The embedded store lives inside this process, so every write to it goes
// through this service, which puts the written document here: the cache is
// exact, not a guess with a TTL. Against a real MongoDB (possibly several
// app instances) it is off and reads use the indexes.
//
// Documents carry a revision counted up by every update, so of two racing
// writers the later state wins here whatever order they report in.
type villageCache struct {
	mu       sync.Mutex
	villages map[string]*cachedVillage
}

type cachedVillage struct {
	once       sync.Once
	err        error
	mu         sync.RWMutex
	byID       map[string]Proposal
	amendments map[string][]Amendment // by proposal, oldest first
	flows      map[string]*Flow       // shared copies, see compactLocked
}

func newVillageCache() *villageCache {
	return &villageCache{villages: map[string]*cachedVillage{}}
}

// village returns the village's proposals, loading them with one scan the
// first time.
func (c *villageCache) village(ctx context.Context, db *mongo.Database, villageID string) (*cachedVillage, error) {
	c.mu.Lock()
	v, ok := c.villages[villageID]
	if !ok {
		v = &cachedVillage{byID: map[string]Proposal{}, amendments: map[string][]Amendment{}, flows: map[string]*Flow{}}
		c.villages[villageID] = v
	}
	c.mu.Unlock()
	v.once.Do(func() {
		cur, err := db.Collection(collProposals).Find(ctx, bson.M{})
		if err != nil {
			v.err = fmt.Errorf("load proposals: %w", err)
			return
		}
		var all []Proposal
		if err := cur.All(ctx, &all); err != nil {
			v.err = fmt.Errorf("load proposals: %w", err)
			return
		}
		cur, err = db.Collection(collAmendments).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
		if err != nil {
			v.err = fmt.Errorf("load amendments: %w", err)
			return
		}
		var ams []Amendment
		if err := cur.All(ctx, &ams); err != nil {
			v.err = fmt.Errorf("load amendments: %w", err)
			return
		}
		v.mu.Lock()
		for _, p := range all {
			v.putLocked(p)
		}
		for _, a := range ams {
			v.putAmendmentLocked(a)
		}
		v.mu.Unlock()
	})
	if v.err != nil {
		// A failed load is retried by the next request.
		c.mu.Lock()
		if c.villages[villageID] == v {
			delete(c.villages, villageID)
		}
		c.mu.Unlock()
		return nil, v.err
	}
	return v, nil
}

func (v *cachedVillage) putLocked(p Proposal) {
	if old, ok := v.byID[p.ID]; ok && old.Rev > p.Rev {
		return
	}
	v.compactLocked(&p)
	v.byID[p.ID] = p
}

func (v *cachedVillage) put(p Proposal) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.putLocked(p)
}

// putAmendmentLocked adds an amendment or records its decision; a decided
// amendment never goes back to pending.
func (v *cachedVillage) putAmendmentLocked(a Amendment) {
	list := v.amendments[a.ProposalID]
	for i, old := range list {
		if old.ID == a.ID {
			if old.Status == AmendmentPending {
				list[i] = a
			}
			return
		}
	}
	v.amendments[a.ProposalID] = append(list, a)
}

func (v *cachedVillage) putAmendment(a Amendment) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.putAmendmentLocked(a)
}

func (v *cachedVillage) amendmentsOf(proposalID string) []Amendment {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return append([]Amendment{}, v.amendments[proposalID]...)
}

func (v *cachedVillage) get(id string) (Proposal, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	p, ok := v.byID[id]
	return p, ok
}

// list is List over the cache: the same filters and orders as the query.
func (v *cachedVillage) list(a web.Actor, in ListInput) []Proposal {
	v.mu.RLock()
	out := make([]Proposal, 0, len(v.byID))
	for _, p := range v.byID {
		if p.Kind != in.Kind || (p.Status == StatusDraft && p.Proposer != a.AccountID) ||
			(in.BodyID != "" && p.BodyID != in.BodyID) || (in.Status != "" && p.Status != in.Status) ||
			(in.Category != "" && p.Category != in.Category) {
			continue
		}
		out = append(out, listed(p))
	}
	v.mu.RUnlock()
	byActivity := func(x, y Proposal) int {
		if c := y.ActivityAt.Compare(x.ActivityAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	}
	switch in.Sort {
	case "support":
		slices.SortFunc(out, func(x, y Proposal) int {
			if x.Counts.Signatures != y.Counts.Signatures {
				return y.Counts.Signatures - x.Counts.Signatures
			}
			return byActivity(x, y)
		})
	case "created":
		slices.SortFunc(out, func(x, y Proposal) int {
			if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(y.ID, x.ID)
		})
	default:
		slices.SortFunc(out, byActivity)
	}
	return out
}

// search is Search over the cache: title or text matching, latest activity first.
func (v *cachedVillage) search(a web.Actor, re *regexp.Regexp) []Proposal {
	v.mu.RLock()
	out := []Proposal{}
	for _, p := range v.byID {
		if (p.Status != StatusDraft || p.Proposer == a.AccountID) && (re.MatchString(p.Title) || re.MatchString(p.Body)) {
			out = append(out, listed(p))
		}
	}
	v.mu.RUnlock()
	slices.SortFunc(out, func(x, y Proposal) int {
		if c := y.ActivityAt.Compare(x.ActivityAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	return out
}

// listed is a proposal as lists show it: without what listProjection leaves out.
func listed(p Proposal) Proposal {
	p.Body, p.History, p.Flow = "", nil, nil
	return p
}
