package main

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"yishi/modules/notify"
)

// notificationView is one line of the bell as the API returns it.
type notificationView struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Title   string `json:"title"`
	// One line in each language (a step's name, a date).
	DetailZh string `json:"detail_zh"`
	DetailEn string `json:"detail_en"`
	Link     struct {
		View   string            `json:"view"`
		Params map[string]string `json:"params"`
	} `json:"link"`
	At   time.Time `json:"at"`
	Read bool      `json:"read"`
}

type notificationPage struct {
	Notifications []notificationView `json:"notifications"`
	Unread        int64              `json:"unread"`
	Next          string             `json:"next"`
}

// bells watches the bells of named people: after each step, expect says
// which of them got exactly one new notification of the kind, and that
// everyone else got none.
type bells struct {
	t      *testing.T
	people map[string]*client
	seen   map[string]map[string]bool
}

func watchBells(t *testing.T, people map[string]*client) *bells {
	b := &bells{t: t, people: people, seen: map[string]map[string]bool{}}
	for name := range people {
		b.seen[name] = map[string]bool{}
	}
	b.fresh()
	return b
}

// fresh returns each person's notifications not seen before, and marks them
// seen.
func (b *bells) fresh() map[string][]notificationView {
	b.t.Helper()
	out := map[string][]notificationView{}
	for name, c := range b.people {
		var p notificationPage
		c.mustJSON("GET", "/api/v1/notifications?limit=100", nil, 200, &p)
		for _, n := range p.Notifications {
			if !b.seen[name][n.ID] {
				b.seen[name][n.ID] = true
				out[name] = append(out[name], n)
			}
		}
	}
	return out
}

// expect checks the step notified exactly who, once each, with kind, and
// nobody else; it returns the notifications, by person.
func (b *bells) expect(step, kind string, who ...string) map[string]notificationView {
	b.t.Helper()
	got := b.fresh()
	out := map[string]notificationView{}
	var names []string
	for name := range b.people {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ns := got[name]
		if !slices.Contains(who, name) {
			if len(ns) > 0 {
				b.t.Errorf("%s: %s was told %d thing(s), want nothing: %+v", step, name, len(ns), ns)
			}
			continue
		}
		if len(ns) != 1 || ns[0].Kind != kind {
			b.t.Errorf("%s: %s was told %+v, want one %s", step, name, ns, kind)
			continue
		}
		n := ns[0]
		if n.Link.View == "" || n.Title == "" || n.OrgName == "" || n.Read {
			b.t.Errorf("%s: %s's notification lacks a link, a title or an org, or is read: %+v", step, name, n)
		}
		out[name] = n
	}
	return out
}

// nothing checks the step told nobody anything.
func (b *bells) nothing(step string) { b.t.Helper(); b.expect(step, "") }

