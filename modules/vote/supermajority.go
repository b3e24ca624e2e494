package vote

import (
	"fmt"

	"yishi/modules/law"
	"yishi/modules/web"
)

// Supermajority is a decision another law sets above the organic law's
// "more than half of those present" (V2026 Art. 26 ¶1: 法律对…作出决定另有
// 规定的，依照其规定): the consent of 2/3 or more of the members of the
// villagers' meeting (all villagers aged 18+, present or not) or of all the
// villagers' representatives. The denominator is the frozen electorate of
// the vote, never those who turned up.
type Supermajority struct {
	Category string `json:"category"`
	Basis    string `json:"basis"`
	Zh       string `json:"zh"`
	En       string `json:"en"`
}

// Supermajorities is the one table of them, by proposal category.
var Supermajorities = []Supermajority{
	{"land_contracting", "LC Art. 19(3)", "土地承包方案", "The land contracting plan"},
	{"land_readjustment", "LC Art. 28 ¶2", "承包期内调整个别农户的承包地（另须报乡镇和县级主管部门批准）", "Readjusting one household's contracted land during the term (then township and county approval)"},
	{"outsider_contracting", "LC Art. 52 ¶1", "将土地发包给本集体经济组织以外的单位或者个人（另须报乡镇批准）", "Contracting land to outsiders (then township approval)"},
	{"construction_land", "LA Art. 63 ¶2", "集体经营性建设用地出让、出租等", "Leasing or transferring collective construction land"},
}

// supermajorityDecision is the decision of each meeting that may give the
// consent: 2/3 of all members of the villagers' meeting, or of all members
// of the representatives' meeting.
var supermajorityDecision = map[MeetingKind]Threshold{
	VillagersMeeting:       twoThirds(Adults),
	RepresentativesMeeting: twoThirds(Members),
	// At the collective's assemblies (CEO Art. 27 ¶3, Art. 28 ¶5) the same
	// laws apply, over all members or all member representatives.
	MemberAssembly:                twoThirds(CollectiveMembers),
	MemberRepresentativesAssembly: twoThirds(CollectiveRepresentatives),
}

// SupermajorityFor finds the supermajority of a category, if it has one.
func SupermajorityFor(category string) (Supermajority, bool) {
	for _, s := range Supermajorities {
		if s.Category == category {
			return s, true
		}
	}
	return Supermajority{}, false
}

// applySupermajority raises a rule's decision to the supermajority of the
// subject's category, unless the village already set one at least as
// strict; the rule then cites both laws.
func applySupermajority(r Rule, category string) Rule {
	s, ok := SupermajorityFor(category)
	if !ok {
		return r
	}
	d, ok := supermajorityDecision[r.Kind]
	if !ok {
		return r
	}
	if !r.Decision.AtLeastAsStrict(d) {
		r.Decision = d
	}
	r.Basis += "; " + s.Basis
	return r
}

// decidesOverAll reports whether a decision is counted against the whole
// electorate (all members) rather than those present.
func (t Threshold) decidesOverAll() bool { return t.Unit != Present }

// decisionWords says the decision rule of a result in words, with its
// numbers: which number it is divided by, how many votes that makes, and
// how many were present.
func decisionWords(d Threshold, needed, denominator, present int) (zh, en string) {
	if d.decidesOverAll() {
		return fmt.Sprintf("须%s同意：全体共%d人，需%d票；到会%d人，不以到会人数计算", d.ZhWords(), denominator, needed, present),
			fmt.Sprintf("needs %s: %d in all, so %d votes, whatever the number present (%d)", d.EnWords(), denominator, needed, present)
	}
	return fmt.Sprintf("须%s同意：到会%d人，需%d票", d.ZhWords(), present, needed),
		fmt.Sprintf("needs %s: %d present, so %d votes", d.EnWords(), present, needed)
}

// SupermajorityTable is the supermajorities as the rules page lists them.
func SupermajorityTable() []law.Rule {
	var out []law.Rule
	for _, s := range Supermajorities {
		out = append(out, law.Rule{Table: "supermajority", Key: s.Category,
			Zh:    s.Zh + "：须经村民会议全体成员（本村十八周岁以上村民）的三分之二以上或者全体村民代表的三分之二以上同意，不以到会人数计算",
			En:    s.En + ": at least 2/3 of all members of the villagers' meeting (villagers aged 18+), or of all villagers' representatives, not of those present",
			Basis: s.Basis, Denominator: string(Adults) + "|" + string(Members)})
	}
	return out
}

// Guarantee is the category of a resolution to give a guarantee, which a
// committee may not do (V2026 Art. 13; U2026 Art. 12).
const Guarantee = "guarantee"

// GuaranteeRefusal is the error for a vote on giving a guarantee, citing
// the law of the village's kind.
func GuaranteeRefusal(community bool) *web.Error {
	if community {
		return web.New(422, "no_guarantee", "依照居委会组织法2026年版第十二条，居民委员会可以从事为履行职能所需要的民事活动，但是不得提供担保，不能就此作出决议",
			"Under U2026 Art. 12 a residents' committee may act in civil matters its duties need, but may not give a guarantee: no resolution can be made to give one")
	}
	return web.New(422, "no_guarantee", "依照村委会组织法2026年版第十三条，村民委员会可以从事为履行职能所需要的民事活动，但是不得提供担保，不能就此作出决议",
		"Under V2026 Art. 13 a villagers' committee may act in civil matters its duties need, but may not give a guarantee: no resolution can be made to give one")
}
