package org

import "yishi/modules/law"

// SupervisionRules are the supervision committee's rules as the rules page
// shows them (V2026 Art. 37; U2026 Art. 36), each held where it is enforced:
// supervision.go (the body, the bar, the term), the policy (the supervisor
// role) and modules/review/supervision_report.go (the report).
func SupervisionRules() []law.Rule {
	return []law.Rule{
		{Table: "supervision", Key: "elected",
			Zh:    "村务监督委员会（居务监督委员会）由村民会议（居民会议）或者村民代表会议（居民代表会议）推选产生：设立时须选出推选它的那次会议的表决",
			En:    "The supervision committee is elected by the villagers' (residents') meeting or the representatives' meeting: setting it up names the vote that elected it",
			Basis: "V2026 Art. 37 ¶1; U2026 Art. 36 ¶1"},
		{Table: "supervision", Key: "bar",
			Zh:    "村（居）民委员会成员及其近亲属不得担任监督委员会成员：名册登记申报的近亲属，任何一方申报即算",
			En:    "Committee members and their close relatives may not be members of the supervision committee: the register records declared close relatives, declared by either side",
			Basis: "V2026 Art. 37 ¶1; U2026 Art. 36 ¶1"},
		{Table: "supervision", Key: "term",
			Zh: "监督委员会的任期与村（居）民委员会的任期相同", En: "The supervision committee's term is the committee's",
			Basis: "V2026 Art. 37 ¶1; U2026 Art. 36 ¶1"},
		{Table: "supervision", Key: "read_and_remark",
			Zh:    "监督委员会成员查阅本村（社区）的全部记录（只读），可以列席会议，对实施项目提出意见，意见随记录公开；以监督成员身份不提议题、不表决、不改记录",
			En:    "Supervision members read all the village's records (read only), may attend meetings and remark on projects, the remark published with the record; as supervisors they neither propose, vote nor edit",
			Basis: "V2026 Art. 37 ¶2; U2026 Art. 36 ¶2"},
		{Table: "supervision", Key: "report",
			Zh:    "发现侵害群众利益等违纪违法行为，向乡镇人民政府（街道办事处）或者县级人民政府和监察机关反映；收件的政府书面答复",
			En:    "Wrongdoing that harms the people's interests is reported to the township government (street office) or the county government and the supervision commission; the government addressed answers in writing",
			Basis: "V2026 Art. 37 ¶3; U2026 Art. 36 ¶3"},
	}
}
