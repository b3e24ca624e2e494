package proposal

import (
	"sort"

	"yishi/modules/law"
)

// ofWords says which number a demand threshold divides by.
var ofWords = map[string]string{
	ofAdults: "adults", ofHouseholds: "households", ofRepresentatives: "representatives",
}

// RuleTable is this module's rules as the rules page lists them: who may
// demand each meeting, the hall's threshold, and the matters reserved to
// the villagers' meeting (V2026 Art. 28).
func RuleTable() []law.Rule {
	meetings := make([]string, 0, len(conveneRules))
	for m := range conveneRules {
		meetings = append(meetings, m)
	}
	sort.Strings(meetings)
	var out []law.Rule
	for _, m := range meetings {
		for _, r := range conveneRules[m] {
			out = append(out, law.Rule{Table: "convene", Key: m + "/" + r.counts, Zh: r.basisZh, En: r.basisEn,
				Basis: r.cite, Denominator: ofWords[r.of]})
		}
	}
	out = append(out, law.Rule{Table: "hall", Key: "support", Zh: hallRule.basisZh, En: hallRule.basisEn,
		Basis: hallRule.cite, Denominator: ofWords[hallRule.of]})
	for _, c := range Categories {
		if !c.Art24 {
			continue
		}
		out = append(out, law.Rule{Table: "matters", Key: c.Key,
			Zh:    "“" + c.Zh + "”须经村民会议（或经授权的村民代表会议）讨论决定",
			En:    c.En + ": decided by the villagers' meeting (or the representatives' meeting it authorised)",
			Basis: "V2026 Art. 28 ¶1; V2026 Art. 28 ¶2"})
	}
	out = append(out, law.Rule{Table: "hall", Key: "consultation",
		Zh:    "议事会、议事堂是村（居）民协商的形式（还有听证会、恳谈会）；协商确定的事项及其落实情况在公开栏公布",
		En:    "The council and the deliberation hall are forms of consultation (as are hearings and forums); what a consultation agreed and how it is carried out are published on the board",
		Basis: "V2026 Art. 33 ¶2; V2026 Art. 35 ¶2(4); U2026 Art. 32 ¶2; U2026 Art. 34 ¶2(5)"})
	out = append(out, law.Rule{Table: "matters", Key: "party_first",
		Zh:    "需由村民会议或者村民代表会议决定的重要事项，先经村（社区）党组织研究讨论：流程在表决之前须有党组织的步骤",
		En:    "An important matter for the villagers' or representatives' meeting is first studied by the Party organisation: the flow has a Party step before the vote",
		Basis: "V2026 Art. 28 ¶3; U2026 Art. 30 ¶4"})
	return out
}
