package main

import (
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

type homeLine struct {
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	DetailZh string    `json:"detail_zh"`
	At       time.Time `json:"at"`
	Due      time.Time `json:"due"`
	Count    int       `json:"count"`
	Today    bool      `json:"today"`
	OrgName  string    `json:"org_name"`
	Link     struct {
		View   string            `json:"view"`
		Params map[string]string `json:"params"`
	} `json:"link"`
}

type homeView struct {
	Waiting     []homeLine `json:"waiting"`
	Village     []homeLine `json:"village"`
	Unread      int64      `json:"unread"`
	VillageName string     `json:"village_name"`
}

func homeOf(c *client) homeView {
	c.t.Helper()
	var h homeView
	c.mustJSON("GET", "/api/v1/home", nil, 200, &h)
	return h
}

// kinds lists a group's lines as "kind:title".
func kinds(ls []homeLine) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Kind+":"+l.Title)
	}
	return out
}

func line(t *testing.T, ls []homeLine, kind string) homeLine {
	t.Helper()
	for _, l := range ls {
		if l.Kind == kind {
			return l
		}
	}
	t.Fatalf("no %s line in %v", kind, kinds(ls))
	return homeLine{}
}

// TestHomeShowsWhatWaitsAndWhatIsOpenThroughHTTP follows a resident's,
// a secretary's and the street official's home through a meeting cycle in
// 小罗村: each line appears when it concerns them, links to its page, and
// goes when it is done; nobody sees a line of another village or another
// person.
func TestHomeShowsWhatWaitsAndWhatIsOpenThroughHTTP(t *testing.T) {
	x := newXLCycle(t)
	k, ta, clock, xl, base := x.propKit, x.ta, &x.ta.clock, x.xl, x.base
	sec, sec2, chair, r2, r3, official := x.sec, x.sec2, x.chair, x.r2, x.r3, x.official
	outsider := ta.login(t, "13800000001") // a resident of 东田社区

	h := homeOf(r3)
	if len(h.Waiting) != 0 || len(h.Village) != 0 || h.VillageName != "小罗村" || h.Unread != 0 {
		t.Fatalf("a quiet village's home: %+v", h)
	}

	// A demand to convene a meeting gathering signatures: the village sees
	// how many more it needs.
	d := submitted(r2, xl, map[string]any{"body_id": "council", "title": "要求召开村民会议讨论修路", "category": "other", "convene": "villagers_meeting"})
	g := line(t, homeOf(r3).Village, "gathering")
	if g.Title != d.Title || g.Count < 1 || !strings.Contains(g.DetailZh, "还差") || g.Link.View != "proposal" || g.Link.Params["pid"] != d.ID {
		t.Errorf("gathering line: %+v", g)
	}
	if got := homeOf(outsider); slices.ContainsFunc(got.Village, func(l homeLine) bool { return l.Title == d.Title }) {
		t.Errorf("another village's resident sees it: %v", kinds(got.Village))
	}
	// Signed by as many as it needs, it stops gathering.
	for i, c := range []*client{r3, chair, sec2, sec} {
		if i == g.Count {
			break
		}
		c.mustJSON("POST", proposalsPath(xl, "/", d.ID, "/cosign"), nil, 200, nil)
	}
	if slices.ContainsFunc(homeOf(r3).Village, func(l homeLine) bool { return l.Kind == "gathering" }) {
		t.Errorf("a demand that reached its threshold still gathers: %v", kinds(homeOf(r3).Village))
	}
	p := submitted(r2, xl, map[string]any{"body_id": "council", "title": "修缮村道路灯", "category": "public_welfare", "flow": "four_plus_two"})
	advance(sec, xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	advance(sec, xl, p.ID, "committees_deliberation", nil)
	advance(sec, xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 6}})

	// A meeting: invited residents see it as theirs; on the day it says so.
	var m meetingView
	sec.mustJSON("POST", base+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "村委会礼堂",
		"agenda": []string{p.ID}, "starts_at": clock.now().Add(11 * 24 * time.Hour), "chair": "R001"}, 201, &m)
	inv := line(t, homeOf(r3).Waiting, "meeting_invited")
	if inv.Today || inv.Link.Params["meeting"] != m.ID || inv.DetailZh != "村委会礼堂" {
		t.Errorf("the invitation: %+v", inv)
	}
	if got := homeOf(official); len(got.Village) != 0 || slices.ContainsFunc(got.Waiting, func(l homeLine) bool { return l.Kind == "meeting_invited" }) {
		t.Errorf("the street official's home shows village lines: %+v", got)
	}
	clock.advance(11*24*time.Hour + time.Minute)
	if inv := line(t, homeOf(r3).Waiting, "meeting_invited"); !inv.Today {
		t.Errorf("on the day: %+v", inv)
	}
	mpath := base + "/meetings/" + m.ID
	x.openAndSignIn(mpath, chair, r2, r3, sec)

	// A vote: the voter sees it until they have cast it; the secretary sees
	// a paper count waiting for someone else to confirm it.
	var v struct{ ID string }
	sec.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting", "secret": true}, 201, &v)
	cast := line(t, homeOf(r3).Waiting, "vote_to_cast")
	if cast.Link.View != "vote-ballot" || cast.Link.Params["vote"] != v.ID {
		t.Errorf("the vote line: %+v", cast)
	}
	r3.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	if slices.ContainsFunc(homeOf(r3).Waiting, func(l homeLine) bool { return l.Kind == "vote_to_cast" }) {
		t.Error("the vote is still to cast after casting it")
	}
	for _, c := range []*client{chair, r2, sec} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	var entry struct{ ID string }
	sec.mustJSON("POST", base+"/votes/"+v.ID+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}, "voters": 1}, 201, &entry)
	if c := line(t, homeOf(sec2).Waiting, "count_to_confirm"); c.Count != 1 || c.Link.Params["vote"] != v.ID {
		t.Errorf("the count to confirm: %+v", c)
	}
	if slices.ContainsFunc(homeOf(sec).Waiting, func(l homeLine) bool { return l.Kind == "count_to_confirm" }) {
		t.Error("the one who entered the count is asked to confirm it")
	}
	sec2.mustJSON("POST", base+"/votes/"+v.ID+"/counts/"+entry.ID+"/confirm", nil, 200, nil)
	sec.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	// Five of fifteen took part: a villagers' meeting's vote needs more.
	if o := line(t, homeOf(r3).Village, "outcome"); o.DetailZh != "没有通过" || o.Link.View != "vote-result" {
		t.Errorf("the outcome: %+v", o)
	}
	// The close ended the proposal's vote step with the vote (wire_steps.go).
	if d := detail(sec, xl, p.ID); d.Proposal.Status != "not_adopted" {
		t.Errorf("after the failed vote the proposal is %q, want not_adopted", d.Proposal.Status)
	}

	// Minutes to confirm, for those who attended; gone once confirmed.
	sec.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	if mc := line(t, homeOf(r3).Waiting, "minutes_to_confirm"); mc.Link.Params["version"] != "1" || mc.Link.Params["meeting"] != m.ID {
		t.Errorf("the minutes line: %+v", mc)
	}
	if slices.ContainsFunc(homeOf(sec2).Waiting, func(l homeLine) bool { return l.Kind == "minutes_to_confirm" }) {
		t.Error("someone who did not attend is asked to confirm")
	}
	for _, c := range []*client{chair, r2, r3} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	if slices.ContainsFunc(homeOf(r3).Waiting, func(l homeLine) bool { return l.Kind == "minutes_to_confirm" }) {
		t.Error("minutes still to confirm after confirming")
	}
	sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, nil)

	// A notice in its objection period, with its end date; an objection
	// waits for the secretary; its answer waits for the objector.
	var n struct {
		ID       string    `json:"id"`
		Deadline time.Time `json:"deadline"`
	}
	sec.mustJSON("POST", base+"/notices", map[string]any{"kind": "resolution", "title": "决议：修缮村道路灯", "text": "村民会议通过",
		"meeting_id": m.ID, "version": 1, "proposal_id": p.ID}, 201, &n)
	if no := line(t, homeOf(r3).Village, "notice_open"); !no.Due.Equal(n.Deadline) || !strings.Contains(no.DetailZh, "公示期还剩") {
		t.Errorf("the notice line: %+v (deadline %v)", no, n.Deadline)
	}
	var obj struct{ ID string }
	r2.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "路灯位置不合理"}, 201, &obj)
	if oa := line(t, homeOf(sec).Waiting, "objection_to_answer"); oa.Count != 1 || oa.Link.Params["notice"] != n.ID {
		t.Errorf("the objection to answer: %+v", oa)
	}
	sec.mustJSON("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "已按规划调整位置"}, 200, nil)
	if ans := line(t, homeOf(r2).Waiting, "objection_answered"); ans.Link.Params["notice"] != n.ID {
		t.Errorf("the answer line: %+v", ans)
	}
	if slices.ContainsFunc(homeOf(r3).Waiting, func(l homeLine) bool { return l.Kind == "objection_answered" }) {
		t.Error("someone else's answer is on r3's home")
	}

	// The street: a filing to review and a complaint to answer, named by
	// their village; the complainant sees the finding.
	clock.advance(15*24*time.Hour + time.Minute) // the notice period: at least 15 days (V2026 Art. 35)
	var f struct{ ID string }
	sec.mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, &f)
	var c struct{ ID string }
	r3.mustJSON("POST", base+"/complaints", map[string]string{"kind": "unpublished", "subject": "第三季度财务没有公开", "text": "公开栏没有财务收支"}, 201, &c)
	oh := homeOf(official)
	if fl := line(t, oh.Waiting, "filing_to_review"); fl.DetailZh != "小罗村" || fl.Link.Params["filing"] != f.ID || fl.OrgName != "花山镇" {
		t.Errorf("the filing line: %+v", fl)
	}
	if cl := line(t, oh.Waiting, "complaint_to_answer"); cl.DetailZh != "小罗村" || strings.Contains(cl.Title, "R003") {
		t.Errorf("the complaint line: %+v", cl)
	}
	if oh.Unread < 2 {
		t.Errorf("the official's unread %d", oh.Unread)
	}
	official.mustJSON("POST", base+"/complaints/"+c.ID+"/return", map[string]string{"guidance": "请在五日内公开第三季度财务", "basis": "村民委员会组织法(2026)第三十五条"}, 200, nil)
	line(t, homeOf(r3).Waiting, "complaint_answered")
	if slices.ContainsFunc(homeOf(official).Waiting, func(l homeLine) bool { return l.Kind == "complaint_to_answer" }) {
		t.Error("an answered complaint still waits for the street")
	}

	// A service request answered.
	var req struct{ ID string }
	r3.mustJSON("POST", base+"/service-requests", map[string]any{"service": "street_official:training.provide", "text": "希望安排议事规则培训"}, 201, &req)
	sec.mustJSON("POST", base+"/service-requests/"+req.ID+"/answer", map[string]any{"text": "下月安排"}, 200, nil)
	// Named by the service list's words, never by its key.
	if ra := line(t, homeOf(r3).Waiting, "request_answered"); ra.Link.Params["request"] != req.ID || strings.Contains(ra.Title, ":") || ra.Title == "" {
		t.Errorf("the request line: %+v", ra)
	}

	// A case about me: on my home, without who nominated me.
	nominator := k.account(xlPath, "R006")
	var cs struct{ ID string }
	nominator.mustJSON("POST", base+"/cases", map[string]any{"subject_kind": "resident", "subject_no": "R003", "category": "environment",
		"description": "多次在巷口焚烧垃圾", "evidence": []string{}, "clause": "村规民约第五条"}, 201, &cs)
	if cl := line(t, homeOf(r3).Waiting, "case_about_me"); cl.Link.Params["case"] != cs.ID || cl.Title != "environment" {
		t.Errorf("the case line: %+v", cl)
	}
	if slices.ContainsFunc(homeOf(r2).Waiting, func(l homeLine) bool { return l.Kind == "case_about_me" }) {
		t.Error("a case about r3 is on r2's home")
	}
	// The operator has a home too, with nothing about villages.
	if oph := homeOf(k.operator); len(oph.Waiting)+len(oph.Village) != 0 {
		t.Errorf("the operator's home: %+v", oph)
	}
}

// BenchmarkHome is GET /home for a resident of the demo community with a
// vote open, a meeting coming and a notice in its period.
//
//	go test ./app -run '^$' -bench BenchmarkHome -benchtime 50x
func BenchmarkHome(b *testing.B) {
	testLogLevel = slog.LevelInfo // production's level: no per-request debug lines
	ta := startTestApp(b)
	dt := ta.orgID(b, dtPath)
	base := "/api/v1/orgs/" + dt
	resident, secretary := ta.login(b, demoResidentPhone), ta.login(b, "13800000002")
	var p struct{ ID string }
	resident.mustJSON("POST", proposalsPath(dt), map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other"}, 201, &p)
	resident.mustJSON("POST", proposalsPath(dt, "/", p.ID, "/submit"), nil, 200, nil)
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 201, nil)
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "活动室",
		"agenda": []string{p.ID}, "starts_at": ta.clock.now().Add(11 * 24 * time.Hour)}, 201, nil)
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "公示", "text": "公示内容"}, 201, nil)
	if h := homeOf(resident); len(h.Waiting)+len(h.Village) < 2 {
		b.Fatalf("home %+v", h)
	}
	for b.Loop() {
		homeOf(resident)
	}
}
