package vote

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
	"yishi/modules/web"
)

// Close ends a vote: no ballot is accepted after it, and the result is
// computed and stored.
func (s *Service) Close(ctx context.Context, villageID, voteID string, who web.Actor) (Vote, error) {
	return s.CloseAcknowledging(ctx, villageID, voteID, who, nil)
}

// CloseAcknowledging closes a vote, leaving out the unconfirmed counts the
// closer acknowledged by id; any other unconfirmed count refuses the close
// (unconfirmed.go).
func (s *Service) CloseAcknowledging(ctx context.Context, villageID, voteID string, who web.Actor, ack []string) (Vote, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Vote{}, err
	}
	lv.closeOnce.Lock()
	defer lv.closeOnce.Unlock()
	if lv.snapshot().Status == StatusClosed {
		return Vote{}, ErrClosed
	}
	// Waits for casts in flight (they hold the read lock) and stops new ones.
	lv.mu.Lock()
	lv.closing = true
	lv.mu.Unlock()

	v := lv.snapshot()
	entries, err := s.channelEntries(ctx, villageID, voteID)
	var left []LeftOut
	if err == nil {
		left = leftOut(entries)
		err = unacknowledged(left, ack)
	}
	var result Result
	if err == nil {
		// The running tally when it covers every ballot; else every ballot.
		var ok bool
		result, ok, err = s.RunningResult(ctx, v)
		if err != nil || !ok {
			result, err = s.Tally(ctx, v)
		}
	}
	if err == nil {
		if len(left) > 0 {
			result.LeftOut = left
		}
		// Hand counts are checked as they are entered and confirmed; online
		// voting may have gone on since (handcount.go).
		err = withinElectorate(result)
	}
	if err == nil {
		err = s.splitAttendance(ctx, v, &result)
	}
	if err != nil {
		lv.mu.Lock()
		lv.closing = false
		lv.mu.Unlock()
		return Vote{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	res, err := s.db(villageID).Collection(collVotes).UpdateOne(ctx, bson.M{"_id": voteID, "status": StatusOpen},
		bson.M{"$set": bson.M{"status": StatusClosed, "closed_at": now, "result": result}})
	if err != nil {
		lv.mu.Lock()
		lv.closing = false
		lv.mu.Unlock()
		return Vote{}, fmt.Errorf("close vote %s: %w", voteID, err)
	}
	if res.MatchedCount == 0 {
		return Vote{}, ErrClosed
	}
	lv.mu.Lock()
	lv.vote.Status, lv.vote.ClosedAt, lv.vote.Result = StatusClosed, now, &result
	v = lv.vote
	lv.mu.Unlock()
	s.releaseClosed(ctx, villageID, voteID)
	if v.Secret {
		_ = s.store.ForgetWrites(ctx, villageID) // see putBallot
	}
	return v, s.write(ctx, villageID, who, "vote.close", v.ID, fmt.Sprintf("voters=%d adopted=%v ballots_hash=%s%s", v.Result.Voters, v.Result.Adopted, v.Result.BallotsHash, leftOutDetail(v.Result.LeftOut)))
}

// Published is everything needed to recompute a closed vote's result.
type Published struct {
	Vote     Vote           `json:"vote"`
	Ballots  []Ballot       `json:"ballots,omitempty"`
	Secret   []SecretBallot `json:"secret_ballots,omitempty"`
	Turnout  []string       `json:"turnout,omitempty"`
	Channels []ChannelEntry `json:"channels"`
	Proxies  []Proxy        `json:"proxies"`
	// Computation spells out the arithmetic of the result.
	Computation []string `json:"computation"`
}

type collected struct {
	open     []Ballot
	secret   []SecretBallot
	turnout  []Participation
	channels []ChannelEntry
}

func (s *Service) collect(ctx context.Context, v Vote) (collected, error) {
	db := s.db(v.VillageID)
	var c collected
	// Only the fields the tally needs: decoding is most of its cost.
	if v.Secret {
		secret, err := s.readSecret(ctx, v)
		if err != nil {
			return c, err
		}
		c.secret = secret
		cur, err := db.Collection(turnoutColl(v.ID)).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"voter": 1, "household": 1, "proxy_by": 1}).SetBatchSize(tallyBatch))
		if err == nil {
			err = cur.All(ctx, &c.turnout)
		}
		if err != nil {
			return c, fmt.Errorf("read turnout of %s: %w", v.ID, err)
		}
	} else {
		cur, err := db.Collection(ballotsColl(v.ID)).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"idem_key": 0}).SetBatchSize(tallyBatch))
		if err == nil {
			err = cur.All(ctx, &c.open)
		}
		if err != nil {
			return c, fmt.Errorf("read ballots of %s: %w", v.ID, err)
		}
	}
	entries, err := s.channelEntries(ctx, v.VillageID, v.ID)
	if err != nil {
		return c, err
	}
	c.channels = entries
	return c, nil
}

