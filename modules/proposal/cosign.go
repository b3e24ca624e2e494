package proposal

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// What a threshold route counts among the signatures, and what its base
// counts in the register.
const (
	countSignatures      = "signatures"
	countAdults          = "adults"
	countHouseholdHeads  = "household_heads"
	countRepresentatives = "representatives"

	ofAdults          = "adults"
	ofHouseholds      = "households"
	ofRepresentatives = "representatives"
)

// rule is "Num/Den or more of the base": met when den*x >= num*n (以上
// includes the number itself), with at least one signature. No floats.
// cite is the provision as modules/law reads it; basisZh and basisEn say the
// rule in words, led by the citation.
type rule struct {
	counts, of       string
	num, den         int
	cite             string
	basisZh, basisEn string
}

func (r rule) met(x, n int) bool { return x >= 1 && r.den*x >= r.num*n }

// required is the smallest x that meets the rule for a base of n.
func (r rule) required(n int) int {
	x := (r.num*n + r.den - 1) / r.den
	if x < 1 {
		x = 1
	}
	return x
}

// conveneRules is the one table of who may demand that a meeting be
// convened (domain.md section 2). Reaching any route of a meeting is enough.
// The representatives' routes count only where the village keeps its
// representatives as a body with ID "representatives".
var conveneRules = map[string][]rule{
	MeetingVillagers: {
		{countAdults, ofAdults, 1, 10, "V2026 Art. 25 ¶2", "村委会组织法2026年版第二十五条第二款：十分之一以上年满十八周岁的村民提议", "V2026 Art. 25 ¶2: 1/10 of villagers aged 18+"},
		{countRepresentatives, ofRepresentatives, 1, 3, "V2026 Art. 25 ¶2", "村委会组织法2026年版第二十五条第二款：三分之一以上的村民代表提议", "V2026 Art. 25 ¶2: 1/3 of representatives"},
	},
	MeetingRepresentatives: {
		{countRepresentatives, ofRepresentatives, 1, 5, "V2026 Art. 30 ¶1", "村委会组织法2026年版第三十条第一款：五分之一以上的村民代表提议", "V2026 Art. 30 ¶1: 1/5 of representatives"},
	},
	// U2026 Art. 26 ¶2 lowered the 2018 fifth to a tenth, and added the
	// residents' representatives' route.
	MeetingResidents: {
		{countAdults, ofAdults, 1, 10, "U2026 Art. 26 ¶2", "居委会组织法2026年版第二十六条第二款：十分之一以上年满十八周岁的居民提议", "U2026 Art. 26 ¶2: 1/10 of residents aged 18+"},
		{countHouseholdHeads, ofHouseholds, 1, 10, "U2026 Art. 26 ¶2", "居委会组织法2026年版第二十六条第二款：十分之一以上户的代表提议", "U2026 Art. 26 ¶2: 1/10 of household representatives"},
		{countRepresentatives, ofRepresentatives, 1, 3, "U2026 Art. 26 ¶2", "居委会组织法2026年版第二十六条第二款：三分之一以上的居民代表提议", "U2026 Art. 26 ¶2: 1/3 of residents' representatives"},
	},
}

// hallRule is the hall's support threshold (domain.md section 7): 10
// residents or 1/10 of residents aged 18+, whichever is smaller.
var hallRule = rule{countSignatures, ofAdults, 1, 10, "V2026 Art. 33 ¶1", "议事堂：10名居民或十八周岁以上居民的十分之一支持，取较小者", "Hall: 10 residents or 1/10 of residents aged 18+, whichever is smaller"}

const hallCap = 10

// HallRequired is the number of supporters that puts a topic to the council
// in a village with adults residents aged 18+.
func HallRequired(adults int) int {
	return min(hallCap, hallRule.required(adults))
}

// DefaultConveneDeadlineDays is how long a village has to convene a meeting
// once a demand reaches its threshold. National law names no number; 30 days
// is the outer bound we allow, and a village may only shorten it.
const DefaultConveneDeadlineDays = 30

// registerCounts are the bases of the thresholds, from the register of a day.
type registerCounts struct {
	adults, households, representatives int
}