// TestVillageCycleTellsEachPersonOnceThroughHTTP walks a major matter in
// 小罗村 from the proposal to the street's review, and a complaint and two
// service requests, watching the bell of every person involved (and of a
// resident of another village and the operator): each event tells exactly
// the people it concerns, once, and nobody else. Ballots tell nobody
// anything, secret or not.
func TestVillageCycleTellsEachPersonOnceThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	k, ta, clock, xl, base := x.propKit, x.ta, &x.ta.clock, x.xl, x.base
	sec, sec2, chair, r2, r3, official := x.sec, x.sec2, x.chair, x.r2, x.r3, x.official
	r6 := k.account(xlPath, "R006")
	r13 := k.account(xlPath, "R013")
	b := watchBells(t, map[string]*client{"sec": sec, "sec2": sec2, "chair": chair, "r2": r2, "r3": r3, "r6": r6, "r13": r13,
		"official": official, "outsider": ta.login(t, "13800000001"), "operator": k.operator})
	adults := []string{"sec", "sec2", "chair", "r2", "r3", "r6", "r13"}
	except := func(all []string, out ...string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(s string) bool { return slices.Contains(out, s) })
	}

	// The proposal: its proposer and its followers hear of comments and steps.
	p := submitted(r3, xl, map[string]any{"body_id": "council", "title": "修缮村道路灯", "category": "public_welfare", "flow": "four_plus_two"})
	r6.mustJSON("PUT", proposalsPath(xl, "/", p.ID, "/follow"), nil, 204, nil)
	b.nothing("submit and follow")
	r2.mustJSON("POST", proposalsPath(xl, "/", p.ID, "/comments"), map[string]string{"body": "路灯要装在路口"}, 201, nil)
	got := b.expect("a comment", notify.KindComment, "r3", "r6")
	if l := got["r3"].Link; l.View != "proposal" || l.Params["pid"] != p.ID || l.Params["vid"] != xl {
		t.Errorf("a comment's link: %+v", l)
	}
	advance(sec, xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	b.expect("a step", notify.KindProposalStep, "r3", "r6")
	advance(sec, xl, p.ID, "committees_deliberation", nil)
	advance(sec, xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 6}})
	b.fresh()

	// A meeting: everyone it invites hears when and where, but the one who
	// scheduled it.
	meeting := map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "村委会礼堂", "agenda": []string{p.ID},
		"starts_at": clock.now().Add(11 * 24 * time.Hour), "chair": "R001"}
	var m meetingView
	sec.mustJSON("POST", base+"/meetings", meeting, 201, &m)
	got = b.expect("a meeting scheduled", notify.KindMeetingScheduled, except(adults, "sec")...)
	if l := got["r3"].Link; l.View != "meeting" || l.Params["meeting"] != m.ID {
		t.Errorf("a meeting's link: %+v", l)
	}
	mpath := base + "/meetings/" + m.ID
	clock.advance(11*24*time.Hour + time.Minute)
	x.openAndSignIn(mpath, chair, r2, r3, sec)
	sec.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": "R013", "note": "无手机"}, 201, nil)
	sec2.mustJSON("POST", mpath+"/marks/R013/confirm", nil, 200, nil)
	// On the day, the opening tells the electorate to sign in; signing in
	// tells nobody anything.
	got = b.expect("the meeting opened, sign-in", notify.KindMeetingToday, except(adults, "sec")...)
	if l := got["r6"].Link; l.View != "sign-in-code" || l.Params["meeting"] != m.ID {
		t.Errorf("the day's link: %+v", l)
	}

	// A secret vote: the whole electorate with an account hears it opened.
	var v struct{ ID string }
	sec.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting", "secret": true}, 201, &v)
	got = b.expect("a vote opened", notify.KindVoteOpened, adults...)
	if l := got["r3"].Link; l.View != "vote-ballot" || l.Params["vote"] != v.ID {
		t.Errorf("a vote's link: %+v", l)
	}
	// Ballots tell nobody anything: not the street, not the secretary.
	for _, c := range []*client{chair, r2, r3, sec, sec2, r13} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	b.nothing("ballots")
	// A paper count waits for a second person: those who may confirm it
	// hear of it, not the one who entered it, nor the street.
	var entry struct{ ID string }
	sec.mustJSON("POST", base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}, "voters": 1, "households": 0}, 201, &entry)
	b.expect("a count entered", notify.KindCountToConfirm, "sec2")
	sec2.mustJSON("POST", base+"/votes/"+v.ID+"/counts/"+entry.ID+"/confirm", nil, 200, nil)
	sec.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	// Closing the vote completed the resolution step (app/wire_steps.go):
	// the proposer and followers hear of it, nothing else is told.
	b.expect("count confirmed, vote and meeting closed: the resolution", notify.KindProposalStep, "r3", "r6")

	// Minutes: those who attended in person are asked to confirm them.
	var mv minutesView
	sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, &mv)
	got = b.expect("minutes drafted", notify.KindMinutesToConfirm, "chair", "r2", "r3", "r13")
	if l := got["r2"].Link; l.View != "minutes" || l.Params["meeting"] != m.ID || l.Params["version"] != "1" {
		t.Errorf("the minutes' link: %+v", l)
	}
	for _, c := range []*client{chair, r2, r3} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	// Publishing minutes with an adopted vote opens its resolution notice.
	var pub struct {
		Notices []struct{ ID string } `json:"notices"`
	}
	sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	if len(pub.Notices) != 1 {
		t.Fatalf("publishing opened %d notices, want 1", len(pub.Notices))
	}
	n := pub.Notices[0]
	// The notice completed the proposal's publication step: its proposer
	// and followers hear of it (app/wire_steps.go).
	b.expect("confirmed, published, notice: the resolution's publication", notify.KindProposalStep, "r3", "r6")

	// An objection: the secretaries hear of it (not who made it); the
	// objector hears the answer.
	var obj struct{ ID string }
	r2.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "路灯位置不合理"}, 201, &obj)
	got = b.expect("an objection", notify.KindObjectionNew, "sec", "sec2")
	if strings.Contains(got["sec"].Title, "R002") {
		t.Errorf("the objection's notification names the objector: %+v", got["sec"])
	}
	sec.mustJSON("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "已按规划调整位置"}, 200, nil)
	got = b.expect("an answer", notify.KindObjectionAnswered, "r2")
	if l := got["r2"].Link; l.View != "notice" || l.Params["notice"] != n.ID {
		t.Errorf("the answer's link: %+v", l)
	}

	// Filing: the street's official hears of it, named by the village; the
	// secretaries hear the review.
	clock.advance(15*24*time.Hour + time.Minute)
	var f struct{ ID string }
	sec.mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, &f)
	got = b.expect("a filing", notify.KindFilingNew, "official")
	if n := got["official"]; n.OrgName != "小罗村" || n.Link.Params["filing"] != f.ID {
		t.Errorf("the filing's notification: %+v", n)
	}
	official.mustJSON("POST", base+"/filings/"+f.ID+"/accept", nil, 200, nil)
	b.expect("a filing accepted", notify.KindFilingReviewed, "sec", "sec2")
	// The result's publication is the last step: the proposer and the
	// followers hear the proposal completed, not as one more step.
	advance(sec, xl, p.ID, "result_publication", nil)
	b.expect("the last step", notify.KindProposalCompleted, "r3", "r6")

	// A complaint: the street's official hears of it, not the village; the
	// complainant hears the finding.
	var c struct{ ID string }
	r3.mustJSON("POST", base+"/complaints", map[string]string{"kind": "unpublished", "subject": "第三季度财务没有公开", "text": "公开栏没有财务收支"}, 201, &c)
	got = b.expect("a complaint", notify.KindComplaintNew, "official")
	if n := got["official"]; strings.Contains(n.Title+n.Link.Params["complaint"], "R003") {
		t.Errorf("the complaint's notification names the complainant: %+v", n)
	}
	official.mustJSON("POST", base+"/complaints/"+c.ID+"/return", map[string]string{"guidance": "请在五日内公开第三季度财务", "basis": "村民委员会组织法(2026)第三十五条"}, 200, nil)
	b.expect("a complaint answered", notify.KindComplaintAnswered, "r3")

	// Service requests: answered by the village; forwarded to the street and
	// answered there.
	var req struct{ ID string }
	r3.mustJSON("POST", base+"/service-requests", map[string]any{"service": "street_official:training.provide", "text": "希望安排议事规则培训"}, 201, &req)
	b.nothing("a request filed")
	sec.mustJSON("POST", base+"/service-requests/"+req.ID+"/answer", map[string]any{"text": "下月安排"}, 200, nil)
	b.expect("a request answered", notify.KindRequestAnswered, "r3")
	r2.mustJSON("POST", base+"/service-requests", map[string]any{"service": "street_official:training.provide", "text": "请街道安排培训"}, 201, &req)
	sec.mustJSON("POST", base+"/service-requests/"+req.ID+"/forward", map[string]any{"text": "转街道"}, 200, nil)
	b.expect("a request forwarded", notify.KindRequestForwarded, "official")
	official.mustJSON("POST", base+"/service-requests/"+req.ID+"/street-answer", map[string]any{"text": "已安排"}, 200, nil)
	b.expect("a request answered by the street", notify.KindRequestAnswered, "r2")

	// An event sent again (a retried request) tells nobody twice.
	retry := notify.Event{Key: "objection_answered:" + obj.ID, Kind: notify.KindObjectionAnswered, Org: xl,
		Recipients: []string{accountOf(t, r2)}, Link: notify.Link{View: "notice"}, Title: "重发"}
	if err := ta.notify.Send(context.Background(), retry); err != nil {
		t.Fatal(err)
	}
	b.nothing("the answer sent again")

	// The bell's API, on r3's bell: the count, pages newest first, marking
	// one and all read, and bad input refused with the field named.
	var first, second notificationPage
	r3.mustJSON("GET", "/api/v1/notifications?limit=2", nil, 200, &first)
	total := first.Unread
	if len(first.Notifications) != 2 || first.Next == "" || total < 6 {
		t.Fatalf("r3's first page: %+v", first)
	}
	r3.mustJSON("GET", "/api/v1/notifications?limit=2&before="+first.Next, nil, 200, &second)
	if len(second.Notifications) != 2 || second.Notifications[0].ID == first.Notifications[1].ID ||
		second.Notifications[0].At.After(first.Notifications[1].At) {
		t.Fatalf("r3's second page: %+v after %+v", second, first)
	}
	var marked struct{ Marked, Unread int64 }
	r3.mustJSON("POST", "/api/v1/notifications/read", map[string]any{"ids": []string{first.Notifications[0].ID}}, 200, &marked)
	if marked.Marked != 1 || marked.Unread != total-1 {
		t.Fatalf("marked one: %+v of %d", marked, total)
	}
	var unread struct{ Unread int64 }
	r3.mustJSON("GET", "/api/v1/notifications/unread", nil, 200, &unread)
	if unread.Unread != total-1 {
		t.Fatalf("unread %d after marking one of %d", unread.Unread, total)
	}
	// Today's page still asks for the count under the village, and gets it.
	r3.mustJSON("GET", base+"/notifications/unread", nil, 200, &unread)
	if unread.Unread != total-1 {
		t.Fatalf("the village-scoped count %d, want %d", unread.Unread, total-1)
	}
	// Another's notification is not r3's to mark.
	r2.mustJSON("POST", "/api/v1/notifications/read", map[string]any{"ids": []string{first.Notifications[1].ID}}, 200, &marked)
	if marked.Marked != 0 {
		t.Fatalf("r2 marked r3's notification")
	}
	r3.mustJSON("POST", "/api/v1/notifications/read", map[string]any{"all": true}, 200, &marked)
	if marked.Marked != total-1 || marked.Unread != 0 {
		t.Fatalf("marked all: %+v", marked)
	}
	for _, bad := range []struct{ path, field string }{{"?limit=0", "limit"}, {"?limit=x", "limit"}, {"?before=12", "before"}} {
		if e := r3.mustError("GET", "/api/v1/notifications"+bad.path, nil, 422, "invalid_fields"); e.Error.Fields[bad.field].Message == "" {
			t.Errorf("%s: the field is not named: %+v", bad.path, e)
		}
	}
	for _, body := range []any{map[string]any{}, map[string]any{"ids": []string{"x"}}, map[string]any{"all": true, "ids": []string{first.Notifications[0].ID}}} {
		r3.mustError("POST", "/api/v1/notifications/read", body, 422, "")
	}
	// The operator has a bell too, with nothing in it.
	var empty notificationPage
	k.operator.mustJSON("GET", "/api/v1/notifications", nil, 200, &empty)
	if len(empty.Notifications) != 0 || empty.Unread != 0 {
		t.Fatalf("the operator's bell: %+v", empty)
	}
}

