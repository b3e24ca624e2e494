package minutes_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	stdpng "image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"yishi/modules/account/accounttest"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/vote"
)

// Meetings, sign-in and the schedule form through HTTP: the module's routes
// on the account module's guard and the real enforcer, on the embedded
// store, on a clock the test moves (moved from app/, where each test
// started the whole app and its demo). Meetings that vote on a proposal, and
// minutes filed with the street, are journeys across modules: app/ keeps them.

type meetingView struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Warnings []struct {
		Code string `json:"code"`
	} `json:"warnings"`
}

// cycleKit is 小罗村 (and 东田社区) with its council (R001 chair, R005
// secretary, R009, R013, R017), wired as app/wire_minutes.go does: the
// secretary, a second council member (R009) and the chair (R001), and an
// agenda item p (a proposal's ID, which the meeting only carries).
type cycleKit struct {
	t                  *testing.T
	site               *accounttest.Site
	clock              accounttest.Clock
	sec, second, chair *accounttest.Client
	base, xl, dt       string
	p                  struct{ ID string }
}

func newCycleKit(t *testing.T) *cycleKit {
	t.Helper()
	c := &cycleKit{t: t}
	site := accounttest.New(t, c.clock.Now)
	c.site, c.xl, c.dt, c.base = site, site.Village.ID, site.Community.ID, "/api/v1/orgs/"+site.Village.ID
	c.p.ID = "0123456789abcdef01234567"
	site.Body(org.NewBody{ID: "council", Kind: org.BodyCouncil, Name: "村民议事会", Members: []org.Member{
		{ResidentNo: "R001", Role: org.MemberChair}, {ResidentNo: "R005", Role: org.MemberSecretary},
		{ResidentNo: "R009", Role: org.MemberMember}, {ResidentNo: "R013", Role: org.MemberMember}, {ResidentNo: "R017", Role: org.MemberMember}}})
	votes := vote.NewService(site.Store, site.Orgs, vote.Config{Audit: site.Audit})
	svc := minutes.NewService(site.Store, site.Orgs, votes, site.Audit, c.clock.Now)
	votes.SetMeetings(svc)
	minutes.New(minutes.Deps{Service: svc, Guard: site.Guard, Domain: site.OrgRoutes.Path, Validator: site.Validator,
		Notify: site.Sent, Log: site.Log}).Mount(site.API)
	c.sec = site.Resident(site.Village, "R005", "resident", "council_member", "secretary")
	c.second = site.Resident(site.Village, "R009", "resident", "council_member")
	c.chair = site.Resident(site.Village, "R001")
	return c
}

// schedule schedules a council meeting a minute from now with the agenda.
func (c *cycleKit) schedule(title string, agenda ...string) string {
	c.t.Helper()
	var m meetingView
	c.sec.JSON("POST", c.base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": title,
		"place": "村委会", "agenda": agenda, "starts_at": c.clock.Now().Add(time.Minute), "chair": "R001", "recorder": "R005"}, 201, &m)
	return m.ID
}

