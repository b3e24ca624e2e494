package main

// The published ballot box in the page (issue 21 (6)): after a secret vote
// closes and its resolution is on the notice board, a resident reaches the
// vote's result from home by taps, finds their receipt in the published
// list, opens the print view of the box, and lodges an objection citing a
// receipt missing from it. The API sets up the meeting, the vote, the casts
// and the minutes, and checks the objection stored.

import (
	"strings"
	"testing"

	"yishi/modules/vote"
)

// boxNotice holds a council meeting with a secret vote on the kit's
// proposal, the three council members cast yes, the vote and the meeting
// close, and the minutes are confirmed and published: the resolution's
// notice opens. It returns the notice and the chair's receipt code.
func boxNotice(t *testing.T, c *cycleKit) (noticeView, string) {
	t.Helper()
	mid := c.openMeeting("十二月议事会", c.p.ID)
	mpath := c.base + "/meetings/" + mid
	var v struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": mid, "secret": true}, 201, &v)
	var code struct{ Code string }
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	var chairs string
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
		var r vote.Receipt
		who.mustJSON("POST", c.base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, &r)
		chairs = r.Code
	}
	c.sec.mustJSON("POST", c.base+"/votes/"+v.ID+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	if len(pub.Notices) != 1 || pub.Notices[0].VoteID != v.ID {
		t.Fatalf("publishing opened %+v", pub.Notices)
	}
	return pub.Notices[0], chairs
}

// TestBrowserResidentFindsReceiptInBoxAndObjectsToAMissingOne: the chair of
// the council, a resident who voted, opens the root address, logs in, goes
// to the notice board, opens the resolution and from it the vote's result;
// types their receipt code and finds it in the box's list of receipts (the
// hash computed in the page); opens the print view, which lists the three
// receipts; goes back to the notice by taps and objects that a receipt is
// missing from the box, giving its code: the objection shows the code and is
// stored with it.
func TestBrowserResidentFindsReceiptInBoxAndObjectsToAMissingOne(t *testing.T) {
	ta, b := startBrowserTest(t)
	k := propKitOn(t, ta)
	const xlPath = "/gz/hd/hs/xl"
	c := &cycleKit{propKit: k, base: "/api/v1/orgs/" + k.xl,
		sec:    k.account(xlPath, "R005", "resident", "council_member", "secretary"),
		second: k.account(xlPath, "R009", "resident", "council_member"),
		chair:  k.account(xlPath, "R001")}
	c.p = submitted(c.chair, k.xl, map[string]any{"body_id": "council", "title": "周末放映露天电影", "category": "culture"})
	n, code := boxNotice(t, c)
	var me struct{ Phone string }
	c.chair.mustJSON("GET", "/api/v1/me", nil, 200, &me)

	a := newActor(t, b, "chair")
	a.logIn(ta.URL, me.Phone)
	a.tap("#link-board")
	a.tapText(".notice-open", "周末放映露天电影")
	a.tap("#notice-vote-result")
	a.see("#box-title", "公开票箱（3 张回执）")
	a.see("#box-chained", "一致")
	a.typeIn("#box-code", strings.ToLower(code[:10])+" "+code[10:])
	a.tap("#box-find")
	a.see("#box-mine-found", "我的回执在列表中")
	if n := a.eval(`String(document.querySelectorAll('#box-receipts li.mine').length)`); n != "1" {
		t.Fatalf("%s receipts marked as mine, want 1", n)
	}
	if mine := a.eval(`document.querySelector('#box-receipts li.mine').dataset.hash`); mine != vote.ReceiptHash(n.VoteID, code) {
		t.Fatalf("the page marked %s, the receipt's hash is %s", mine, vote.ReceiptHash(n.VoteID, code))
	}
	// The ballots are listed by content, apart from the receipts.
	a.see("#box-ballots", "同意：3 张")
	// A search narrows the list of receipts.
	a.typeIn("#box-search", vote.ReceiptHash(n.VoteID, code)[:12])
	a.see("#box-shown", "显示 1 张，共 3 张")

	// The print view of the box.
	a.tap("#box-print")
	a.waitJS("the printed receipts", `document.querySelectorAll('#print-box-receipts li').length === 3`)
	a.see("#print-box-hash", "box1:")

	// Back to the notice by taps: an objection citing a missing receipt.
	a.home(ta.URL)
	a.tap("#link-board")
	a.tapText(".notice-open", "周末放映露天电影")
	a.tap("#object-missing")
	a.typeIn("#object-receipt", "AAAA BBBB CCCC DDDD EEEE")
	a.tap("#object-submit")
	a.see("#action-said", "已提交，写明了回执码 AAAA BBBB CCCC DDDD EEEE")
	a.see("#objection-list .objection-receipt", "不在票箱清单中的回执：AAAA BBBB CCCC DDDD EEEE")

	var objections struct {
		Objections []struct {
			Text           string `json:"text"`
			MissingReceipt string `json:"missing_receipt"`
		} `json:"objections"`
	}
	c.sec.mustJSON("GET", c.base+"/notices/"+n.ID+"/objections", nil, 200, &objections)
	if len(objections.Objections) != 1 || objections.Objections[0].MissingReceipt != "AAAABBBBCCCCDDDDEEEE" || objections.Objections[0].Text == "" {
		t.Fatalf("stored objections %+v", objections.Objections)
	}
}