// xlCycle is 小罗村 with the people of a meeting cycle: the secretary
// (R005, also on the council), a second secretary (R009), the chair (R001),
// residents R002 and R003, and the street's official.
type xlCycle struct {
	*propKit
	base                               string
	sec, sec2, chair, r2, r3, official *client
}

const xlPath = "/gz/hd/hs/xl"

func newXLCycle(t *testing.T) *xlCycle {
	k := newPropKit(t)
	return &xlCycle{propKit: k, base: "/api/v1/orgs/" + k.xl,
		sec:   k.account(xlPath, "R005", "resident", "council_member", "secretary"),
		sec2:  k.account(xlPath, "R009", "resident", "secretary"),
		chair: k.account(xlPath, "R001"), r2: k.account(xlPath, "R002"), r3: k.account(xlPath, "R003"),
		official: k.ta.login(t, "13800000003")}
}

// openAndSignIn opens the meeting at mpath (its day reached) and signs the
// people in by its rotating code.
func (x *xlCycle) openAndSignIn(mpath string, people ...*client) {
	x.t.Helper()
	x.sec.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct {
		Code string `json:"code"`
	}
	x.sec.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, c := range people {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
}

// accountOf is the logged-in account's ID.
func accountOf(t *testing.T, c *client) string {
	t.Helper()
	var me struct{ ID string }
	c.mustJSON("GET", "/api/v1/me", nil, 200, &me)
	return me.ID
}

// TestMoralCaseTellsTheSubjectAndItsVotersThroughHTTP: the case's subject
// hears of its notice, its hearing and its verdict; the board members who
// may vote hear the vote opened; the nominator, the recused, the secretary,
// the street and the other residents hear nothing, and no ballot tells
// anyone anything.
func TestMoralCaseTellsTheSubjectAndItsVotersThroughHTTP(t *testing.T) {
	bk := newBoardKit(t)
	people := map[string]*client{"subject": bk.subject, "official": bk.official, "secretary": bk.ta.login(t, "13800000002"),
		"neighbour": bk.account(dtPath, "R011")}
	for no, c := range bk.member {
		people[no] = c
	}
	b := watchBells(t, people)

	c := bk.nominate(bk.member["R006"], "resident", "R003", "environment")
	got := b.expect("a nomination", notify.KindCaseNotice, "subject")
	if l := got["subject"].Link; l.View != "moral-case" || l.Params["case"] != c.ID {
		t.Errorf("the case's link: %+v", l)
	}
	if n := got["subject"]; strings.Contains(n.Title, "R006") || n.Title != "environment" {
		t.Errorf("the case's notification: %+v", n)
	}
	bk.subject.mustJSON("GET", bk.path("/my-cases"), nil, 200, nil)
	bk.subject.mustJSON("POST", bk.path("/cases/", c.ID, "/response"), map[string]any{"text": "我已经改正，以后不再焚烧"}, 200, nil)
	b.nothing("told and responded")

	// The hearing: the subject hears of it; the three members not recused
	// (R002 shares the household, R006 nominated) hear the vote opened.
	bk.member["R010"].mustJSON("POST", bk.path("/cases/", c.ID, "/hearing"), nil, 201, &c)
	fresh := b.fresh()
	wantKinds := map[string]string{"subject": notify.KindCaseHearing, "R010": notify.KindVoteOpened, "R014": notify.KindVoteOpened, "R018": notify.KindVoteOpened}
	for name := range people {
		ns := fresh[name]
		want, ok := wantKinds[name]
		if !ok && len(ns) > 0 || ok && (len(ns) != 1 || ns[0].Kind != want) {
			t.Errorf("the hearing told %s %+v, want %q", name, ns, want)
		}
	}
	bk.vote(c.Hearings[0].VoteID, "criticism", "R010", "R014", "R018")
	b.nothing("the board's ballots")
	bk.member["R014"].mustJSON("POST", bk.path("/cases/", c.ID, "/verdict"), nil, 200, &c)
	b.expect("the verdict", notify.KindCaseVerdict, "subject")
}

// kindsOf lists the kinds of notifications, sorted.
func kindsOf(ns []notificationView) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	slices.Sort(out)
	return out
}

