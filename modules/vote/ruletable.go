package vote

import (
	"fmt"
	"sort"

	"yishi/modules/law"
)

// unitWords says in words what a threshold counts, for the rule table and
// the result text: which number a decision is divided by matters as much as
// the fraction (domain.md section 2, notes).
var unitWords = map[Unit][2]string{
	Adults:     {"全体十八周岁以上成员", "all members aged 18 and over"},
	Households: {"全体户", "all households"},
	Members:    {"全体组成人员", "all members"},
	Present:    {"到会人员", "those present"},
	// The collective economic organisation's (ceo_rules.go).
	CollectiveMembers:         {"全体成员（具有完全民事行为能力的集体经济组织成员）", "all members of the collective (with full capacity)"},
	CollectiveRepresentatives: {"全体成员代表", "all member representatives"},
}

// UnitZh and UnitEn say what a unit counts.
func UnitZh(u Unit) string { return unitWords[u][0] }

// UnitEn says in English what a unit counts.
func UnitEn(u Unit) string { return unitWords[u][1] }

// ZhWords writes a threshold as a Chinese text does: 到会人员的过半数,
// 全体组成人员的三分之二以上.
func (t Threshold) ZhWords() string {
	frac := fmt.Sprintf("%s分之%s", zhNum(t.Den), zhNum(t.Num))
	if t.Num*2 == t.Den {
		frac = "半数"
	}
	if t.Strict {
		return UnitZh(t.Unit) + "的过" + frac
	}
	return UnitZh(t.Unit) + "的" + frac + "以上"
}

// EnWords writes a threshold in words: "more than 1/2 of those present".
func (t Threshold) EnWords() string {
	op := "at least"
	if t.Strict {
		op = "more than"
	}
	return fmt.Sprintf("%s %d/%d of %s", op, t.Num, t.Den, UnitEn(t.Unit))
}

func zhNum(n int) string { return law.FormatChineseNumber(n) }

// RuleTable is the meeting rules as the rules page lists them, one line a
// meeting kind, each naming the number its decision is divided by.
func RuleTable() []law.Rule {
	kinds := make([]string, 0, len(Rules))
	for k := range Rules {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	var out []law.Rule
	for _, k := range kinds {
		r := Rules[MeetingKind(k)]
		out = append(out, r.tableLine("meeting", k))
		if _, ok := urbanBases[MeetingKind(k)]; ok {
			out = append(out, RuleFor(MeetingKind(k), true).tableLine("meeting", k+"/community"))
		}
	}
	return append(append(append(out, SupermajorityTable()...), proxyTable()...), ceoTable()...)
}

func (r Rule) tableLine(table, key string) law.Rule {
	var zhA, enA string
	for i, t := range r.Attendance {
		if i > 0 {
			zhA, enA = zhA+"，或", enA+", or "
		}
		zhA += t.ZhWords()
		enA += t.EnWords()
	}
	zh, en := fmt.Sprintf("%s：出席须%s；决定须%s同意", r.Kind.Zh(), zhA, r.Decision.ZhWords()),
		fmt.Sprintf("%s: attended by %s; decided by %s", r.Kind.En(), enA, r.Decision.EnWords())
	if len(r.Attendance) == 0 {
		zh, en = fmt.Sprintf("%s：决定须%s同意", r.Kind.Zh(), r.Decision.ZhWords()), fmt.Sprintf("%s: decided by %s", r.Kind.En(), r.Decision.EnWords())
	}
	return law.Rule{Table: table, Key: key, Zh: zh, En: en, Basis: r.Basis, Denominator: string(r.Decision.Unit)}
}

// proxyTable is the proxy rule (proxyrule.go) as the rules page lists it.
func proxyTable() []law.Rule {
	return []law.Rule{
		{Table: "proxy", Key: "election",
			Zh:    fmt.Sprintf("选举时，登记参加选举的村民外出的，可以书面委托本村有选举权的近亲属或者其他村民代为投票；每人接受委托不得超过%d人；候选人不得接受委托；委托名单公布", StatutoryProxyCap),
			En:    fmt.Sprintf("In an election an absent registered voter may entrust in writing a close relative or another villager with voting rights; one person holds at most %d; a candidate holds none; the list is published", StatutoryProxyCap),
			Basis: "V2026 Art. 18 ¶4; U2026 Art. 19"},
		{Table: "proxy", Key: "meeting",
			Zh:    "会议表决的委托由村民自治章程或省级规定决定（本村设置）；默认书面委托同户成年家庭成员，如农村集体经济组织法对成员大会的规定；上限不超过选举的上限",
			En:    "At meetings the village charter or a provincial rule decides (the village's setting); by default a written entrustment to an adult of the same household, as the CEO law allows at the member assembly; the cap never above the election's",
			Basis: "CEO Art. 27 ¶1"},
	}
}
