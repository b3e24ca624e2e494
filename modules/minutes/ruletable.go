package minutes

import (
	"fmt"
	"time"

	"yishi/modules/law"
	"yishi/modules/vote"
)

func days(d time.Duration) int { return int(d.Hours() / 24) }

// RuleTable is this module's rules as the rules page lists them: notice of
// meetings, the notice period of a published resolution, publication, the
// representatives' roster, how often meetings are held and who adopts the
// village rules.
func RuleTable() []law.Rule {
	return append(collectiveRuleTable(), []law.Rule{
		{Table: "announce", Key: "villagers_meeting",
			Zh:    fmt.Sprintf("村民会议应当提前%d日通知村民；遇有特殊情况的，可以临时通知，并记录特殊情况", days(AnnounceAhead[vote.VillagersMeeting])),
			En:    fmt.Sprintf("A villagers' meeting is announced at least %d days ahead; short notice only in special circumstances, recorded", days(AnnounceAhead[vote.VillagersMeeting])),
			Basis: AnnounceBasis[vote.VillagersMeeting]},
		{Table: "announce", Key: "residents_meeting",
			Zh:    fmt.Sprintf("居民会议应当提前%d日通知居民；遇有特殊情况的，可以临时通知，并记录特殊情况", days(AnnounceAhead[vote.ResidentsMeeting])),
			En:    fmt.Sprintf("A residents' meeting is announced at least %d days ahead; short notice only in special circumstances, recorded", days(AnnounceAhead[vote.ResidentsMeeting])),
			Basis: AnnounceBasis[vote.ResidentsMeeting]},
		{Table: "notice", Key: "period",
			Zh:    fmt.Sprintf("公布的期限不得少于%d日（默认%d日，本村只能延长）", MinNoticeDays, DefaultNoticeDays),
			En:    fmt.Sprintf("An item stays posted at least %d days (default %d; a village may only lengthen it)", MinNoticeDays, DefaultNoticeDays),
			Basis: noticeBasis},
		{Table: "publication", Key: "major_matter",
			Zh:    fmt.Sprintf("重大事项随时公布（本平台按表决结束后%d日内）", MajorMatterDays),
			En:    fmt.Sprintf("Major matters are published at once (read here as within %d days of the vote closing)", MajorMatterDays),
			Basis: "V2026 Art. 35 ¶3"},
		{Table: "publication", Key: "calendar",
			Zh: "一般事项至少每季度公布一次，财务往来较多的每月公布财务收支", En: "General matters at least every quarter; finances monthly where transactions are many",
			Basis: "V2026 Art. 35 ¶3"},
		{Table: "roster", Key: "representatives_share",
			Zh: "村民代表应当占村民代表会议组成人员的五分之四以上", En: "Representatives are at least 4/5 of the representatives' meeting's members",
			Basis: "V2026 Art. 29 ¶1", Denominator: "members"},
		{Table: "roster", Key: "women",
			Zh: "妇女村民代表应当占村民代表会议组成人员（含村民委员会成员）的三分之一以上", En: "Women representatives are at least 1/3 of all members of the representatives' meeting (committee members included), not of the representatives alone",
			Basis: "V2026 Art. 29 ¶1", Denominator: "members"},
		{Table: "roster", Key: "representatives_share/community",
			Zh: "居民代表应当占居民代表会议组成人员的五分之四以上；城市社区没有妇女代表比例的规定", En: "Residents' representatives are at least 4/5 of the residents' representatives' meeting; the urban law sets no women quota",
			Basis: "U2026 Art. 28 ¶1", Denominator: "members"},
		{Table: "frequency", Key: "villagers_meeting",
			Zh: "村民会议每年至少召开一次", En: "The villagers' meeting meets at least once a year",
			Basis: "V2026 Art. 25 ¶3"},
		{Table: "frequency", Key: "representatives_meeting",
			Zh: "村民代表会议每季度召开一次", En: "The representatives' meeting meets every quarter",
			Basis: quarterly.basis},
		{Table: "frequency", Key: "representatives_meeting/community",
			Zh: "居民代表会议每半年至少召开一次", En: "The residents' representatives' meeting meets at least every half-year",
			Basis: halfYearly.basis},
		{Table: "adoption", Key: "village_rules",
			Zh: "村规民约和自治章程由村民会议制定和修改", En: "Village rules and the charter are adopted by the villagers' meeting",
			Basis: "V2026 Art. 31 ¶1"},
	}...)
}