// TestProposalEventsTellTheProposerAndFollowersThroughHTTP: a demand's
// threshold, a hall topic reaching the council, an amendment and its
// decision each tell the proposer and those who follow (co-signers and
// supporters follow by signing), never the one who did it, nor anyone
// else.
func TestProposalEventsTellTheProposerAndFollowersThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	xl := x.xl
	r6 := x.account(xlPath, "R006")
	b := watchBells(t, map[string]*client{"sec": x.sec, "chair": x.chair, "r2": x.r2, "r3": x.r3, "r6": r6, "official": x.official})

	// A demand to convene the villagers' meeting: 2 of 15 adults suffice.
	d := submitted(x.r2, xl, map[string]any{"body_id": "council", "title": "要求召开村民会议讨论修路", "category": "other", "convene": "villagers_meeting"})
	x.r3.mustJSON("POST", proposalsPath(xl, "/", d.ID, "/cosign"), nil, 200, nil)
	b.expect("a threshold reached", notify.KindProposalThreshold, "r2")

	// An amendment tells the proposer and the followers (r3 co-signed);
	// its decision tells its author and the followers, not the proposer.
	r6.mustJSON("PUT", proposalsPath(xl, "/", d.ID, "/follow"), nil, 204, nil)
	var am struct{ ID string }
	x.chair.mustJSON("POST", proposalsPath(xl, "/", d.ID, "/amendments"), map[string]string{"text": "改为村民代表会议"}, 201, &am)
	b.expect("an amendment", notify.KindAmendment, "r2", "r3", "r6")
	x.r2.mustJSON("POST", proposalsPath(xl, "/", d.ID, "/amendments/", am.ID, "/decision"), map[string]any{"accept": false, "note": "须村民会议"}, 200, nil)
	b.expect("an amendment decided", notify.KindAmendmentDecided, "chair", "r3", "r6")

	// A hall topic: its second supporter takes it to the council; the
	// raiser and the first supporter hear both, the one who tipped it not.
	topics := "/api/v1/orgs/" + xl + "/topics"
	var topic propView
	x.r2.mustJSON("POST", topics, map[string]string{"title": "村口停车太乱"}, 201, &topic)
	x.r3.mustJSON("POST", topics+"/"+topic.ID+"/support", nil, 200, nil)
	b.nothing("one supporter")
	x.chair.mustJSON("POST", topics+"/"+topic.ID+"/support", nil, 200, &topic)
	if topic.Status != "escalated" {
		t.Fatalf("topic %s", topic.Status)
	}
	fresh := b.fresh()
	for name := range b.people {
		want := []string(nil)
		if name == "r2" || name == "r3" {
			want = []string{notify.KindProposalEscalated, notify.KindProposalThreshold}
		}
		if got := kindsOf(fresh[name]); !slices.Equal(got, want) {
			t.Errorf("the topic's escalation told %s %v, want %v", name, got, want)
		}
	}
}
