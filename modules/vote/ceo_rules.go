package vote

import (
	"fmt"
	"slices"

	"yishi/modules/law"
	"yishi/modules/org"
	"yishi/modules/web"
)

// The collective economic organisation (农村集体经济组织) decides land
// contracting, homesteads, land compensation and collective property
// (CEO Art. 26 ¶1 items 8-10); V2026 Art. 28 ¶4 and CEO Art. 64 send these
// to it, or, where a village has none of its own, to the villagers'
// committee acting for it under the same rules.
//
// Its member assembly (成员大会) is made of all members with full civil
// capacity: it sits with 2/3 of them, and decides with 2/3 of ALL members,
// one person one vote (CEO Art. 27). Its member representatives' assembly
// (成员代表大会) decides with 2/3 of all representatives and may not decide
// CEO Art. 26 ¶1 items 1, 3, 8, 10 and 12 (CEO Art. 28 ¶4, ¶5).
//
// Members: a resident of the register is a member of the collective unless
// the register says otherwise (org.Resident.CollectiveMember, imported or
// set by the operator); full capacity is read as aged 18 or over on the day
// the vote opens, the register holding nothing finer.

// The collective's meeting kinds.
const (
	MemberAssembly                MeetingKind = "member_assembly"                 // 成员大会
	MemberRepresentativesAssembly MeetingKind = "member_representatives_assembly" // 成员代表大会
)

// MemberRepresentativesBody is the ID of the body whose members are the
// collective's member representatives (CEO Art. 28 ¶2).
const MemberRepresentativesBody = "member-representatives"

// The collective's counting units: its members with full capacity, and its
// member representatives.
const (
	CollectiveMembers         Unit = "collective_members"
	CollectiveRepresentatives Unit = "collective_representatives"
)

// CollectiveKind reports whether a meeting kind is one of the collective's.
func CollectiveKind(k MeetingKind) bool {
	return k == MemberAssembly || k == MemberRepresentativesAssembly
}

// ceoRules are the collective's rows of the one rule table (Rules).
var ceoRules = map[MeetingKind]Rule{
	// CEO Art. 27 ¶1, ¶3: 2/3 of members with full capacity attend; 2/3 of
	// all members of the assembly agree.
	MemberAssembly: {Kind: MemberAssembly, Basis: "CEO Art. 27 ¶1; CEO Art. 27 ¶3",
		Attendance: []Threshold{twoThirds(CollectiveMembers)}, Decision: twoThirds(CollectiveMembers)},
	// CEO Art. 28 ¶5: 2/3 of all member representatives agree; the law
	// sets no attendance of its own, and 2/3 of all must vote for anything
	// to pass, so attendance is that same 2/3.
	MemberRepresentativesAssembly: {Kind: MemberRepresentativesAssembly, Basis: "CEO Art. 28 ¶5",
		Attendance: []Threshold{twoThirds(CollectiveRepresentatives)}, Decision: twoThirds(CollectiveRepresentatives)},
}

// ReservedFromRepresentatives are the items of CEO Art. 26 ¶1 the member
// representatives' assembly may not decide (CEO Art. 28 ¶4): the charter
// (1), who is a member (3), land contracting, homesteads and share
// quantification (8), land compensation (10), merger and division (12).
var ReservedFromRepresentatives = []int{1, 3, 8, 10, 12}

// ceoItemZh names the reserved items as the refusal quotes them.
var ceoItemZh = map[int][2]string{
	1:  {"制定、修改农村集体经济组织章程", "making or amending the charter"},
	3:  {"确认农村集体经济组织成员", "confirming who is a member"},
	8:  {"对农村土地承包、宅基地使用和集体经营性财产收益权份额量化方案等事项作出决定", "land contracting, homesteads and the quantification of shares"},
	10: {"决定土地补偿费等的分配、使用办法", "the distribution and use of land compensation"},
	12: {"决定农村集体经济组织合并、分立等重大事项", "merger, division and like matters"},
}

