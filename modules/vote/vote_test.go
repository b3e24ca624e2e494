package vote

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// V2026 Art. 25 ¶1: only villagers aged 18 and over vote in a villagers' meeting; the
// electorate is computed on the day the vote opens and frozen with it.
func TestV2026Art25EligibilityIsAdultsFrozenAtOpen(t *testing.T) {
	f := newFixture(t, 20, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	if v.EligibleCount != 20 || v.HouseholdCount != 5 {
		t.Fatalf("eligible %d households %d, want 20 adults in 5 households", v.EligibleCount, v.HouseholdCount)
	}
	_, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, Voter{VillageID: f.village.ID, ResidentNo: "C0000"}, CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "not_eligible")
	// Household mode: heads only.
	hv := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Mode: ModeHouseholds})
	if hv.EligibleCount != 5 {
		t.Fatalf("household mode eligible %d, want 5 heads", hv.EligibleCount)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, hv.ID, f.voter(1), CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "not_eligible")
	// Group meeting: the group's adults.
	gv := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: GroupMeeting, Group: "g0"})
	if gv.EligibleCount != 10 {
		t.Fatalf("group meeting eligible %d, want 10", gv.EligibleCount)
	}
	// Council: its members.
	cv := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: CouncilVote, BodyID: "council"})
	if cv.EligibleCount != 5 {
		t.Fatalf("council eligible %d, want 5", cv.EligibleCount)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, cv.ID, f.voter(7), CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "not_eligible")
}

// V2026 Art. 28: a land contracting plan cannot be decided by a council vote, nor by
// a representatives' meeting without authorisation.
func TestV2026Art28MattersGoToTheVillagersMeeting(t *testing.T) {
	f := newFixture(t, 12, "village")
	for _, kind := range []MeetingKind{CouncilVote, RepresentativesMeeting, GroupMeeting} {
		_, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-land", MeetingKind: kind, BodyID: "council"})
		wantCode(t, err, "art24_routing")
		if !strings.Contains(err.Error(), "V2026 Art. 28") {
			t.Fatalf("refusal does not name the article: %v", err)
		}
	}
	f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-land", MeetingKind: VillagersMeeting})
	// An authorised representatives' meeting passes the routing check (it then
	// needs a representatives body).
	_, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-auth", MeetingKind: RepresentativesMeeting})
	wantCode(t, err, "body_not_found")
	_, err = f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "nope", MeetingKind: VillagersMeeting})
	wantCode(t, err, "no_subject")
}

func TestU2026Art26CommunitiesHoldResidentsMeetings(t *testing.T) {
	f := newFixture(t, 8, "community")
	_, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	wantCode(t, err, "wrong_meeting_kind")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: ResidentsMeeting})
	for i := 0; i < 5; i++ {
		f.cast(t, v.ID, i, "yes")
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	// 5 of 8 adults: more than half attend; 5 yes of 5 present.
	if r := closed.Result; !r.AttendanceMet || !r.Adopted || r.Counts["yes"] != 5 {
		t.Fatalf("result %+v", r)
	}
}

