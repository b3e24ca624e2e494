package main

// The kinds of notification not walked by the village cycle of
// notify_test.go: a proposal not adopted, a complaint's order to the
// village, an assisted action waiting for its second person and done for
// the resident. Each proves, on the bells of everyone involved and of
// bystanders (the street's official among them), that the event tells the
// people it concerns once each and nobody else. And no notification of
// anyone, over a whole secret vote, says how anyone voted.

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"yishi/modules/notify"
)

// expectKinds checks the step told each named person exactly one
// notification of the kind given for them, and everyone else nothing.
func (b *bells) expectKinds(step string, want map[string]string) {
	b.t.Helper()
	got := b.fresh()
	var names []string
	for name := range b.people {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		kind, ok := want[name]
		ns := got[name]
		switch {
		case !ok && len(ns) > 0:
			b.t.Errorf("%s: %s was told %+v, want nothing", step, name, ns)
		case ok && (len(ns) != 1 || ns[0].Kind != kind):
			b.t.Errorf("%s: %s was told %+v, want one %s", step, name, ns, kind)
		}
	}
}

// TestProposalNotAdoptedTellsTheProposerAndFollowersThroughHTTP: the Party
// members' meeting rejects a 4+2 proposal; its proposer and its follower
// hear it was not adopted (once, as that and not as one more step); the
// secretary who recorded it, the council, other residents and the street
// hear nothing.
func TestProposalNotAdoptedTellsTheProposerAndFollowersThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	xl := x.xl
	r6 := x.account(xlPath, "R006")
	b := watchBells(t, map[string]*client{"sec": x.sec, "sec2": x.sec2, "chair": x.chair, "r2": x.r2, "r3": x.r3, "r6": r6, "official": x.official})
	p := submitted(x.r3, xl, map[string]any{"body_id": "council", "title": "村集体土地出租", "category": "public_welfare", "flow": "four_plus_two"})
	r6.mustJSON("PUT", proposalsPath(xl, "/", p.ID, "/follow"), nil, 204, nil)
	advance(x.sec, xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	advance(x.sec, xl, p.ID, "committees_deliberation", nil)
	b.fresh()
	out := advance(x.sec, xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 2}})
	if out.Status != "not_adopted" {
		t.Fatalf("2 of 7 approving: %s, want not adopted", out.Status)
	}
	got := b.expect("not adopted", notify.KindProposalRejected, "r3", "r6")
	if l := got["r3"].Link; l.View != "proposal" || l.Params["pid"] != p.ID {
		t.Errorf("the outcome's link: %+v", l)
	}
}

// TestComplaintFindingTellsTheComplainantAndOrdersTheVillageThroughHTTP:
// the street finds a complaint founded and orders the village to publish;
// the complainant hears the finding, the village's secretaries the order
// (which does not name the complainant), and nobody else: not the official
// who found it, not the other residents.
func TestComplaintFindingTellsTheComplainantAndOrdersTheVillageThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	b := watchBells(t, map[string]*client{"sec": x.sec, "sec2": x.sec2, "chair": x.chair, "r2": x.r2, "r3": x.r3, "official": x.official})
	var c struct{ ID string }
	x.r3.mustJSON("POST", x.base+"/complaints", map[string]string{"kind": "unpublished", "subject": "第三季度财务没有公开", "text": "公开栏没有财务收支"}, 201, &c)
	b.expect("a complaint", notify.KindComplaintNew, "official")
	x.official.mustJSON("POST", x.base+"/complaints/"+c.ID+"/finding", map[string]any{"finding": "founded",
		"facts": "经到公开栏查看，第三季度财务收支确未公开", "order": "在公开栏和平台公开第三季度财务收支", "due_days": 10}, 200, nil)
	got := b.fresh()
	b.seenAgain(got)
	b.expectKinds("a founded finding", map[string]string{"r3": notify.KindComplaintAnswered, "sec": notify.KindComplaintOrder, "sec2": notify.KindComplaintOrder})
	for _, n := range got["sec"] {
		if strings.Contains(n.Title, "R003") || strings.Contains(n.Title, "居民R003") {
			t.Errorf("the order names the complainant: %+v", n)
		}
	}
}

