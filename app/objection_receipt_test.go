package main

import (
	"strings"
	"testing"
)

// TestObjectionCitesAMissingReceiptThroughHTTP (issue 21 (6)): during the
// notice period a resident objects that their receipt is missing from the
// vote's published box, giving the code alone or with words; a code that
// is not a receipt code, or an objection with neither, is refused with the
// field named.
func TestObjectionCitesAMissingReceiptThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	mpath, _ := c.adoptedAndClosed("十二月议事会")
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	objections := c.base + "/notices/" + pub.Notices[0].ID + "/objections"

	var o struct {
		Text           string `json:"text"`
		MissingReceipt string `json:"missing_receipt"`
	}
	c.chair.mustJSON("POST", objections, map[string]any{"missing_receipt": "abcdefghijklmnopqrst"}, 201, &o)
	if o.MissingReceipt != "ABCDEFGHIJKLMNOPQRST" || !strings.Contains(o.Text, "回执不在") {
		t.Fatalf("an objection with the code alone: %+v", o)
	}
	c.chair.mustJSON("POST", objections, map[string]any{"text": "投票时拿到了回执，结果里找不到。", "missing_receipt": "ABCDEFGHIJKLMNOPQRS7"}, 201, &o)
	if o.MissingReceipt != "ABCDEFGHIJKLMNOPQRS7" || o.Text != "投票时拿到了回执，结果里找不到。" {
		t.Fatalf("an objection with words and a code: %+v", o)
	}
	for _, bad := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"missing_receipt": "ABCDEFGHIJKLMNOPQRS1"}, "missing_receipt"}, // 1 is not in a receipt code
		{map[string]any{"missing_receipt": "ABCD"}, "missing_receipt"},
		{map[string]any{"text": ""}, "text"},
	} {
		e := c.chair.mustError("POST", objections, bad.body, 422, "invalid_fields")
		f, ok := e.Error.Fields[bad.field]
		if !ok || (bad.field == "missing_receipt" && !strings.Contains(f.Message, "20 个字母和数字")) {
			t.Errorf("%v refused as %+v, want the field %s named with the rule", bad.body, e.Error, bad.field)
		}
	}
	var list struct {
		Objections []struct {
			MissingReceipt string `json:"missing_receipt"`
		} `json:"objections"`
	}
	c.sec.mustJSON("GET", objections, nil, 200, &list)
	if len(list.Objections) != 2 || list.Objections[0].MissingReceipt == "" {
		t.Fatalf("the notice's objections: %+v", list.Objections)
	}
}

// TestObjectionCitingACountedReceiptIsRefused: a receipt code that is in the
// box is refused, and not stored: beside the objector's name it would tie
// them to their secret ballot (the box keeps each receipt's hash with its
// choice).
func TestObjectionCitingACountedReceiptIsRefused(t *testing.T) {
	c := newCycleKit(t)
	mid, vid := c.openMeetingVote("一月议事会")
	mpath := c.base + "/meetings/" + mid
	var code struct{ Code string }
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	receipts := map[*client]string{}
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
		var cast struct{ Receipt string }
		who.mustJSON("POST", c.base+"/votes/"+vid+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, &cast)
		receipts[who] = cast.Receipt
	}
	c.sec.mustJSON("POST", c.base+"/votes/"+vid+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{vid}}, 201, nil)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	objections := c.base + "/notices/" + pub.Notices[0].ID + "/objections"
	if receipts[c.chair] == "" {
		t.Fatal("no receipt returned by the cast")
	}
	e := c.chair.mustError("POST", objections, map[string]any{"missing_receipt": receipts[c.chair]}, 422, "receipt_in_box")
	if _, ok := e.Error.Fields["missing_receipt"]; !ok {
		t.Errorf("refusal %+v does not name the field", e.Error)
	}
	var list struct{ Objections []struct{} }
	c.sec.mustJSON("GET", objections, nil, 200, &list)
	if len(list.Objections) != 0 {
		t.Errorf("a refused objection was stored: %d", len(list.Objections))
	}
}