// V2026 Art. 26 ¶1 end to end: with exactly half of the adults voting the meeting is
// not quorate and nothing is adopted, even if all say yes.
func TestV2026Art26ExactlyHalfIsNoQuorum(t *testing.T) {
	f := newFixture(t, 20, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	// Voters 0,1 are in household 0, 4,5 in 1 … 10 voters from 5 households = all households.
	for _, i := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} {
		f.cast(t, v.ID, i, "yes")
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	r := closed.Result
	// 10 of 20 persons is not more than half, but households 3 of 5 is < 2/3.
	if r.AttendanceMet || r.Adopted || r.HouseholdsPresent != 3 {
		t.Fatalf("exactly half: %+v", r)
	}

	v2 := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	for i := 0; i < 11; i++ {
		choice := "no"
		if i < 6 {
			choice = "yes"
		}
		f.cast(t, v2.ID, i, choice)
	}
	closed, _ = f.svc.Close(f.ctx, f.village.ID, v2.ID, web.Actor{})
	if r := closed.Result; !r.AttendanceMet || !r.Adopted || r.Needed != 6 {
		t.Fatalf("11 present, 6 yes: %+v", r)
	}
}

// The same voter casting from 1,000 goroutines at once gets one ballot.
func TestOneVoterManyGoroutinesOneBallot(t *testing.T) {
	for _, secret := range []bool{false, true} {
		t.Run(fmt.Sprintf("secret=%v", secret), func(t *testing.T) {
			f := newFixture(t, 8, "village")
			v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
			var ok, dup atomic.Int64
			var wg sync.WaitGroup
			for g := 0; g < 1000; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(3), CastRequest{Choices: []string{"yes"}})
					switch {
					case err == nil:
						ok.Add(1)
					case err == ErrAlreadyVoted:
						dup.Add(1)
					default:
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if ok.Load() != 1 || dup.Load() != 999 {
				t.Fatalf("ok %d dup %d, want 1 and 999", ok.Load(), dup.Load())
			}
			closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
			if err != nil {
				t.Fatal(err)
			}
			if closed.Result.Voters != 1 || closed.Result.Counts["yes"] != 1 {
				t.Fatalf("result %+v", closed.Result)
			}
		})
	}
}

// 500 voters casting at once: 500 ballots and a correct tally.
func TestFiveHundredVotersAtOnce(t *testing.T) {
	for _, secret := range []bool{false, true} {
		t.Run(fmt.Sprintf("secret=%v", secret), func(t *testing.T) {
			f := newFixture(t, 500, "village")
			v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
			var wg sync.WaitGroup
			for i := 0; i < 500; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					choice := []string{"yes", "no", "abstain"}[i%3]
					if _, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(i), CastRequest{Choices: []string{choice}}); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
			if err != nil {
				t.Fatal(err)
			}
			r := closed.Result
			if r.Voters != 500 || r.Counts["yes"] != 167 || r.Counts["no"] != 167 || r.Counts["abstain"] != 166 {
				t.Fatalf("tally %+v", r)
			}
			// 167 of 500 present is not more than half: not adopted.
			if !r.AttendanceMet || r.Adopted {
				t.Fatalf("adoption %+v", r)
			}
		})
	}
}