// seenAgain forgets that the notifications were seen, so the next check
// sees them (for a step whose notifications a test reads twice).
func (b *bells) seenAgain(got map[string][]notificationView) {
	for name, ns := range got {
		for _, n := range ns {
			delete(b.seen[name], n.ID)
		}
	}
}

// TestAssistTellsTheSecondPersonAndThenTheResidentThroughHTTP: a helper
// records a co-signature for a resident who has no phone at hand; those
// who may confirm it (never the helper) hear it waits for them; the
// confirmation tells the resident what was done for them and by whom, and
// nobody else; a retried confirmation tells nobody twice.
func TestAssistTellsTheSecondPersonAndThenTheResidentThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	resident := c.account(xlPath, "R003")
	b := watchBells(t, map[string]*client{"helper": c.sec, "second": c.second, "proposer": c.chair, "resident": resident,
		"neighbour": c.account(xlPath, "R002"), "official": c.ta.login(t, "13800000003")})
	a := c.assist(c.sec, "cosign", "R003", c.p.ID, "")
	b.expect("an assisted co-signature recorded", notify.KindAssistToConfirm, "second")
	confirm := c.base + "/assist/" + a.ID + "/confirm"
	c.second.mustJSON("POST", confirm, nil, 200, nil)
	got := b.fresh()
	b.seenAgain(got)
	b.expectKinds("confirmed", map[string]string{"resident": notify.KindAssisted})
	if n := got["resident"]; len(n) == 1 && (n[0].Title != c.p.Title || n[0].Link.View != "assisted") {
		t.Errorf("the resident's notification: %+v", n[0])
	}
	c.second.mustJSON("POST", confirm, nil, 200, nil)
	b.nothing("the confirmation retried")
}

// TestNoNotificationSaysHowAnyoneVotedThroughHTTP: over a secret vote and a
// named one, from opening to close, nobody's bell gets a notification from
// a ballot, and no notification anyone holds names a choice or links to a
// ballot or a receipt; the street's official, who may never see a
// village's ballots, hears nothing of either vote.
func TestNoNotificationSaysHowAnyoneVotedThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	people := map[string]*client{"sec": x.sec, "sec2": x.sec2, "chair": x.chair, "r2": x.r2, "r3": x.r3, "official": x.official}
	voters := []string{"sec", "sec2", "chair", "r2", "r3"}
	b := watchBells(t, people)
	for _, secret := range []bool{true, false} {
		p := submitted(x.r3, x.xl, map[string]any{"body_id": "council", "title": "修缮村道路灯", "category": "public_welfare", "flow": "four_plus_two"})
		b.fresh()
		var v struct{ ID string }
		x.sec.mustJSON("POST", x.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting", "secret": secret}, 201, &v)
		b.expect("a vote opened", notify.KindVoteOpened, voters...)
		for i, name := range voters {
			choice := []string{"yes", "no", "abstain"}[i%3]
			people[name].mustJSON("POST", x.base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{choice}}, 201, nil)
			b.nothing("a ballot")
		}
		x.ta.clock.advance(time.Minute)
		x.sec.mustJSON("POST", x.base+"/votes/"+v.ID+"/close", nil, 200, nil)
		b.fresh() // the closing may move the proposal on: that is the vote's outcome, not anyone's ballot
	}
	choiceWords := []string{"同意", "反对", "弃权", "赞成", "yes", "no ", "abstain", "投了", "voted"}
	for name, c := range people {
		var page notificationPage
		c.mustJSON("GET", "/api/v1/notifications?limit=100", nil, 200, &page)
		for _, n := range page.Notifications {
			text := n.Title + " " + n.DetailZh + " " + n.DetailEn
			if slices.ContainsFunc(choiceWords, func(w string) bool { return strings.Contains(strings.ToLower(text), w) }) ||
				n.Link.View == "vote-receipt" || n.Link.Params["receipt"] != "" {
				t.Errorf("%s holds a notification that may say how someone voted: %+v", name, n)
			}
			if name == "official" {
				t.Errorf("the street's official heard of a village vote: %+v", n)
			}
		}
	}
}
