package main

import (
	"testing"
	"time"
)

// cycleKit is 小罗村 with its council, ready to run a meeting through HTTP:
// the secretary (R005), a second council member (R009) and the chair
// (R001), a proposal waiting for the council.
type cycleKit struct {
	*propKit
	sec, second, chair *client
	base               string
	p                  propView
}

func newCycleKit(t *testing.T) *cycleKit {
	t.Helper()
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	c := &cycleKit{propKit: k, base: "/api/v1/orgs/" + k.xl,
		sec:    k.account(xlPath, "R005", "resident", "council_member", "secretary"),
		second: k.account(xlPath, "R009", "resident", "council_member"),
		chair:  k.account(xlPath, "R001")}
	c.p = submitted(c.chair, k.xl, map[string]any{"body_id": "council", "title": "周末放映露天电影", "category": "culture"})
	return c
}

// schedule schedules a council meeting a minute from now with the agenda.
func (c *cycleKit) schedule(title string, agenda ...string) string {
	c.t.Helper()
	var m meetingView
	c.sec.mustJSON("POST", c.base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": title,
		"place": "村委会", "agenda": agenda, "starts_at": c.ta.clock.now().Add(time.Minute), "chair": "R001", "recorder": "R005"}, 201, &m)
	return m.ID
}

// openMeeting schedules a council meeting, moves the clock to it and opens it.
func (c *cycleKit) openMeeting(title string, agenda ...string) string {
	c.t.Helper()
	id := c.schedule(title, agenda...)
	c.ta.clock.advance(2 * time.Minute)
	c.sec.mustJSON("POST", c.base+"/meetings/"+id+"/open", nil, 200, nil)
	return id
}

type meetingVoteView struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	SubjectID string `json:"subject_id"`
	Status    string `json:"status"`
	Adopted   *bool  `json:"adopted"`
	Voters    int    `json:"voters"`
}

// A vote opened on an agenda item of an open meeting carries the meeting;
// the meeting lists its votes by title; the meeting does not close while
// one is open; the minutes take only votes of their own meeting.
func TestVotesOfAMeetingThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	other := submitted(c.chair, c.xl, map[string]any{"body_id": "council", "title": "修补篮球场", "category": "culture"})
	later := c.schedule("下周议事会", c.p.ID)
	mid := c.openMeeting("十二月议事会", c.p.ID)
	votes := c.base + "/votes"

	c.sec.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID}, 422, "meeting_kind_required")
	c.sec.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": later}, 409, "meeting_not_open")
	e := c.sec.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": other.ID, "meeting_id": mid}, 422, "not_on_agenda")
	if e.Error.Fields["subject_id"].Message == "" {
		t.Fatalf("not_on_agenda names no field: %+v", e)
	}
	c.sec.mustError("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": mid, "meeting_kind": "villagers_meeting"}, 422, "meeting_mismatch")
	var v struct {
		ID           string `json:"id"`
		MeetingID    string `json:"meeting_id"`
		MeetingTitle string `json:"meeting_title"`
		MeetingKind  string `json:"meeting_kind"`
		BodyID       string `json:"body_id"`
	}
	c.sec.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": mid}, 201, &v)
	if v.MeetingID != mid || v.MeetingKind != "council" || v.BodyID != "council" || v.MeetingTitle != "十二月议事会" {
		t.Fatalf("the vote does not carry its meeting: %+v", v)
	}

	var list struct{ Votes []meetingVoteView }
	c.chair.mustJSON("GET", c.base+"/meetings/"+mid+"/votes", nil, 200, &list)
	if len(list.Votes) != 1 || list.Votes[0].Title != "周末放映露天电影" || list.Votes[0].Status != "open" || list.Votes[0].Adopted != nil {
		t.Fatalf("the meeting's votes: %+v", list)
	}
	var byMeeting struct{ Votes []struct{ ID string } }
	c.chair.mustJSON("GET", votes+"?meeting_id="+mid, nil, 200, &byMeeting)
	if len(byMeeting.Votes) != 1 || byMeeting.Votes[0].ID != v.ID {
		t.Fatalf("votes?meeting_id: %+v", byMeeting)
	}
	c.chair.mustJSON("GET", votes+"?meeting_id="+later, nil, 200, &byMeeting)
	if len(byMeeting.Votes) != 0 {
		t.Fatalf("another meeting's votes: %+v", byMeeting)
	}

	c.sec.mustError("POST", c.base+"/meetings/"+mid+"/close", nil, 409, "votes_open")
	for _, voter := range []*client{c.sec, c.second, c.chair} {
		voter.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	c.sec.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", c.base+"/meetings/"+mid+"/close", nil, 200, nil)
	c.chair.mustJSON("GET", c.base+"/meetings/"+mid+"/votes", nil, 200, &list)
	if len(list.Votes) != 1 || list.Votes[0].Status != "closed" || list.Votes[0].Adopted == nil || !*list.Votes[0].Adopted || list.Votes[0].Voters != 3 {
		t.Fatalf("the closed vote in the meeting's list: %+v", list)
	}

	// The minutes of another meeting cannot take this vote.
	c.sec.mustJSON("POST", c.base+"/meetings/"+later+"/open", nil, 200, nil)
	c.sec.mustJSON("POST", c.base+"/meetings/"+later+"/close", nil, 200, nil)
	e = c.sec.mustError("POST", c.base+"/meetings/"+later+"/minutes", map[string]any{"chair": "R001", "vote_ids": []string{v.ID}}, 422, "vote_of_other_meeting")
	if e.Error.Fields["vote_ids"].Message == "" {
		t.Fatalf("vote_of_other_meeting names no field: %+v", e)
	}
	c.sec.mustJSON("POST", c.base+"/meetings/"+mid+"/minutes", map[string]any{"chair": "R001", "vote_ids": []string{v.ID}}, 201, nil)
}