// ErrCEOReserved is the refusal of a reserved item at the member
// representatives' assembly, quoting the article and the item.
func ErrCEOReserved(item int) *web.Error {
	n := ceoItemZh[item]
	return web.New(422, "ceo_reserved",
		fmt.Sprintf("依照农村集体经济组织法第二十八条第四款，成员代表大会不能行使第二十六条第一款第%s项规定的职权（%s），此事项须由成员大会决定", zhNum(item), n[0]),
		fmt.Sprintf("Under CEO Art. 28 ¶4 the member representatives' assembly may not exercise the power of CEO Art. 26 ¶1 item %d (%s): the member assembly decides it", item, n[1]))
}

// ErrCEOOrganisation refuses a collective matter at a villagers' or
// representatives' meeting where the village has its own collective
// economic organisation: its member assembly decides it.
func ErrCEOOrganisation(item int, kind MeetingKind) *web.Error {
	return web.New(422, "ceo_routing",
		fmt.Sprintf("依照农村集体经济组织法第二十六条第一款第%s项和村委会组织法2026年版第二十八条第四款，本村设有农村集体经济组织，此事项须由集体经济组织成员大会（或成员代表大会）决定，不能由%s决定", zhNum(item), kind.Zh()),
		fmt.Sprintf("Under CEO Art. 26 ¶1 item %d and V2026 Art. 28 ¶4, this village has its own collective economic organisation: its member assembly (or member representatives' assembly) decides this matter, not a %s", item, kind.En()))
}

// ErrCEONotCommunity refuses the collective's assemblies in an urban
// community, which has no rural collective economic organisation.
var ErrCEONotCommunity = web.New(422, "wrong_meeting_kind", "城市社区没有农村集体经济组织，不能召开成员大会或成员代表大会",
	"An urban community has no rural collective economic organisation: it holds no member assembly")

// collectiveLawful is the routing of a collective matter (CEO Art. 26 ¶1
// item) to the meeting kind: at the representatives' assembly never a
// reserved item; where the village has its own organisation, only at its
// assemblies; else also at the villagers' meeting or the authorised
// representatives' meeting, the committee acting for the collective (CEO
// Art. 64).
func collectiveLawful(sub Subject, kind MeetingKind, community bool) error {
	if CollectiveKind(kind) && community {
		return ErrCEONotCommunity
	}
	if sub.CEOItem == 0 || community {
		return nil
	}
	if kind == MemberRepresentativesAssembly && slices.Contains(ReservedFromRepresentatives, sub.CEOItem) {
		return ErrCEOReserved(sub.CEOItem)
	}
	if CollectiveKind(kind) {
		return nil
	}
	if sub.CollectiveOrganisation {
		return ErrCEOOrganisation(sub.CEOItem, kind)
	}
	if lawfulForArt24(kind, sub.AuthorisedForRepresentatives) {
		return nil
	}
	return Art24Refusal(kind)
}

// collectiveSupermajority is the CEO rule where the villagers' committee
// acts for the collective (CEO Art. 64 ¶2: 参照适用): a collective matter at
// the villagers' or representatives' meeting needs 2/3 of all its members,
// as at the member assembly (CEO Art. 27 ¶3), unless another law's
// supermajority already applies.
func collectiveSupermajority(r Rule, sub Subject) Rule {
	if sub.CEOItem == 0 || CollectiveKind(r.Kind) {
		return r
	}
	if _, ok := SupermajorityFor(sub.Category); ok {
		return r
	}
	d, ok := supermajorityDecision[r.Kind]
	if !ok {
		return r
	}
	if !r.Decision.AtLeastAsStrict(d) {
		r.Decision = d
	}
	r.Basis += "; CEO Art. 64 ¶2; CEO Art. 27 ¶3"
	return r
}

