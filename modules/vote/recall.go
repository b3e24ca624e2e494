package vote

import (
	"fmt"

	"yishi/modules/law"
	"yishi/modules/web"
)

// Recall is the category of a vote on recalling a committee member. In a
// village more than half of the registered voters must vote and more than
// half of the votes cast agree (V2026 Art. 19 ¶2: 须有登记参加选举的村民过半数
// 投票，并须经投票的村民过半数通过): `2*voted > registered && 2*yes > voted`.
// In a community, more than half of the voters or household representatives,
// or more than 2/3 of the residents' representatives, vote, and more than
// half of those who voted agree (U2026 Art. 20 ¶2).
const Recall = "recall"

// recallAttendance is who must vote for a recall to count, per meeting.
func recallAttendance(kind MeetingKind, community bool) ([]Threshold, string, bool) {
	switch {
	case !community && kind == VillagersMeeting:
		return []Threshold{moreThanHalf(Adults)}, "V2026 Art. 19 ¶2", true
	case community && kind == ResidentsMeeting:
		// Voters, or household representatives where households vote: the
		// vote's frozen electorate either way.
		return []Threshold{moreThanHalf(Adults)}, "U2026 Art. 20 ¶2", true
	case community && kind == RepresentativesMeeting:
		return []Threshold{{Unit: Members, Num: 2, Den: 3, Strict: true}}, "U2026 Art. 20 ¶2", true
	}
	return nil, "", false
}

// recallRefusal is the error for a recall put to a meeting that may not
// decide it.
func recallRefusal(community bool) *web.Error {
	if community {
		return web.New(422, "recall_meeting", "罢免居民委员会成员由居民会议（选民或户的代表）或居民代表会议投票（居委会组织法2026年版第二十条第二款）",
			"A residents' committee member is recalled by a vote of the residents' meeting or the residents' representatives' meeting (U2026 Art. 20 ¶2)")
	}
	return web.New(422, "recall_meeting", "罢免村民委员会成员须由登记参加选举的村民投票，即在村民会议上表决（村委会组织法2026年版第十九条第二款）",
		"A villagers' committee member is recalled by a vote of the registered voters, at the villagers' meeting (V2026 Art. 19 ¶2)")
}

// applyRecall gives a recall vote its rule: who must vote, replacing the
// meeting's own attendance (the recall's is never looser: more than half of
// all registered voters), and more than half of those who voted.
func applyRecall(r Rule, category string, community bool) (Rule, error) {
	if category != Recall {
		return r, nil
	}
	att, basis, ok := recallAttendance(r.Kind, community)
	if !ok {
		return Rule{}, recallRefusal(community)
	}
	r.Attendance, r.Recall = att, true
	if !r.Decision.AtLeastAsStrict(moreThanHalf(Present)) {
		r.Decision = moreThanHalf(Present)
	}
	r.Basis += "; " + basis
	return r, nil
}

// recallWords say a recall result's two numbers in words: how many of the
// registered voters voted against the half they had to pass, and how many of
// those who voted agreed against the half of them.
func recallWords(r Result, community bool) (zh, en string) {
	turnout := r.AttendanceMet
	yes := r.Counts["yes"]
	need := r.Eligible/2 + 1
	needYes := r.Voters/2 + 1
	yn := func(ok bool, zh, en string) (string, string) {
		if ok {
			return "已过半数", "more than half"
		}
		return zh, en
	}
	tz, te := yn(turnout, "未过半数，罢免不成立", "not more than half, so the recall fails")
	az, ae := yn(r.Passed["yes"], "未过半数", "not more than half")
	who, whoEn, law := "登记参加选举的村民", "registered voters", "村委会组织法2026年版第十九条第二款"
	if community {
		who, whoEn, law = "选民（户的代表、居民代表）", "voters (household or residents' representatives)", "居委会组织法2026年版第二十条第二款"
	}
	zh = fmt.Sprintf("罢免须%s过半数投票，并须经投票的人过半数通过（%s）：%s共%d人，投票%d人，须至少%d人投票，%s；投票的%d人中同意%d票，须至少%d票，%s",
		who, law, who, r.Eligible, r.Voters, need, tz, r.Voters, yes, needYes, az)
	en = fmt.Sprintf("A recall needs more than half of the %s to vote and more than half of those voting to agree: %d %s, %d voted, at least %d had to vote: %s; of the %d who voted %d agreed, at least %d had to: %s",
		whoEn, r.Eligible, whoEn, r.Voters, need, te, r.Voters, yes, needYes, ae)
	return zh, en
}

// RecallTable is the recall vote's rule as the rules page lists it.
func RecallTable() []law.Rule {
	return []law.Rule{
		{Table: "recall", Key: "village", Basis: "V2026 Art. 19 ¶2", Denominator: string(Adults) + "|" + string(Present),
			Zh: "罢免村民委员会成员，须有登记参加选举的村民过半数投票，并须经投票的村民过半数通过",
			En: "Recalling a villagers' committee member needs more than half of the registered voters to vote and more than half of those voting to agree"},
		{Table: "recall", Key: "community", Basis: "U2026 Art. 20 ¶2", Denominator: string(Adults) + "|" + string(Members) + "|" + string(Present),
			Zh: "罢免居民委员会成员，须有选民或者户的代表过半数或者超过三分之二的居民代表投票，并须经投票人员的过半数通过",
			En: "Recalling a residents' committee member needs more than half of the voters or household representatives, or more than 2/3 of the residents' representatives, to vote, and more than half of those voting to agree"},
	}
}
