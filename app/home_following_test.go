package main

import (
	"slices"
	"testing"
)

// TestHomeListsWhatIFollowWithItsNextStepThroughHTTP: a proposal's proposer
// and those who follow it find it on home with its next step, which moves
// on with the proposal; who stops following, or lives elsewhere, does not;
// a proposal no longer under way leaves every home.
func TestHomeListsWhatIFollowWithItsNextStepThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	xl := x.xl
	outsider := x.ta.login(t, "13800000001") // a resident of 东田社区
	has := func(c *client, title string) bool {
		return slices.ContainsFunc(homeOf(c).Village, func(l homeLine) bool { return l.Kind == "following" && l.Title == title })
	}
	p := submitted(x.r3, xl, map[string]any{"body_id": "council", "title": "修缮村道路灯", "category": "public_welfare", "flow": "four_plus_two"})
	l := line(t, homeOf(x.r3).Village, "following")
	if l.Title != p.Title || l.DetailZh != "下一步：村党组织提议" || l.Link.View != "proposal" || l.Link.Params["pid"] != p.ID || l.Link.Params["vid"] != xl {
		t.Errorf("the proposer's line: %+v", l)
	}
	if has(x.r2, p.Title) || has(outsider, p.Title) {
		t.Errorf("a neighbour who does not follow it, or a resident of another village, has it on home")
	}
	x.r2.mustJSON("PUT", proposalsPath(xl, "/", p.ID, "/follow"), nil, 204, nil)
	if !has(x.r2, p.Title) {
		t.Errorf("a follower does not find it on home: %v", kinds(homeOf(x.r2).Village))
	}
	advance(x.sec, xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	if l := line(t, homeOf(x.r2).Village, "following"); l.DetailZh != "下一步：村“两委”会议商议" {
		t.Errorf("after the first step the line says %q", l.DetailZh)
	}
	x.r2.mustJSON("DELETE", proposalsPath(xl, "/", p.ID, "/follow"), nil, 204, nil)
	if has(x.r2, p.Title) {
		t.Errorf("it stays on the home of one who stopped following")
	}
	advance(x.sec, xl, p.ID, "committees_deliberation", nil)
	advance(x.sec, xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 2}})
	if has(x.r3, p.Title) {
		t.Errorf("a proposal not adopted is still followed on home: %v", kinds(homeOf(x.r3).Village))
	}
}
