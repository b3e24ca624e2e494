package vote

import (
	"testing"

	"yishi/modules/web"
)

// The hand-count rule (handcount.go), each part at its edge. The village of
// the fixture has 12 adults in 3 households (plus children in them).

// TestHandCountIsBoundByTheFrozenElectorate: the count of 1 voter
// and 17 households in a village of 3 households is refused; paper and
// online together reach the electorate exactly, never more.
func TestHandCountIsBoundByTheFrozenElectorate(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	enter := func(in ChannelRequest) (ChannelEntry, error) {
		return f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, in)
	}
	_, err := enter(ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 1}, Voters: 1, Households: 17})
	wantCode(t, err, "households_too_many")
	_, err = enter(ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 2}, Voters: 2, Households: 3})
	wantCode(t, err, "households_too_many") // more households than voters
	for i := 0; i < 4; i++ {                // household H0000 votes online
		f.cast(t, v.ID, i, "yes")
	}
	_, err = enter(ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 9}, Voters: 9, Households: 2})
	wantCode(t, err, "counts_too_large") // 4 online + 9 > 12
	_, err = enter(ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 8}, Voters: 8, Households: 3})
	wantCode(t, err, "households_too_many") // 1 online + 3 > 3
	e, err := enter(ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 8}, Voters: 8, Households: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, e.ID, web.Actor{AccountID: "member"}); err != nil {
		t.Fatal(err)
	}
	// The hands channel has nobody left to count.
	_, err = enter(ChannelRequest{Channel: ChannelHands, Counts: map[string]int{"yes": 1}, Voters: 1})
	wantCode(t, err, "counts_too_large")
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if r := closed.Result; r.Voters != 12 || r.HouseholdsPresent != 3 || r.Counts["no"] != 8 {
		t.Fatalf("result %+v", r)
	}
}

// TestHandCountChoicesAddUpToTheVoters: one choice each sums to the voters;
// with up to two, each voter is counted for one or two options.
func TestHandCountChoicesAddUpToTheVoters(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	for _, counts := range []map[string]int{{"yes": 3, "no": 1}, {"yes": 5}, {"yes": 2, "no": 1}} {
		_, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: counts, Voters: 3})
		if counts["yes"] == 2 {
			if err != nil {
				t.Fatalf("%v: %v", counts, err)
			}
			continue
		}
		wantCode(t, err, "counts_do_not_add_up")
	}
	opts := []Option{{Key: "a", Label: "甲"}, {Key: "b", Label: "乙"}, {Key: "c", Label: "丙"}}
	m := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Options: opts, MaxChoices: 2})
	latest := ""
	for _, c := range []struct {
		counts map[string]int
		ok     bool
	}{
		{map[string]int{"a": 2, "b": 2}, true},          // 2 voters, each chose a and b
		{map[string]int{"a": 1, "b": 1}, true},          // each chose one
		{map[string]int{"a": 1}, false},                 // one voter chose nothing
		{map[string]int{"a": 2, "b": 2, "c": 1}, false}, // five marks from two voters of two choices
		{map[string]int{"a": 3, "b": 1}, false},         // a counted three times among two voters
	} {
		e, err := f.svc.EnterCounts(f.ctx, f.village.ID, m.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelHands, Counts: c.counts, Voters: 2, Supersedes: latest})
		if c.ok && err != nil {
			t.Fatalf("%v: %v", c.counts, err)
		}
		if !c.ok {
			wantCode(t, err, "counts_do_not_add_up")
		} else {
			latest = e.ID // the next is a recount of this one
		}
	}
}

// TestHouseholdModeCountsEachHouseholdOnce: where households vote, a
// channel's households are its voters.
func TestHouseholdModeCountsEachHouseholdOnce(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Mode: ModeHouseholds})
	_, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 2}, Voters: 2, Households: 1})
	wantCode(t, err, "households_too_many")
	if _, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 2}, Voters: 2, Households: 2}); err != nil {
		t.Fatal(err)
	}
}

// TestV2026Art18Para3SecretVoteIsNotCountedByShowOfHands (V2026 Art. 18 ¶3): a
// secret vote takes paper ballots, never a show of hands.
func TestV2026Art18Para3SecretVoteIsNotCountedByShowOfHands(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	_, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelHands, Counts: map[string]int{"yes": 2}, Voters: 2})
	wantCode(t, err, "hands_in_secret_vote")
	if _, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 2}, Voters: 2}); err != nil {
		t.Fatal(err)
	}
}