// A secret ballot document holds nothing that identifies its voter, and the
// voter's receipt finds it. (TestV2026Art18Para3SecretBallotLinkage reads the store's file
// for order, ids and layout.)
func TestSecretBallotsAreUnlinkableAndReceiptsVerify(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true})
	receipts := map[int]Receipt{}
	for i := 0; i < 12; i++ {
		receipts[i] = f.cast(t, v.ID, i, []string{"yes", "no"}[i%2])
	}
	db := f.svc.db(f.village.ID)
	cur, err := db.Collection(secretBallotsColl(v.ID)).Find(f.ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var raw []bson.M
	if err := cur.All(f.ctx, &raw); err != nil {
		t.Fatal(err)
	}
	var turnout []bson.M
	cur, _ = db.Collection(turnoutColl(v.ID)).Find(f.ctx, bson.M{})
	_ = cur.All(f.ctx, &turnout)
	slots := 12 + spareSlots(12)
	// Each slot with its claim marker; the 12 claimed markers are gone.
	if len(raw) != 2*slots-12 || len(turnout) != 12 {
		t.Fatalf("%d documents in the box, %d turnout", len(raw), len(turnout))
	}
	filled := 0
	for _, b := range raw {
		id, ok := b["_id"].(string)
		if !ok {
			t.Fatalf("box _id is %T, not a random string (an ObjectID carries a time)", b["_id"])
		}
		for k := range b {
			if k != "_id" && k != "receipt_hash" && k != "marks" {
				t.Fatalf("box document has field %q: %v", k, b)
			}
		}
		if strings.HasPrefix(id, freePrefix) {
			continue
		}
		if len(b["receipt_hash"].(string)) != 64 || len(b["marks"].(string)) != marksWidth(v) {
			t.Fatalf("slot of another size: %v", b)
		}
		if b["receipt_hash"] != emptyReceipt {
			filled++
		}
		text, _ := json.Marshal(b)
		for i := 0; i < 12; i++ {
			if strings.Contains(string(text), fmt.Sprintf("A%04d", i)) {
				t.Fatalf("ballot names voter %d: %s", i, text)
			}
		}
		// No turnout document shares a value with a ballot.
		for _, p := range turnout {
			for _, pv := range p {
				for _, bv := range b {
					if fmt.Sprint(pv) == fmt.Sprint(bv) {
						t.Fatalf("turnout %v and ballot %v share %v", p, b, pv)
					}
				}
			}
		}
	}
	if filled != 12 {
		t.Fatalf("%d slots filled, want 12", filled)
	}
	// Receipts verify, never with the secret ballot's content (a buyer shown
	// the code would learn it); a made-up code finds nothing.
	rc, err := f.svc.CheckReceipt(f.ctx, f.village.ID, v.ID, receipts[3].Code)
	if err != nil || !rc.Found || rc.Choices != nil {
		t.Fatalf("receipt before close: %+v %v", rc, err)
	}
	if _, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{}); err != nil {
		t.Fatal(err)
	}
	for i, r := range receipts {
		rc, err := f.svc.CheckReceipt(f.ctx, f.village.ID, v.ID, strings.ToLower(r.Code))
		if err != nil || !rc.Found || rc.Choices != nil {
			t.Fatalf("receipt of %d: %+v %v", i, rc, err)
		}
	}
	if rc, _ := f.svc.CheckReceipt(f.ctx, f.village.ID, v.ID, "AAAAAAAAAAAAAAAAAAAA"); rc.Found {
		t.Fatal("a made-up receipt was found")
	}
	// The published list reproduces the result.
	p, err := f.svc.Publish(f.ctx, f.village.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Secret {
		if b.Receipt != "" {
			t.Fatalf("a published secret ballot carries its receipt: %+v", b)
		}
	}
	box, err := f.svc.PublishBox(f.ctx, f.village.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Recount(box)
	if err != nil || again.Counts["yes"] != p.Vote.Result.Counts["yes"] || again.BoxHash != p.Vote.Result.BallotsHash || !again.HashChecked {
		t.Fatalf("recomputed %+v (%v), stored %+v", again, err, p.Vote.Result)
	}
	for _, r := range receipts {
		if !box.HasReceipt(r.Code) {
			t.Fatalf("receipt %s is not in the box", r.Code)
		}
	}
}

// Retrying a cast with the same idempotency key returns the same receipt and
// adds nothing; a different key is a second vote and is refused.
func TestCastIsIdempotent(t *testing.T) {
	for _, secret := range []bool{false, true} {
		f := newFixture(t, 4, "village")
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
		key := "0123456789abcdef0123"
		a, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"yes"}, IdempotencyKey: key})
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"yes"}, IdempotencyKey: key})
		if err != nil || !b.Replayed || b.Code != a.Code {
			t.Fatalf("secret=%v replay: %+v %v", secret, b, err)
		}
		_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, IdempotencyKey: "another-key-0123456789"})
		wantCode(t, err, "already_voted")
	}
}

func TestChangeUntilCloseKeepsHistoryAndCountsTheLast(t *testing.T) {
	f := newFixture(t, 4, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, ChangeUntilClose: true})
	f.cast(t, v.ID, 0, "no")
	r := f.cast(t, v.ID, 0, "yes")
	if !r.Changed {
		t.Fatalf("second cast: %+v", r)
	}
	_, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, ChangeUntilClose: true, Secret: true})
	wantCode(t, err, "secret_no_change")
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Result.Counts["yes"] != 1 || closed.Result.Counts["no"] != 0 || closed.Result.Voters != 1 {
		t.Fatalf("result %+v", closed.Result)
	}
	p, _ := f.svc.Publish(f.ctx, f.village.ID, v.ID)
	if len(p.Ballots) != 1 || len(p.Ballots[0].History) != 1 || p.Ballots[0].History[0].Choices[0] != "no" {
		t.Fatalf("history %+v", p.Ballots)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(1), CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "vote_closed")
}

