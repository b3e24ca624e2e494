package dashboard

import (
	"fmt"
	"slices"
	"time"

	"yishi/modules/minutes"
	"yishi/modules/moralboard"
	"yishi/modules/review"
	"yishi/modules/web"
)

// median of a non-empty list.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// turnoutAlerts flags each vote of the last year whose turnout fell below
// TurnoutFactor of the median of the village's earlier closed votes. votes
// are oldest first.
func turnoutAlerts(v OrgRef, votes []Turnout, now time.Time) []Alert {
	var out []Alert
	var earlier []float64
	for _, t := range votes {
		if t.Eligible == 0 {
			continue
		}
		if len(earlier) >= TurnoutHistory && now.Sub(t.ClosedAt) <= AlertWindow {
			usual := median(earlier)
			if t.Turnout < TurnoutFactor*usual {
				out = append(out, Alert{Code: AlertTurnoutLow, Village: v,
					Message: fmt.Sprintf("表决“%s”的参与率为 %.0f%%（%d/%d），低于本村以往表决参与率中位数 %.0f%% 的八成",
						t.Title, 100*t.Turnout, t.Voters, t.Eligible, 100*usual),
					MessageEn: fmt.Sprintf("Turnout of the vote %q was %.0f%% (%d/%d), below 80%% of the village's usual %.0f%% (median of earlier votes)",
						t.Title, 100*t.Turnout, t.Voters, t.Eligible, 100*usual),
					Basis:    "风险提示：低于本村以往表决参与率中位数的80%（非法定标准） risk indicator, not a statutory rule",
					Evidence: []Evidence{evidence(v.ID, "vote", t.VoteID, "/votes/"+t.VoteID)}})
			}
		}
		earlier = append(earlier, t.Turnout)
	}
	return out
}

var dueNames = map[string][2]string{
	minutes.DueAffairs:     {"村务公开", "village affairs"},
	minutes.DueFinance:     {"财务公开", "finances"},
	minutes.DueMajorMatter: {"重大事项决议公开", "the resolution of a major matter"},
	minutes.DueResult:      {"实施结果公开", "the implementation result"},
}

// disclosureAlert is an overdue item of the V2026 Art. 35 ¶3 calendar.
func disclosureAlert(v OrgRef, it minutes.DueItem) Alert {
	name := dueNames[it.Kind]
	what := it.Period
	if what == "" {
		what = it.Title
	}
	ev := []Evidence{evidence(v.ID, "publication_calendar", "", "/publication-calendar")}
	if it.VoteID != "" {
		ev = append(ev, evidence(v.ID, "vote", it.VoteID, "/votes/"+it.VoteID))
	}
	if it.ProposalID != "" {
		ev = append(ev, evidence(v.ID, "proposal", it.ProposalID, "/proposals/"+it.ProposalID))
	}
	if it.ProjectID != "" {
		ev = append(ev, evidence(v.ID, "project", it.ProjectID, "/projects/"+it.ProjectID))
	}
	return Alert{Code: AlertDisclosureOverdue, Village: v,
		Message:   fmt.Sprintf("%s（%s）应于 %s 前公布，已逾期", name[0], what, it.Due.Format(time.DateOnly)),
		MessageEn: fmt.Sprintf("Publication of %s (%s) was due by %s and is overdue", name[1], what, it.Due.Format(time.DateOnly)),
		Basis:     it.Basis, Evidence: ev}
}

