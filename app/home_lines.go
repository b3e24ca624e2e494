package main

import (
	"context"
	"fmt"
	"time"

	"yishi/modules/home"
	"yishi/modules/proposal"
	"yishi/modules/review"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Home's lines, each read through the function its module exports. Each
// returns at most perSource lines, most pressing first.

// chinaTime is the villages' time zone.
var chinaTime = time.FixedZone("CST", 8*60*60)

// chinaDay is the start of the viewer's day in China time: a meeting
// "today" is today on the village's calendar.
func chinaDay(t time.Time) time.Time {
	t = t.In(chinaTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, chinaTime)
}

// votesIn are the village's votes in a status, newest first.
func (a *app) votesIn(ctx context.Context, villageID, status string) ([]vote.Vote, error) {
	vs, err := a.votes.List(ctx, villageID, "")
	var out []vote.Vote
	for _, x := range vs {
		if x.Status == status {
			out = append(out, x)
		}
	}
	return out, err
}

// votesToCast are the open votes the viewer may cast and has not.
func (a *app) votesToCast(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	if !lives(v, p) {
		return nil, nil
	}
	vs, err := a.votesIn(ctx, p.OrgID, vote.StatusOpen)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range vs {
		if len(out) == perSource {
			break
		}
		mine, err := a.votes.Mine(ctx, p.OrgID, x.ID, v.ResidentNo)
		if err != nil {
			return nil, err
		}
		if mine.Eligible && !mine.Voted {
			out = append(out, home.Line{Kind: "vote_to_cast", Title: x.Title, Due: x.ClosesAt,
				DetailZh: x.MeetingKind.Zh() + secretZh(x.Secret), DetailEn: x.MeetingKind.En() + secretEn(x.Secret), Link: link("vote-ballot", "vid", p.OrgID, "vote", x.ID)})
		}
	}
	return out, nil
}

// meetingsInvited are the coming meetings that invite the viewer; one held
// today says so (the page shows its sign-in button).
func (a *app) meetingsInvited(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	if !lives(v, p) {
		return nil, nil
	}
	today := chinaDay(v.Now)
	ms, err := a.reads.minutes.Coming(ctx, p.OrgID, today, 20)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, m := range ms {
		if len(out) == perSource {
			break
		}
		ok, err := a.reads.minutes.Invited(ctx, p.OrgID, m, v.ResidentNo)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, home.Line{Kind: "meeting_invited", Title: m.Title, At: m.StartsAt, DetailZh: m.Place, DetailEn: m.Place,
				Today: m.StartsAt.Before(today.AddDate(0, 0, 1)), Link: link("meeting", "vid", p.OrgID, "meeting", m.ID)})
		}
	}
	return out, nil
}

// objectionsAnswered are the viewer's objections answered lately.
func (a *app) objectionsAnswered(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	if !lives(v, p) {
		return nil, nil
	}
	os, err := a.reads.minutes.AnsweredObjections(ctx, p.OrgID, v.AccountID, v.Now.Add(-recent))
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, o := range os[:min(len(os), perSource)] {
		n, err := a.reads.minutes.Notice(ctx, p.OrgID, o.NoticeID)
		if err != nil {
			return nil, err
		}
		out = append(out, home.Line{Kind: "objection_answered", Title: n.Title, At: o.AnsweredAt,
			Link: link("notice", "vid", p.OrgID, "notice", n.ID)})
	}
	return out, nil
}

