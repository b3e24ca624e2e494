package dashboard

import (
	"context"
	"errors"
	"sort"

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
	f.Alerts += len(v.Alerts)
}

func (s *Service) under(ctx context.Context, orgID string) (org.Org, []*Village, error) {
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
	d := Dashboard{Org: ref(o), ComputedAt: s.minutes.Now(), Villages: []Row{}, Totals: Figures{Proposals: map[string]int{}}}
	for _, v := range vs {
		row := Row{Village: v.Village, Figures: Figures{Proposals: map[string]int{}}}
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
	return s.village(ctx, v)
}

// Alerts are the alerts of every village under the org (of the village
// itself, when the org is one), village by village.
func (s *Service) Alerts(ctx context.Context, orgID string) ([]Alert, error) {
	_, vs, err := s.under(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := []Alert{}
	for _, v := range vs {
		out = append(out, v.Alerts...)
	}
	return out, nil
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
	for _, v := range vs {
		for _, t := range v.topics {
			all = append(all, TopicRef{ID: t.ID, Village: v.Village, Title: t.Title, Category: t.Category, Status: t.Status, CreatedAt: t.CreatedAt})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt.Before(all[j].CreatedAt) })
	out := Topics{Org: ref(o), Threshold: threshold, Categories: []CategoryCount{}, Groups: []TopicGroup{}}
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