// Tally computes the result from the stored ballots and confirmed counts.
func (s *Service) Tally(ctx context.Context, v Vote) (Result, error) {
	c, err := s.collect(ctx, v)
	if err != nil {
		return Result{}, err
	}
	r, _ := compute(v, c)
	return r, nil
}

// counted is what the ballots of the online channel add up to, from the
// stored ballots (compute) or from the running tally (RunningResult).
type counted struct {
	voters, ballots int
	online          map[string]int
	households      int
	set             string // the multiset hash of the ballot lines
	// legacy votes (closed before the multiset hash) are hashed over their
	// sorted lines.
	legacy bool
	lines  []string
	// box: a secret vote hashed as its published box (published.go), with
	// its receipts.
	box      bool
	receipts []string
}

// compute is the whole arithmetic of a result, with its explanation. It is
// pure, so anyone holding the published ballots can run it again.
func compute(v Vote, c collected) (Result, []string) {
	k := counted{online: map[string]int{}}
	houses := map[string]bool{}
	var lines []string
	if v.Secret {
		ballots := onePerReceipt(c.secret)
		k.box = boxSchemeOf(v)
		for _, b := range ballots {
			for _, ch := range b.Choices {
				k.online[ch]++
			}
			if k.box { // published.go: receipts and ballots apart
				lines = append(lines, ballotLine(b.Choices))
				k.receipts = append(k.receipts, b.Receipt)
			} else {
				lines = append(lines, secretLine(b))
			}
		}
		for _, p := range c.turnout {
			houses[p.Household] = true
		}
		k.voters, k.ballots = len(c.turnout), len(ballots)
	} else {
		for _, b := range c.open {
			for _, ch := range b.Choices {
				k.online[ch]++
			}
			houses[b.Household] = true
			lines = append(lines, openLine(b))
		}
		k.voters, k.ballots = len(c.open), len(c.open)
	}
	k.households = len(houses)
	if !k.box && v.Result != nil && v.Result.BallotsHash != "" && !strings.HasPrefix(v.Result.BallotsHash, muScheme) {
		k.legacy, k.lines = true, lines
	} else {
		k.set = muSetOfLines(lines).String()
	}
	return assemble(v, k, c.channels)
}

// assemble adds the confirmed counts of the other channels to the online
// count and applies the vote's rule.
func assemble(v Vote, k counted, channels []ChannelEntry) (Result, []string) {
	r := Result{Counts: map[string]int{}, Online: map[string]int{}, Channels: map[string]int{}, Passed: map[string]bool{},
		Eligible: v.EligibleCount, Households: v.HouseholdCount}
	for _, o := range v.Options {
		r.Counts[o.Key], r.Online[o.Key] = 0, 0
	}
	for ch, n := range k.online {
		r.Online[ch] = n
	}
	r.Voters = k.voters
	if n := k.voters - k.ballots; n > 0 {
		r.Unmatched = n
	}
	r.HouseholdsPresent = k.households
	online := r.Voters
	for key, n := range r.Online {
		r.Counts[key] = n
	}
	var channelLines []string
	for _, e := range countingEntries(channels) {
		r.Channels[e.Channel] = e.Voters
		r.Voters += e.Voters
		r.HouseholdsPresent += e.Households
		for key, n := range e.Counts {
			r.Counts[key] += n
		}
		channelLines = append(channelLines, fmt.Sprintf("channel:%s:%s", e.Channel, e.ID))
	}
	switch {
	case k.box:
		r.BallotsHash = boxHash(v.ID, k.set, receiptsHash(k.receipts), channelLines)
	case k.legacy:
		r.BallotsHash = legacyHash(k.lines, channelLines)
	default:
		r.BallotsHash = finalHash(k.set, channelLines)
	}
	r.AttendanceMet, r.AttendanceBy = v.Rule.AttendanceMet(r.Voters, r.Eligible, r.HouseholdsPresent, r.Households)
	// The decision divides by those present, or, where another law says so
	// (supermajorities), by all members: the frozen electorate.
	r.Denominator = r.Voters
	if v.Rule.Decision.decidesOverAll() {
		r.Denominator = r.Eligible
	}
	r.Needed = v.Rule.Decision.Needed(r.Denominator)
	for _, o := range v.Options {
		r.Passed[o.Key] = r.AttendanceMet && r.Voters > 0 && v.Rule.Decision.Met(r.Counts[o.Key], r.Denominator)
	}
	r.DecisionZh, r.DecisionEn = decisionWords(v.Rule.Decision, r.Needed, r.Denominator, r.Voters)
	if v.Rule.Recall {
		r.DecisionZh, r.DecisionEn = recallWords(r, strings.HasPrefix(v.Rule.Basis, "U"))
	}
	// Only a "yes" adopts a decision: in a vote between named options the
	// result is which options passed, and nothing is adopted by itself.
	r.Adopted = r.Passed["yes"]
	explain := []string{
		fmt.Sprintf("rule: %s; attendance %v; decision %s", v.Rule.Basis, v.Rule.Attendance, v.Rule.Decision),
		fmt.Sprintf("voters: %d online + %d by hand = %d of %d eligible; households %d of %d", online, r.Voters-online, r.Voters, r.Eligible, r.HouseholdsPresent, r.Households),
		fmt.Sprintf("attendance met: %v (%s)", r.AttendanceMet, r.AttendanceBy),
		fmt.Sprintf("took part without a stored ballot (lost to a crash, never acknowledged): %d", r.Unmatched),
		fmt.Sprintf("needed to pass: %d of %d %s (%d present)", r.Needed, r.Denominator, UnitEn(v.Rule.Decision.Unit), r.Voters),
	}
	for _, o := range v.Options {
		explain = append(explain, fmt.Sprintf("%s: %d (online %d) passed=%v", o.Key, r.Counts[o.Key], r.Online[o.Key], r.Passed[o.Key]))
	}
	return r, explain
}

