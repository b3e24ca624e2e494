package main

import (
	"context"
	"fmt"

	"yishi/modules/home"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/review"
)

// The supervision committee member's home (V2026 Art. 37 ¶1; U2026 Art. 36
// ¶1: it supervises the committee's finances and publication): the
// publication calendar's overdue and due items, the finances published this
// month, the projects under way with their progress, and their own reports
// with the answers. New resolutions and their notices are the village's
// lines every reader of outcomes sees. The street's line: the reports waiting
// for its answer.

// supervisionSources are the lines above, in home's order; homeSources
// appends them.
func (a *app) supervisionSources() []home.Source {
	v := org.LevelVillage
	return []home.Source{
		{Group: home.Waiting, Level: v, Obj: "supervision", Act: "read", Lines: a.publicationsOwed},
		{Group: home.Waiting, Level: v, Obj: "supervision_report", Act: "create", Lines: a.myReports},
		{Group: home.Waiting, Level: org.LevelStreet, Obj: "supervision_report", Act: "answer", Lines: a.reportsToAnswer},
		{Group: home.Waiting, Level: org.LevelDistrict, Obj: "supervision_report", Act: "answer", Lines: a.reportsToAnswer},
		{Group: home.Village, Level: v, Obj: "supervision", Act: "read", Lines: a.financesThisMonth},
		{Group: home.Village, Level: v, Obj: "supervision", Act: "read", Lines: a.projectsUnderWay},
	}
}

// dueKindWords name a calendar item's kind in words, as the calendar page
// does (cal.kind.* in the dictionaries).
var dueKindWords = map[string][2]string{
	"affairs":               {"村务公开", "Village affairs"},
	"finance":               {"财务公开", "Finances"},
	"major_matter":          {"重大事项公开", "A major matter"},
	"implementation_result": {"实施结果公开", "An implementation result"},
}

func dueKind(kind string) (zh, en string) {
	if w, ok := dueKindWords[kind]; ok {
		return w[0], w[1]
	}
	return "应公开的事项", "Something to publish"
}

func dueTitle(it minutes.DueItem) string {
	if it.Title != "" {
		return it.Title
	}
	return it.Period
}

// publicationsOwed are the calendar's overdue items first, then those due.
func (a *app) publicationsOwed(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	cal, err := a.reads.minutes.Calendar(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, want := range []struct{ status, kind string }{{minutes.DueOverdue, "publication_overdue"}, {minutes.DueOpen, "publication_due"}} {
		for _, it := range cal.Items {
			if it.Status != want.status || len(out) == perSource {
				continue
			}
			zh, en := dueKind(it.Kind)
			out = append(out, home.Line{Kind: want.kind, Title: dueTitle(it), Due: it.Due,
				DetailZh: zh, DetailEn: en, Link: link("publication-calendar", "vid", p.OrgID)})
		}
	}
	return out, nil
}

// financesThisMonth is the finance notice published in the current period,
// if any.
func (a *app) financesThisMonth(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	cal, err := a.reads.minutes.Calendar(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var last *minutes.DueItem
	for i, it := range cal.Items {
		if it.Kind == minutes.DueFinance {
			last = &cal.Items[i]
		}
	}
	if last == nil || last.NoticeID == "" {
		return nil, nil
	}
	return []home.Line{{Kind: "finance_published", Title: last.Period, Link: link("notice", "vid", p.OrgID, "notice", last.NoticeID)}}, nil
}

// projectsUnderWay are the projects in progress, with milestones done.
func (a *app) projectsUnderWay(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	ps, err := a.reads.minutes.Projects(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range ps {
		if x.Status != minutes.ProjectInProgress || len(out) == perSource {
			continue
		}
		done := 0
		for _, m := range x.Milestones {
			if !m.DoneAt.IsZero() {
				done++
			}
		}
		out = append(out, home.Line{Kind: "project_progress", Title: x.Title, Count: len(x.Remarks),
			DetailZh: fmt.Sprintf("已完成 %d/%d 步", done, len(x.Milestones)), DetailEn: fmt.Sprintf("%d of %d steps done", done, len(x.Milestones)),
			Link: link("project", "vid", p.OrgID, "project", x.ID)})
	}
	return out, nil
}

// myReports are the member's reports: answered first (to read), then those
// still waiting.
func (a *app) myReports(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	rs, err := a.review.MyReports(ctx, p.OrgID, v.AccountID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, want := range []struct{ status, kind string }{{review.ReportAnswered, "report_answered"}, {review.ReportSubmitted, "report_submitted"}} {
		for _, r := range rs {
			if r.Status != want.status || len(out) == perSource {
				continue
			}
			l := home.Line{Kind: want.kind, Title: r.Subject, At: r.At, Link: link("supervision-reports", "vid", p.OrgID)}
			if want.status == review.ReportAnswered {
				l.At, l.DetailZh, l.DetailEn = r.AnsweredAt, r.Facts, r.Facts
			}
			out = append(out, l)
		}
	}
	return out, nil
}

// reportsToAnswer are the reports addressed to the street, unanswered.
func (a *app) reportsToAnswer(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	rs, err := a.review.ReportQueue(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, r := range rs {
		if r.Status != review.ReportSubmitted || len(out) == perSource {
			continue
		}
		out = append(out, home.Line{Kind: "report_to_answer", Title: r.Subject, DetailZh: r.VillageName, DetailEn: r.VillageName,
			At: r.At, Link: link("supervision-queue", "org", p.OrgID)})
	}
	return out, nil
}
