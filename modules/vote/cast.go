package vote

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// CastRequest is a ballot as a voter sends it.
type CastRequest struct {
	Choices []string `json:"choices" validate:"required,min=1,max=20,dive,required,max=32"`
	// OnBehalfOf names the principal when a proxy casts (the proxy rule, proxyrule.go).
	OnBehalfOf string `json:"on_behalf_of" validate:"omitempty,max=32"`
	// IdempotencyKey makes retries safe; it also seeds the receipt, so it
	// must be random (the web client sends 128 random bits).
	IdempotencyKey string `json:"idempotency_key" validate:"omitempty,min=16,max=128"`
}

// Receipt is what a voter gets back.
type Receipt struct {
	VoteID     string `json:"vote_id"`
	Voter      string `json:"voter"`
	ProxyBy    string `json:"proxy_by,omitempty"`
	Code       string `json:"receipt"`
	Replayed   bool   `json:"replayed"`
	Changed    bool   `json:"changed,omitempty"`
	BallotsNow int64  `json:"ballots_cast"`
}

// Voter is the resident casting.
type Voter struct {
	VillageID  string
	ResidentNo string
}

// Cast records one ballot. Concurrent casts for the same voter produce exactly
// one ballot; the others get ErrAlreadyVoted, or, when they repeat the same
// idempotency key, the same receipt.
func (s *Service) Cast(ctx context.Context, villageID, voteID string, who Voter, in CastRequest) (Receipt, error) {
	if who.ResidentNo == "" || who.VillageID != villageID {
		return Receipt{}, ErrNotVoter
	}
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Receipt{}, err
	}
	// A read lock for the whole cast: closing takes the write lock, so no
	// ballot lands after the tally starts.
	lv.mu.RLock()
	defer lv.mu.RUnlock()
	v := lv.vote
	if v.Status != StatusOpen || lv.closing || !v.ClosesAt.IsZero() && !s.now().Before(v.ClosesAt) {
		return Receipt{}, ErrClosed
	}
	voterKey, proxyBy := who.ResidentNo, ""
	if in.OnBehalfOf != "" && in.OnBehalfOf != who.ResidentNo {
		if err := s.checkProxy(ctx, villageID, voteID, in.OnBehalfOf, who.ResidentNo); err != nil {
			return Receipt{}, err
		}
		voterKey, proxyBy = in.OnBehalfOf, who.ResidentNo
	}
	household, eligible := lv.voters.household(voterKey)
	if !eligible {
		return Receipt{}, ErrNotEligible
	}
	if err := s.atVenue(ctx, v, who.ResidentNo); err != nil {
		return Receipt{}, err
	}
	choices, err := checkChoices(v, in.Choices)
	if err != nil {
		return Receipt{}, err
	}
	if hand := lv.hand.Load(); hand > 0 && lv.cast.Load()+hand >= int64(v.EligibleCount) {
		// The hand counts and the online ballots fill the electorate: only a
		// voter already counted online (a retry, a change) may go on.
		if took, err := s.tookPart(ctx, v, voterKey); err != nil {
			return Receipt{}, err
		} else if !took {
			return Receipt{}, ErrElectorateCounted
		}
	}
	key := in.IdempotencyKey
	if key == "" {
		key = newIdemKey()
	}
	code := receiptCode(voteID, voterKey, key)
	r := Receipt{VoteID: voteID, Voter: voterKey, ProxyBy: proxyBy, Code: code}
	if v.Secret {
		err = s.castSecret(ctx, lv, voterKey, proxyBy, household, choices, key, code, &r)
	} else {
		err = s.castOpen(ctx, lv, voterKey, proxyBy, household, choices, key, code, &r)
	}
	if err != nil {
		return Receipt{}, err
	}
	r.BallotsNow = lv.cast.Load()
	return r, nil
}

func checkChoices(v Vote, choices []string) ([]string, error) {
	if len(choices) == 0 || len(choices) > v.MaxChoices {
		return nil, web.New(422, "bad_choice", fmt.Sprintf("请选择1到%d项", v.MaxChoices), fmt.Sprintf("Choose 1 to %d options", v.MaxChoices))
	}
	seen := map[string]bool{}
	for _, c := range choices {
		if seen[c] || !slices.ContainsFunc(v.Options, func(o Option) bool { return o.Key == c }) {
			return nil, ErrBadChoice
		}
		seen[c] = true
	}
	out := slices.Clone(choices)
	slices.Sort(out)
	return out, nil
}