// Publish returns the ballots and the computation of a closed vote.
func (s *Service) Publish(ctx context.Context, villageID, voteID string) (Published, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Published{}, err
	}
	v := lv.snapshot()
	if v.Status != StatusClosed {
		return Published{}, ErrNotClosed
	}
	c, err := s.collect(ctx, v)
	if err != nil {
		return Published{}, err
	}
	proxies, err := s.Proxies(ctx, villageID, voteID)
	if err != nil {
		return Published{}, err
	}
	_, explain := compute(v, c)
	p := Published{Vote: v, Ballots: c.open, Secret: c.secret, Channels: c.channels, Proxies: proxies, Computation: explain}
	sort.Slice(p.Ballots, func(i, j int) bool { return p.Ballots[i].Voter < p.Ballots[j].Voter })
	// Secret ballots are listed by their choices, without their receipts
	// (the box lists those apart, published.go): no order of casting, and
	// no receipt a voter could show a buyer beside a choice.
	p.Secret = unpaired(p.Secret)
	for _, t := range c.turnout {
		p.Turnout = append(p.Turnout, t.Voter)
	}
	sort.Strings(p.Turnout)
	return p, nil
}

// ReceiptCheck says whether a receipt's ballot is in the vote.
type ReceiptCheck struct {
	Found   bool     `json:"found"`
	Choices []string `json:"choices,omitempty"`
}

// CheckReceipt looks a receipt code up. Before the vote closes it says only
// whether the ballot is there; after, also what it holds.
func (s *Service) CheckReceipt(ctx context.Context, villageID, voteID, code string) (ReceiptCheck, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return ReceiptCheck{}, err
	}
	v := lv.snapshot()
	hash := ReceiptHash(voteID, code)
	db := s.db(villageID)
	var choices []string
	found := false
	if v.Secret {
		b, ok, err := s.findSecret(ctx, v, hash)
		if err != nil {
			return ReceiptCheck{}, err
		}
		found, choices = ok, b.Choices
	} else {
		var b Ballot
		if err := db.Collection(ballotsColl(voteID)).FindOne(ctx, bson.M{"receipt_hash": hash}).Decode(&b); err == nil {
			found, choices = true, b.Choices
		}
	}
	// A secret ballot's choices are never told by its receipt code: whoever
	// holds the code (a buyer shown it) would learn them (published.go).
	if v.Status != StatusClosed || v.Secret {
		choices = nil
	}
	return ReceiptCheck{Found: found, Choices: choices}, nil
}

// tallyBatch asks for ballots in large batches: each round trip to the
// embedded store costs far more than the documents it carries.
const tallyBatch = 5000

// ResultOf is the result of a closed open-ballot vote computed from its
// ballots, for tools that write votes in bulk (the data generator); it is
// the same arithmetic as Tally, without reading the store.
func ResultOf(v Vote, ballots []Ballot) Result {
	r, _ := compute(v, collected{open: ballots})
	return r
}

// onePerReceipt keeps one ballot per receipt hash. A receipt is one voter's
// cast (its code hashes the vote, the voter and the cast's key), so two
// ballots with one receipt are that cast put in twice: a retry racing its
// first attempt on another process. The first in (receipt, choices) order
// counts, so every recount keeps the same one.
func onePerReceipt(ballots []SecretBallot) []SecretBallot {
	sorted := slices.Clone(ballots)
	slices.SortFunc(sorted, func(a, b SecretBallot) int {
		if c := strings.Compare(a.Receipt, b.Receipt); c != 0 {
			return c
		}
		return slices.Compare(a.Choices, b.Choices)
	})
	return slices.CompactFunc(sorted, func(a, b SecretBallot) bool { return a.Receipt == b.Receipt })
}