// TestNobodyIsCountedTwiceAcrossChannels: once the hand counts and the
// online ballots fill the electorate, a further online cast is refused; a
// count confirmed later, or ballots cast through another process, that
// take the total past the electorate keep the vote from closing until a
// recount.
func TestNobodyIsCountedTwiceAcrossChannels(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	f.cast(t, v.ID, 0, "yes")
	e, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 10}, Voters: 10})
	if err != nil {
		t.Fatal(err)
	}
	f.cast(t, v.ID, 1, "yes") // before the count is confirmed: 2 online + 10 on paper = 12
	f.cast(t, v.ID, 2, "yes") // 13: the unconfirmed count is now in doubt
	_, err = f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, e.ID, web.Actor{AccountID: "member"})
	wantCode(t, err, "counts_too_large")
	re, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 9}, Voters: 9, Supersedes: e.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, re.ID, web.Actor{AccountID: "member"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(3), CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "electorate_counted")
	// Another process, which has not seen the count, lets one more in.
	other := NewService(f.svc.store, f.svc.orgs, Config{})
	lv, err := other.load(f.ctx, f.village.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	lv.hand.Store(0)
	if _, err := other.Cast(f.ctx, f.village.ID, v.ID, f.voter(3), CastRequest{Choices: []string{"yes"}}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	wantCode(t, err, "counts_too_large")
	fix, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"no": 8}, Voters: 8, Supersedes: re.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, fix.ID, web.Actor{AccountID: "member"}); err != nil {
		t.Fatal(err)
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if r := closed.Result; r.Voters != 12 || r.Counts["yes"] != 4 || r.Counts["no"] != 8 {
		t.Fatalf("result %+v", r)
	}
}

// FuzzHandCountBounds: whatever a count says, an accepted one keeps every
// part of the rule.
func FuzzHandCountBounds(f *testing.F) {
	f.Add(false, 1, uint8(12), uint8(3), uint8(4), uint8(1), uint8(5), uint8(3), uint8(0), uint8(8), uint8(2), false)
	f.Add(true, 2, uint8(20), uint8(5), uint8(0), uint8(0), uint8(4), uint8(4), uint8(1), uint8(4), uint8(4), true)
	f.Add(false, 1, uint8(12), uint8(3), uint8(0), uint8(0), uint8(1), uint8(0), uint8(0), uint8(1), uint8(17), false)
	f.Fuzz(func(t *testing.T, secret bool, maxChoices int, eligible, households, online, onlineHouses, yes, no, abstain, voters, houses uint8, hands bool) {
		maxChoices = 1 + (maxChoices%3+3)%3
		v := Vote{Secret: secret, Options: DefaultOptions, MaxChoices: maxChoices, EligibleCount: int(eligible), HouseholdCount: int(households), Mode: ModePersons}
		channel := ChannelPaper
		if hands {
			channel = ChannelHands
		}
		counts := map[string]int{"yes": int(yes), "no": int(no), "abstain": int(abstain)}
		elsewhere := presence{voters: int(online), households: int(onlineHouses)}
		err := checkHandCount(v, channel, counts, int(voters), int(houses), elsewhere)
		if err != nil {
			return
		}
		sum := int(yes) + int(no) + int(abstain)
		switch {
		case secret && hands:
			t.Fatal("a show of hands accepted in a secret vote")
		case int(voters)+int(online) > int(eligible):
			t.Fatalf("%d + %d voters accepted of %d eligible", voters, online, eligible)
		case int(houses)+int(onlineHouses) > int(households) || houses > voters:
			t.Fatalf("%d + %d households accepted of %d (%d voters)", houses, onlineHouses, households, voters)
		case maxChoices == 1 && sum != int(voters), sum < int(voters), sum > maxChoices*int(voters):
			t.Fatalf("counts %v accepted for %d voters of %d choices", counts, voters, maxChoices)
		case int(yes) > int(voters) || int(no) > int(voters) || int(abstain) > int(voters):
			t.Fatalf("an option counted more often than voters: %v, %d", counts, voters)
		}
	})
}
