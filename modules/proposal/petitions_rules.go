package proposal

import (
	"context"

	"yishi/modules/law"
	"yishi/modules/org"
)

// Petitions: a demand for an audit (V2026 Art. 40 ¶1(6); U2026 Art. 38
// ¶1(4)) or for the recall of a committee member (V2026 Art. 19 ¶1; U2026
// Art. 20 ¶1). Each is a proposal whose co-signatures decide it with the
// same exact mechanics as a demand to convene (cosign.go, markers.go): one
// signature per resident by its unique _id, the threshold reached once by
// the unique threshold marker.
const (
	PetitionAudit  = "audit"
	PetitionRecall = "recall"
)

// CommitteeBody is the ID of the body whose members are the villagers'
// (residents') committee: the people a recall names and an evaluation
// rates. As with RepresentativesBody, a village that keeps its committee as
// a body with this ID gets these rules.
const CommitteeBody = "committee"

// petitionRules is the one table of who may demand an audit or a recall,
// rural (false) and urban (true). Reaching any route is enough.
var petitionRules = map[string]map[bool][]rule{
	PetitionAudit: {
		false: {
			{countAdults, ofAdults, 1, 5, "V2026 Art. 40 ¶1(6)", "村委会组织法2026年版第四十条第一款第六项：本村五分之一以上的村民（年满十八周岁）要求审计", "V2026 Art. 40 ¶1(6): 1/5 of villagers aged 18+ demand an audit"},
		},
		true: {
			{countRepresentatives, ofRepresentatives, 1, 3, "U2026 Art. 38 ¶1(4)", "居委会组织法2026年版第三十八条第一款第四项：本社区三分之一以上居民代表要求审计", "U2026 Art. 38 ¶1(4): 1/3 of residents' representatives demand an audit"},
			{countAdults, ofAdults, 1, 10, "U2026 Art. 38 ¶1(4)", "居委会组织法2026年版第三十八条第一款第四项：十分之一以上的居民（年满十八周岁）要求审计", "U2026 Art. 38 ¶1(4): 1/10 of residents aged 18+ demand an audit"},
		},
	},
	PetitionRecall: {
		false: {
			{countAdults, ofAdults, 1, 5, "V2026 Art. 19 ¶1", "村委会组织法2026年版第十九条第一款：本村五分之一以上有选举权的村民联名要求罢免", "V2026 Art. 19 ¶1: 1/5 of villagers with the right to vote demand the recall"},
			{countRepresentatives, ofRepresentatives, 1, 3, "V2026 Art. 19 ¶1", "村委会组织法2026年版第十九条第一款：三分之一以上的村民代表联名要求罢免", "V2026 Art. 19 ¶1: 1/3 of villagers' representatives demand the recall"},
		},
		// U2026 Art. 20 ¶1: a tenth of voters or of household
		// representatives, or a third of residents' representatives.
		true: {
			{countAdults, ofAdults, 1, 10, "U2026 Art. 20 ¶1", "居委会组织法2026年版第二十条第一款：本社区十分之一以上有选举权的居民联名要求罢免", "U2026 Art. 20 ¶1: 1/10 of residents with the right to vote demand the recall"},
			{countHouseholdHeads, ofHouseholds, 1, 10, "U2026 Art. 20 ¶1", "居委会组织法2026年版第二十条第一款：十分之一以上户的代表联名要求罢免", "U2026 Art. 20 ¶1: 1/10 of household representatives demand the recall"},
			{countRepresentatives, ofRepresentatives, 1, 3, "U2026 Art. 20 ¶1", "居委会组织法2026年版第二十条第一款：三分之一以上的居民代表联名要求罢免", "U2026 Art. 20 ¶1: 1/3 of residents' representatives demand the recall"},
		},
	},
}

// petitionMeeting is what a reached petition obliges: an audit the street
// organises (V2026 Art. 40 ¶2; U2026 Art. 38 ¶2), or the recall vote at the
// villagers' (residents') meeting, which the committee must convene as for
// any demand to convene (demands.go).
func petitionMeeting(kind string, community bool) string {
	switch {
	case kind == PetitionAudit:
		return PetitionAudit
	case community:
		return MeetingResidents
	}
	return MeetingVillagers
}

// petitionThreshold freezes a petition's threshold from today's register.
func (s *Service) petitionThreshold(ctx context.Context, v org.Org, kind string) (*Threshold, error) {
	c, err := s.registerCounts(ctx, v, s.now())
	if err != nil {
		return nil, err
	}
	community := v.Kind == org.KindCommunity
	th := &Threshold{Meeting: petitionMeeting(kind, community), Routes: []Route{}}
	for _, r := range petitionRules[kind][community] {
		n := c.of(r.of)
		if r.of == ofRepresentatives && n == 0 {
			continue
		}
		th.Routes = append(th.Routes, Route{Counts: r.counts, Of: r.of, Base: n, Num: r.num, Den: r.den,
			Required: r.required(n), BasisZh: r.basisZh, BasisEn: r.basisEn})
	}
	return th, nil
}

// PetitionRuleTable is the petitions' rules as the rules page lists them.
func PetitionRuleTable() []law.Rule {
	var out []law.Rule
	for _, kind := range []string{PetitionAudit, PetitionRecall} {
		for _, community := range []bool{false, true} {
			where := "village"
			if community {
				where = "community"
			}
			for _, r := range petitionRules[kind][community] {
				out = append(out, law.Rule{Table: "petition", Key: kind + "/" + where + "/" + r.counts, Zh: r.basisZh, En: r.basisEn,
					Basis: r.cite, Denominator: ofWords[r.of]})
			}
		}
	}
	return out
}
