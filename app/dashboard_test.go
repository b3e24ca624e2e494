package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/dashboard"
	"yishi/modules/minutes"
	"yishi/modules/moralboard"
	"yishi/modules/proposal"
	"yishi/modules/review"
	"yishi/modules/servicedesk"
	"yishi/modules/vote"
)

// The dashboard tests run on the demo township (花山镇: 东田社区 dt, 小罗村 xl,
// 平和村 ph) with records inserted in the modules' own shapes, each chosen so
// every figure and every alert has a known answer.

type dashAlert struct {
	Code    string `json:"code"`
	Village struct {
		ID string `json:"id"`
	} `json:"village"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Basis     string `json:"basis"`
	Evidence  []struct {
		Kind, ID, Path string
	} `json:"evidence"`
}

type dashFigures struct {
	Proposals          map[string]int `json:"proposals_by_status"`
	ProposalsTotal     int            `json:"proposals_total"`
	TopicsTotal        int            `json:"topics_total"`
	Meetings           int            `json:"meetings_this_quarter"`
	RepMeetings        int            `json:"representatives_meetings_this_quarter"`
	QuartersWithout    int            `json:"quarters_without_representatives_meeting"`
	VotesClosed        int            `json:"votes_closed"`
	Voters             int            `json:"voters"`
	Eligible           int            `json:"eligible"`
	LastTurnout        *float64       `json:"last_turnout"`
	NoticesRunning     int            `json:"notices_running"`
	FilingsPending     int            `json:"filings_pending"`
	FilingsOverdue     int            `json:"filings_overdue"`
	OldestFilingDays   int            `json:"oldest_filing_days"`
	OverdueDisclosures int            `json:"overdue_disclosures"`
	ComplaintsOpen     int            `json:"complaints_open"`
	Requests           map[string]int `json:"service_requests_by_status"`
	RequestsWaiting    int            `json:"service_requests_waiting"`
	OldestRequestDays  int            `json:"oldest_waiting_request_days"`
	Alerts             int            `json:"alerts"`
}

type dashView struct {
	Org struct {
		ID string `json:"id"`
	} `json:"org"`
	ComputedAt time.Time `json:"computed_at"`
	Villages   []struct {
		Village struct {
			ID   string `json:"id"`
			Path string `json:"path"`
		} `json:"village"`
		ComputedAt time.Time `json:"computed_at"`
		dashFigures
	} `json:"villages"`
	Totals dashFigures `json:"totals"`
}

type dashVillage struct {
	Proposals map[string]int `json:"proposals_by_status"`
	Topics    map[string]int `json:"topics_by_status"`
	Meetings  struct {
		Held            int      `json:"held_this_quarter"`
		RepHeld         int      `json:"representatives_held_this_quarter"`
		QuartersWithout []string `json:"quarters_without_representatives_meeting"`
	} `json:"meetings"`
	Votes []struct {
		VoteID   string  `json:"vote_id"`
		Voters   int     `json:"voters"`
		Eligible int     `json:"eligible"`
		Turnout  float64 `json:"turnout"`
	} `json:"votes"`
	NoticesRunning []struct {
		ID       string `json:"id"`
		DaysLeft int    `json:"days_left"`
	} `json:"notices_running"`
	FilingsPending []struct {
		ID      string `json:"id"`
		AgeDays int    `json:"age_days"`
		Overdue bool   `json:"overdue"`
	} `json:"filings_pending"`
	OverdueDisclosures []struct {
		Kind string `json:"kind"`
	} `json:"overdue_disclosures"`
	ComplaintsOpen []struct {
		ID string `json:"id"`
	} `json:"complaints_open"`
	ServiceRequests struct {
		ByStatus       map[string]int `json:"by_status"`
		Waiting        int            `json:"waiting"`
		OldestWaitDays int            `json:"oldest_waiting_days"`
		Oldest         []struct {
			ID      string `json:"id"`
			Status  string `json:"status"`
			AgeDays int    `json:"age_days"`
		} `json:"oldest_waiting"`
	} `json:"service_requests"`
	ComputedAt time.Time   `json:"computed_at"`
	Alerts     []dashAlert `json:"alerts"`
}

// dashKit holds the township, its clients and the time the records were
// written at.
type dashKit struct {
	*propKit
	ph, street, district, city string
	t0                         time.Time
	official, districtOfficial *client
	cityOfficial, secretary    *client
	resident                   *client
}

// insert writes records straight into a village's collection, handed out
// by the module that owns it.
func (k *dashKit) insert(villageID string, in func(*mongo.Database) *mongo.Collection, docs ...any) {
	k.t.Helper()
	coll := in(k.ta.store.Village(villageID))
	if _, err := coll.InsertMany(context.Background(), docs); err != nil {
		k.t.Fatalf("insert %s: %v", coll.Name(), err)
	}
}

// dashVote is a closed villagers' meeting vote as the vote engine leaves it
// (its answers are checked against the API document like any other).
func dashVote(id, village string, voters, eligible int, closed time.Time) vote.Vote {
	return vote.Vote{ID: id, VillageID: village, Title: "表决" + id, MeetingKind: vote.VillagersMeeting, Mode: vote.ModePersons,
		Options: []vote.Option{{Key: "yes", Label: "同意"}, {Key: "no", Label: "不同意"}}, MaxChoices: 1,
		Rule:   vote.Rules[vote.VillagersMeeting],
		Status: vote.StatusClosed, OpenedAt: closed.Add(-2 * time.Hour), ClosedAt: closed, EligibleCount: eligible,
		Result: &vote.Result{Voters: voters, Eligible: eligible, Counts: map[string]int{"yes": voters},
			Online: map[string]int{"yes": voters}, Channels: map[string]int{}, Passed: map[string]bool{}}}
}

func newDashKit(t *testing.T) *dashKit {
	pk := newPropKit(t)
	ta := pk.ta
	k := &dashKit{propKit: pk, ph: ta.orgID(t, "/gz/hd/hs/ph"), street: ta.orgID(t, "/gz/hd/hs"), district: ta.orgID(t, "/gz/hd"),
		city: ta.orgID(t, "/gz"), t0: ta.clock.now().UTC().Truncate(time.Millisecond)}
	k.official = ta.login(t, "13800000003")
	k.secretary = ta.login(t, "13800000002")
	k.resident = ta.login(t, demoResidentPhone)
	for i, r := range []struct{ role, scope string }{{"district_official", "/gz/hd"}, {"city_official", "/gz"}} {
		phone := fmt.Sprintf("1350000000%d", i+1)
		k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": phone, "name": "干部" + r.role, "password": demoPassword,
			"roles": []map[string]string{{"role": r.role, "scope": r.scope}}}, 201, nil)
		if i == 0 {
			k.districtOfficial = ta.login(t, phone)
		} else {
			k.cityOfficial = ta.login(t, phone)
		}
	}
	t0, day := k.t0, 24*time.Hour
	xl, dt, ph := k.xl, k.dt, k.ph

	// Proposals of 小罗村: 2 submitted, 1 in progress, 1 completed, and a
	// draft nobody but its proposer sees (not counted). Hall topics carry
	// their proposer's name and number, which must never come out.
	prop := func(id, kind, status, title, category string) proposal.Proposal {
		return proposal.Proposal{ID: id, Kind: kind, BodyID: "council", Title: title, Category: category, Status: status,
			ProposerNo: "R001", ProposerName: demoResidents(1)[0].Name, CreatedAt: t0.Add(-time.Hour)}
	}
	k.insert(xl, proposal.ProposalsIn,
		prop("p1", proposal.KindProposal, proposal.StatusSubmitted, "修缮祠堂", "culture"),
		prop("p2", proposal.KindProposal, proposal.StatusSubmitted, "修建篮球场", "public_welfare"),
		prop("p3", proposal.KindProposal, proposal.StatusInProgress, "河涌清淤", "environment"),
		prop("p4", proposal.KindProposal, proposal.StatusCompleted, "老人饭堂", "public_welfare"),
		prop("p5", proposal.KindProposal, proposal.StatusDraft, "草稿", "other"),
		prop("t1", proposal.KindTopic, proposal.StatusOpen, "村口路灯不亮了", "public_welfare"),
		prop("t2", proposal.KindTopic, proposal.StatusOpen, "垃圾收集点太远", "environment"),
		prop("t3", proposal.KindTopic, proposal.StatusEscalated, "村口路灯坏了不亮", "public_welfare"))
	t4 := prop("t4", proposal.KindTopic, proposal.StatusOpen, "路口路灯不亮了", "public_welfare")
	t4.CreatedAt = t0.Add(-time.Minute) // raised after 小罗村's
	k.insert(dt, proposal.ProposalsIn, t4)

	// Votes: in 小罗村 60%, 60%, then 40% (below 0.8 x 60% = 48%: alert);
	// in 平和村 60%, 60%, then 50% (not below 48%: no alert).
	k.insert(xl, vote.VotesIn, dashVote("xv1", xl, 6, 10, t0.Add(-30*day)), dashVote("xv2", xl, 6, 10, t0.Add(-20*day)),
		dashVote("xv3", xl, 4, 10, t0.Add(-10*day)))
	// Each vote's frozen electorate, as the vote module keeps it apart.
	for _, e := range []struct{ village, id string }{{xl, "xv1"}, {xl, "xv2"}, {xl, "xv3"}, {ph, "pv1"}, {ph, "pv2"}, {ph, "pv3"}} {
		k.insert(e.village, vote.ElectoratesIn, vote.Electorate{VoteID: e.id, Voters: map[string]string{"R001": "H01"}})
	}
	k.insert(ph, vote.VotesIn, dashVote("pv1", ph, 6, 10, t0.Add(-30*day)), dashVote("pv2", ph, 6, 10, t0.Add(-20*day)),
		dashVote("pv3", ph, 5, 10, t0.Add(-10*day)))

	// Meetings of 小罗村: a representatives' meeting held now, and one only
	// scheduled (not held).
	k.insert(xl, minutes.MeetingsIn,
		minutes.Meeting{ID: "m1", VillageID: xl, Kind: vote.RepresentativesMeeting, Title: "村民代表会议", StartsAt: t0, Status: minutes.MeetingClosed, Warnings: []minutes.Warning{}},
		minutes.Meeting{ID: "m2", VillageID: xl, Kind: vote.CouncilVote, Title: "议事会", StartsAt: t0.Add(day), Status: minutes.MeetingScheduled, Warnings: []minutes.Warning{}})

	// Notices of 小罗村: one whose notice period runs 3 more days, one over,
	// and this quarter's village affairs and finances (V2026 Art. 35 ¶3), published.
	notice := func(id, kind string, published, deadline time.Time) minutes.Notice {
		return minutes.Notice{ID: id, VillageID: xl, Kind: kind, Title: "公示" + id, Text: "内容", PublishedAt: published, Deadline: deadline}
	}
	k.insert(xl, minutes.NoticesIn, notice("n1", minutes.NoticeResolution, t0.Add(-4*day), t0.Add(3*day)),
		notice("n2", minutes.NoticeResolution, t0.Add(-20*day), t0.Add(-13*day)),
		notice("n3", minutes.NoticeAffairs, t0, t0), notice("n4", minutes.NoticeFinance, t0, t0))

	// Filings of 小罗村: one 40 days old (past its 30-day review), one 5 days
	// old, one accepted.
	filing := func(id, status string, filed time.Time) review.Filing {
		return review.Filing{ID: id, VillageID: xl, VillagePath: "/gz/hd/hs/xl", Kind: "outcome", NoticeID: "n2", Title: "报备" + id,
			FiledAt: filed, ReviewDue: filed.Add(review.ReviewDays * day), Status: status}
	}
	k.insert(xl, review.FilingsIn, filing("f1", review.StatusFiled, t0.Add(-40*day)), filing("f2", review.StatusFiled, t0.Add(-5*day)),
		filing("f3", review.StatusAccepted, t0.Add(-60*day)))

	// Complaints: in 东田社区 the same matter twice in different words (alert)
	// and another matter, returned; in 小罗村 one complaint (no alert).
	complaint := func(village, id, subject, status string, at time.Time) review.Complaint {
		return review.Complaint{ID: id, VillageID: village, Kind: "unpublished", Subject: subject, Text: "公开栏没有，联系电话13912345678",
			Account: "acc", ResidentNo: "R003", At: at, Status: status}
	}
	k.insert(dt, review.ComplaintsIn, complaint(dt, "c1", "第三季度财务没有公开", review.ComplaintSubmitted, t0.Add(-3*day)),
		complaint(dt, "c2", "第三季度财务还没有公开", review.ComplaintSubmitted, t0.Add(-day)),
		complaint(dt, "c3", "路灯账目不实", review.ComplaintReturned, t0.Add(-2*day)))
	k.insert(xl, review.ComplaintsIn, complaint(xl, "c4", "第三季度财务没有公开", review.ComplaintSubmitted, t0.Add(-day)))

	// Service requests: in 小罗村 one filed 10 days ago and one forwarded to
	// the street (filed 4 days ago), both waiting; one answered and one
	// closed 30 days old (not waiting). In 平和村 one filed 2 days ago. They
	// carry the resident's number and text, which must never come out.
	request := func(village, id, status string, filed time.Time) servicedesk.Request {
		return servicedesk.Request{ID: id, VillageID: village, Kind: servicedesk.KindService, Service: "street_official:training.provide",
			ResidentNo: "R001", AccountID: "acc", Text: "公开栏没有，联系电话13912345678", Status: status, Forwarded: status == servicedesk.StatusForwarded,
			History: []servicedesk.Event{}, FiledAt: filed, UpdatedAt: filed, Version: 1}
	}
	k.insert(xl, servicedesk.RequestsIn, request(xl, "r1", servicedesk.StatusFiled, t0.Add(-10*day)),
		request(xl, "r2", servicedesk.StatusForwarded, t0.Add(-4*day)), request(xl, "r3", servicedesk.StatusAnswered, t0.Add(-30*day)),
		request(xl, "r4", servicedesk.StatusClosed, t0.Add(-30*day)))
	k.insert(ph, servicedesk.RequestsIn, request(ph, "r5", servicedesk.StatusFiled, t0.Add(-2*day)))
	return k
}

func alertCodes(as []dashAlert, village string) map[string]int {
	out := map[string]int{}
	for _, a := range as {
		if a.Village.ID == village {
			out[a.Code]++
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// noPersonalData fails if a response holds any resident's name, phone,
// resident number or birth date, or a field that names a person.
func noPersonalData(t *testing.T, what string, body []byte) {
	t.Helper()
	s := string(body)
	for i := range demoVillages {
		for _, r := range demoResidents(i) {
			for _, v := range []string{r.Name, r.Phone, r.BirthDate, `"` + r.No + `"`} {
				if v != "" && v != `""` && strings.Contains(s, v) {
					t.Errorf("%s holds personal data %q: %.300s", what, v, s)
				}
			}
		}
	}
	for _, v := range []string{"13912345678", "13800000001", "13800000002", "resident_no", "proposer", "birth", "phone", `"account"`, "公开栏没有"} {
		if strings.Contains(s, v) {
			t.Errorf("%s holds %q: %.300s", what, v, s)
		}
	}
}

// TestDashboardFiguresThroughHTTP: each figure of the street, district and
// city dashboards and of the drill-down, against the records inserted.
func TestDashboardFiguresThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	var d dashView
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard", nil, 200, &d)
	if len(d.Villages) != 3 {
		t.Fatalf("street dashboard has %d villages, want 3", len(d.Villages))
	}
	tot := d.Totals
	wantProposals := map[string]int{"submitted": 2, "in_progress": 1, "completed": 1}
	if fmt.Sprint(tot.Proposals) != fmt.Sprint(wantProposals) || tot.ProposalsTotal != 4 || tot.TopicsTotal != 4 {
		t.Errorf("proposals %v total %d topics %d", tot.Proposals, tot.ProposalsTotal, tot.TopicsTotal)
	}
	if tot.Meetings != 1 || tot.RepMeetings != 1 || tot.QuartersWithout != 0 {
		t.Errorf("meetings %+v", tot)
	}
	if tot.VotesClosed != 6 || tot.Voters != 33 || tot.Eligible != 60 {
		t.Errorf("votes %d, voters %d of %d", tot.VotesClosed, tot.Voters, tot.Eligible)
	}
	if tot.NoticesRunning != 1 || tot.FilingsPending != 2 || tot.FilingsOverdue != 1 || tot.OldestFilingDays != 40 {
		t.Errorf("notices %d, filings %d (%d overdue, oldest %d days)", tot.NoticesRunning, tot.FilingsPending, tot.FilingsOverdue, tot.OldestFilingDays)
	}
	if tot.OverdueDisclosures != 0 || tot.ComplaintsOpen != 3 || tot.Alerts != 3 {
		t.Errorf("overdue disclosures %d, open complaints %d, alerts %d", tot.OverdueDisclosures, tot.ComplaintsOpen, tot.Alerts)
	}
	wantRequests := map[string]int{"filed": 2, "forwarded": 1, "answered": 1, "closed": 1}
	if fmt.Sprint(tot.Requests) != fmt.Sprint(wantRequests) || tot.RequestsWaiting != 3 || tot.OldestRequestDays != 10 {
		t.Errorf("service requests %v, %d waiting, oldest %d days", tot.Requests, tot.RequestsWaiting, tot.OldestRequestDays)
	}
	if d.ComputedAt.IsZero() || d.ComputedAt.After(k.ta.clock.now()) {
		t.Errorf("dashboard computed at %v", d.ComputedAt)
	}
	for _, row := range d.Villages {
		switch row.Village.ID {
		case k.xl:
			if row.LastTurnout == nil || !near(*row.LastTurnout, 0.4) || row.ProposalsTotal != 4 || row.ComplaintsOpen != 1 || row.Alerts != 2 ||
				row.RequestsWaiting != 2 || row.OldestRequestDays != 10 || row.Requests["closed"] != 1 {
				t.Errorf("小罗村 row %+v", row.dashFigures)
			}
		case k.ph:
			if row.LastTurnout == nil || !near(*row.LastTurnout, 0.5) || row.Alerts != 0 || row.RequestsWaiting != 1 || row.OldestRequestDays != 2 {
				t.Errorf("平和村 row %+v", row.dashFigures)
			}
		case k.dt:
			if row.LastTurnout != nil || row.ComplaintsOpen != 2 || row.TopicsTotal != 1 || row.Alerts != 1 || row.RequestsWaiting != 0 ||
				row.OldestRequestDays != 0 || len(row.Requests) != 0 {
				t.Errorf("东田社区 row %+v", row.dashFigures)
			}
		}
		if row.ComputedAt.IsZero() {
			t.Errorf("row of %s has no computed_at", row.Village.Path)
		}
	}

	// The district and the city see the same villages.
	for _, c := range []struct {
		who *client
		org string
	}{{k.districtOfficial, k.district}, {k.cityOfficial, k.city}} {
		var other dashView
		c.who.mustJSON("GET", "/api/v1/orgs/"+c.org+"/dashboard", nil, 200, &other)
		if len(other.Villages) != 3 || fmt.Sprint(other.Totals) != fmt.Sprint(d.Totals) {
			t.Errorf("dashboard of %s: %+v", c.org, other.Totals)
		}
	}

	// Drill-down: 小罗村's items.
	var v dashVillage
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard/villages/"+k.xl, nil, 200, &v)
	if len(v.Votes) != 3 || v.Votes[2].VoteID != "xv3" || !near(v.Votes[2].Turnout, 0.4) || !near(v.Votes[0].Turnout, 0.6) {
		t.Errorf("votes %+v", v.Votes)
	}
	if len(v.NoticesRunning) != 1 || v.NoticesRunning[0].ID != "n1" || v.NoticesRunning[0].DaysLeft != 3 {
		t.Errorf("notices running %+v", v.NoticesRunning)
	}
	if len(v.FilingsPending) != 2 || v.FilingsPending[0].ID != "f1" || v.FilingsPending[0].AgeDays != 40 || !v.FilingsPending[0].Overdue ||
		v.FilingsPending[1].AgeDays != 5 || v.FilingsPending[1].Overdue {
		t.Errorf("filings %+v", v.FilingsPending)
	}
	if v.Meetings.Held != 1 || v.Meetings.RepHeld != 1 || v.Topics["open"] != 2 || v.Topics["escalated"] != 1 || v.Proposals["draft"] != 0 {
		t.Errorf("meetings %+v topics %v proposals %v", v.Meetings, v.Topics, v.Proposals)
	}
	sr := v.ServiceRequests
	if fmt.Sprint(sr.ByStatus) != fmt.Sprint(map[string]int{"filed": 1, "forwarded": 1, "answered": 1, "closed": 1}) || sr.Waiting != 2 ||
		sr.OldestWaitDays != 10 || len(sr.Oldest) != 2 || sr.Oldest[0].ID != "r1" || sr.Oldest[0].AgeDays != 10 ||
		sr.Oldest[1].ID != "r2" || sr.Oldest[1].Status != "forwarded" || sr.Oldest[1].AgeDays != 4 {
		t.Errorf("service requests %+v", sr)
	}
	// A village outside the org, or an org that is no village, is not found.
	var street2 struct{ ID string }
	k.operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "hs2", "name": "第二街道", "level": "street", "parent_id": k.district}, 201, &street2)
	k.districtOfficial.mustError("GET", "/api/v1/orgs/"+street2.ID+"/dashboard/villages/"+k.xl, nil, 404, "village_not_under_org")
	k.official.mustError("GET", "/api/v1/orgs/"+k.street+"/dashboard/villages/"+k.street, nil, 404, "village_not_under_org")
	k.official.mustError("GET", "/api/v1/orgs/"+street2.ID+"/dashboard", nil, 403, "forbidden")
}

// TestAlertsFireAndStayQuietThroughHTTP: each alert fires where its records
// say so, and not where they do not; time-based ones after the app clock
// crosses into the next quarter. The secretary sees their own village's.
func TestAlertsFireAndStayQuietThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	alertsOf := func(c *client, org string) []dashAlert {
		var out struct{ Alerts []dashAlert }
		c.mustJSON("GET", "/api/v1/orgs/"+org+"/alerts", nil, 200, &out)
		return out.Alerts
	}
	as := alertsOf(k.official, k.street)
	if got := alertCodes(as, k.xl); fmt.Sprint(got) != fmt.Sprint(map[string]int{"filing_review_overdue": 1, "turnout_low": 1}) {
		t.Errorf("小罗村 alerts %v", got)
	}
	if got := alertCodes(as, k.dt); fmt.Sprint(got) != fmt.Sprint(map[string]int{"complaint_repeated": 1}) {
		t.Errorf("东田社区 alerts %v", got)
	}
	if got := alertCodes(as, k.ph); len(got) != 0 {
		t.Errorf("平和村 alerts %v, want none (turnout 50%% is not below 48%%)", got)
	}
	for _, a := range as {
		if len(a.Evidence) == 0 || a.Message == "" || a.MessageEn == "" || a.Basis == "" {
			t.Errorf("alert without evidence or text: %+v", a)
		}
		for _, e := range a.Evidence {
			if !strings.HasPrefix(e.Path, "/api/v1/orgs/"+a.Village.ID+"/") {
				t.Errorf("evidence %+v is not the village's", e)
			}
		}
		switch a.Code {
		case "turnout_low":
			if a.Evidence[0].ID != "xv3" {
				t.Errorf("turnout evidence %+v", a.Evidence)
			}
		case "filing_review_overdue":
			if a.Evidence[0].ID != "f1" {
				t.Errorf("filing evidence %+v", a.Evidence)
			}
		case "complaint_repeated":
			if len(a.Evidence) != 2 || a.Evidence[0].ID != "c1" || a.Evidence[1].ID != "c2" {
				t.Errorf("complaint evidence %+v", a.Evidence)
			}
		}
	}
	// The evidence opens for the street.
	for _, a := range as {
		for _, e := range a.Evidence {
			if status, body := k.official.do("GET", e.Path, nil); status != 200 {
				t.Errorf("evidence %s: %d %s", e.Path, status, body)
			}
		}
	}

	// The village's secretary sees what the street sees about the village,
	// and nothing about the others; residents see none.
	mine := alertsOf(k.secretary, k.dt)
	if len(mine) != 1 || mine[0].Code != "complaint_repeated" {
		t.Errorf("the secretary's alerts %+v", mine)
	}
	k.secretary.mustError("GET", "/api/v1/orgs/"+k.xl+"/alerts", nil, 403, "forbidden")
	k.secretary.mustError("GET", "/api/v1/orgs/"+k.street+"/alerts", nil, 403, "forbidden")
	k.secretary.mustError("GET", "/api/v1/orgs/"+k.dt+"/dashboard", nil, 403, "forbidden")
	k.resident.mustError("GET", "/api/v1/orgs/"+k.dt+"/alerts", nil, 403, "forbidden")

	// Into the next quarter: 小罗村 and 平和村 have representatives; only
	// 小罗村 met last quarter, and only 小罗村 published its affairs and
	// finances for it. 东田社区 has no representatives: no V2026 Art. 30 ¶1 alert.
	for _, v := range []string{k.xl, k.ph} {
		k.operator.mustJSON("POST", "/api/v1/orgs/"+v+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "村民代表",
			"members": []map[string]string{{"resident_no": "R001", "role": "chair"}}}, 201, nil)
	}
	now := k.ta.clock.now().UTC()
	next := time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3, 1)
	k.ta.clock.advance(next.Sub(now))
	as = alertsOf(k.official, k.street)
	if got := alertCodes(as, k.xl); fmt.Sprint(got) != fmt.Sprint(map[string]int{"filing_review_overdue": 2, "turnout_low": 1}) {
		t.Errorf("小罗村 alerts next quarter %v", got)
	}
	if got := alertCodes(as, k.ph); fmt.Sprint(got) != fmt.Sprint(map[string]int{"disclosure_overdue": 2, "no_representatives_meeting": 1}) {
		t.Errorf("平和村 alerts next quarter %v", got)
	}
	if got := alertCodes(as, k.dt); fmt.Sprint(got) != fmt.Sprint(map[string]int{"complaint_repeated": 1, "disclosure_overdue": 2}) {
		t.Errorf("东田社区 alerts next quarter %v", got)
	}
	// A year on, the low turnout and the complaints are no longer current.
	k.ta.clock.advance(AlertYear)
	as = alertsOf(k.official, k.street)
	for _, a := range as {
		if a.Code == "turnout_low" || a.Code == "complaint_repeated" {
			t.Errorf("a year-old %s alert still shows: %+v", a.Code, a)
		}
	}
}

// AlertYear is the alerts' look-back window and a day.
const AlertYear = 366 * 24 * time.Hour

// TestDashboardTopicsGroupedWithoutNamesThroughHTTP: hall topics by category
// and by similar wording across villages, with no proposer.
func TestDashboardTopicsGroupedWithoutNamesThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	var tp struct {
		Categories []struct {
			Category         string
			Topics, Villages int
		}
		Groups []struct {
			Villages int
			Topics   []struct{ ID string }
		}
	}
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard/topics", nil, 200, &tp)
	if fmt.Sprint(tp.Categories) != "[{public_welfare 3 2} {environment 1 1}]" {
		t.Errorf("categories %v", tp.Categories)
	}
	ids := func() string {
		var out []string
		for _, g := range tp.Groups {
			var in []string
			for _, t := range g.Topics {
				in = append(in, t.ID)
			}
			out = append(out, fmt.Sprintf("%d:%s", g.Villages, strings.Join(in, ",")))
		}
		return strings.Join(out, " ")
	}
	// 村口路灯不亮了 ~ 路口路灯不亮了 (0.71) and ~ 村口路灯坏了不亮 (0.44).
	if got := ids(); got != "2:t1,t3,t4" {
		t.Errorf("groups at 0.4: %s", got)
	}
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard/topics?similarity=0.5", nil, 200, &tp)
	if got := ids(); got != "2:t1,t4" {
		t.Errorf("groups at 0.5: %s", got)
	}
	k.official.mustError("GET", "/api/v1/orgs/"+k.street+"/dashboard/topics?similarity=2", nil, 422, "invalid_similarity")
}

// TestDashboardBoundaryThroughHTTP: government roles only read here; the
// negative list refuses their writes to the villages they see; no response
// holds residents' personal data.
func TestDashboardBoundaryThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	reads := []string{
		"/api/v1/orgs/" + k.street + "/dashboard",
		"/api/v1/orgs/" + k.street + "/dashboard/villages/" + k.xl,
		"/api/v1/orgs/" + k.street + "/dashboard/villages/" + k.dt,
		"/api/v1/orgs/" + k.street + "/dashboard/topics",
		"/api/v1/orgs/" + k.street + "/alerts",
	}
	for _, p := range reads {
		status, body := k.official.do("GET", p, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", p, status, body)
		}
		noPersonalData(t, p, body)
	}
	status, body := k.secretary.do("GET", "/api/v1/orgs/"+k.dt+"/alerts", nil)
	if status != 200 {
		t.Fatalf("secretary's alerts: %d", status)
	}
	noPersonalData(t, "the secretary's alerts", body)
	// The dashboard routes take no writes.
	for _, p := range reads {
		for _, m := range []string{"POST", "PUT", "DELETE"} {
			if status, _ := k.official.do(m, p, map[string]any{}); status < 400 {
				t.Errorf("%s %s: %d, want a refusal", m, p, status)
			}
		}
	}
	// Every government role is refused every write into a village.
	writes := []struct {
		method, path string
		body         any
	}{
		{"POST", "/api/v1/orgs/" + k.xl + "/proposals", map[string]any{"body_id": "council", "title": "代拟议题", "category": "culture"}},
		{"POST", "/api/v1/orgs/" + k.xl + "/topics", map[string]any{"title": "代提话题"}},
		{"POST", "/api/v1/orgs/" + k.xl + "/votes", map[string]any{"subject_kind": "proposal", "subject_id": "p1", "meeting_kind": "villagers_meeting"}},
		{"POST", "/api/v1/orgs/" + k.xl + "/votes/xv3/close", nil},
		{"POST", "/api/v1/orgs/" + k.xl + "/meetings/m1/minutes", map[string]any{"chair": "R001"}},
		{"POST", "/api/v1/orgs/" + k.xl + "/notices", map[string]any{"kind": "finance", "title": "代发", "text": "代发"}},
		{"PUT", "/api/v1/orgs/" + k.xl + "/notices/n1", map[string]any{"title": "改"}},
		{"PUT", "/api/v1/orgs/" + k.xl + "/publication-settings", map[string]any{"notice_days": 15}},
	}
	for _, who := range []*client{k.official, k.districtOfficial, k.cityOfficial} {
		for _, w := range writes {
			if status, body := who.do(w.method, w.path, w.body); status != 403 {
				t.Errorf("%s %s by a government role: %d, want 403: %s", w.method, w.path, status, body)
			}
		}
	}
}

// TestWarningListPastExpiryAlertThroughHTTP: the public warning list shows
// every final criticism until its recorded listed_until, so an entry stays
// up past the longest term the rules allow (6 months from the verdict) only
// when that date was recorded wrong. The alert names such a case, and only
// while the list still shows it; a lawful entry and an expired one raise
// nothing.
func TestWarningListPastExpiryAlertThroughHTTP(t *testing.T) {
	k := newDashKit(t)
	t0, day := k.t0, 24*time.Hour
	criticism := func(id string, final, until time.Time) moralboard.Case {
		return moralboard.Case{ID: id, VillageID: k.xl, BodyID: "moralboard", Category: "neighbourliness", SubjectKind: moralboard.SubjectResident,
			SubjectNo: "R001", SubjectHousehold: "H01", SubjectGroup: "一组", SubjectSurname: "陈", Description: "占道堆放杂物",
			Evidence: []string{}, NominatedAt: final.Add(-30 * day), Status: moralboard.StatusFinal, Hearings: []moralboard.Hearing{},
			Verdict: moralboard.VerdictCriticism, FinalAt: &final, ListedUntil: &until, Timeline: []moralboard.Event{}, UpdatedAt: final}
	}
	// mc1 became final 7 months ago and is recorded until next month: shown
	// a month past its term. mc2 is lawful (2 of 6 months); mc3 expired.
	k.insert(k.xl, moralboard.CasesIn,
		criticism("mc1", t0.AddDate(0, -7, 0), t0.AddDate(0, 1, 0)),
		criticism("mc2", t0.AddDate(0, -2, 0), t0.AddDate(0, 4, 0)),
		criticism("mc3", t0.AddDate(0, -8, 0), t0.AddDate(0, -2, 0)))

	// The public list does show mc1 and mc2.
	var list struct {
		Entries []struct {
			Until time.Time `json:"until"`
		} `json:"entries"`
	}
	status, body := k.ta.client(t).do("GET", "/api/v1/orgs/"+k.xl+"/warning-list", nil)
	if status != 200 {
		t.Fatalf("warning list: %d %s", status, body)
	}
	if err := json.Unmarshal(body, &list); err != nil || len(list.Entries) != 2 {
		t.Fatalf("the public warning list should show 2 entries: %s", body)
	}

	alerts := func() []dashAlert {
		var out struct{ Alerts []dashAlert }
		k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/alerts", nil, 200, &out)
		var mine []dashAlert
		for _, a := range out.Alerts {
			if a.Code == dashboard.AlertWarningListExpired {
				mine = append(mine, a)
			}
		}
		return mine
	}
	as := alerts()
	if len(as) != 1 || as[0].Village.ID != k.xl || as[0].Evidence[0].Kind != "case_outcome" || as[0].Evidence[0].ID != "mc1" ||
		!strings.Contains(as[0].Message, "mc1") || as[0].MessageEn == "" || as[0].Basis == "" {
		t.Fatalf("warning-list alerts %+v, want one naming mc1", as)
	}
	if strings.Contains(as[0].Message+as[0].MessageEn, "陈") {
		t.Errorf("the alert names the subject: %s", as[0].Message)
	}
	for _, e := range as[0].Evidence {
		if status, body := k.official.do("GET", e.Path, nil); status != 200 {
			t.Errorf("evidence %s: %d %s", e.Path, status, body)
		} else if e.Kind == "case_outcome" && !strings.Contains(string(body), `"mc1"`) {
			t.Errorf("the outcomes do not show mc1: %.300s", body)
		}
	}
	// The village's secretary sees it too; the drill-down counts it.
	var mine struct{ Alerts []dashAlert }
	k.secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/alerts", nil, 200, &mine)
	if codes := alertCodes(mine.Alerts, k.dt); codes[dashboard.AlertWarningListExpired] != 0 {
		t.Errorf("东田社区 has no warning list, alerts %v", codes)
	}
	var v dashVillage
	k.official.mustJSON("GET", "/api/v1/orgs/"+k.street+"/dashboard/villages/"+k.xl, nil, 200, &v)
	if alertCodes(v.Alerts, k.xl)[dashboard.AlertWarningListExpired] != 1 {
		t.Errorf("drill-down alerts %v", alertCodes(v.Alerts, k.xl))
	}

	// Once mc1's recorded date passes, the list no longer shows it: no alert.
	k.ta.clock.advance(t0.AddDate(0, 1, 1).Sub(t0))
	if as := alerts(); len(as) != 0 {
		t.Errorf("alerts after mc1 left the list: %+v", as)
	}
}
