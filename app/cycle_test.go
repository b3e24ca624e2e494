package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	stdpng "image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
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
	return cycleKitOn(t)
}

// benchCycleKit is the kit for a benchmark.
func benchCycleKit(b *testing.B) *cycleKit {
	b.Helper()
	return cycleKitOn(b)
}

func cycleKitOn(t testing.TB) *cycleKit {
	t.Helper()
	k := propKitOn(t, startTestApp(t))
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

// openMeetingVote opens a meeting on the kit's proposal and a vote on it.
func (c *cycleKit) openMeetingVote(title string) (meetingID, voteID string) {
	c.t.Helper()
	meetingID = c.openMeeting(title, c.p.ID)
	var v struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": meetingID}, 201, &v)
	return meetingID, v.ID
}

type leftOutView struct {
	EntryID          string `json:"entry_id"`
	Channel          string `json:"channel"`
	Voters           int    `json:"voters"`
	EnteredBy        string `json:"entered_by"`
	EnteredByName    string `json:"entered_by_name"`
	SupersededVoters int    `json:"superseded_voters"`
	EffectZh         string `json:"effect_zh"`
	EffectEn         string `json:"effect_en"`
}

// Closing a vote with a count nobody confirmed answers 409 naming it, who
// entered it, how many and what closing does; acknowledged, the vote
// closes and its result and the audit chain record what was left out.
func TestCloseNamesUnconfirmedCountsThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	_, vid := c.openMeetingVote("议事会")
	vpath := c.base + "/votes/" + vid
	c.chair.mustJSON("POST", vpath+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	var first, recount struct {
		ID            string `json:"id"`
		EnteredByName string `json:"entered_by_name"`
	}
	c.sec.mustJSON("POST", vpath+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 2}, "voters": 2}, 201, &first)
	if first.EnteredByName != "居民R005" {
		t.Fatalf("the count keeps no name of who entered it: %+v", first)
	}
	c.second.mustJSON("POST", vpath+"/counts/"+first.ID+"/confirm", nil, 200, nil)
	// A recount of the paper ballots, not yet confirmed: the channel is in doubt.
	c.sec.mustJSON("POST", vpath+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1, "no": 2}, "voters": 3, "supersedes": first.ID}, 201, &recount)

	var refusal struct {
		Error struct {
			Code    string `json:"code"`
			Details struct {
				Unconfirmed []leftOutView `json:"unconfirmed"`
			} `json:"details"`
		} `json:"error"`
	}
	for _, body := range []any{nil, map[string]any{}, map[string]any{"acknowledge_unconfirmed": []string{first.ID}}} {
		status, data := c.sec.do("POST", vpath+"/close", body)
		if status != 409 {
			t.Fatalf("close with an unacknowledged count (%v): %d %s", body, status, data)
		}
		if err := json.Unmarshal(data, &refusal); err != nil {
			t.Fatal(err)
		}
	}
	u := refusal.Error.Details.Unconfirmed
	if refusal.Error.Code != "unconfirmed_counts" || len(u) != 1 || u[0].EntryID != recount.ID || u[0].Voters != 3 || u[0].Channel != "paper" ||
		u[0].EnteredByName != "居民R005" || u[0].SupersededVoters != 2 ||
		!strings.Contains(u[0].EffectZh, "这 3 人的票不计入结果") || !strings.Contains(u[0].EffectZh, "已确认计票（2 人）也不计入") ||
		!strings.Contains(u[0].EffectEn, "leaves these 3 votes out") {
		t.Fatalf("the refusal does not name the unconfirmed count and its effect: %+v", refusal)
	}

	var closed struct {
		Status string `json:"status"`
		Result struct {
			Voters  int           `json:"voters"`
			LeftOut []leftOutView `json:"left_out"`
		} `json:"result"`
	}
	c.sec.mustJSON("POST", vpath+"/close", map[string]any{"acknowledge_unconfirmed": []string{recount.ID}}, 200, &closed)
	if closed.Status != "closed" || closed.Result.Voters != 1 || len(closed.Result.LeftOut) != 1 || closed.Result.LeftOut[0].EntryID != recount.ID {
		t.Fatalf("the closed vote does not record what was left out: %+v", closed)
	}
	var published struct {
		Vote struct {
			Result struct {
				LeftOut []leftOutView `json:"left_out"`
			} `json:"result"`
		} `json:"vote"`
	}
	c.chair.mustJSON("GET", vpath+"/published", nil, 200, &published)
	if len(published.Vote.Result.LeftOut) != 1 {
		t.Fatalf("the published vote hides what was left out: %+v", published)
	}
	var audit struct {
		Entries []struct{ Action, Object, Detail string } `json:"entries"`
	}
	c.sec.mustJSON("GET", c.base+"/audit?limit=500", nil, 200, &audit)
	found := false
	for _, e := range audit.Entries {
		found = found || e.Action == "vote.close" && e.Object == vid && strings.Contains(e.Detail, "left_out=["+recount.ID+":paper voters=3")
	}
	if !found {
		t.Fatalf("the audit chain does not record what the close left out: %+v", audit.Entries)
	}
}

