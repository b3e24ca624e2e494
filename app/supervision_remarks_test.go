package main

import "testing"

// TestV2026Art37SupervisorRemarksOnNoticesAndMinutes: a supervision member
// remarks on a notice of the board and on published minutes, and residents
// read the remark with the record; unpublished minutes take none; a resident
// as such, a council member as such and the street may not remark.
func TestV2026Art37SupervisorRemarksOnNoticesAndMinutes(t *testing.T) {
	c := newCycleKit(t)
	c.ta.votes.RegisterSubjects("case", tamperSubjects{})
	var v struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/votes", map[string]any{"subject_kind": "case", "subject_id": "sup-election", "meeting_kind": "villagers_meeting"}, 201, &v)
	c.sec.mustJSON("POST", c.base+"/votes/"+v.ID+"/close", nil, 200, nil)
	c.operator.mustJSON("POST", c.base+"/bodies", map[string]any{"id": "supervision", "kind": "supervision", "name": "村务监督委员会",
		"members": []map[string]string{{"resident_no": "R013", "role": "chair"}}, "elected_by": map[string]string{"vote_id": v.ID}}, 201, nil)
	member := c.account("/gz/hd/hs/xl", "R013") // opened after the seat: the account gets the supervisor role with it
	official := c.ta.login(t, "13800000003")

	mpath, _ := c.adoptedAndClosed("监督议事会")
	remark := map[string]string{"text": "表决票数与签到人数一致"}
	member.mustError("POST", mpath+"/minutes/1/remarks", remark, 409, "minutes_not_published")
	var pub struct {
		Notices []noticeView `json:"notices"`
	}
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	npath := c.base + "/notices/" + pub.Notices[0].ID

	for _, who := range []*client{c.chair, c.second} {
		who.mustError("POST", npath+"/remarks", remark, 403, "forbidden")
		who.mustError("POST", mpath+"/minutes/1/remarks", remark, 403, "forbidden")
	}
	official.mustError("POST", npath+"/remarks", remark, 403, "negative_list")
	official.mustError("POST", mpath+"/minutes/1/remarks", remark, 403, "negative_list")
	member.mustError("POST", npath+"/remarks", map[string]string{"text": ""}, 422, "invalid_fields")
	member.mustJSON("POST", npath+"/remarks", map[string]string{"text": "公示期请写明截止日期"}, 201, nil)
	member.mustJSON("POST", mpath+"/minutes/1/remarks", remark, 201, nil)

	var got struct {
		Remarks []struct{ Text string } `json:"remarks"`
	}
	c.chair.mustJSON("GET", npath+"/remarks", nil, 200, &got)
	if len(got.Remarks) != 1 || got.Remarks[0].Text != "公示期请写明截止日期" {
		t.Fatalf("notice remarks %+v", got)
	}
	c.chair.mustJSON("GET", mpath+"/minutes/1/remarks", nil, 200, &got)
	if len(got.Remarks) != 1 || got.Remarks[0].Text != remark["text"] {
		t.Fatalf("minutes remarks %+v", got)
	}
}
