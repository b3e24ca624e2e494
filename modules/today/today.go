// Package today is the secretary's "what needs me today": the meetings to
// run today, marks and counts waiting for a second person (never the one who
// entered them), minutes to draft or publish, objections to answer, notices
// whose period ended and can be filed, returned filings and open requests.
// Each line carries a title, a sentence in both languages and the page
// where the work is done. It only reads, through the services that own the
// records; a line shows only work the caller may do.
package today

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/minutes"
	"yishi/modules/review"
	"yishi/modules/servicedesk"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Line kinds, in the order home shows them.
const (
	MeetingToday       = "meeting_today"
	MarkToConfirm      = "mark_to_confirm"
	CountToConfirm     = "count_to_confirm"
	MinutesToDraft     = "minutes_to_draft"
	MinutesToPublish   = "minutes_to_publish"
	ObjectionToAnswer  = "objection_to_answer"
	NoticeReadyToFile  = "notice_ready_to_file"
	FilingReturned     = "filing_returned"
	FilingAccepted     = "filing_accepted"
	RequestToAnswer    = "request_to_answer"
	ComplaintOrder     = "complaint_order"
	MinutesUnconfirmed = "minutes_awaiting_confirmation"
)

// Line is one thing that waits for the caller.
type Line struct {
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	DetailZh string    `json:"detail_zh"`
	DetailEn string    `json:"detail_en"`
	At       time.Time `json:"at,omitzero"`
	Due      time.Time `json:"due,omitzero"`
	Link     Link      `json:"link"`
}

// Link is the page where the work is done: a view of the page's route
// table with its parameters, and the route itself.
type Link struct {
	View   string            `json:"view"`
	Params map[string]string `json:"params"`
	Route  string            `json:"route"`
}

// routes are the page addresses of the views a line opens (docs/screens.md).
var routes = map[string]func(p map[string]string) string{
	"meeting-console":  func(p map[string]string) string { return "#/v/" + p["vid"] + "/m/" + p["mid"] + "/console" },
	"minutes-editor":   func(p map[string]string) string { return "#/v/" + p["vid"] + "/m/" + p["mid"] + "/minutes/new" },
	"minutes":          func(p map[string]string) string { return "#/v/" + p["vid"] + "/m/" + p["mid"] + "/minutes/" + p["ver"] },
	"vote-ballot":      func(p map[string]string) string { return "#/v/" + p["vid"] + "/votes/" + p["id"] },
	"notice":           func(p map[string]string) string { return "#/v/" + p["vid"] + "/n/" + p["nid"] },
	"filing":           func(p map[string]string) string { return "#/v/" + p["vid"] + "/filings/" + p["fid"] },
	"filing-returned":  func(p map[string]string) string { return "#/v/" + p["vid"] + "/filings/" + p["fid"] + "/returned" },
	"project-new":      func(p map[string]string) string { return "#/v/" + p["vid"] + "/projects/new/" + p["nid"] },
	"desk-queue":       func(p map[string]string) string { return "#/v/" + p["vid"] + "/desk/queue" },
	"meeting-schedule": func(p map[string]string) string { return "#/v/" + p["vid"] + "/meetings/new" },
	"complaint":        func(p map[string]string) string { return "#/v/" + p["vid"] + "/complaints/" + p["cid"] },
}

func link(view string, params map[string]string) Link {
	return Link{View: view, Params: params, Route: routes[view](params)}
}

// Caller is who asks: their account and what they may do.
type Caller struct {
	Account string
	May     func(obj, act string) bool
	// day is what this request has read already (Today sets it).
	day *dayReads
}

// reads is the request's shared reads; a Caller made outside Today reads
// afresh.
func (c Caller) reads(villageID string) *dayReads {
	if c.day != nil && c.day.villageID == villageID {
		return c.day
	}
	return &dayReads{villageID: villageID}
}

// Service composes the lines from the services that own the records.
type Service struct {
	Minutes *minutes.Service
	Votes   *vote.Service
	Review  *review.Service
	Desk    *servicedesk.Service
	// Owed are the village's demands to convene that no meeting answers yet
	// (minutes.Service.Owed over the proposals' demands); nil lists none.
	Owed func(ctx context.Context, villageID string) ([]minutes.Demand, error)
	// More are lines other modules owe, each behind its policy line
	// (app/wire_petitions.go).
	More []Source
}

