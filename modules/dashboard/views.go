package dashboard

import (
	"context"
	"errors"
	"sort"
	"time"

	"yishi/modules/org"
)

func (f *Figures) add(v *Village) {
	for st, n := range v.Proposals {
		f.Proposals[st] += n
		f.ProposalsTotal += n
	}
	for _, n := range v.Topics {
		f.TopicsTotal += n
	}
	f.MeetingsThisQuarter += v.Meetings.HeldThisQuarter
	f.RepresentativesMeetings += v.Meetings.RepresentativesHeldThisQuarter
	f.QuartersWithoutMeeting += len(v.Meetings.QuartersWithout)
	for _, t := range v.Votes {
		f.VotesClosed++
		f.Voters += t.Voters
		f.Eligible += t.Eligible
	}
	if f.Eligible > 0 {
		t := float64(f.Voters) / float64(f.Eligible)
		f.Turnout = &t
	}
	f.NoticesRunning += len(v.NoticesRunning)
	f.FilingsPending += len(v.FilingsPending)
	for _, fp := range v.FilingsPending {
		if fp.Overdue {
			f.FilingsOverdue++
		}
		f.OldestFilingDays = max(f.OldestFilingDays, fp.AgeDays)
	}
	f.OverdueDisclosures += len(v.OverdueDisclosures)
	f.ComplaintsOpen += len(v.ComplaintsOpen)
	for st, n := range v.ServiceRequests.ByStatus {
		f.Requests[st] += n
	}
	f.RequestsWaiting += v.ServiceRequests.Waiting
	f.OldestRequestDays = max(f.OldestRequestDays, v.ServiceRequests.OldestWaitDays)
	f.Alerts += len(v.Alerts)
}

func newFigures() Figures { return Figures{Proposals: map[string]int{}, Requests: map[string]int{}} }

// oldest is the earliest computed_at of the villages' figures (now when
// there are none): what a page says its figures are as of.
func (s *Service) oldest(vs []*kept) time.Time {
	if len(vs) == 0 {
		return s.minutes.Now()
	}
	at := vs[0].v.ComputedAt
	for _, k := range vs[1:] {
		if k.v.ComputedAt.Before(at) {
			at = k.v.ComputedAt
		}
	}
	return at
}

func (s *Service) under(ctx context.Context, orgID string) (org.Org, []*kept, error) {
	o, err := s.orgs.Get(ctx, orgID)
	if err != nil {
		return org.Org{}, nil, err
	}
	vs, err := s.villagesUnder(ctx, o)
	if err != nil {
		return org.Org{}, nil, err
	}
	figures, err := s.villages(ctx, vs)
	return o, figures, err
}

// Dashboard is one row of counts per village under the org, and totals.
func (s *Service) Dashboard(ctx context.Context, orgID string) (Dashboard, error) {
	o, vs, err := s.under(ctx, orgID)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Org: ref(o), ComputedAt: s.oldest(vs), Villages: []Row{}, Totals: newFigures()}
	for _, k := range vs {
		v := k.v
		row := Row{Village: v.Village, ComputedAt: v.ComputedAt, Figures: newFigures()}
		row.add(v)
		if n := len(v.Votes); n > 0 && v.Votes[n-1].Eligible > 0 {
			t := v.Votes[n-1].Turnout
			row.LastTurnout = &t
		}
		d.Totals.add(v)
		d.Villages = append(d.Villages, row)
	}
	return d, nil
}

// Village is the drill-down into one village under the org.
func (s *Service) Village(ctx context.Context, orgID, villageID string) (*Village, error) {
	o, err := s.orgs.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	v, err := s.orgs.Get(ctx, villageID)
	if errors.Is(err, org.ErrOrgNotFound) || err == nil && (v.Level != org.LevelVillage || !isUnder(v.Path, o.Path)) {
		return nil, ErrNotUnder
	}
	if err != nil {
		return nil, err
	}
	k, err := s.village(ctx, v)
	if err != nil {
		return nil, err
	}
	return k.v, nil
}

// Alerts are the alerts of every village under the org (of the village
// itself, when the org is one), village by village, and the time of the
// oldest figures they come from.
func (s *Service) Alerts(ctx context.Context, orgID string) ([]Alert, time.Time, error) {
	_, vs, err := s.under(ctx, orgID)
	if err != nil {
		return nil, time.Time{}, err
	}
	out := []Alert{}
	for _, k := range vs {
		out = append(out, k.v.Alerts...)
	}
	return out, s.oldest(vs), nil
}

// Topics groups the hall topics of the villages under the org by category
// and by similar wording (single link over character-bigram similarity at
// least threshold). Only groups of two topics or more are returned: they are
// the concerns that recur.
func (s *Service) Topics(ctx context.Context, orgID string, threshold float64) (Topics, error) {
	o, vs, err := s.under(ctx, orgID)
	if err != nil {
		return Topics{}, err
	}
	var all []TopicRef
	for _, k := range vs {
		for _, t := range k.rec.TopicList {
			all = append(all, TopicRef{ID: t.ID, Village: k.v.Village, Title: t.Title, Category: t.Category, Status: t.Status, CreatedAt: t.CreatedAt})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt.Before(all[j].CreatedAt) })
	out := Topics{Org: ref(o), Threshold: threshold, Categories: []CategoryCount{}, Groups: []TopicGroup{}, ComputedAt: s.oldest(vs)}
	byCat := map[string]map[string]bool{}
	count := map[string]int{}
	titles := make([]string, len(all))
	for i, t := range all {
		if byCat[t.Category] == nil {
			byCat[t.Category] = map[string]bool{}
		}
		byCat[t.Category][t.Village.ID] = true
		count[t.Category]++
		titles[i] = t.Title
	}
	for c, n := range count {
		out.Categories = append(out.Categories, CategoryCount{Category: c, Topics: n, Villages: len(byCat[c])})
	}
	sort.Slice(out.Categories, func(i, j int) bool {
		a, b := out.Categories[i], out.Categories[j]
		if a.Topics != b.Topics {
			return a.Topics > b.Topics
		}
		return a.Category < b.Category
	})
	groups := map[int]*TopicGroup{}
	var order []int
	for i, g := range cluster(titles, threshold) {
		if groups[g] == nil {
			groups[g] = &TopicGroup{Label: all[g].Title}
			order = append(order, g)
		}
		groups[g].Topics = append(groups[g].Topics, all[i])
	}
	for _, g := range order {
		tg := groups[g]
		if len(tg.Topics) < 2 {
			continue
		}
		seen := map[string]bool{}
		for _, t := range tg.Topics {
			seen[t.Village.ID] = true
		}
		tg.Villages = len(seen)
		out.Groups = append(out.Groups, *tg)
	}
	sort.SliceStable(out.Groups, func(i, j int) bool {
		a, b := out.Groups[i], out.Groups[j]
		if a.Villages != b.Villages {
			return a.Villages > b.Villages
		}
		return len(a.Topics) > len(b.Topics)
	})
	return out, nil
}
