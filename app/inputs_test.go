package main

import (
	"testing"
)

// TestInputsAreCleanThroughHTTP: the inputs, through the API — a
// title with a NUL or a U+FFFD, a one-line field with a line break, and a
// meeting dated 9999-12-31 are refused with the field named; nothing is
// stored; a count entered but not confirmed shows no confirmation time.
func TestInputsAreCleanThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	xl := k.xl
	resident := k.account("/gz/hd/hs/xl", "R003")
	secretary := k.account("/gz/hd/hs/xl", "R005", "resident", "secretary")
	for _, title := range []string{"修\u0000路灯", "修\ufffd路灯", "修路\n灯"} {
		e := resident.mustError("POST", proposalsPath(xl), map[string]any{"body_id": "council", "title": title, "category": "public_order"}, 422, "invalid_fields")
		if e.Error.Fields["title"].MessageEn == "" {
			t.Fatalf("title %q: the field is not named: %+v", title, e)
		}
	}
	var list struct {
		Proposals []struct{ Title string } `json:"proposals"`
	}
	resident.mustJSON("GET", proposalsPath(xl), nil, 200, &list)
	for _, p := range list.Proposals {
		if p.Title == "修路灯" {
			t.Fatal("a refused proposal was stored")
		}
	}
	base := "/api/v1/orgs/" + xl
	e := secretary.mustError("POST", base+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "礼堂",
		"starts_at": "9999-12-31T09:00:00Z"}, 422, "invalid_fields")
	if e.Error.Fields["starts_at"].MessageEn == "" {
		t.Fatalf("the date is not named: %+v", e)
	}

	p := submitted(resident, xl, map[string]any{"body_id": "council", "title": "修路灯", "category": "public_order"})
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
	var entry map[string]any
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 2}, "voters": 2}, 201, &entry)
	if _, shown := entry["confirmed_at"]; shown {
		t.Fatalf("an unconfirmed count shows a confirmation time: %v", entry)
	}
}
