package minutes

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/vote"
)

// The publication calendar (V2026 Art. 35 ¶3): village affairs at least once a
// quarter; finances once a month where transactions are many (a village
// setting), else with the quarter; major matters touching villagers'
// interests at once. It is computed from the records, never kept: notices
// on the board, closed votes, published minutes and projects.

// Calendar item statuses.
const (
	DueDone    = "done"
	DueOpen    = "due"
	DueOverdue = "overdue"
)

// Calendar item kinds.
const (
	DueAffairs     = "affairs"
	DueFinance     = "finance"
	DueMajorMatter = "major_matter"
	DueResult      = "implementation_result"
)

// DueItem is one publication the village owes.
type DueItem struct {
	Kind       string    `json:"kind"`
	Period     string    `json:"period,omitempty"`
	Due        time.Time `json:"due,omitzero"`
	Status     string    `json:"status"`
	NoticeID   string    `json:"notice_id,omitempty"`
	VoteID     string    `json:"vote_id,omitempty"`
	ProposalID string    `json:"proposal_id,omitempty"`
	ProjectID  string    `json:"project_id,omitempty"`
	Title      string    `json:"title,omitempty"`
	Basis      string    `json:"basis"`
}

// CalendarView is the calendar with the rules it applied.
type CalendarView struct {
	Now              time.Time `json:"now,omitzero"`
	ManyTransactions bool      `json:"many_transactions"`
	MajorMatterDays  int       `json:"major_matter_days"`
	Items            []DueItem `json:"items"`
	Overdue          int       `json:"overdue"`
}

// periods returns the last n periods of months months each, oldest first,
// that end after since; the last is the current one.
func periods(now, since time.Time, months, n int) [][2]time.Time {
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	start = start.AddDate(0, -((int(start.Month()) - 1) % months), 0)
	var out [][2]time.Time
	for i := 0; i < n; i++ {
		end := start.AddDate(0, months, 0)
		if i > 0 && !end.After(since) {
			break
		}
		out = append(out, [2]time.Time{start, end})
		start = start.AddDate(0, -months, 0)
	}
	slices.Reverse(out)
	return out
}

func periodName(start time.Time, months int) string {
	if months == 1 {
		return start.Format("2006-01")
	}
	return fmt.Sprintf("%dQ%d", start.Year(), (int(start.Month())-1)/3+1)
}

func status(done bool, due, now time.Time) string {
	switch {
	case done:
		return DueDone
	case now.After(due):
		return DueOverdue
	}
	return DueOpen
}

// Calendar computes what the village must publish and what is overdue.
func (s *Service) Calendar(ctx context.Context, villageID string) (CalendarView, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return CalendarView{}, err
	}
	set, err := s.Settings(ctx, villageID)
	if err != nil {
		return CalendarView{}, err
	}
	db := s.store.Village(villageID)
	var notices []Notice
	cur, err := db.Collection(collNotices).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "published_at", Value: 1}}))
	if err != nil {
		return CalendarView{}, fmt.Errorf("calendar notices: %w", err)
	}
	if err := cur.All(ctx, &notices); err != nil {
		return CalendarView{}, fmt.Errorf("calendar notices: %w", err)
	}
	now := s.Now()
	view := CalendarView{Now: now, ManyTransactions: set.ManyTransactions, MajorMatterDays: MajorMatterDays, Items: []DueItem{}}

	// Regular publications: one notice of the kind within each period.
	regular := func(kind string, months, n int) {
		for _, p := range periods(now, v.CreatedAt, months, n) {
			it := DueItem{Kind: kind, Period: periodName(p[0], months), Due: p[1], Basis: "V2026 Art. 35 ¶3"}
			for _, nt := range notices {
				if nt.Kind == kind && !nt.PublishedAt.Before(p[0]) && nt.PublishedAt.Before(p[1]) {
					it.NoticeID = nt.ID
				}
			}
			it.Status = status(it.NoticeID != "", it.Due, now)
			view.Items = append(view.Items, it)
		}
	}
	regular(DueAffairs, 3, 4)
	if set.ManyTransactions {
		regular(DueFinance, 1, 12)
	} else {
		regular(DueFinance, 3, 4)
	}

	// Major matters: every adopted vote on a proposal is published at once,
	// by a resolution notice naming the proposal or resting on minutes that
	// record the vote.
	published := map[string]string{} // proposal or vote ID → notice ID
	var minutesIDs []string
	byMinutes := map[string]string{}
	for _, nt := range notices {
		if nt.Kind != NoticeResolution {
			continue
		}
		if nt.ProposalID != "" {
			published[nt.ProposalID] = nt.ID
		}
		if nt.MinutesID != "" {
			minutesIDs = append(minutesIDs, nt.MinutesID)
			byMinutes[nt.MinutesID] = nt.ID
		}
	}
	if len(minutesIDs) > 0 {
		var ms []Minutes
		cur, err := db.Collection(collMinutes).Find(ctx, bson.M{"_id": bson.M{"$in": minutesIDs}})
		if err != nil {
			return CalendarView{}, fmt.Errorf("calendar minutes: %w", err)
		}
		if err := cur.All(ctx, &ms); err != nil {
			return CalendarView{}, fmt.Errorf("calendar minutes: %w", err)
		}
		for _, m := range ms {
			for _, r := range m.Votes {
				published[r.VoteID] = byMinutes[m.ID]
			}
		}
	}
	votes, err := s.votes.List(ctx, villageID, "")
	if err != nil {
		return CalendarView{}, err
	}
	for _, vt := range votes {
		if vt.Status != vote.StatusClosed || vt.Result == nil || !vt.Result.Adopted || vt.SubjectKind != "proposal" {
			continue
		}
		it := DueItem{Kind: DueMajorMatter, Due: vt.ClosedAt.Add(MajorMatterDays * 24 * time.Hour), VoteID: vt.ID,
			ProposalID: vt.SubjectID, Title: vt.Title, Basis: "V2026 Art. 35 ¶3"}
		if id, ok := published[vt.SubjectID]; ok {
			it.NoticeID = id
		} else if id, ok := published[vt.ID]; ok {
			it.NoticeID = id
		}
		it.Status = status(it.NoticeID != "", it.Due, now)
		view.Items = append(view.Items, it)
	}

	// A project whose milestones are all done owes its result (the second
	// disclosure of 4+2), at once like the resolution.
	projects, err := s.Projects(ctx, villageID)
	if err != nil {
		return CalendarView{}, err
	}
	for _, p := range projects {
		var last time.Time
		finished := len(p.Milestones) > 0
		for _, m := range p.Milestones {
			finished = finished && !m.DoneAt.IsZero()
			if m.DoneAt.After(last) {
				last = m.DoneAt
			}
		}
		if !finished && p.Status != ProjectPublished {
			continue
		}
		it := DueItem{Kind: DueResult, Due: last.Add(MajorMatterDays * 24 * time.Hour), ProjectID: p.ID, ProposalID: p.ProposalID,
			Title: p.Title, NoticeID: p.ResultNoticeID, Basis: "V2026 Art. 35 ¶3"}
		it.Status = status(p.Status == ProjectPublished, it.Due, now)
		view.Items = append(view.Items, it)
	}
	for _, it := range view.Items {
		if it.Status == DueOverdue {
			view.Overdue++
		}
	}
	return view, nil
}
