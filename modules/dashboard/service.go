package dashboard

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/minutes"
	"yishi/modules/moralboard"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/review"
	"yishi/modules/servicedesk"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
	"yishi/policies"
)

// parallel is how many villages are computed at once when none were kept.
// The embedded store runs one command at a time, so more would only queue;
// a real MongoDB gains.
const parallel = 4

// ErrNotUnder answers a drill-down into a village outside the org.
var ErrNotUnder = web.New(404, "village_not_under_org", "该村（社区）不在本辖区内", "The village is not under this org")

// Heads tells whether a village's records changed: the head of its audit
// chain (audit.Log.Head), known once this process has written there.
type Heads interface {
	Head(database string) (seq int64, known bool)
}

// Service computes figures and alerts from the villages' records and keeps
// them (see keep.go): a request serves kept figures, and a refresher
// recomputes a village in the background when it changed or time moved on.
type Service struct {
	store   *store.Store
	orgs    *org.Service
	minutes *minutes.Service
	heads   Heads
	opts    Options
	// owed are a village's demands to convene no meeting answers yet.
	owed func(ctx context.Context, villageID string) ([]minutes.Demand, error)
	// more are alerts other modules raise (app/wire_petitions.go).
	more []func(ctx context.Context, v org.Org, now time.Time) ([]Alert, error)

	mu      sync.Mutex
	kept    map[string]*kept
	locks   map[string]*sync.Mutex
	orgList []org.Org
	orgAt   time.Time
}

// NewService makes the service. heads may be nil: then only time tells the
// refresher to recompute.
func NewService(st *store.Store, orgs *org.Service, m *minutes.Service, heads Heads, opts Options) *Service {
	return &Service{store: st, orgs: orgs, minutes: m, heads: heads, opts: opts, kept: map[string]*kept{}, locks: map[string]*sync.Mutex{}}
}

// UseAlerts adds a source of alerts another module raises.
func (s *Service) UseAlerts(f func(ctx context.Context, v org.Org, now time.Time) ([]Alert, error)) *Service {
	s.more = append(s.more, f)
	return s
}

// Ref is the village as an alert names it.
func Ref(o org.Org) OrgRef { return ref(o) }

// EvidenceOf is a piece of evidence of an alert: what it is and where.
func EvidenceOf(villageID, kind, id, rest string) Evidence {
	return evidence(villageID, kind, id, rest)
}

// UseDemands tells the service how to read a village's demands to convene
// that no meeting answers; without it, no convene alert is raised.
func (s *Service) UseDemands(owed func(ctx context.Context, villageID string) ([]minutes.Demand, error)) *Service {
	s.owed = owed
	return s
}

func ref(o org.Org) OrgRef { return OrgRef{ID: o.ID, Name: o.Name, Level: o.Level, Path: o.Path} }

func apiPath(villageID, rest string) string { return "/api/v1/orgs/" + villageID + rest }

// villagesUnder lists the villages under an org (the org itself if it is a
// village), in path order.
func (s *Service) villagesUnder(ctx context.Context, o org.Org) ([]org.Org, error) {
	if o.Level == org.LevelVillage {
		return []org.Org{o}, nil
	}
	all, err := s.allOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, v := range all {
		if v.Level == org.LevelVillage && policies.IsUnder(v.Path, o.Path) {
			out = append(out, v)
		}
	}
	return out, nil
}

