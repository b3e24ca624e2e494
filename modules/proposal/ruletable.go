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
	out = append(out, law.Rule{Table: "matters", Key: "party_first",
		Zh:    "需由村民会议或者村民代表会议决定的重要事项，先经村（社区）党组织研究讨论：流程在表决之前须有党组织的步骤",
		En:    "An important matter for the villagers' or representatives' meeting is first studied by the Party organisation: the flow has a Party step before the vote",
		Basis: "V2026 Art. 28 ¶3; U2026 Art. 30 ¶4"})
	return out
}