func (s *Service) registerCounts(ctx context.Context, v org.Org, day time.Time) (registerCounts, error) {
	rs, err := s.orgs.Residents(ctx, v.ID)
	if err != nil {
		return registerCounts{}, err
	}
	var c registerCounts
	households := map[string]bool{}
	for _, r := range rs {
		if age, ok := org.AgeOn(r.BirthDate, day); ok && age >= 18 {
			c.adults++
		}
		households[r.HouseholdNo] = true
	}
	c.households = len(households)
	reps, err := s.representatives(ctx, v.ID)
	if err != nil {
		return registerCounts{}, err
	}
	c.representatives = len(reps)
	return c, nil
}

// representatives are the resident numbers of the representatives' body.
func (s *Service) representatives(ctx context.Context, villageID string) (map[string]bool, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, b := range bodies {
		if b.ID == RepresentativesBody {
			for _, m := range b.Members {
				out[m.ResidentNo] = true
			}
		}
	}
	return out, nil
}

func (c registerCounts) of(what string) int {
	switch what {
	case ofAdults:
		return c.adults
	case ofHouseholds:
		return c.households
	case ofRepresentatives:
		return c.representatives
	}
	return 0
}

// conveneThreshold freezes a demand's threshold from today's register.
func (s *Service) conveneThreshold(ctx context.Context, v org.Org, meeting string) (*Threshold, error) {
	c, err := s.registerCounts(ctx, v, s.now())
	if err != nil {
		return nil, err
	}
	th := &Threshold{Meeting: meeting, Routes: []Route{}}
	for _, r := range conveneRules[meeting] {
		n := c.of(r.of)
		if r.of == ofRepresentatives && n == 0 {
			continue // no representatives' body: this route does not exist here
		}
		th.Routes = append(th.Routes, Route{Counts: r.counts, Of: r.of, Base: n, Num: r.num, Den: r.den,
			Required: r.required(n), BasisZh: r.basisZh, BasisEn: r.basisEn})
	}
	if len(th.Routes) == 0 {
		return nil, ErrNoRepresentative
	}
	return th, nil
}