// complaintAlerts flags a matter complained about RepeatedComplaints times
// or more within the last year: complaints about the same notice, or whose
// subjects are similar in wording, are one matter.
func complaintAlerts(v OrgRef, cs []review.Complaint, now time.Time) []Alert {
	var recent []review.Complaint
	for _, c := range cs {
		if now.Sub(c.At) <= AlertWindow {
			recent = append(recent, c)
		}
	}
	subjects := make([]string, len(recent))
	for i, c := range recent {
		subjects[i] = c.Subject
	}
	group := cluster(subjects, ComplaintSimilarity)
	// Complaints naming the same notice are one matter whatever their words.
	byNotice := map[string]int{}
	for i, c := range recent {
		if c.NoticeID == "" {
			continue
		}
		if first, ok := byNotice[c.NoticeID]; ok {
			from, to := max(group[i], group[first]), min(group[i], group[first])
			for k := range group {
				if group[k] == from {
					group[k] = to
				}
			}
		} else {
			byNotice[c.NoticeID] = i
		}
	}
	members := map[int][]int{}
	var order []int
	for i, g := range group {
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	var out []Alert
	for _, g := range order {
		idx := members[g]
		if len(idx) < RepeatedComplaints {
			continue
		}
		var ev []Evidence
		for _, i := range idx {
			ev = append(ev, evidence(v.ID, "complaint", recent[i].ID, "/complaints/"+recent[i].ID))
		}
		first := recent[idx[0]]
		out = append(out, Alert{Code: AlertComplaintRepeated, Village: v,
			Message:   fmt.Sprintf("同一事项“%s”一年内被反映 %d 次", first.Subject, len(idx)),
			MessageEn: fmt.Sprintf("The same matter (%q) was complained about %d times within a year", first.Subject, len(idx)),
			Basis:     "V2026 Art. 36", Evidence: ev})
	}
	return out
}

// warningListAlert is a warning-list entry the public list still shows past
// the longest term the rules allow (moralboard.ListedPastExpiry). It names
// the case and its category, never the subject; the street sees the case
// among the village's outcomes, and the public list that still shows it.
func warningListAlert(v OrgRef, o moralboard.Overstay) Alert {
	return Alert{Code: AlertWarningListExpired, Village: v,
		Message: fmt.Sprintf("警示名单（黑榜）上的案件 %s（%s）自 %s 起上榜，最迟应于 %s 撤下（最长 %d 个月），至今仍在公开展示（记录的撤榜日期为 %s）",
			o.CaseID, o.Category, o.FinalAt.Format(time.DateOnly), o.Expiry.Format(time.DateOnly), moralboard.MaxWarningMonths, o.ListedUntil.Format(time.DateOnly)),
		MessageEn: fmt.Sprintf("The warning-list entry of case %s (%s), listed since %s, should have come off by %s (%d months at most) and is still shown (recorded until %s)",
			o.CaseID, o.Category, o.FinalAt.Format(time.DateOnly), o.Expiry.Format(time.DateOnly), moralboard.MaxWarningMonths, o.ListedUntil.Format(time.DateOnly)),
		Basis: fmt.Sprintf("警示名单上榜最长 %d 个月，期满撤下（道德评议会规则，乡村治理指导意见(2019)） warning list: %d months at most",
			moralboard.MaxWarningMonths, moralboard.MaxWarningMonths),
		Evidence: []Evidence{evidence(v.ID, "case_outcome", o.CaseID, "/case-outcomes"),
			evidence(v.ID, "warning_list", "", "/warning-list")}}
}

// conveneAlert is a demand to convene that the committee let pass its
// deadline: the obligation of V2026 Art. 25 ¶2 (Art. 30 ¶1; U2026 Art. 26 ¶2)
// unmet, so the street sees it.
func conveneAlert(v OrgRef, d minutes.Demand, now time.Time) Alert {
	late := int(now.Sub(d.Deadline).Hours() / 24)
	return Alert{Code: AlertConveneOverdue, Village: v,
		Message: fmt.Sprintf("“%s”联名已达法定人数，村（居）民委员会应于 %s 前召集%s，已逾期 %d 天", d.Title,
			web.DateZh(d.Deadline), d.Meeting.Zh(), late),
		MessageEn: fmt.Sprintf("“%s” reached its legal threshold; the committee had to convene the %s by %s and is %s late", d.Title,
			d.Meeting.En(), web.DateEn(d.Deadline), web.DaysEn(late)),
		Basis: d.BasisZh, Evidence: []Evidence{evidence(v.ID, "proposal", d.ProposalID, "/proposals/"+d.ProposalID)}}
}