// complaintsAnswered are the viewer's complaints: those waiting for the
// street, and those the street has answered lately, with the finding.
func (a *app) complaintsAnswered(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	if !lives(v, p) {
		return nil, nil
	}
	cs, err := a.review.MyComplaints(ctx, p.OrgID, v.AccountID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, c := range cs {
		if len(out) == perSource {
			break
		}
		lk := link("complaint", "vid", p.OrgID, "complaint", c.ID)
		var l home.Line
		switch {
		case c.Status == review.ComplaintSubmitted:
			l = home.Line{Kind: "complaint_open", Title: c.Subject, At: c.At, DetailZh: "等待街道核实", DetailEn: "waiting for the street to verify", Link: lk}
		case c.Status == review.ComplaintReturned && c.ReturnedAt.After(v.Now.Add(-recent)):
			l = home.Line{Kind: "complaint_answered", Title: c.Subject, At: c.ReturnedAt, Link: lk}
		case c.AnsweredAt.After(v.Now.Add(-recent)):
			zh, en := findingWords(c.Finding)
			l = home.Line{Kind: "complaint_answered", Title: c.Subject, At: c.AnsweredAt, DetailZh: zh, DetailEn: en, Link: lk}
		default:
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// findingWords is the street's finding in a few words.
func findingWords(finding string) (zh, en string) {
	if finding == review.FindingFounded {
		return "属实，已责令村里公开", "founded: the village is ordered to publish"
	}
	return "经核实，村里的公开没有问题", "verified: the disclosure stands"
}

// objectionsToAnswer are the notices with objections not yet answered.
func (a *app) objectionsToAnswer(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	board, err := a.reads.minutes.Board(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, n := range board {
		if n.Unanswered > 0 && len(out) < perSource {
			out = append(out, home.Line{Kind: "objection_to_answer", Title: n.Title, Count: n.Unanswered, Due: n.Deadline,
				Link: link("notice", "vid", p.OrgID, "notice", n.ID)})
		}
	}
	return out, nil
}

// countsToConfirm are the open votes' hand counts that wait for a second
// person other than the viewer.
func (a *app) countsToConfirm(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	vs, err := a.votesIn(ctx, p.OrgID, vote.StatusOpen)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range vs {
		es, err := a.votes.Counts(ctx, p.OrgID, x.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.ConfirmedBy == "" && e.EnteredBy != v.AccountID && len(out) < perSource {
				out = append(out, home.Line{Kind: "count_to_confirm", Title: x.Title, Count: e.Voters, At: e.EnteredAt,
					DetailZh: e.Channel, DetailEn: e.Channel, Link: link("vote-counts", "vid", p.OrgID, "vote", x.ID)})
			}
		}
	}
	return out, nil
}

// filingsToReview are the street's filings waiting for review, the
// earliest due first, each named by its village.
func (a *app) filingsToReview(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	fs, err := a.review.Queue(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, f := range fs[:min(len(fs), perSource)] {
		name := a.villageName(ctx, f.VillageID)
		out = append(out, home.Line{Kind: "filing_to_review", Title: f.Title, Due: f.ReviewDue, DetailZh: name, DetailEn: name,
			Link: link("filing", "vid", f.VillageID, "filing", f.ID)})
	}
	return out, nil
}

// complaintsToAnswer are the complaints about the street's villages not
// yet answered, each named by its village (never by who complained).
func (a *app) complaintsToAnswer(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	cs, err := a.review.ComplaintQueue(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, c := range cs {
		if c.Status == review.ComplaintSubmitted && len(out) < perSource {
			name := a.villageName(ctx, c.VillageID)
			out = append(out, home.Line{Kind: "complaint_to_answer", Title: c.Subject, At: c.At, DetailZh: name, DetailEn: name,
				Link: link("complaint", "vid", c.VillageID, "complaint", c.ID)})
		}
	}
	return out, nil
}

func (a *app) villageName(ctx context.Context, id string) string {
	o, err := a.orgs.Get(ctx, id)
	if err != nil {
		return ""
	}
	return o.Name
}

// gathering are the proposals gathering signatures (a demand to convene a
// meeting) and the hall topics gathering support, with how many more each
// needs.
func (a *app) gathering(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	actor := web.Actor{AccountID: v.AccountID, VillageID: v.VillageID, ResidentNo: v.ResidentNo}
	var items []proposal.Proposal
	for _, in := range []proposal.ListInput{{Kind: proposal.KindProposal, Status: proposal.StatusSubmitted, Limit: 20},
		{Kind: proposal.KindTopic, Status: proposal.StatusOpen, Limit: 20}} {
		pg, err := a.reads.proposals.List(ctx, p.OrgID, actor, in)
		if err != nil {
			return nil, err
		}
		items = append(items, pg.Items...)
	}
	var out []home.Line
	for _, x := range items {
		need, ok := x.StillNeeded()
		if !ok || len(out) == perSource {
			continue
		}
		out = append(out, home.Line{Kind: "gathering", Title: x.Title, Count: need, At: x.SubmittedAt,
			DetailZh: fmt.Sprintf("已联名 %d 人，还差 %d 人", x.Counts.Signatures, need),
			DetailEn: fmt.Sprintf("%d signed, %d more needed", x.Counts.Signatures, need),
			Link:     link("proposal", "vid", p.OrgID, "pid", x.ID)})
	}
	return out, nil
}

// noticesOpen are the notices in their objection period, with the days
// left (the page writes out the date it ends beside them).
func (a *app) noticesOpen(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	board, err := a.reads.minutes.Board(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, n := range board {
		if n.Open && len(out) < perSource {
			left := daysLeft(v.Now, n.Deadline)
			out = append(out, home.Line{Kind: "notice_open", Title: n.Title, Due: n.Deadline,
				DetailZh: fmt.Sprintf("公示期还剩 %d 天，可以提出异议", left), DetailEn: fmt.Sprintf("%d days left to object", left), Link: link("notice", "vid", p.OrgID, "notice", n.ID)})
		}
	}
	return out, nil
}

// meetingsComing are the village's coming meetings the viewer is not
// invited to (those are in "waits for me").
func (a *app) meetingsComing(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	ms, err := a.reads.minutes.Coming(ctx, p.OrgID, chinaDay(v.Now), 20)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, m := range ms {
		if len(out) == perSource {
			break
		}
		if lives(v, p) {
			invited, err := a.reads.minutes.Invited(ctx, p.OrgID, m, v.ResidentNo)
			if err != nil {
				return nil, err
			}
			if invited {
				continue
			}
		}
		out = append(out, home.Line{Kind: "meeting_coming", Title: m.Title, At: m.StartsAt, DetailZh: m.Place, DetailEn: m.Place,
			Link: link("meeting", "vid", p.OrgID, "meeting", m.ID)})
	}
	return out, nil
}

// outcomes are the votes closed lately, adopted or not.
func (a *app) outcomes(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	vs, err := a.votesIn(ctx, p.OrgID, vote.StatusClosed)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range vs {
		if x.Result == nil || x.ClosedAt.Before(v.Now.Add(-recent)) || len(out) == perSource {
			continue
		}
		zh, en := "没有通过", "not adopted"
		if x.Result.Adopted {
			zh, en = "通过", "adopted"
		}
		out = append(out, home.Line{Kind: "outcome", Title: x.Title, At: x.ClosedAt, DetailZh: zh, DetailEn: en,
			Link: link("vote-result", "vid", p.OrgID, "vote", x.ID)})
	}
	return out, nil
}

// secretZh and secretEn say, after the meeting kind, that a ballot is secret.
func secretZh(secret bool) string {
	if secret {
		return " · 无记名投票"
	}
	return ""
}

func secretEn(secret bool) string {
	if secret {
		return " · secret ballot"
	}
	return ""
}

// daysLeft counts the days from now to the deadline, a part of a day as a
// whole one (a notice ending tonight has 1 day left, not 0).
func daysLeft(now, deadline time.Time) int {
	d := deadline.Sub(now)
	if d <= 0 {
		return 0
	}
	return int((d + 24*time.Hour - 1) / (24 * time.Hour))
}