// collectiveElectorate is who sits in the collective's assemblies: the
// members aged 18 or over (member assembly), or the member representatives
// (the body MemberRepresentativesBody), resident number → household.
func collectiveElectorate(kind MeetingKind, residents []org.Resident, bodies []org.Body, adult func(org.Resident) bool) (map[string]string, error) {
	out := map[string]string{}
	if kind == MemberAssembly {
		for _, r := range residents {
			if r.IsCollectiveMember() && adult(r) {
				out[r.No] = r.HouseholdNo
			}
		}
		return out, nil
	}
	i := slices.IndexFunc(bodies, func(b org.Body) bool { return b.ID == MemberRepresentativesBody })
	if i < 0 {
		return nil, web.New(422, "no_member_representatives", "本村还没有成员代表名单（编号为 member-representatives 的议事机构）",
			"The village has no member representatives (a body with ID \"member-representatives\")")
	}
	byNo := map[string]org.Resident{}
	for _, r := range residents {
		byNo[r.No] = r
	}
	for _, m := range bodies[i].Members {
		if r, ok := byNo[m.ResidentNo]; ok && adult(r) {
			out[r.No] = r.HouseholdNo
		}
	}
	return out, nil
}

// CollectiveElectorate is the electorate of one of the collective's
// assemblies on a day, for the minutes module's sign-in list.
func CollectiveElectorate(kind MeetingKind, residents []org.Resident, bodies []org.Body, adult func(org.Resident) bool) (map[string]string, error) {
	return collectiveElectorate(kind, residents, bodies, adult)
}

// ErrOnePersonOneVote refuses a vote by households at the collective's
// assemblies (CEO Art. 27 ¶3, Art. 28 ¶5: 一人一票).
var ErrOnePersonOneVote = web.New(422, "one_person_one_vote",
	"依照农村集体经济组织法第二十七条第三款，成员大会实行一人一票的表决方式，不能按户表决",
	"Under CEO Art. 27 ¶3 the member assembly votes one person one vote, never by household")

// ceoTable is the collective's rules and physical attendance as the rules
// page lists them, beside the meeting kinds' lines.
func ceoTable() []law.Rule {
	return []law.Rule{
		{Table: "collective", Key: "reserved",
			Zh:    "成员代表大会不能决定农村集体经济组织法第二十六条第一款第一、三、八、十、十二项（章程、确认成员、土地承包和宅基地、土地补偿费、合并分立），这些事项由成员大会决定",
			En:    "The member representatives' assembly may not decide CEO Art. 26 ¶1 items 1, 3, 8, 10, 12 (charter, membership, land contracting and homesteads, land compensation, merger and division): the member assembly decides them",
			Basis: "CEO Art. 28 ¶4"},
		{Table: "collective", Key: "routing",
			Zh:    "土地承包、宅基地、土地补偿费和集体财产等事项由农村集体经济组织决定；未设立的，由村民委员会代行，参照适用农村集体经济组织法（须全体成员三分之二以上同意）；本村设置",
			En:    "Land contracting, homesteads, land compensation and collective property are the collective's to decide; where it has no organisation the villagers' committee acts for it under the CEO law (2/3 of all members); a village setting",
			Basis: "V2026 Art. 28 ¶4; CEO Art. 26 ¶1; CEO Art. 64"},
		{Table: "collective", Key: "members",
			Zh:    "成员由名册确定：默认在本村登记的户内成员为集体经济组织成员，名册或操作员另有记载的除外；具有完全民事行为能力按年满十八周岁计",
			En:    "Members are those the register names: by default every household member registered in the village, unless the register or the operator records otherwise; full capacity is read as aged 18 or over",
			Basis: "CEO Art. 11; CEO Art. 12"},
		{Table: "attendance", Key: "physical",
			Zh:    "村民会议、村民代表会议、村民小组会议、居民会议和成员代表大会须现场参加：在会上表决的，只有在会场签到的人可以投票并计入到会人数",
			En:    "Villagers', representatives', group and residents' meetings and the member representatives' assembly are attended at the venue: at a vote of the meeting only those signed in there vote and count as attending",
			Basis: "V2026 Art. 26 ¶1; V2026 Art. 30 ¶2; V2026 Art. 32 ¶2; U2026 Art. 27; CEO Art. 28 ¶5"},
		{Table: "attendance", Key: "remote",
			Zh:    "成员大会的成员无法在现场参加的，可以通过即时通讯工具在线参加（本村设置，默认不开放），或者书面委托同户成年家庭成员",
			En:    "A member who cannot attend the member assembly may attend online (a village setting, off by default) or entrust an adult of the same household in writing",
			Basis: "CEO Art. 27 ¶1"},
	}
}
