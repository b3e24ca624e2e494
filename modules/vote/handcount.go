package vote

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// The rule of hand counts (paper ballots, a show of hands), in one place.
//
// A hand count carries no names, so "nobody counted twice across channels"
// cannot be checked person by person. It is held to arithmetic that any
// double count breaks, against the electorate frozen when the vote opened:
//
//  1. Persons: the voters online and in every hand channel together are at
//     most the eligible voters. A hand count may therefore count at most the
//     electorate minus those who voted online and those the other channel
//     counted; a paper ballot is handed only to someone not yet counted.
//  2. Households: a hand count names the households none of whose voters
//     was counted in another channel (those are present already), so the
//     households present online and in every channel are at most the
//     households of the electorate; and a channel cannot bring more
//     households than voters. Where households vote (household mode) each
//     voter is a household head: a channel's households equal its voters.
//  3. Choices add up to the voters counted: with one choice each, the counts
//     sum to the voters; with up to k, each voter is counted for 1 to k
//     options, and for each option at most once.
//  4. A secret vote is never counted by a show of hands (V2026 Art. 18 ¶3:
//     secret ballot; a raised hand is seen by all).
//
// The rule is checked when a count is entered, again when it is confirmed
// (online voting may have gone on meanwhile), and at the close: a vote whose
// channels add up to more than its electorate does not close until a
// recount replaces the count in doubt. While confirmed hand counts stand,
// an online cast that would take the total past the electorate is refused.

// Errors of the hand-count rule.
var (
	ErrCountsTooLarge = web.New(422, "counts_too_large",
		"计票人数超过了本次表决的选民：网上投票和各种计票方式合计不能多于选民名单上的人数，同一个人不能计两次",
		"The counts exceed this vote's electorate: online ballots and every hand count together cannot count more voters than the frozen list, nor anyone twice")
	ErrHouseholdsTooMany = web.New(422, "households_too_many",
		"计入的户数超过了选民名单上的户数，或多于本次计入的人数：只填没有家人已在网上或其他方式计入的户",
		"The households exceed the electorate's households, or the voters counted: count only households none of whose voters was counted online or in another channel")
	ErrCountsDoNotAddUp = web.New(422, "counts_do_not_add_up",
		"各选项的票数加起来要与投票人数相符：每人只选一项时，票数之和等于人数",
		"The counts must add up to the voters counted: with one choice each, the counts sum to the voters")
	ErrHandsInSecretVote = web.New(422, "hands_in_secret_vote",
		"无记名投票不能举手表决（村委会组织法2026年版第十八条第三款）",
		"A secret vote cannot be counted by a show of hands (V2026 Art. 18 ¶3)")
	ErrElectorateCounted = web.New(409, "electorate_counted",
		"选民名单上的人都已计票（网上投票加纸质票或举手），不能再投：如果计票有误，请先重新计票",
		"Everyone on the electorate is already counted (online and by hand); if a hand count is wrong, enter a recount first")
)

// presence is who is counted outside one channel: voters and the
// households they bring.
type presence struct{ voters, households int }

// checkHandCount applies the rule to a channel's count, given who is
// counted online and in the other channels.
func checkHandCount(v Vote, channel string, counts map[string]int, voters, households int, elsewhere presence) error {
	if channel == ChannelHands && v.Secret {
		return ErrHandsInSecretVote
	}
	if voters < 0 || households < 0 {
		return ErrCountsTooLarge
	}
	sum := 0
	for key, n := range counts {
		if !optionExists(v, key) {
			return ErrBadChoice
		}
		if n < 0 || n > voters {
			return ErrCountsDoNotAddUp
		}
		sum += n
	}
	if v.MaxChoices <= 1 && sum != voters || v.MaxChoices > 1 && (sum < voters || sum > voters*v.MaxChoices) {
		return ErrCountsDoNotAddUp
	}
	if voters+elsewhere.voters > v.EligibleCount {
		return ErrCountsTooLarge
	}
	if households > voters || v.Mode == ModeHouseholds && households != voters ||
		households+elsewhere.households > v.HouseholdCount {
		return ErrHouseholdsTooMany
	}
	return nil
}

// elsewhere is who is counted outside a channel: online, from the store,
// and in the other channels' counts that count.
func (s *Service) elsewhere(ctx context.Context, v Vote, channel string, entries []ChannelEntry) (presence, error) {
	p, err := s.online(ctx, v)
	if err != nil {
		return presence{}, err
	}
	for _, e := range countingEntries(entries) {
		if e.Channel != channel {
			p.voters += e.Voters
			p.households += e.Households
		}
	}
	return p, nil
}

// online is who took part online, read from the store: every turnout
// record (secret) or ballot (named), and their distinct households.
func (s *Service) online(ctx context.Context, v Vote) (presence, error) {
	coll := ballotsColl(v.ID)
	if v.Secret {
		coll = turnoutColl(v.ID)
	}
	cur, err := s.db(v.VillageID).Collection(coll).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"household": 1}).SetBatchSize(tallyBatch))
	if err != nil {
		return presence{}, fmt.Errorf("count online voters of %s: %w", v.ID, err)
	}
	var docs []struct {
		Household string `bson:"household"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return presence{}, fmt.Errorf("count online voters of %s: %w", v.ID, err)
	}
	houses := map[string]bool{}
	for _, d := range docs {
		houses[d.Household] = true
	}
	return presence{voters: len(docs), households: len(houses)}, nil
}

// withinElectorate is the rule's last check, on a result about to be
// stored: nobody is counted twice across channels, so no more voters or
// households are present than the electorate holds.
func withinElectorate(r Result) error {
	if r.Voters > r.Eligible {
		return ErrCountsTooLarge
	}
	if r.HouseholdsPresent > r.Households {
		return ErrHouseholdsTooMany
	}
	return nil
}

// handVoters is how many voters the confirmed hand counts count.
func handVoters(entries []ChannelEntry) int64 {
	var n int64
	for _, e := range countingEntries(entries) {
		n += int64(e.Voters)
	}
	return n
}