// Closing a meeting with a mark nobody confirmed answers 409 naming it;
// acknowledged, the meeting closes, keeps the list and the audit chain
// records it; after the close nobody confirms a mark.
func TestMeetingCloseNamesUnconfirmedMarksThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	mid := c.openMeeting("议事会", c.p.ID)
	mpath := c.base + "/meetings/" + mid
	var mark struct {
		RecordedByName string `json:"recorded_by_name"`
	}
	c.sec.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013", "note": "无手机"}, 201, &mark)
	if mark.RecordedByName != "居民R005" {
		t.Fatalf("the mark keeps no name of who made it: %+v", mark)
	}
	var refusal struct {
		Error struct {
			Code    string `json:"code"`
			Details struct {
				Unconfirmed []struct {
					ResidentNo string `json:"resident_no"`
					EffectZh   string `json:"effect_zh"`
				} `json:"unconfirmed"`
			} `json:"details"`
		} `json:"error"`
	}
	status, data := c.sec.do("POST", mpath+"/close", nil)
	if err := json.Unmarshal(data, &refusal); err != nil || status != 409 || refusal.Error.Code != "unconfirmed_marks" ||
		len(refusal.Error.Details.Unconfirmed) != 1 || refusal.Error.Details.Unconfirmed[0].ResidentNo != "R013" ||
		!strings.Contains(refusal.Error.Details.Unconfirmed[0].EffectZh, "不计入到会人数") {
		t.Fatalf("close with an unconfirmed mark: %d %s", status, data)
	}
	var closed struct {
		Status       string `json:"status"`
		LeftOutMarks []struct {
			ResidentNo string `json:"resident_no"`
		} `json:"left_out_marks"`
	}
	c.sec.mustJSON("POST", mpath+"/close", map[string]any{"acknowledge_unconfirmed": []string{"R013"}}, 200, &closed)
	if closed.Status != "closed" || len(closed.LeftOutMarks) != 1 || closed.LeftOutMarks[0].ResidentNo != "R013" {
		t.Fatalf("the closed meeting does not keep what was left out: %+v", closed)
	}
	c.second.mustError("POST", mpath+"/marks/R013/confirm", nil, 409, "meeting_not_open")
}

