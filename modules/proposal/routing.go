package proposal

import (
	"fmt"
	"slices"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Category is a kind of matter. Art24 marks the matters that V2026 Art. 28 ¶1
// reserves to the villagers'
// meeting (or a representatives' meeting it authorised).
type Category struct {
	Key   string `json:"key"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Art24 bool   `json:"art24"`
}

// Categories is every category, V2026 Art. 28 matters first.
var Categories = []Category{
	{"cadre_subsidy", "村干部误工补贴", "Subsidies for village cadres", true},
	{"collective_income", "集体经济所得收益的使用", "Use of collective income", true},
	{"public_welfare", "公益事业的兴办和筹资筹劳", "Public-welfare projects and their funding", true},
	{"land_contracting", "土地承包经营方案", "Land contracting plan", true},
	{"collective_project", "集体经济项目的立项和承包", "Collective economic projects", true},
	{"homestead", "宅基地的使用方案", "Homestead plan", true},
	{"land_compensation", "征地补偿费的使用和分配", "Use and distribution of land compensation", true},
	{"collective_property", "处分村集体财产", "Disposal of collective property", true},
	// Land matters other laws give to the villagers' meeting (or all
	// representatives) by 2/3 of all its members: vote.Supermajorities.
	{"land_readjustment", "承包期内调整个别农户的承包地", "Readjusting a household's contracted land", true},
	{"outsider_contracting", "将土地发包给本集体经济组织以外的单位或者个人", "Contracting land to outsiders", true},
	{"construction_land", "集体经营性建设用地出让、出租", "Leasing or transferring collective construction land", true},
	// A committee may not give a guarantee (V2026 Art. 13; U2026 Art. 12): a
	// proposal may raise it, but no vote can resolve to give one.
	// The collective economic organisation's own powers (CEO Art. 26 ¶1
	// items 1, 3, 12; collective.go).
	{"ceo_charter", "制定、修改集体经济组织章程", "Making or amending the collective's charter", true},
	{"ceo_membership", "确认集体经济组织成员", "Confirming members of the collective", true},
	{"ceo_merger", "集体经济组织合并、分立", "Merger or division of the collective", true},
	{"guarantee", "为他人提供担保", "Giving a guarantee", false},
	{"environment", "环境卫生", "Environment and sanitation", false},
	{"public_order", "治安和邻里纠纷", "Public order", false},
	{"culture", "文化活动", "Culture", false},
	{"filial_piety", "孝老爱亲", "Filial piety", false},
	{"neighbourliness", "邻里和睦", "Neighbourliness", false},
	{"frugal_ceremonies", "婚丧简办", "Frugal weddings and funerals", false},
	{"anti_gambling", "禁赌", "Anti-gambling", false},
	{"anti_drug", "禁毒", "Anti-drug", false},
	{"other", "其他", "Other", false},
}

// CategoryByKey finds a category.
func CategoryByKey(key string) (Category, bool) {
	for _, c := range Categories {
		if c.Key == key {
			return c, true
		}
	}
	return Category{}, false
}

// statutoryMeetings are the meetings whose resolutions bind the village.
var statutoryMeetings = []string{MeetingVillagers, MeetingRepresentatives, MeetingResidents}

// LawfulMeetings is the one home of the V2026 Art. 28 routing rule: which meetings
// may decide a matter of the category in a village of the kind. For V2026 Art. 28
// matters a rural village's villagers' meeting always may, its
// representatives' meeting only with a recorded authorisation; an urban
// community decides them in its residents' meeting (U2026 Art. 30 ¶1). Other
// matters may be decided by any meeting, council or board.
func LawfulMeetings(category, villageKind string, authorised bool) []string {
	c, _ := CategoryByKey(category)
	if !c.Art24 {
		return []string{MeetingVillagers, MeetingRepresentatives, MeetingGroup, MeetingResidents, MeetingCouncil, MeetingBoard}
	}
	if villageKind == org.KindCommunity {
		return []string{MeetingResidents}
	}
	if authorised {
		return []string{MeetingVillagers, MeetingRepresentatives}
	}
	return []string{MeetingVillagers}
}

// errArt24 is the refusal that names the article.
func errArt24(category string, meeting string) *web.Error {
	c, _ := CategoryByKey(category)
	return web.New(422, "art24_routing",
		fmt.Sprintf("村委会组织法2026年版第二十八条：“%s”只能由村民会议或经村民会议授权的村民代表会议讨论决定，不能由%s决定", c.Zh, meetingZh(meeting)),
		fmt.Sprintf("V2026 Art. 28: %q may only be decided by a villagers' meeting, or by a representatives' meeting the villagers' meeting authorised, not by %s", c.En, meetingEn(meeting)))
}

// checkFlowLawful refuses a flow that could let a meeting the law does not
// allow decide a V2026 Art. 28 matter: its vote step must name statutory meetings only.
func checkFlowLawful(category string, f Flow) error {
	c, _ := CategoryByKey(category)
	if !c.Art24 {
		return nil
	}
	for i, s := range f.Steps {
		if s.Kind != "vote" {
			continue
		}
		for _, m := range s.Meetings {
			if !slices.Contains(statutoryMeetings, m) {
				return errArt24(category, m)
			}
		}
		if !partyStudiesFirst(f.Steps[:i]) {
			return ErrPartyFirst
		}
		return nil
	}
	return errArt24(category, "")
}

// ErrPartyFirst refuses a flow that brings an important matter to the
// villagers' or representatives' meeting without the Party organisation's
// study first (V2026 Art. 28 ¶3; U2026 Art. 30 ¶4).
var ErrPartyFirst = web.New(422, "party_study_first",
	"依照村委会组织法2026年版第二十八条第三款（城市居委会组织法2026年版第三十条第四款同），需由村民会议或者村民代表会议决定的重要事项，应当先经村（社区）党组织研究讨论：表决之前须有党组织的步骤",
	"Under V2026 Art. 28 ¶3 (and U2026 Art. 30 ¶4) an important matter for the villagers' or representatives' meeting is first studied by the village Party organisation: the flow needs a Party organisation step before the vote")

// partyStudiesFirst says whether the steps before a vote include the Party
// organisation's: its proposal or its members' review, or the merged first
// step of the 4+2 flow, where the two committees (the Party branch's among
// them) propose and deliberate at once.
func partyStudiesFirst(before []Step) bool {
	return slices.ContainsFunc(before, func(s Step) bool {
		return s.Performer == "party_branch" || s.Performer == "party_members_meeting" ||
			s.Key == "proposal_and_deliberation" && s.Performer == "committees"
	})
}

// checkOutcomeLawful refuses a decision by a meeting the law does not allow.
func checkOutcomeLawful(category, villageKind string, set Settings, meeting string) error {
	authorised := set.Authorised(category)
	lawful := LawfulMeetings(category, villageKind, authorised)
	if item := CollectiveItem(category); item > 0 && villageKind != org.KindCommunity {
		lawful = collectiveMeetings(item, set.CollectiveOrganisation, authorised)
	}
	if !slices.Contains(lawful, meeting) {
		return errArt24(category, meeting)
	}
	return nil
}

func meetingZh(m string) string {
	switch m {
	case MeetingVillagers:
		return "村民会议"
	case MeetingRepresentatives:
		return "未经授权的村民代表会议"
	case MeetingGroup:
		return "村民小组会议"
	case MeetingResidents:
		return "居民会议"
	case MeetingCouncil:
		return "议事会"
	case MeetingBoard:
		return "评议会"
	case "":
		return "本流程"
	}
	return m
}

func meetingEn(m string) string {
	switch m {
	case MeetingVillagers:
		return "a villagers' meeting"
	case MeetingRepresentatives:
		return "a representatives' meeting without authorisation"
	case MeetingGroup:
		return "a villager group meeting"
	case MeetingResidents:
		return "a residents' meeting"
	case MeetingCouncil:
		return "a council"
	case MeetingBoard:
		return "a board"
	case "":
		return "this flow"
	}
	return m
}