// openMeeting schedules a council meeting, moves the clock to it and opens it.
func (c *cycleKit) openMeeting(title string, agenda ...string) string {
	c.t.Helper()
	id := c.schedule(title, agenda...)
	c.clock.Advance(2 * time.Minute)
	c.sec.JSON("POST", c.base+"/meetings/"+id+"/open", nil, 200, nil)
	return id
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
	c.sec.JSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013", "note": "无手机"}, 201, &mark)
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
	status, data := c.sec.Do("POST", mpath+"/close", nil)
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
	c.sec.JSON("POST", mpath+"/close", map[string]any{"acknowledge_unconfirmed": []string{"R013"}}, 200, &closed)
	if closed.Status != "closed" || len(closed.LeftOutMarks) != 1 || closed.LeftOutMarks[0].ResidentNo != "R013" {
		t.Fatalf("the closed meeting does not keep what was left out: %+v", closed)
	}
	c.second.Error("POST", mpath+"/marks/R013/confirm", nil, 409, "meeting_not_open")
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
	c.sec.JSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	if len(code.ShortCode) != 6 || strings.Trim(code.ShortCode, "0123456789") != "" || code.Rotates != 30 {
		t.Fatalf("short code: %+v", code)
	}
	if want := accounttest.BaseURL + "/#/v/" + c.xl + "/m/" + mid + "/sign-in/" + code.Code; code.SignInURL != want {
		t.Fatalf("sign-in address %q, want %q", code.SignInURL, want)
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(code.QRPNG, "data:image/png;base64,"))
	if err != nil || !strings.HasPrefix(code.QRPNG, "data:image/png;base64,") {
		t.Fatalf("qr_png is not a PNG data address: %.60s", code.QRPNG)
	}
	if img, err := stdpng.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() < 256 {
		t.Fatalf("qr_png: %v", err)
	}
	resp, body := c.sec.Response("GET", mpath+"/sign-in-qr.png", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(body, []byte("\x89PNG")) {
		t.Fatalf("sign-in-qr.png: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	c.chair.Error("GET", mpath+"/sign-in-qr.png", nil, 403, "forbidden")

	// By the QR's address (the page posts the code it carries).
	var in signedInView
	c.chair.JSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, &in)
	if in.Method != "qr" || in.Meeting.Title != "十二月议事会" || !strings.HasPrefix(in.Message, "已签到：十二月议事会，村委会，") ||
		!strings.HasPrefix(in.MessageEn, "Signed in to 十二月议事会 (村委会) at ") {
		t.Fatalf("QR sign-in answer: %+v", in)
	}
	// By the six digits, with no meeting named.
	c.second.JSON("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 201, &in)
	if in.Method != "code" || in.ResidentNo != "R009" || in.Meeting.ID != mid || !strings.Contains(in.Message, "十二月议事会") {
		t.Fatalf("short-code sign-in answer: %+v", in)
	}
	c.second.Error("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 409, "already_signed_in")
	outsider := c.site.Resident(c.site.Village, "R002")
	outsider.Error("POST", c.base+"/sign-in", map[string]string{"short_code": code.ShortCode}, 403, "not_attendee")
	outsider.Error("POST", c.base+"/sign-in", map[string]string{"short_code": "12ab"}, 422, "invalid_fields")

	// Guessing: five wrong codes, then even the right one waits.
	guesser := c.site.Resident(c.site.Village, "R013")
	wrong := "000000"
	if wrong == code.ShortCode {
		wrong = "000001"
	}
	for i := 0; i < 5; i++ {
		e := guesser.Error("POST", c.base+"/sign-in", map[string]string{"short_code": wrong}, 422, "bad_sign_in_code")
		if e.Error.Fields["short_code"].Message == "" {
			t.Fatalf("bad code names no field: %+v", e)
		}
	}
	var fresh struct {
		ShortCode string `json:"short_code"`
	}
	c.sec.JSON("GET", mpath+"/sign-in-code", nil, 200, &fresh)
	guesser.Error("POST", c.base+"/sign-in", map[string]string{"short_code": fresh.ShortCode}, 429, "too_many_sign_in_codes")
	// The code of a past window is refused.
	c.clock.Advance(2 * time.Minute)
	c.site.Resident(c.site.Village, "R017").Error("POST", c.base+"/sign-in", map[string]string{"short_code": fresh.ShortCode}, 422, "bad_sign_in_code")
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
	c.sec.JSON("GET", c.base+"/meeting-kinds", nil, 200, &kinds)
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
	c.chair.Error("GET", c.base+"/meeting-kinds", nil, 403, "forbidden")
	dtSecretary := c.site.Resident(c.site.Community, "R005", "resident", "council_member", "secretary")
	c2 := struct{ Kinds []kindView }{}
	dtSecretary.JSON("GET", "/api/v1/orgs/"+c.dt+"/meeting-kinds", nil, 200, &c2)
	if c2.Kinds[0].Kind != "residents_meeting" || c2.Kinds[0].AnnounceBasis != "U2026 Art. 26 ¶2" || c2.Kinds[0].AnnounceDays != 10 {
		t.Fatalf("kinds of a community: %+v", c2)
	}

	// Too early: refused under starts_at, with the rule and the earliest start.
	body := map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "礼堂", "starts_at": c.clock.Now().Add(5 * 24 * time.Hour)}
	e := c.sec.Error("POST", c.base+"/meetings", body, 422, "announced_late")
	f := e.Error.Fields["starts_at"]
	if !strings.Contains(f.Message, "V2026 Art. 25") || !strings.Contains(f.Message, "最早可以定在") || !strings.Contains(f.MessageEn, "at least 10 days ahead") {
		t.Fatalf("announced_late under the field: %+v", e)
	}
	body = map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "社区活动室", "starts_at": c.clock.Now().Add(3 * 24 * time.Hour)}
	e = dtSecretary.Error("POST", "/api/v1/orgs/"+c.dt+"/meetings", body, 422, "announced_late")
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
	c.sec.JSON("GET", c.base+"/meeting-people?kind=council&body_id=council", nil, 200, &people)
	if people.Total != 5 || people.People[0].ResidentNo != "R001" || people.People[0].Role != "chair" || people.People[1].Role != "secretary" || people.People[0].Name == "" {
		t.Fatalf("the council's people: %+v", people)
	}
	chairName := people.People[0].Name
	c.sec.JSON("GET", c.base+"/meeting-people?kind=council&body_id=council&q="+url.QueryEscape(chairName), nil, 200, &people)
	if people.Total != 1 || people.People[0].ResidentNo != "R001" {
		t.Fatalf("search by name: %+v", people)
	}
	c.sec.JSON("GET", c.base+"/meeting-people?kind=villagers_meeting&limit=3", nil, 200, &people)
	if len(people.People) != 3 || people.Total <= 3 || people.People[0].HouseholdHeadName == "" {
		t.Fatalf("the villagers' meeting's people: %+v", people)
	}
	e = c.sec.Error("GET", c.base+"/meeting-people?kind=council", nil, 422, "body_required")
	if e.Error.Fields["body_id"].Message == "" {
		t.Fatalf("body_required names no field: %+v", e)
	}
	c.sec.Error("GET", c.base+"/meeting-people?kind=parliament", nil, 422, "invalid_fields")
	c.chair.Error("GET", c.base+"/meeting-people?kind=council&body_id=council", nil, 403, "forbidden")
	var m struct {
		ChairName    string `json:"chair_name"`
		RecorderName string `json:"recorder_name"`
	}
	c.sec.JSON("GET", c.base+"/meetings/"+c.schedule("议事会", c.p.ID), nil, 200, &m)
	if m.ChairName != chairName || m.RecorderName == "" {
		t.Fatalf("the meeting keeps no names of chair and recorder: %+v", m)
	}
}

// U2026 Art. 26 ¶2 (as V2026 Art. 25 ¶2): a residents' meeting is announced
// 10 days ahead; at 10 days minus one minute it is refused unless the
// secretary records the special circumstance, which the meeting then shows
// and the audit chain keeps. At 10 days it needs no reason.
func TestU2026Art26TenDaysNoticeOrRecordedSpecialReason(t *testing.T) {
	k := newCycleKit(t)
	secretary := k.site.Resident(k.site.Community, "R005", "resident", "council_member", "secretary") // 东田社区
	base := "/api/v1/orgs/" + k.dt
	at := func(d time.Duration, reason string) map[string]any {
		return map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "社区活动室",
			"starts_at": k.clock.Now().Add(d), "short_notice_reason": reason}
	}
	e := secretary.Error("POST", base+"/meetings", at(10*24*time.Hour-time.Minute, ""), 422, "announced_late")
	if !strings.Contains(e.Error.Message, "居委会组织法2026年版第二十六条第二款") || !strings.Contains(e.Error.MessageEn, "U2026 Art. 26 ¶2") {
		t.Errorf("refusal %+v", e.Error)
	}
	var m struct {
		ID                string `json:"id"`
		ShortNoticeReason string `json:"short_notice_reason"`
	}
	secretary.JSON("POST", base+"/meetings", at(10*24*time.Hour+time.Minute, "多余的理由"), 201, &m)
	if m.ShortNoticeReason != "" {
		t.Errorf("a full notice keeps a reason: %+v", m)
	}
	secretary.JSON("POST", base+"/meetings", at(2*24*time.Hour, "台风过后小区积水，须尽快决定排水改造"), 201, &m)
	if m.ShortNoticeReason != "台风过后小区积水，须尽快决定排水改造" {
		t.Errorf("short notice: %+v", m)
	}
	k.clock.Advance(2*24*time.Hour + time.Minute)
	secretary.JSON("POST", base+"/meetings/"+m.ID+"/open", nil, 200, nil)
	var log struct {
		Entries []struct{ Action, Detail string } `json:"entries"`
	}
	secretary.JSON("GET", base+"/audit?limit=500", nil, 200, &log)
	found := false
	for _, e := range log.Entries {
		found = found || e.Action == "meeting.schedule" && strings.HasSuffix(e.Detail, "short notice: 台风过后小区积水，须尽快决定排水改造")
	}
	if !found {
		t.Error("the short notice's reason is not in the audit chain")
	}
}

// The QR code printed on a notice, minutes or result encodes the record's
// address in the page: this site followed by the page's route, never an
// address outside the village's own pages.
func TestRecordQRThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	get := func(who *accounttest.Client, path string) (int, string, []byte) {
		t.Helper()
		resp, body := who.Response("GET", c.base+"/record-qr.png?path="+url.QueryEscape(path), nil)
		return resp.StatusCode, resp.Header.Get("Content-Type"), body
	}
	page := "/v/" + c.xl + "/n/0123456789abcdef01234567"
	code, ctype, body := get(c.chair, page)
	want, err := minutes.QRPNG(accounttest.BaseURL+"/#"+page, 384)
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || ctype != "image/png" || !bytes.Equal(body, want) {
		t.Fatalf("record-qr.png of %s: %d %s, %d bytes (want the QR of %s)", page, code, ctype, len(body), accounttest.BaseURL+"/#"+page)
	}
	other := c.dt
	for _, bad := range []string{"", "https://example.com/", "/v/" + other + "/n/0123456789abcdef01234567", "/v/" + c.xl, "/v/" + c.xl + "/n/<script>"} {
		c.chair.Error("GET", c.base+"/record-qr.png?path="+url.QueryEscape(bad), nil, 422, "invalid_fields")
	}
}