type signedInView struct {
	ResidentNo string `json:"resident_no"`
	Method     string `json:"method"`
	Meeting    struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"meeting"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// The console's sign-in: the rotating code, six digits a person types, the
// address the QR code opens and the QR image itself; a resident signs in by
// the QR's address or by typing the six digits, and reads "signed in to …
// at …"; wrong six-digit codes are counted and then refused even when right.
func TestSignInByQRAndShortCodeThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	mid := c.openMeeting("十二月议事会", c.p.ID)
	mpath := c.base + "/meetings/" + mid
	var code struct {
		Code      string    `json:"code"`
		ShortCode string    `json:"short_code"`
		SignInURL string    `json:"sign_in_url"`
		QRPNG     string    `json:"qr_png"`
		ExpiresAt time.Time `json:"expires_at"`
		Rotates   int       `json:"rotates_every_seconds"`
	}
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	if len(code.ShortCode) != 6 || strings.Trim(code.ShortCode, "0123456789") != "" || code.Rotates != 30 {
		t.Fatalf("short code: %+v", code)
	}
	if want := c.ta.URL + "/#/v/" + c.xl + "/m/" + mid + "/sign-in/" + code.Code; code.SignInURL != want {
		t.Fatalf("sign-in address %q, want %q", code.SignInURL, want)
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(code.QRPNG, "data:image/png;base64,"))
	if err != nil || !strings.HasPrefix(code.QRPNG, "data:image/png;base64,") {
		t.Fatalf("qr_png is not a PNG data address: %.60s", code.QRPNG)
	}
	if img, err := stdpng.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() < 256 {
		t.Fatalf("qr_png: %v", err)
	}
	req, _ := http.NewRequest("GET", c.ta.URL+mpath+"/sign-in-qr.png", nil)
	resp, err := c.sec.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(body, []byte("\x89PNG")) {
		t.Fatalf("sign-in-qr.png: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	c.chair.mustError("GET", mpath+"/sign-in-qr.png", nil, 403, "forbidden")

	// By the QR's address (the page posts the code it carries).
	var in signedInView
	c.chair.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, &in)
	if in.Method != "qr" || in.Meeting.Title != "十二月议事会" || !strings.HasPrefix(in.Message, "已签到：十二月议事会，村委会，") ||
		!strings.HasPrefix(in.MessageEn, "Signed in to 十二月议事会 (村委会) at ") {
		t.Fatalf("QR sign-in answer: %+v", in)
	}
	// By the six digits, with no meeting named.
	c.second.mustJSON("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 201, &in)
	if in.Method != "code" || in.ResidentNo != "R009" || in.Meeting.ID != mid || !strings.Contains(in.Message, "十二月议事会") {
		t.Fatalf("short-code sign-in answer: %+v", in)
	}
	c.second.mustError("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 409, "already_signed_in")
	outsider := c.account("/gz/hd/hs/xl", "R002")
	outsider.mustError("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 403, "not_attendee")
	outsider.mustError("POST", c.base+"/sign-in", map[string]string{"short_code": "12ab"}, 422, "invalid_fields")

	// Guessing: five wrong codes, then even the right one waits.
	guesser := c.account("/gz/hd/hs/xl", "R013")
	wrong := "000000"
	if wrong == code.ShortCode {
		wrong = "000001"
	}
	for i := 0; i < 5; i++ {
		e := guesser.mustError("POST", c.base+"/sign-in", map[string]string{"short_code": wrong}, 422, "bad_sign_in_code")
		if e.Error.Fields["short_code"].Message == "" {
			t.Fatalf("bad code names no field: %+v", e)
		}
	}
	var fresh struct {
		ShortCode string `json:"short_code"`
	}
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &fresh)
	guesser.mustError("POST", c.base+"/sign-in", map[string]string{"short_code": fresh.ShortCode}, 429, "too_many_sign_in_codes")
	// The code of a past window is refused.
	c.ta.clock.advance(2 * time.Minute)
	c.account("/gz/hd/hs/xl", "R017").mustError("POST", c.base+"/sign-in", map[string]string{"short_code": fresh.ShortCode}, 422, "bad_sign_in_code")
}

// adoptedAndClosed runs a meeting whose vote on the kit's proposal is
// adopted by the three present, closes it and drafts minutes confirmed by
// the three; it returns the meeting's path and the vote's id.
func (c *cycleKit) adoptedAndClosed(title string) (mpath, voteID string) {
	c.t.Helper()
	mid, vid := c.openMeetingVote(title)
	mpath = c.base + "/meetings/" + mid
	var code struct{ Code string }
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
		who.mustJSON("POST", c.base+"/votes/"+vid+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	c.sec.mustJSON("POST", c.base+"/votes/"+vid+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{vid}}, 201, nil)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	return mpath, vid
}

type noticeView struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	MinutesID   string    `json:"minutes_id"`
	VoteID      string    `json:"vote_id"`
	ProposalID  string    `json:"proposal_id"`
	NoticeDays  int       `json:"notice_days"`
	PublishedAt time.Time `json:"published_at"`
	Deadline    time.Time `json:"deadline"`
	Open        bool      `json:"open"`
	EndsOn      string    `json:"ends_on"`
	EndsOnZh    string    `json:"ends_on_zh"`
	Objections  int       `json:"objections"`
	Unanswered  int       `json:"unanswered"`
}

// Publishing minutes with an adopted vote opens its notice on the board in
// the same request, with the village's own notice period; the board and the
// notice show its end date and objections; a correction opens none.
func TestPublishingMinutesOpensTheResolutionNoticeThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	var set map[string]any
	c.sec.mustJSON("GET", c.base+"/publication-settings", nil, 200, &set)
	set["notice_days"] = 20
	c.sec.mustJSON("PUT", c.base+"/publication-settings", set, 200, nil)
	mpath, vid := c.adoptedAndClosed("十二月议事会")

	var pub struct {
		Status  string       `json:"status"`
		Hash    string       `json:"hash"`
		Notices []noticeView `json:"notices"`
	}
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	if pub.Status != "published" || len(pub.Notices) != 1 {
		t.Fatalf("publishing opened %+v", pub)
	}
	n := pub.Notices[0]
	if n.Kind != "resolution" || n.VoteID != vid || n.ProposalID != c.p.ID || n.NoticeDays != 20 || n.Title != "周末放映露天电影" ||
		!n.Deadline.Equal(n.PublishedAt.Add(20*24*time.Hour)) || !strings.Contains(n.Text, "同意 3 票") {
		t.Fatalf("the resolution notice: %+v", n)
	}
	c.chair.mustJSON("POST", c.base+"/notices/"+n.ID+"/objections", map[string]string{"text": "放映时间太晚"}, 201, nil)
	var board struct{ Notices []noticeView }
	c.ta.client(t).mustJSON("GET", c.base+"/board", nil, 200, &board)
	wantEnd := n.Deadline.In(time.FixedZone("CST", 8*3600))
	if len(board.Notices) != 1 || board.Notices[0].ID != n.ID || !board.Notices[0].Open || board.Notices[0].Objections != 1 || board.Notices[0].Unanswered != 1 ||
		board.Notices[0].EndsOn != wantEnd.Format("2006-01-02") || board.Notices[0].EndsOnZh != fmt.Sprintf("%d年%d月%d日", wantEnd.Year(), wantEnd.Month(), wantEnd.Day()) {
		t.Fatalf("the board: %+v", board)
	}
	var one noticeView
	c.chair.mustJSON("GET", c.base+"/notices/"+n.ID, nil, 200, &one)
	if one.EndsOn != board.Notices[0].EndsOn || !one.Open || one.Objections != 1 {
		t.Fatalf("the notice: %+v", one)
	}
	// A correction is confirmed and published as a new version; it opens no notice.
	c.sec.mustJSON("POST", mpath+"/minutes/1/corrections", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{vid}, "reason": "补记地点"}, 201, nil)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/minutes/2/confirm", nil, 200, nil)
	}
	c.sec.mustJSON("POST", mpath+"/minutes/2/publish", nil, 200, &pub)
	if len(pub.Notices) != 0 {
		t.Fatalf("a correction opened %+v", pub.Notices)
	}
	c.ta.client(t).mustJSON("GET", c.base+"/board", nil, 200, &board)
	if len(board.Notices) != 1 {
		t.Fatalf("the board after the correction: %+v", board)
	}
}