// Paper and hands: counts need a second person, a recount is a new entry,
// and the tally shows each channel.
func TestPaperAndHandsChannels(t *testing.T) {
	f := newFixture(t, 20, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	for i := 0; i < 4; i++ {
		f.cast(t, v.ID, i, "yes")
	}
	e, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 5, "no": 3}, Voters: 8, Households: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, e.ID, web.Actor{AccountID: "sec"})
	wantCode(t, err, "same_person")
	if _, err := f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, e.ID, web.Actor{AccountID: "member"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, e.ID, web.Actor{AccountID: "member2"})
	wantCode(t, err, "already_confirmed")
	// A recount must follow the latest entry; it supersedes it once confirmed.
	_, err = f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 6}, Voters: 8})
	wantCode(t, err, "stale_recount")
	re, err := f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelPaper, Counts: map[string]int{"yes": 6, "no": 2}, Voters: 8, Households: 2, Supersedes: e.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.EnterCounts(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ChannelRequest{Channel: ChannelHands, Counts: map[string]int{"yes": 9}, Voters: 3})
	wantCode(t, err, "counts_do_not_add_up")
	// Unconfirmed recount: the paper channel is in doubt and does not count.
	r, _ := f.svc.Tally(f.ctx, v)
	if r.Voters != 4 || r.Channels["paper"] != 0 {
		t.Fatalf("with an unconfirmed recount: %+v", r)
	}
	if _, err := f.svc.ConfirmCounts(f.ctx, f.village.ID, v.ID, re.ID, web.Actor{AccountID: "member"}); err != nil {
		t.Fatal(err)
	}
	closed, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	r = *closed.Result
	if r.Voters != 12 || r.Counts["yes"] != 10 || r.Counts["no"] != 2 || r.Channels["paper"] != 8 || r.Online["yes"] != 4 {
		t.Fatalf("tally %+v", r)
	}
	if !r.AttendanceMet || !r.Adopted {
		t.Fatalf("12 of 20 present, 10 yes: %+v", r)
	}
}

// Results are hidden until close; after close the stored result is what the
// published ballots compute.
func TestResultsHiddenUntilClose(t *testing.T) {
	f := newFixture(t, 6, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	f.cast(t, v.ID, 0, "yes")
	got, cast, _ := f.svc.Get(f.ctx, f.village.ID, v.ID)
	if got.Result != nil || cast != 1 {
		t.Fatalf("open vote shows %+v, cast %d", got.Result, cast)
	}
	_, err := f.svc.Publish(f.ctx, f.village.ID, v.ID)
	wantCode(t, err, "vote_not_closed")
	if _, err := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	wantCode(t, err, "vote_closed")
}

func TestMultipleChoiceOptions(t *testing.T) {
	f := newFixture(t, 6, "village")
	opts := []Option{{Key: "a", Label: "甲"}, {Key: "b", Label: "乙"}, {Key: "c", Label: "丙"}}
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Options: opts, MaxChoices: 2})
	f.cast(t, v.ID, 0, "a", "b")
	_, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(1), CastRequest{Choices: []string{"a", "b", "c"}})
	wantCode(t, err, "bad_choice")
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(1), CastRequest{Choices: []string{"a", "a"}})
	wantCode(t, err, "bad_choice")
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(1), CastRequest{Choices: []string{"z"}})
	wantCode(t, err, "bad_choice")
	for i := 1; i < 4; i++ {
		f.cast(t, v.ID, i, "a")
	}
	closed, _ := f.svc.Close(f.ctx, f.village.ID, v.ID, web.Actor{})
	if r := closed.Result; r.Counts["a"] != 4 || r.Counts["b"] != 1 || !r.Passed["a"] || r.Passed["b"] || r.Adopted {
		t.Fatalf("result %+v", r)
	}
}

// A retry with the same key but other choices is refused: the first cast
// stands (for secret ballots too, found by the receipt).
func TestReplayWithOtherChoicesIsRefused(t *testing.T) {
	for _, secret := range []bool{false, true} {
		f := newFixture(t, 4, "village")
		v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: secret})
		key := "retry-key-0123456789abcdef"
		if _, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"yes"}, IdempotencyKey: key}); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, IdempotencyKey: key})
		wantCode(t, err, "idempotency_conflict")
		my, err := f.svc.Mine(f.ctx, f.village.ID, v.ID, "A0000")
		if err != nil || !my.Voted || !my.Eligible {
			t.Fatalf("secret=%v mine: %+v %v", secret, my, err)
		}
		if my, _ := f.svc.Mine(f.ctx, f.village.ID, v.ID, "A0001"); my.Voted {
			t.Fatal("a resident who did not vote is shown as voted")
		}
	}
}
