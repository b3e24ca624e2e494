package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

type meetingView struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Warnings []struct {
		Code string `json:"code"`
	} `json:"warnings"`
}

type minutesView struct {
	ID         string `json:"id"`
	Version    int    `json:"version"`
	Status     string `json:"status"`
	Hash       string `json:"hash"`
	Reason     string `json:"reason"`
	Attendance []struct {
		ResidentNo string `json:"resident_no"`
	} `json:"attendance"`
	Quorum struct {
		Met     bool `json:"met"`
		Present int  `json:"present"`
	} `json:"quorum"`
	Votes []struct {
		VoteID  string         `json:"vote_id"`
		Counts  map[string]int `json:"counts"`
		Adopted bool           `json:"adopted"`
	} `json:"votes"`
}

// TestMajorMatterMeetingToFilingThroughHTTP is the path of a major matter in
// 小罗村 through HTTP: V2026 Art. 25 ¶2 notice, QR sign-in, a marked attendance
// confirmed by a second person, the vote, minutes drafted from the records,
// confirmed, published and never edited, a correction version, the tamper
// check, the board and its notice period, an objection answered, filing,
// a correction order from the street (V2026 Art. 31 ¶3), re-filing and acceptance, and
// every forbidden write of the street official refused.
func TestMajorMatterMeetingToFilingThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	clock := &ta.clock
	const xlPath = "/gz/hd/hs/xl"
	xl := k.xl

	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	second := k.account(xlPath, "R009", "resident", "secretary")
	chair := k.account(xlPath, "R001")
	r2 := k.account(xlPath, "R002")
	r3 := k.account(xlPath, "R003")
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + xl

	// A major matter (V2026 Art. 28 ¶1(4): a public-welfare project) follows the 4+2
	// method: proposal, deliberation and review before the villagers' meeting.
	p := submitted(r3, xl, map[string]any{"body_id": "council", "title": "修缮村道路灯", "category": "public_welfare", "flow": "four_plus_two"})
	advance(secretary, xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	advance(secretary, xl, p.ID, "committees_deliberation", nil)
	advance(secretary, xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 6}})

	// V2026 Art. 25 ¶2: a villagers' meeting is announced at least 10 days ahead.
	meeting := map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "村委会礼堂", "agenda": []string{p.ID},
		"starts_at": clock.now().Add(5 * 24 * time.Hour), "chair": "R001"}
	secretary.mustError("POST", base+"/meetings", meeting, 422, "announced_late")
	official.mustError("POST", base+"/meetings", meeting, 403, "forbidden")
	meeting["starts_at"] = clock.now().Add(11 * 24 * time.Hour)
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", meeting, 201, &m)
	mpath := base + "/meetings/" + m.ID
	secretary.mustError("POST", mpath+"/open", nil, 409, "too_early")
	clock.advance(11*24*time.Hour + time.Minute)
	secretary.mustJSON("POST", mpath+"/open", nil, 200, &m)

	// Sign-in by the rotating code; once per resident.
	var code struct {
		Code string `json:"code"`
	}
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	official.mustError("GET", mpath+"/sign-in-code", nil, 403, "forbidden")
	chair.mustError("POST", mpath+"/sign-in", map[string]string{"code": "0000"}, 422, "bad_sign_in_code")
	for _, c := range []*client{chair, r2, r3, secretary} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
	chair.mustError("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 409, "already_signed_in")
	// A resident without a phone: marked, confirmed by a second person.
	secretary.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013", "note": "无手机"}, 201, nil)
	secretary.mustError("POST", mpath+"/marks/R013/confirm", nil, 409, "same_person")
	second.mustJSON("POST", mpath+"/marks/R013/confirm", nil, 200, nil)
	second.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R009"}, 201, nil)
	var pending struct {
		Quorum struct{ Pending int } `json:"quorum"`
	}
	secretary.mustJSON("GET", mpath+"/attendance", nil, 200, &pending)
	if pending.Quorum.Pending != 1 {
		t.Fatalf("an unconfirmed mark must not count: %+v", pending)
	}
	secretary.mustJSON("POST", mpath+"/marks/R009/confirm", nil, 200, nil)
	var att struct {
		Quorum struct {
			Present           int  `json:"present"`
			HouseholdsPresent int  `json:"households_present"`
			Met               bool `json:"met"`
		} `json:"quorum"`
	}
	secretary.mustJSON("GET", mpath+"/attendance", nil, 200, &att)
	if att.Quorum.Present != 6 || att.Quorum.HouseholdsPresent != 4 || !att.Quorum.Met {
		t.Fatalf("quorum %+v", att.Quorum)
	}

	// The vote, through the vote API.
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
	r13 := k.account(xlPath, "R013")
	for _, c := range []*client{chair, r2, r3, secretary, second, r13} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	official.mustError("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"no"}}, 403, "negative_list")
	official.mustError("POST", base+"/votes/"+v.ID+"/close", nil, 403, "negative_list")
	// Nothing is decided before the vote closes.
	secretary.mustError("POST", proposalsPath(xl, "/", p.ID, "/advance"), map[string]any{"step": "resolution", "vote_id": v.ID}, 409, "")
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	// Step 4 of 4+2: the resolution, passed by the villagers' meeting's vote.
	official.mustError("POST", proposalsPath(xl, "/", p.ID, "/advance"), map[string]any{"step": "resolution", "vote_id": v.ID}, 403, "forbidden")
	// Closing the vote completed the step (app/wire_steps.go).
	if got := detail(secretary, xl, p.ID).Proposal; got.Current.Key != "resolution_publication" {
		t.Fatalf("after the resolution: %+v", got)
	}

	// Minutes: attendance and counts come from the records.
	draftBody := map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID},
		"opinions": []map[string]string{{"item": p.ID, "speaker": "R002", "text": "同意，尽快施工"}}}
	official.mustError("POST", mpath+"/minutes", draftBody, 403, "negative_list")
	var mv minutesView
	secretary.mustJSON("POST", mpath+"/minutes", draftBody, 201, &mv)
	if len(mv.Attendance) != 6 || len(mv.Votes) != 1 || mv.Votes[0].Counts["yes"] != 6 || !mv.Votes[0].Adopted || !mv.Quorum.Met {
		t.Fatalf("minutes %+v", mv)
	}
	v1 := mpath + "/minutes/1"
	secretary.mustError("POST", v1+"/publish", nil, 409, "not_confirmed")
	k.account("/gz/hd/hs/xl", "R010").mustError("POST", v1+"/confirm", nil, 403, "not_attendee")
	for _, c := range []*client{chair, r2, r3} {
		c.mustJSON("POST", v1+"/confirm", nil, 200, nil)
	}
	official.mustError("POST", v1+"/publish", nil, 403, "forbidden")
	var opened struct {
		Notices []struct {
			ID         string    `json:"id"`
			Kind       string    `json:"kind"`
			Deadline   time.Time `json:"deadline"`
			ProposalID string    `json:"proposal_id"`
		} `json:"notices"`
	}
	_, published := secretary.do("POST", v1+"/publish", nil)
	if err := json.Unmarshal(published, &mv); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(published, &opened); err != nil {
		t.Fatal(err)
	}
	if mv.Status != "published" || len(mv.Hash) != 64 {
		t.Fatalf("published %+v", mv)
	}
	// Publishing the adopted resolution opened its notice on the board.
	if len(opened.Notices) != 1 || opened.Notices[0].Kind != "resolution" || opened.Notices[0].ProposalID != p.ID {
		t.Fatalf("publishing opened %+v", opened)
	}
	// Published minutes never change; a correction is a new version.
	secretary.mustError("PUT", v1, draftBody, 409, "minutes_published")
	official.mustError("PUT", v1, draftBody, 403, "negative_list")
	official.mustError("POST", v1+"/corrections", map[string]any{"chair": "R001", "reason": "x"}, 403, "negative_list")
	secretary.mustError("POST", v1+"/corrections", map[string]any{"chair": "R001"}, 422, "invalid_fields")
	var v2 minutesView
	corr := map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}, "reason": "补记发言人姓名",
		"opinions": []map[string]string{{"item": p.ID, "speaker": "R002 黄秀英", "text": "同意，尽快施工"}}}
	secretary.mustJSON("POST", v1+"/corrections", corr, 201, &v2)
	if v2.Version != 2 || v2.Reason == "" {
		t.Fatalf("correction %+v", v2)
	}
	var versions struct{ Versions []minutesView }
	r3.mustJSON("GET", mpath+"/minutes", nil, 200, &versions)
	if len(versions.Versions) != 2 || versions.Versions[0].Hash != mv.Hash {
		t.Fatalf("versions %+v", versions.Versions)
	}

	// The check passes, then finds a document changed in the store.
	var check struct {
		OK       bool `json:"ok"`
		Checked  int  `json:"checked"`
		Problems []struct {
			MinutesID string `json:"minutes_id"`
		} `json:"problems"`
	}
	official.mustJSON("GET", base+"/minutes-check", nil, 403, nil)
	r3.mustJSON("GET", base+"/minutes-check", nil, 200, &check)
	if !check.OK || check.Checked != 1 {
		t.Fatalf("check before tampering: %+v", check)
	}
	_, err := ta.store.Village(xl).Collection("minutes").UpdateOne(context.Background(), bson.M{"_id": mv.ID},
		bson.M{"$set": bson.M{"opinions.0.text": "反对"}})
	if err != nil {
		t.Fatal(err)
	}
	r3.mustJSON("GET", base+"/minutes-check", nil, 200, &check)
	if check.OK || len(check.Problems) != 1 || check.Problems[0].MinutesID != mv.ID {
		t.Fatalf("tampering not found: %+v", check)
	}
	_, _ = ta.store.Village(xl).Collection("minutes").UpdateOne(context.Background(), bson.M{"_id": mv.ID},
		bson.M{"$set": bson.M{"opinions.0.text": "同意，尽快施工"}})

	// Publication and notice period.
	n := opened.Notices[0]
	secretary.mustError("POST", base+"/notices", map[string]any{"kind": "resolution", "title": "决议：修缮村道路灯", "text": "村民会议通过",
		"meeting_id": m.ID, "version": 1, "proposal_id": p.ID}, 409, "notice_exists")
	var board struct {
		Notices []struct {
			ID               string `json:"id"`
			Open             bool   `json:"open"`
			RemainingSeconds int64  `json:"remaining_seconds"`
		} `json:"notices"`
	}
	ta.client(t).mustJSON("GET", base+"/board", nil, 200, &board) // no login
	if len(board.Notices) != 1 || !board.Notices[0].Open || board.Notices[0].RemainingSeconds < 6*24*3600 {
		t.Fatalf("board %+v", board)
	}
	var obj struct{ ID string }
	r2.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "路灯位置不合理"}, 201, &obj)
	// The street reads objections but not who made them; the village does.
	var seen struct {
		Objections []struct {
			ResidentNo string `json:"resident_no"`
			Text       string `json:"text"`
		} `json:"objections"`
	}
	official.mustJSON("GET", base+"/notices/"+n.ID+"/objections", nil, 200, &seen)
	if len(seen.Objections) != 1 || seen.Objections[0].ResidentNo != "" || seen.Objections[0].Text == "" {
		t.Fatalf("the street sees %+v", seen.Objections)
	}
	secretary.mustJSON("GET", base+"/notices/"+n.ID+"/objections", nil, 200, &seen)
	if seen.Objections[0].ResidentNo == "" {
		t.Fatal("the village's secretary cannot see who objected")
	}
	official.mustError("PUT", base+"/notices/"+n.ID, map[string]string{"text": "改"}, 403, "negative_list")
	secretary.mustError("PUT", base+"/notices/"+n.ID, map[string]string{"text": "改"}, 403, "forbidden")
	file := map[string]string{"kind": "outcome", "notice_id": n.ID}
	secretary.mustError("POST", base+"/filings", file, 409, "notice_period_running")
	clock.advance(15*24*time.Hour + time.Minute)
	r3.mustError("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "晚了"}, 409, "notice_closed")
	secretary.mustError("POST", base+"/filings", file, 409, "objection_unanswered")
	official.mustError("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "x"}, 403, "forbidden")
	var counted struct {
		Notices []struct{ Objections, Unanswered int } `json:"notices"`
	}
	ta.client(t).mustJSON("GET", base+"/board", nil, 200, &counted)
	if counted.Notices[0].Objections != 1 || counted.Notices[0].Unanswered != 1 {
		t.Fatalf("board counts before the answer: %+v", counted.Notices)
	}
	secretary.mustJSON("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "已按规划调整位置"}, 200, nil)
	ta.client(t).mustJSON("GET", base+"/board", nil, 200, &counted)
	if counted.Notices[0].Objections != 1 || counted.Notices[0].Unanswered != 0 {
		t.Fatalf("board counts after the answer: %+v", counted.Notices)
	}
	official.mustError("POST", base+"/filings", file, 403, "forbidden")
	var f struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Order  *struct {
			Basis        string `json:"basis"`
			ReopenNote   string `json:"reopen_note"`
			ReopenedStep string `json:"reopened_step"`
		} `json:"correction_order"`
	}
	secretary.mustJSON("POST", base+"/filings", file, 201, &f)

	// The street reviews: a return must cite the law or policy.
	var queue struct {
		Filings []struct {
			ID        string    `json:"id"`
			ReviewDue time.Time `json:"review_due"`
		} `json:"filings"`
	}
	street := ta.orgID(t, "/gz/hd/hs")
	official.mustJSON("GET", "/api/v1/orgs/"+street+"/review-queue", nil, 200, &queue)
	if len(queue.Filings) != 1 || queue.Filings[0].ID != f.ID {
		t.Fatalf("queue %+v", queue)
	}
	secretary.mustError("GET", "/api/v1/orgs/"+street+"/review-queue", nil, 403, "forbidden")
	fpath := base + "/filings/" + f.ID
	official.mustError("POST", fpath+"/return", map[string]string{"reason": "占用基本农田"}, 422, "invalid_fields")
	secretary.mustError("POST", fpath+"/return", map[string]string{"basis": "土地管理法第三十七条", "reason": "占用基本农田"}, 403, "forbidden")
	// The street official cannot change the outcome, the minutes or the votes.
	official.mustError("PUT", fpath, map[string]string{"title": "改"}, 403, "negative_list")
	official.mustError("POST", base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}}, 403, "negative_list")
	official.mustError("POST", proposalsPath(xl, "/", p.ID, "/advance"), map[string]string{"step": "resolution_publication"}, 403, "forbidden")
	official.mustJSON("POST", fpath+"/return", map[string]string{"basis": "《土地管理法》第三十七条", "reason": "路灯选址占用基本农田，须调整"}, 200, &f)
	if f.Status != "returned" || f.Order == nil || !strings.Contains(f.Order.Basis, "土地管理法") || f.Order.ReopenedStep == "" {
		t.Fatalf("returned %+v %+v", f, f.Order)
	}
	// The return reopened the village's flow at the resolution (the vote
	// step), with the order in the proposal's history: the village decides
	// again.
	var reopened struct {
		Proposal struct {
			Status  string `json:"status"`
			Current struct {
				Key  string `json:"key"`
				Kind string `json:"kind"`
			} `json:"current"`
			History []struct{ Action, Note string } `json:"history"`
		} `json:"proposal"`
	}
	secretary.mustJSON("GET", proposalsPath(xl, "/", p.ID, ""), nil, 200, &reopened)
	last := reopened.Proposal.History[len(reopened.Proposal.History)-1]
	if reopened.Proposal.Current.Key != f.Order.ReopenedStep || reopened.Proposal.Current.Kind != "vote" ||
		reopened.Proposal.Status != "in_progress" || last.Action != "reopened" || !strings.Contains(last.Note, "土地管理法") {
		t.Fatalf("proposal after the correction order: %+v", reopened.Proposal)
	}
	// The old vote cannot pass the reopened step again: the village votes anew.
	secretary.mustError("POST", proposalsPath(xl, "/", p.ID, "/advance"), map[string]any{"step": "resolution", "vote_id": v.ID}, 409, "vote_used")
	official.mustError("POST", fpath+"/accept", nil, 409, "filing_not_pending")
	// The village corrects and files again; the street accepts.
	secretary.mustJSON("POST", base+"/filings", file, 201, &f)
	if !strings.HasSuffix(f.ID, ":2") {
		t.Fatalf("second filing %s", f.ID)
	}
	secretary.mustError("POST", base+"/filings", file, 409, "filing_pending")
	official.mustJSON("POST", base+"/filings/"+f.ID+"/accept", nil, 200, &f)
	if f.Status != "accepted" {
		t.Fatalf("accepted %+v", f)
	}
	var verify struct{ OK bool }
	secretary.mustJSON("GET", base+"/audit/verify", nil, 200, &verify)
	if !verify.OK {
		t.Error("audit chain broken")
	}
}
