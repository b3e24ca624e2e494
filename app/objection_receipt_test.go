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