// villages takes each village's kept figures, computing those never
// computed (or too old to serve).
func (s *Service) villages(ctx context.Context, vs []org.Org) ([]*kept, error) {
	out := make([]*kept, len(vs))
	errs := make([]error, len(vs))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, v := range vs {
		if k := s.servable(v.ID); k != nil {
			out[i] = k
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = s.village(ctx, v)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// batch is the documents a read fetches per command. The embedded store
// runs one command at a time: small batches let other requests' commands in
// between while a village's proposals are read.
const batch = 32

// find reads a collection of the village's database, handed out by the
// module that owns it (proposal.ProposalsIn, ...), with a plain projection
// of the fields needed.
func find[T any](ctx context.Context, db *mongo.Database, in func(*mongo.Database) *mongo.Collection, filter bson.M, fields ...string) ([]T, error) {
	coll := in(db)
	opts := options.Find().SetBatchSize(batch)
	if len(fields) > 0 {
		proj := bson.M{}
		for _, f := range fields {
			proj[f] = 1
		}
		opts.SetProjection(proj)
	}
	cur, err := coll.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	return out, nil
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

func quarterStart(t time.Time) time.Time {
	m := time.Month((int(t.Month())-1)/3*3 + 1)
	return time.Date(t.Year(), m, 1, 0, 0, 0, 0, time.UTC)
}

// records are the figures that change only when records are written, never
// with time: proposals and hall topics by status, and the service requests.
// Reading them is most of a village's cost (every proposal, every request
// ever filed), so the refresher reads them again only when the village's
// audit chain moved (or every Options.RecordsEvery).
type records struct {
	Proposals map[string]int `bson:"proposals"`
	Topics    map[string]int `bson:"topics"`
	TopicList []topic        `bson:"topic_list"`
	Requests  map[string]int `bson:"requests"`
	Waiting   int            `bson:"waiting"`
	// Oldest are the oldest requests still waiting, MaxRequestsListed at most.
	Oldest []request `bson:"oldest"`
}

// readRecords reads the proposals and the service requests.
func readRecords(ctx context.Context, db *mongo.Database) (records, error) {
	r := records{Proposals: map[string]int{}, Topics: map[string]int{}, TopicList: []topic{}, Requests: map[string]int{}, Oldest: []request{}}
	// Proposals by status; drafts are their proposer's alone and not counted.
	ps, err := find[topic](ctx, db, proposal.ProposalsIn, bson.M{}, "kind", "status", "title", "category", "created_at")
	if err != nil {
		return records{}, err
	}
	for _, p := range ps {
		switch {
		case p.Status == proposal.StatusDraft:
		case p.Kind == proposal.KindTopic:
			r.Topics[p.Status]++
			r.TopicList = append(r.TopicList, p)
		default:
			r.Proposals[p.Status]++
		}
	}
	// Service and certificate requests by status, and the oldest waiting.
	rs, err := find[request](ctx, db, servicedesk.RequestsIn, bson.M{}, "kind", "service", "certificate", "status", "filed_at")
	if err != nil {
		return records{}, err
	}
	var waiting []request
	for _, q := range rs {
		r.Requests[q.Status]++
		if servicedesk.Waiting(q.Status) {
			waiting = append(waiting, q)
		}
	}
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].FiledAt.Before(waiting[j].FiledAt) })
	r.Waiting = len(waiting)
	r.Oldest = append(r.Oldest, waiting[:min(len(waiting), MaxRequestsListed)]...)
	return r, nil
}

// compute reads what depends on time as well as on records: meetings,
// votes, notices, filings, complaints and the warning list, and the minutes
// module's V2026 Art. 30 ¶1 alert and V2026 Art. 35 ¶3 calendar, whose rules live there. The
// proposals and requests come from rec, read by readRecords.
func (s *Service) compute(ctx context.Context, v org.Org, now time.Time, rec records) (*Village, error) {
	db := s.store.Village(v.ID)
	out := &Village{Village: ref(v), ComputedAt: now, Proposals: rec.Proposals, Topics: rec.Topics, Votes: []Turnout{},
		NoticesRunning: []NoticeRunning{}, FilingsPending: []FilingPending{}, OverdueDisclosures: []minutes.DueItem{},
		ComplaintsOpen: []ComplaintOpen{}, Alerts: []Alert{},
		ServiceRequests: ServiceRequests{ByStatus: rec.Requests, Waiting: rec.Waiting, Oldest: []RequestOpen{}}}
	for _, q := range rec.Oldest {
		out.ServiceRequests.Oldest = append(out.ServiceRequests.Oldest, RequestOpen{ID: q.ID, Kind: q.Kind, Service: q.Service,
			Certificate: q.Certificate, Status: q.Status, FiledAt: q.FiledAt, AgeDays: days(now.Sub(q.FiledAt))})
	}
	if len(rec.Oldest) > 0 {
		out.ServiceRequests.OldestWaitDays = days(now.Sub(rec.Oldest[0].FiledAt))
	}

	// Meetings held this quarter, and the quarters V2026 Art. 30 ¶1 says are missing.
	type meeting struct {
		Kind     string    `bson:"kind"`
		Status   string    `bson:"status"`
		StartsAt time.Time `bson:"starts_at"`
	}
	ms, err := find[meeting](ctx, db, minutes.MeetingsIn, bson.M{}, "kind", "status", "starts_at")
	if err != nil {
		return nil, err
	}
	q := quarterStart(now)
	out.Meetings.Quarter = fmt.Sprintf("%dQ%d", q.Year(), (int(q.Month())-1)/3+1)
	for _, m := range ms {
		if m.Status == minutes.MeetingScheduled || m.StartsAt.Before(q) || !m.StartsAt.Before(q.AddDate(0, 3, 0)) {
			continue
		}
		out.Meetings.HeldThisQuarter++
		if m.Kind == string(vote.RepresentativesMeeting) {
			out.Meetings.RepresentativesHeldThisQuarter++
		}
	}
	art26, err := s.minutes.Alerts(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	out.Meetings.QuartersWithout = []string{}
	for _, a := range art26 {
		code := AlertNoRepresentativesMeeting
		if a.Code == minutes.YearlyCode {
			code = AlertNoVillagersMeeting
		} else {
			out.Meetings.QuartersWithout = append(out.Meetings.QuartersWithout, a.Quarter)
		}
		out.Alerts = append(out.Alerts, Alert{Code: code, Village: out.Village, Message: a.Message, MessageEn: a.MessageEn,
			Basis: a.Basis, Evidence: []Evidence{evidence(v.ID, "meeting_alerts", a.Quarter, "/meeting-alerts"),
				evidence(v.ID, "meetings", "", "/meetings")}})
	}

	// Demands to convene that passed their deadline with no meeting.
	if s.owed != nil {
		ds, err := s.owed(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if now.After(d.Deadline) {
				out.Alerts = append(out.Alerts, conveneAlert(out.Village, d, now))
			}
		}
	}

	for _, f := range s.more {
		as, err := f(ctx, v, now)
		if err != nil {
			return nil, err
		}
		out.Alerts = append(out.Alerts, as...)
	}

	// Turnout of each closed vote, oldest first.
	vs, err := find[vote.Vote](ctx, db, vote.VotesIn, bson.M{"status": vote.StatusClosed}, "title", "meeting_kind", "closed_at", "status", "result")
	if err != nil {
		return nil, err
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].ClosedAt.Before(vs[j].ClosedAt) })
	for _, vt := range vs {
		if vt.Result == nil {
			continue
		}
		t := Turnout{VoteID: vt.ID, Title: vt.Title, MeetingKind: string(vt.MeetingKind), ClosedAt: vt.ClosedAt, Voters: vt.Result.Voters, Eligible: vt.Result.Eligible}
		if t.Eligible > 0 {
			t.Turnout = float64(t.Voters) / float64(t.Eligible)
		}
		out.Votes = append(out.Votes, t)
	}
	out.Alerts = append(out.Alerts, turnoutAlerts(out.Village, out.Votes, now)...)

	// Notices whose notice period runs.
	type notice struct {
		ID          string    `bson:"_id"`
		Kind        string    `bson:"kind"`
		Title       string    `bson:"title"`
		PublishedAt time.Time `bson:"published_at"`
		Deadline    time.Time `bson:"deadline"`
	}
	ns, err := find[notice](ctx, db, minutes.NoticesIn, bson.M{}, "kind", "title", "published_at", "deadline")
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if n.Deadline.After(now) {
			left := n.Deadline.Sub(now)
			out.NoticesRunning = append(out.NoticesRunning, NoticeRunning{ID: n.ID, Kind: n.Kind, Title: n.Title, PublishedAt: n.PublishedAt,
				Deadline: n.Deadline, DaysLeft: days(left + 24*time.Hour - time.Nanosecond)})
		}
	}
	sort.Slice(out.NoticesRunning, func(i, j int) bool { return out.NoticesRunning[i].Deadline.Before(out.NoticesRunning[j].Deadline) })

	// Filings waiting for the street, and those past their review deadline.
	fs, err := find[review.Filing](ctx, db, review.FilingsIn, bson.M{"status": review.StatusFiled}, "kind", "title", "filed_at", "review_due", "status")
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		fp := FilingPending{ID: f.ID, Kind: f.Kind, Title: f.Title, FiledAt: f.FiledAt, ReviewDue: f.ReviewDue, AgeDays: days(now.Sub(f.FiledAt)),
			Overdue: now.After(f.ReviewDue)}
		out.FilingsPending = append(out.FilingsPending, fp)
		if fp.Overdue {
			out.Alerts = append(out.Alerts, Alert{Code: AlertFilingReviewOverdue, Village: out.Village,
				Message:   fmt.Sprintf("报备“%s”已等待审查 %d 天，超过 %d 天的审查期限", f.Title, fp.AgeDays, review.ReviewDays),
				MessageEn: fmt.Sprintf("The filing %q has waited %d days for review, past the %d-day deadline", f.Title, fp.AgeDays, review.ReviewDays),
				Basis:     "V2026 Art. 31 ¶3", Evidence: []Evidence{evidence(v.ID, "filing", f.ID, "/filings/"+f.ID)}})
		}
	}
	sort.Slice(out.FilingsPending, func(i, j int) bool { return out.FilingsPending[i].FiledAt.Before(out.FilingsPending[j].FiledAt) })

	// Overdue disclosures, from the V2026 Art. 35 ¶3 publication calendar.
	cal, err := s.minutes.Calendar(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	for _, it := range cal.Items {
		if it.Status != minutes.DueOverdue {
			continue
		}
		out.OverdueDisclosures = append(out.OverdueDisclosures, it)
		out.Alerts = append(out.Alerts, disclosureAlert(out.Village, it))
	}

	// Complaints: the open ones, and matters raised again and again.
	cs, err := find[review.Complaint](ctx, db, review.ComplaintsIn, bson.M{}, "kind", "subject", "notice_id", "at", "status")
	if err != nil {
		return nil, err
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].At.Before(cs[j].At) })
	for _, c := range cs {
		if c.Status == review.ComplaintSubmitted {
			out.ComplaintsOpen = append(out.ComplaintsOpen, ComplaintOpen{ID: c.ID, Kind: c.Kind, Subject: c.Subject, NoticeID: c.NoticeID,
				At: c.At, AgeDays: days(now.Sub(c.At))})
		}
	}
	out.Alerts = append(out.Alerts, complaintAlerts(out.Village, cs, now)...)

	// Warning-list entries still shown past their expiry.
	over, err := moralboard.ListedPastExpiry(ctx, db, now)
	if err != nil {
		return nil, err
	}
	for _, o := range over {
		out.Alerts = append(out.Alerts, warningListAlert(out.Village, o))
	}
	return out, nil
}