// Source is a kind of line behind the policy line obj.act.
type Source struct {
	Obj, Act string
	Lines    func(ctx context.Context, villageID string) ([]Line, error)
}

// LinkTo is the page a line opens: a view and its route.
func LinkTo(view, route string, params map[string]string) Link {
	return Link{View: view, Params: params, Route: route}
}

// Today is what waits for the caller in the village now.
func (s *Service) Today(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	who.day = &dayReads{villageID: villageID}
	out := []Line{}
	for _, src := range []struct {
		obj, act string
		lines    func(context.Context, string, Caller) ([]Line, error)
	}{
		{"meeting", "schedule", s.demands},
		{"meeting", "schedule", s.meetings},
		{"attendance", "confirm", s.marks},
		{"vote", "count", s.counts},
		{"minutes", "record", s.minutesWork},
		{"objection", "answer", s.objections},
		{"outcome", "file", s.filings},
		{"service_request", "handle", s.requests},
		{"complaint", "comply", s.orders},
	} {
		if !who.May(src.obj, src.act) {
			continue
		}
		lines, err := src.lines(ctx, villageID, who)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	for _, src := range s.More {
		if !who.May(src.Obj, src.Act) {
			continue
		}
		lines, err := src.Lines(ctx, villageID)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

func (s *Service) meetings(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	ms, err := who.reads(villageID).meetingsOf(ctx, s)
	if err != nil {
		return nil, err
	}
	day := web.LocalDay(s.Minutes.Now())
	out := []Line{}
	for _, m := range ms {
		if m.Status == minutes.MeetingClosed || m.Status == minutes.MeetingScheduled && web.LocalDay(m.StartsAt) != day {
			continue
		}
		zh := fmt.Sprintf("今天 %s %s（%s）", web.ClockTime(m.StartsAt), m.Title, m.Place)
		en := fmt.Sprintf("Today %s %s (%s)", web.ClockTime(m.StartsAt), m.Title, m.Place)
		if m.Status == minutes.MeetingOpen {
			zh, en = fmt.Sprintf("正在开会：%s（%s）", m.Title, m.Place), fmt.Sprintf("In session: %s (%s)", m.Title, m.Place)
		}
		out = append(out, Line{Kind: MeetingToday, Title: m.Title, DetailZh: zh, DetailEn: en, At: m.StartsAt,
			Link: link("meeting-console", map[string]string{"vid": villageID, "mid": m.ID})})
	}
	slices.SortFunc(out, func(a, b Line) int { return a.At.Compare(b.At) })
	return out, nil
}

func (s *Service) openMeetings(ctx context.Context, villageID string, who Caller) ([]minutes.Meeting, error) {
	ms, err := who.reads(villageID).meetingsOf(ctx, s)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(ms), func(m minutes.Meeting) bool { return m.Status != minutes.MeetingOpen }), nil
}

func (s *Service) marks(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	open, err := s.openMeetings(ctx, villageID, who)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, m := range open {
		pending, err := s.Minutes.PendingMarks(ctx, villageID, m.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range pending {
			if a.RecordedBy == who.Account {
				continue // a second person confirms, never the one who marked
			}
			by := nameOr(a.RecordedByName, "另一位工作人员", "another officer")
			out = append(out, Line{Kind: MarkToConfirm, Title: m.Title, At: a.At,
				DetailZh: fmt.Sprintf("待您确认：%s 的补签（%s %s 录入）", a.Name, by.zh, web.ClockTime(a.At)),
				DetailEn: fmt.Sprintf("To confirm: %s marked present (entered by %s at %s)", a.Name, by.en, web.ClockTime(a.At)),
				Link:     link("meeting-console", map[string]string{"vid": villageID, "mid": m.ID, "section": "pending"})})
		}
	}
	return out, nil
}

type names struct{ zh, en string }

func nameOr(name, zh, en string) names {
	if name != "" {
		return names{name, name}
	}
	return names{zh, en}
}

var channelZh = map[string]string{vote.ChannelPaper: "纸质票", vote.ChannelHands: "举手表决"}
var channelEn = map[string]string{vote.ChannelPaper: "paper count", vote.ChannelHands: "show of hands"}

func (s *Service) counts(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	open, err := s.Votes.ListWhere(ctx, villageID, vote.Filter{Status: vote.StatusOpen})
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, v := range open {
		waiting, err := s.Votes.Unconfirmed(ctx, villageID, v.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range waiting {
			if l.EnteredBy == who.Account {
				continue
			}
			by := nameOr(l.EnteredByName, "另一位工作人员", "another officer")
			ln := Line{Kind: CountToConfirm, Title: v.Title, At: l.EnteredAt,
				DetailZh: fmt.Sprintf("待您确认：%s %d 人（%s %s 录入）", channelZh[l.Channel], l.Voters, by.zh, web.ClockTime(l.EnteredAt)),
				DetailEn: fmt.Sprintf("To confirm: %s of %d voters (entered by %s at %s)", channelEn[l.Channel], l.Voters, by.en, web.ClockTime(l.EnteredAt)),
				Link:     link("vote-ballot", map[string]string{"vid": villageID, "id": v.ID})}
			if v.MeetingID != "" {
				ln.Link = link("meeting-console", map[string]string{"vid": villageID, "mid": v.MeetingID, "section": "pending"})
			}
			out = append(out, ln)
		}
	}
	return out, nil
}

func (s *Service) minutesWork(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	ms, err := who.reads(villageID).meetingsOf(ctx, s)
	if err != nil {
		return nil, err
	}
	w, err := s.Minutes.WorkOf(ctx, villageID, ms)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, m := range w.ToDraft {
		out = append(out, Line{Kind: MinutesToDraft, Title: m.Title, At: m.ClosedAt,
			DetailZh: fmt.Sprintf("会议已结束，待写记录：%s（%s）", m.Title, web.DateZh(m.StartsAt)),
			DetailEn: fmt.Sprintf("Meeting closed, minutes to draft: %s (%s)", m.Title, web.DateEn(m.StartsAt)),
			Link:     link("minutes-editor", map[string]string{"vid": villageID, "mid": m.ID})})
	}
	if who.May("minutes", "publish") {
		for _, m := range w.ToPublish {
			out = append(out, Line{Kind: MinutesToPublish, Title: m.Title, At: m.DraftedAt,
				DetailZh: fmt.Sprintf("%s 的记录（第 %d 版）已够人确认，可以公布", m.Title, m.Version),
				DetailEn: fmt.Sprintf("The minutes of %s (version %d) are confirmed enough to publish", m.Title, m.Version),
				Link:     link("minutes", map[string]string{"vid": villageID, "mid": m.MeetingID, "ver": fmt.Sprint(m.Version)})})
		}
	}
	for _, m := range w.Waiting {
		out = append(out, Line{Kind: MinutesUnconfirmed, Title: m.Title, At: m.DraftedAt,
			DetailZh: fmt.Sprintf("%s 的记录（第 %d 版）等待到会人员确认：已确认 %d 人", m.Title, m.Version, len(m.Confirmed)),
			DetailEn: fmt.Sprintf("The minutes of %s (version %d) wait for attendees to confirm: %d confirmed", m.Title, m.Version, len(m.Confirmed)),
			Link:     link("minutes", map[string]string{"vid": villageID, "mid": m.MeetingID, "ver": fmt.Sprint(m.Version)})})
	}
	return out, nil
}

func (s *Service) objections(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	board, err := who.reads(villageID).boardOf(ctx, s)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, n := range board {
		if n.Unanswered == 0 {
			continue
		}
		out = append(out, Line{Kind: ObjectionToAnswer, Title: n.Title, Due: n.Deadline,
			DetailZh: fmt.Sprintf("%s：%d 条异议待书面答复", n.Title, n.Unanswered),
			DetailEn: fmt.Sprintf("%s: %d objection(s) to answer in writing", n.Title, n.Unanswered),
			Link:     link("notice", map[string]string{"vid": villageID, "nid": n.ID})})
	}
	return out, nil
}

var fileable = []string{minutes.NoticeResolution, minutes.NoticeVillageRules, minutes.NoticeCharter}

func (s *Service) filings(ctx context.Context, villageID string, who Caller) ([]Line, error) {
	board, err := who.reads(villageID).boardOf(ctx, s)
	if err != nil {
		return nil, err
	}
	filings, err := s.Review.List(ctx, villageID)
	if err != nil {
		return nil, err
	}
	latest := map[string]review.Filing{}
	for _, f := range filings {
		if l, ok := latest[f.NoticeID]; !ok || f.Attempt > l.Attempt {
			latest[f.NoticeID] = f
		}
	}
	started, err := s.startedProjects(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, n := range board {
		f, filed := latest[n.ID]
		switch {
		case filed && f.Status == review.StatusReturned:
			basis, reason := "", ""
			if f.Order != nil {
				basis, reason = f.Order.Basis, f.Order.Reason
			}
			out = append(out, Line{Kind: FilingReturned, Title: n.Title, At: f.ReviewedAt,
				DetailZh: fmt.Sprintf("街道退回：%s — %s；须改正：%s", n.Title, basis, reason),
				DetailEn: fmt.Sprintf("Returned by the street: %s — %s; to correct: %s", n.Title, basis, reason),
				Link:     link("filing-returned", map[string]string{"vid": villageID, "fid": f.ID})})
		case filed && f.Status == review.StatusAccepted && n.Kind == minutes.NoticeResolution && !started[n.ID]:
			// The decision may now be carried out: its project is the next step.
			out = append(out, Line{Kind: FilingAccepted, Title: n.Title, At: f.ReviewedAt,
				DetailZh: fmt.Sprintf("街道已通过：%s — 开始实施", n.Title),
				DetailEn: fmt.Sprintf("Accepted by the street: %s — start implementing it", n.Title),
				Link:     link("project-new", map[string]string{"vid": villageID, "nid": n.ID})})
		case !filed && !n.Open && n.Unanswered == 0 && slices.Contains(fileable, n.Kind):
			out = append(out, Line{Kind: NoticeReadyToFile, Title: n.Title, Due: n.Deadline,
				DetailZh: fmt.Sprintf("公示期已于 %s 结束：%s，可以报备", web.DateZh(n.Deadline), n.Title),
				DetailEn: fmt.Sprintf("Notice period ended on %s: %s can be filed", web.DateEn(n.Deadline), n.Title),
				Link:     link("notice", map[string]string{"vid": villageID, "nid": n.ID})})
		}
	}
	return out, nil
}

// startedProjects are the notices whose decision has a project already.
func (s *Service) startedProjects(ctx context.Context, villageID string) (map[string]bool, error) {
	ps, err := s.Minutes.Projects(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range ps {
		if p.NoticeID != "" {
			out[p.NoticeID] = true
		}
	}
	return out, nil
}

func (s *Service) requests(ctx context.Context, villageID string, _ Caller) ([]Line, error) {
	open, err := s.Desk.List(ctx, villageID, bson.M{"status": servicedesk.StatusFiled})
	if err != nil {
		return nil, err
	}
	if len(open) == 0 {
		return []Line{}, nil
	}
	oldest := open[len(open)-1].FiledAt // the list is newest first
	return []Line{{Kind: RequestToAnswer, Title: "服务申请 Service requests", At: oldest,
		DetailZh: fmt.Sprintf("%d 件服务申请待答复，最早的于 %s 提交", len(open), web.DateZh(oldest)),
		DetailEn: fmt.Sprintf("%d service request(s) to answer, the oldest filed on %s", len(open), web.DateEn(oldest)),
		Link:     link("desk-queue", map[string]string{"vid": villageID})}}, nil
}

// orders are the street's orders after a founded complaint (V2026 Art. 36)
// the village has not yet carried out, the earliest due first.
func (s *Service) orders(ctx context.Context, villageID string, _ Caller) ([]Line, error) {
	cs, err := s.Review.OrdersToCarryOut(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := []Line{}
	for _, c := range cs {
		out = append(out, Line{Kind: ComplaintOrder, Title: c.Subject, Due: c.OrderDue,
			DetailZh: fmt.Sprintf("街道责令 %s 前公开：%s", web.DateZh(c.OrderDue), c.Subject),
			DetailEn: fmt.Sprintf("The street orders publication by %s: %s", web.DateEn(c.OrderDue), c.Subject),
			Link:     link("complaint", map[string]string{"vid": villageID, "cid": c.ID})})
	}
	return out, nil
}