type readinessView struct {
	CanFile bool `json:"can_file"`
	Kind    string
	Reasons []struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageEn string `json:"message_en"`
		Basis     string `json:"basis"`
	} `json:"reasons"`
	Message    string `json:"message"`
	EndsOnZh   string `json:"ends_on_zh"`
	Unanswered int    `json:"unanswered"`
	Street     string `json:"street"`
	Filing     *struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"filing"`
}

// Whether a notice's outcome can be filed now, and why not, in the words
// the filing itself refuses with: the period's end date and the village's
// setting, the objections still unanswered, a filing under review.
func TestFilingReadinessThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	official := c.ta.login(t, "13800000003")
	mpath, _ := c.adoptedAndClosed("十二月议事会")
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	n := pub.Notices[0]
	ready := c.base + "/notices/" + n.ID + "/filing-readiness"
	var r readinessView
	c.sec.mustJSON("GET", ready, nil, 200, &r)
	if r.CanFile || len(r.Reasons) != 1 || r.Reasons[0].Code != "notice_period_running" || r.Reasons[0].Basis != "V2026 Art. 35" ||
		!strings.Contains(r.Reasons[0].Message, "公示期到 "+r.EndsOnZh+" 才结束") || !strings.Contains(r.Reasons[0].Message, fmt.Sprintf("本村公示期 %d 天", n.NoticeDays)) ||
		r.Message != r.Reasons[0].Message || r.Kind != "outcome" || r.Filing != nil {
		t.Fatalf("readiness during the period: %+v", r)
	}
	e := c.sec.mustError("POST", c.base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 409, "notice_period_running")
	if e.Error.Message != r.Reasons[0].Message {
		t.Fatalf("the filing refuses in other words (%q) than the readiness (%q)", e.Error.Message, r.Reasons[0].Message)
	}
	var obj struct{ ID string }
	c.chair.mustJSON("POST", c.base+"/notices/"+n.ID+"/objections", map[string]string{"text": "放映时间太晚"}, 201, &obj)
	c.ta.clock.advance(time.Duration(n.NoticeDays)*24*time.Hour + time.Minute)
	official.mustJSON("GET", ready, nil, 200, &r)
	if r.CanFile || len(r.Reasons) != 1 || r.Reasons[0].Code != "objection_unanswered" || !strings.Contains(r.Reasons[0].Message, "还有 1 条异议没有书面答复") {
		t.Fatalf("readiness with an objection unanswered: %+v", r)
	}
	c.sec.mustJSON("POST", c.base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "改到晚上七点"}, 200, nil)
	c.sec.mustJSON("GET", ready, nil, 200, &r)
	if !r.CanFile || len(r.Reasons) != 0 || !strings.Contains(r.Message, "可以报备") || r.Street == "" {
		t.Fatalf("readiness once ready: %+v", r)
	}
	var f struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, &f)
	c.sec.mustJSON("GET", ready, nil, 200, &r)
	if r.CanFile || r.Reasons[0].Code != "filing_pending" || !strings.Contains(r.Message, "已报备"+r.Street) || r.Filing == nil || r.Filing.ID != f.ID {
		t.Fatalf("readiness while under review: %+v", r)
	}
	official.mustJSON("POST", c.base+"/filings/"+f.ID+"/return", map[string]string{"basis": "V2026 Art. 35", "reason": "请补充放映地点"}, 200, nil)
	c.sec.mustJSON("GET", ready, nil, 200, &r)
	if !r.CanFile || r.Filing.Status != "returned" || !strings.Contains(r.Message, "已退回改正") {
		t.Fatalf("readiness once returned: %+v", r)
	}
}

type kindView struct {
	Kind             string    `json:"kind"`
	NameZh           string    `json:"name_zh"`
	AnnounceDays     int       `json:"announce_days"`
	AnnounceBasis    string    `json:"announce_basis"`
	AnnounceZh       string    `json:"announce_zh"`
	EarliestStartsAt time.Time `json:"earliest_starts_at"`
	NeedsBody        bool      `json:"needs_body"`
	NeedsGroup       bool      `json:"needs_group"`
}

// The schedule form: each meeting kind with its statutory announcement
// deadline; a date too early refused under the date field quoting the rule;
// chair and recorder picked by name from those eligible, the body first.
func TestScheduleFormSupportThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	var kinds struct {
		Now   time.Time  `json:"now"`
		Kinds []kindView `json:"kinds"`
	}
	c.sec.mustJSON("GET", c.base+"/meeting-kinds", nil, 200, &kinds)
	byKind := map[string]kindView{}
	for _, k := range kinds.Kinds {
		byKind[k.Kind] = k
	}
	vm := byKind["villagers_meeting"]
	if len(kinds.Kinds) != 7 || byKind["member_assembly"].AnnounceBasis != "CEO Art. 27 ¶1" || kinds.Kinds[0].Kind != "villagers_meeting" || vm.AnnounceDays != 10 || vm.AnnounceBasis != "V2026 Art. 25 ¶2" ||
		vm.NameZh != "村民会议" || !strings.Contains(vm.AnnounceZh, "提前 10 天") || vm.EarliestStartsAt.Sub(kinds.Now) < 10*24*time.Hour ||
		!byKind["council"].NeedsBody || !byKind["group_meeting"].NeedsGroup || byKind["council"].AnnounceDays != 0 {
		t.Fatalf("kinds of a village: %+v", kinds)
	}
	c.chair.mustError("GET", c.base+"/meeting-kinds", nil, 403, "forbidden")
	dtSecretary := c.ta.login(t, "13800000002")
	c2 := struct{ Kinds []kindView }{}
	dtSecretary.mustJSON("GET", "/api/v1/orgs/"+c.dt+"/meeting-kinds", nil, 200, &c2)
	if c2.Kinds[0].Kind != "residents_meeting" || c2.Kinds[0].AnnounceBasis != "U2026 Art. 26 ¶2" || c2.Kinds[0].AnnounceDays != 10 {
		t.Fatalf("kinds of a community: %+v", c2)
	}

	// Too early: refused under starts_at, with the rule and the earliest start.
	body := map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "礼堂", "starts_at": c.ta.clock.now().Add(5 * 24 * time.Hour)}
	e := c.sec.mustError("POST", c.base+"/meetings", body, 422, "announced_late")
	f := e.Error.Fields["starts_at"]
	if !strings.Contains(f.Message, "V2026 Art. 25") || !strings.Contains(f.Message, "最早可以定在") || !strings.Contains(f.MessageEn, "at least 10 days ahead") {
		t.Fatalf("announced_late under the field: %+v", e)
	}
	body = map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "社区活动室", "starts_at": c.ta.clock.now().Add(3 * 24 * time.Hour)}
	e = dtSecretary.mustError("POST", "/api/v1/orgs/"+c.dt+"/meetings", body, 422, "announced_late")
	if !strings.Contains(e.Error.Fields["starts_at"].Message, "U2026 Art. 26") {
		t.Fatalf("a residents' meeting announced late: %+v", e)
	}

	// Chair and recorder by name.
	type person struct {
		ResidentNo        string `json:"resident_no"`
		Name              string `json:"name"`
		Role              string `json:"role"`
		HouseholdHeadName string `json:"household_head_name"`
	}
	var people struct {
		People []person `json:"people"`
		Total  int      `json:"total"`
	}
	c.sec.mustJSON("GET", c.base+"/meeting-people?kind=council&body_id=council", nil, 200, &people)
	if people.Total != 5 || people.People[0].ResidentNo != "R001" || people.People[0].Role != "chair" || people.People[1].Role != "secretary" || people.People[0].Name == "" {
		t.Fatalf("the council's people: %+v", people)
	}
	chairName := people.People[0].Name
	c.sec.mustJSON("GET", c.base+"/meeting-people?kind=council&body_id=council&q="+url.QueryEscape(chairName), nil, 200, &people)
	if people.Total != 1 || people.People[0].ResidentNo != "R001" {
		t.Fatalf("search by name: %+v", people)
	}
	c.sec.mustJSON("GET", c.base+"/meeting-people?kind=villagers_meeting&limit=3", nil, 200, &people)
	if len(people.People) != 3 || people.Total <= 3 || people.People[0].HouseholdHeadName == "" {
		t.Fatalf("the villagers' meeting's people: %+v", people)
	}
	e = c.sec.mustError("GET", c.base+"/meeting-people?kind=council", nil, 422, "body_required")
	if e.Error.Fields["body_id"].Message == "" {
		t.Fatalf("body_required names no field: %+v", e)
	}
	c.sec.mustError("GET", c.base+"/meeting-people?kind=parliament", nil, 422, "invalid_fields")
	c.chair.mustError("GET", c.base+"/meeting-people?kind=council&body_id=council", nil, 403, "forbidden")
	var m struct {
		ChairName    string `json:"chair_name"`
		RecorderName string `json:"recorder_name"`
	}
	c.sec.mustJSON("GET", c.base+"/meetings/"+c.schedule("议事会", c.p.ID), nil, 200, &m)
	if m.ChairName != chairName || m.RecorderName == "" {
		t.Fatalf("the meeting keeps no names of chair and recorder: %+v", m)
	}
}

type todayLine struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	DetailZh string `json:"detail_zh"`
	DetailEn string `json:"detail_en"`
	Link     struct {
		View   string            `json:"view"`
		Params map[string]string `json:"params"`
		Route  string            `json:"route"`
	} `json:"link"`
}

// today reads the caller's "what needs me today" and returns the lines of
// a kind.
func (c *cycleKit) today(who *client, kind string) []todayLine {
	c.t.Helper()
	var out struct{ Lines []todayLine }
	who.mustJSON("GET", c.base+"/today", nil, 200, &out)
	var of []todayLine
	for _, l := range out.Lines {
		if l.Kind == kind {
			of = append(of, l)
		}
	}
	return of
}

// The secretary's "what needs me today" follows a meeting from its day to
// the returned filing: each line names the work, opens the page where it is
// done, and a mark or count waits for a second person, never its author.
func TestSecretaryTodayThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	official := c.ta.login(t, "13800000003")
	must := func(who *client, kind string, n int) []todayLine {
		t.Helper()
		lines := c.today(who, kind)
		if len(lines) != n {
			t.Fatalf("%s: %d lines, want %d: %+v", kind, len(lines), n, lines)
		}
		return lines
	}
	mid := c.schedule("十二月议事会", c.p.ID)
	l := must(c.sec, "meeting_today", 1)[0]
	if l.Link.View != "meeting-console" || l.Link.Route != "#/v/"+c.xl+"/m/"+mid+"/console" || !strings.Contains(l.DetailZh, "十二月议事会") {
		t.Fatalf("meeting today: %+v", l)
	}
	c.chair.mustError("GET", c.base+"/today", nil, 403, "forbidden")
	c.ta.clock.advance(2 * time.Minute)
	mpath := c.base + "/meetings/" + mid
	c.sec.mustJSON("POST", mpath+"/open", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013"}, 201, nil)
	var v struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": c.p.ID, "meeting_id": mid}, 201, &v)
	var entry struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}, "voters": 1}, 201, &entry)
	must(c.sec, "mark_to_confirm", 0)
	must(c.sec, "count_to_confirm", 0)
	m := must(c.second, "mark_to_confirm", 1)[0]
	if !strings.Contains(m.DetailZh, "（居民R005 ") || m.Link.View != "meeting-console" || m.Link.Params["mid"] != mid {
		t.Fatalf("mark to confirm: %+v", m)
	}
	n := must(c.second, "count_to_confirm", 1)[0]
	if !strings.Contains(n.DetailZh, "纸质票 1 人") || n.Link.Params["mid"] != mid || n.Title != "周末放映露天电影" {
		t.Fatalf("count to confirm: %+v", n)
	}
	must(c.second, "meeting_today", 0) // a council member does not run meetings
	c.second.mustJSON("POST", mpath+"/marks/R013/confirm", nil, 200, nil)
	c.second.mustJSON("POST", c.base+"/votes/"+v.ID+"/counts/"+entry.ID+"/confirm", nil, 200, nil)
	must(c.second, "mark_to_confirm", 0)
	must(c.second, "count_to_confirm", 0)

	var code struct{ Code string }
	c.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
		who.mustJSON("POST", c.base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	c.sec.mustJSON("POST", c.base+"/votes/"+v.ID+"/close", nil, 200, nil)
	c.sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	d := must(c.sec, "minutes_to_draft", 1)[0]
	if d.Link.Route != "#/v/"+c.xl+"/m/"+mid+"/minutes/new" {
		t.Fatalf("minutes to draft: %+v", d)
	}
	c.sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	must(c.sec, "minutes_to_draft", 0)
	must(c.sec, "minutes_awaiting_confirmation", 1)
	for _, who := range []*client{c.sec, c.second, c.chair} {
		who.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	p := must(c.sec, "minutes_to_publish", 1)[0]
	if p.Link.View != "minutes" || p.Link.Params["ver"] != "1" {
		t.Fatalf("minutes to publish: %+v", p)
	}
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	must(c.sec, "minutes_to_publish", 0)
	nid := pub.Notices[0].ID
	var obj struct{ ID string }
	c.chair.mustJSON("POST", c.base+"/notices/"+nid+"/objections", map[string]string{"text": "放映时间太晚"}, 201, &obj)
	o := must(c.sec, "objection_to_answer", 1)[0]
	if o.Link.Route != "#/v/"+c.xl+"/n/"+nid || !strings.Contains(o.DetailZh, "1 条异议") {
		t.Fatalf("objection to answer: %+v", o)
	}
	c.sec.mustJSON("POST", c.base+"/notices/"+nid+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "改到晚上七点"}, 200, nil)
	must(c.sec, "objection_to_answer", 0)
	must(c.sec, "notice_ready_to_file", 0)
	c.ta.clock.advance(time.Duration(pub.Notices[0].NoticeDays)*24*time.Hour + time.Minute)
	r := must(c.sec, "notice_ready_to_file", 1)[0]
	if r.Link.Params["nid"] != nid || !strings.Contains(r.DetailZh, "可以报备") {
		t.Fatalf("notice ready to file: %+v", r)
	}
	var f struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/filings", map[string]string{"kind": "outcome", "notice_id": nid}, 201, &f)
	must(c.sec, "notice_ready_to_file", 0)
	official.mustJSON("POST", c.base+"/filings/"+f.ID+"/return", map[string]string{"basis": "V2026 Art. 35", "reason": "请补充放映地点"}, 200, nil)
	ret := must(c.sec, "filing_returned", 1)[0]
	if ret.Link.Route != "#/v/"+c.xl+"/filings/"+f.ID+"/returned" || !strings.Contains(ret.DetailZh, "请补充放映地点") || !strings.Contains(ret.DetailZh, "V2026 Art. 35") {
		t.Fatalf("filing returned: %+v", ret)
	}

	must(c.sec, "request_to_answer", 0)
	c.chair.mustJSON("POST", c.base+"/service-requests", map[string]any{"service": "street_official:training.provide", "text": "希望安排议事规则培训"}, 201, nil)
	q := must(c.sec, "request_to_answer", 1)[0]
	if q.Link.View != "desk-queue" || !strings.Contains(q.DetailZh, "1 件服务申请待答复") {
		t.Fatalf("request to answer: %+v", q)
	}
}

// The console's list of what waits for a second person at a meeting: marks
// and counts with who entered them and whether the caller did; a row is
// confirmed from the list, never by a typed id.
func TestConsolePendingListThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	mid, vid := c.openMeetingVote("议事会")
	mpath := c.base + "/meetings/" + mid
	c.sec.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013"}, 201, nil)
	c.sec.mustJSON("POST", c.base+"/votes/"+vid+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}, "voters": 1}, 201, nil)
	type pendingView struct {
		Marks []struct {
			ResidentNo     string `json:"resident_no"`
			Name           string `json:"name"`
			RecordedByName string `json:"recorded_by_name"`
			Mine           bool   `json:"mine"`
		} `json:"marks"`
		Counts []struct {
			EntryID       string `json:"entry_id"`
			VoteID        string `json:"vote_id"`
			VoteTitle     string `json:"vote_title"`
			Voters        int    `json:"voters"`
			EnteredByName string `json:"entered_by_name"`
			EffectZh      string `json:"effect_zh"`
			Mine          bool   `json:"mine"`
		} `json:"counts"`
	}
	var mine, theirs pendingView
	c.sec.mustJSON("GET", mpath+"/pending", nil, 200, &mine)
	c.second.mustJSON("GET", mpath+"/pending", nil, 200, &theirs)
	if len(mine.Marks) != 1 || !mine.Marks[0].Mine || mine.Marks[0].Name == "" || mine.Marks[0].RecordedByName != "居民R005" ||
		len(mine.Counts) != 1 || !mine.Counts[0].Mine || mine.Counts[0].VoteTitle != "周末放映露天电影" || mine.Counts[0].Voters != 1 || mine.Counts[0].EffectZh == "" {
		t.Fatalf("the author's pending list: %+v", mine)
	}
	if len(theirs.Marks) != 1 || theirs.Marks[0].Mine || len(theirs.Counts) != 1 || theirs.Counts[0].Mine {
		t.Fatalf("the second person's pending list: %+v", theirs)
	}
	c.sec.mustError("POST", c.base+"/votes/"+vid+"/counts/"+mine.Counts[0].EntryID+"/confirm", nil, 409, "same_person")
	c.second.mustJSON("POST", c.base+"/votes/"+theirs.Counts[0].VoteID+"/counts/"+theirs.Counts[0].EntryID+"/confirm", nil, 200, nil)
	c.second.mustJSON("POST", mpath+"/marks/"+theirs.Marks[0].ResidentNo+"/confirm", nil, 200, nil)
	c.second.mustJSON("GET", mpath+"/pending", nil, 200, &theirs)
	if len(theirs.Marks) != 0 || len(theirs.Counts) != 0 {
		t.Fatalf("confirmed rows still pending: %+v", theirs)
	}
	c.chair.mustError("GET", mpath+"/pending", nil, 403, "forbidden")
}