// hallThreshold freezes a topic's support threshold from today's register;
// a village may lower it, never raise it.
func (s *Service) hallThreshold(ctx context.Context, v org.Org) (*Threshold, error) {
	c, err := s.registerCounts(ctx, v, s.now())
	if err != nil {
		return nil, err
	}
	set, err := s.Settings(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	req := HallRequired(c.adults)
	if set.HallSupportThreshold > 0 && set.HallSupportThreshold < req {
		req = set.HallSupportThreshold
	}
	return &Threshold{Meeting: "council", Routes: []Route{{Counts: countSignatures, Of: ofAdults, Base: c.adults,
		Num: hallRule.num, Den: hallRule.den, Required: req, BasisZh: hallRule.basisZh, BasisEn: hallRule.basisEn}}}, nil
}

// reachedRoute returns the first route whose count meets its requirement.
func reachedRoute(p Proposal) (Route, bool) {
	if p.Threshold == nil {
		return Route{}, false
	}
	for _, r := range p.Threshold.Routes {
		if countOf(p.Counts, r.Counts) >= r.Required {
			return r, true
		}
	}
	return Route{}, false
}

func countOf(c Counts, what string) int {
	switch what {
	case countSignatures:
		return c.Signatures
	case countAdults:
		return c.Adults
	case countHouseholdHeads:
		return c.HouseholdHeads
	case countRepresentatives:
		return c.Representatives
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func signatureID(proposalID, residentNo string) string { return proposalID + "/" + residentNo }

func (sig Signature) inc(sign int) bson.M {
	return bson.M{
		"counts." + countSignatures:      sign,
		"counts." + countAdults:          sign * b2i(sig.Adult),
		"counts." + countHouseholdHeads:  sign * b2i(sig.HouseholdHead),
		"counts." + countRepresentatives: sign * b2i(sig.Representative),
	}
}

// Cosign adds the actor's co-signature to a proposal.
func (s *Service) Cosign(ctx context.Context, v org.Org, a web.Actor, id string) (Proposal, error) {
	p, err := s.sign(ctx, v, a, id, KindProposal, false)
	return s.wrote(ctx, v.ID, a, "proposal.cosign", p, err)
}

// Support adds the actor's support to a hall topic; the support that reaches
// the threshold puts the topic to the council.
func (s *Service) Support(ctx context.Context, v org.Org, a web.Actor, id string) (Proposal, error) {
	p, err := s.sign(ctx, v, a, id, KindTopic, false)
	return s.wrote(ctx, v.ID, a, "topic.support", p, err)
}

// sign inserts the signature (its unique key lets one of any number of
// racing requests in), then brings the proposal's counts up to date and, if
// a route is met, decides the threshold (markers.go).
func (s *Service) sign(ctx context.Context, v org.Org, a web.Actor, id, kind string, proposer bool) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Kind != kind {
		return Proposal{}, ErrWrongKind
	}
	if !p.Open() {
		return Proposal{}, ErrNotOpen
	}
	if kind == KindTopic && p.Proposer == a.AccountID {
		return Proposal{}, ErrOwnTopic
	}
	r, err := s.resident(ctx, v, a)
	if err != nil {
		return Proposal{}, err
	}
	reps, err := s.representatives(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	now := s.now()
	age, _ := org.AgeOn(r.BirthDate, now)
	sig := Signature{ID: signatureID(id, r.No), ProposalID: id, ResidentNo: r.No, Account: a.AccountID, Name: a.Name,
		Adult: age >= 18, HouseholdHead: r.HouseholdHead, Representative: reps[r.No], Proposer: proposer, At: now, Assisted: a.Assisted}
	if _, err := db.Collection(collSignatures).InsertOne(ctx, sig); err != nil {
		if store.IsDuplicate(err) {
			return Proposal{}, ErrAlreadySigned
		}
		return Proposal{}, fmt.Errorf("sign %s: %w", id, err)
	}
	out, err := s.proposals.counted(ctx, v.ID, db, id, sig, 1, now)
	if err != nil {
		return Proposal{}, fmt.Errorf("count signature on %s: %w", id, err)
	}
	if a.AccountID != "" { // a resident without an account, helped (modules/assist), follows nothing
		s.follow(ctx, db, id, a.AccountID)
	}
	return s.lock(ctx, v, db, out, a)
}

// Withdraw takes the actor's co-signature (or support) back, which is
// allowed until the threshold is reached.
func (s *Service) Withdraw(ctx context.Context, v org.Org, a web.Actor, id, kind string) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Kind != kind {
		return Proposal{}, ErrWrongKind
	}
	if kind == KindProposal && p.Proposer == a.AccountID {
		return Proposal{}, ErrProposerWithdraw
	}
	if p.SignaturesLocked {
		return Proposal{}, ErrLocked
	}
	if !p.Open() || a.ResidentNo == "" {
		return Proposal{}, ErrNotSigned
	}
	for round := 0; ; round++ {
		out, retry, err := s.withdrawOnce(ctx, v, db, id, a.ResidentNo)
		if !retry || round == 3 {
			if retry {
				err = ErrChanged
			}
			action := "proposal.cosign.withdraw"
			if kind == KindTopic {
				action = "topic.support.withdraw"
			}
			return s.wrote(ctx, v.ID, a, action, out, err)
		}
	}
}

// Signatures lists who signed a proposal, first first.
func (s *Service) Signatures(ctx context.Context, villageID string, a web.Actor, id string) ([]Signature, error) {
	if _, err := s.Get(ctx, villageID, a, id); err != nil {
		return nil, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collSignatures).Find(ctx, bson.M{"proposal_id": id}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list signatures of %s: %w", id, err)
	}
	out := []Signature{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list signatures of %s: %w", id, err)
	}
	return out, nil
}

// signed says whether the resident signed the proposal.
func (s *Service) signed(ctx context.Context, db *mongo.Database, id, residentNo string) (bool, error) {
	if residentNo == "" {
		return false, nil
	}
	return exists(ctx, db.Collection(collSignatures), signatureID(id, residentNo))
}