func (s *Service) castOpen(ctx context.Context, lv *liveVote, voter, proxyBy, household string, choices []string, key, code string, r *Receipt) error {
	v := lv.vote
	coll := s.db(v.VillageID).Collection(ballotsColl(v.ID))
	b := Ballot{ID: v.ID + ":" + voter, Voter: voter, ProxyBy: proxyBy, Choices: choices, Receipt: ReceiptHash(v.ID, code),
		CastAt: s.now().UTC().Truncate(time.Millisecond), IdemKey: idemHash(v.ID, voter, key), Household: household}
	err := s.inserts.insert(v.VillageID, v.ID, ballotsColl(v.ID), &insertReq{doc: b, household: household, line: openLine(b), choices: b.Choices})
	if err == nil {
		lv.cast.Add(1)
		return nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("cast ballot in %s: %w", v.ID, err)
	}
	var prev Ballot
	if err := coll.FindOne(ctx, bson.M{"_id": b.ID}).Decode(&prev); err != nil {
		return fmt.Errorf("read ballot in %s: %w", v.ID, err)
	}
	if prev.IdemKey == b.IdemKey {
		if !slices.Equal(prev.Choices, b.Choices) {
			return ErrReplayConflict
		}
		r.Replayed = true
		return nil
	}
	if !v.ChangeUntilClose {
		return ErrAlreadyVoted
	}
	// A changed ballot leaves its batch: the close counts from the ballots.
	if err := s.markRecount(ctx, v.VillageID, v.ID); err != nil {
		return err
	}
	// Replace, keeping the previous ballot in the history; the filter on the
	// previous cast time makes two concurrent changes apply one after another.
	res, err := coll.UpdateOne(ctx, bson.M{"_id": b.ID, "cast_at": prev.CastAt, "idem_key": prev.IdemKey}, bson.M{
		"$set":  bson.M{"choices": b.Choices, "receipt_hash": b.Receipt, "cast_at": b.CastAt, "idem_key": b.IdemKey, "proxy_by": proxyBy},
		"$push": bson.M{"history": Previous{Choices: prev.Choices, CastAt: prev.CastAt}},
	})
	if err != nil {
		return fmt.Errorf("change ballot in %s: %w", v.ID, err)
	}
	if res.ModifiedCount == 0 {
		return web.New(409, "ballot_changed_meanwhile", "您的选票刚被修改过，请重试", "Your ballot was just changed; try again")
	}
	r.Changed = true
	return nil
}

// castSecret records that the voter took part, then puts the ballot into a
// random slot of the ballot box. The turnout record comes first: its unique
// _id is what keeps a voter to one ballot.
func (s *Service) castSecret(ctx context.Context, lv *liveVote, voter, proxyBy, household string, choices []string, key, code string, r *Receipt) error {
	v := lv.vote
	// One cast of a voter at a time in this process: a retry arriving while
	// the first cast is still putting its ballot in would otherwise put a
	// second one (across processes, the tally counts a receipt once).
	unlock := lv.lockVoter(voter)
	defer unlock()
	part := Participation{ID: v.ID + ":" + voter, Voter: voter, ProxyBy: proxyBy, Household: household, IdemHash: idemHash(v.ID, voter, key)}
	ballot := SecretBallot{Choices: choices, Receipt: ReceiptHash(v.ID, code)}
	err := s.inserts.insert(v.VillageID, v.ID, turnoutColl(v.ID), &insertReq{doc: part, household: household})
	if err == nil {
		lv.cast.Add(1)
		// Turnout is stored: should this fail, the voter's retry with the
		// same key puts the ballot in (below).
		return s.putBallot(ctx, lv, ballot)
	}
	if !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("record turnout in %s: %w", v.ID, err)
	}
	// The voter took part already: a retry of the same cast is answered with
	// the same receipt (and a ballot lost to a failure between the two
	// writes is put in); anything else is a second vote.
	var prev Participation
	if err := s.db(v.VillageID).Collection(turnoutColl(v.ID)).FindOne(ctx, bson.M{"_id": part.ID}).Decode(&prev); err != nil {
		return fmt.Errorf("read turnout in %s: %w", v.ID, err)
	}
	if prev.IdemHash != part.IdemHash {
		return ErrAlreadyVoted
	}
	stored, found, err := s.findSecret(ctx, v, ballot.Receipt)
	switch {
	case err != nil:
		return err
	case !found:
		if err := s.putBallot(ctx, lv, ballot); err != nil {
			return err
		}
	case !slices.Equal(stored.Choices, ballot.Choices):
		return ErrReplayConflict
	}
	r.Replayed = true
	return nil
}
