// Package evaluation is the yearly democratic evaluation (民主评议) of the
// villagers' (residents') committee members, hosted by the supervision
// committee (V2026 Art. 38; U2026 Art. 37): one secret vote per member on
// the vote engine, rated 称职 / 基本称职 / 不称职 by the meeting; a member
// rated 不称职 by the majority in two consecutive evaluations has their
// office ended.
package evaluation

import (
	"time"

	"yishi/modules/law"
	"yishi/modules/vote"
)

// Ratings, the options of each member's ballot.
const (
	RateFit   = "fit"   // 称职
	RateBasic = "basic" // 基本称职
	RateUnfit = "unfit" // 不称职
)

// Options are the three ratings as the ballot shows them.
var Options = []vote.Option{{Key: RateFit, Label: "称职 Fit"}, {Key: RateBasic, Label: "基本称职 Basically fit"}, {Key: RateUnfit, Label: "不称职 Unfit"}}

// SubjectKind is the vote engine's name for a member's evaluation.
const SubjectKind = "evaluation"

// Statuses of an evaluation.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Evaluation is one democratic evaluation of the committee.
type Evaluation struct {
	ID          string           `bson:"_id" json:"id"`
	Year        int              `bson:"year" json:"year"`
	MeetingKind vote.MeetingKind `bson:"meeting_kind" json:"meeting_kind"`
	Status      string           `bson:"status" json:"status"`
	HostedBy    string           `bson:"hosted_by" json:"-"`
	HostName    string           `bson:"host_name" json:"host_name"`
	OpenedAt    time.Time        `bson:"opened_at" json:"opened_at,omitzero"`
	ClosedAt    time.Time        `bson:"closed_at,omitempty" json:"closed_at,omitzero"`
	Members     []Rated          `bson:"members" json:"members"`
	BasisZh     string           `bson:"basis_zh" json:"basis_zh"`
	BasisEn     string           `bson:"basis_en" json:"basis_en"`
}

// Rated is one member's evaluation: the vote, and its result at the close.
type Rated struct {
	ResidentNo string `bson:"resident_no" json:"resident_no"`
	Name       string `bson:"name" json:"name"`
	VoteID     string `bson:"vote_id" json:"vote_id"`
	Fit        int    `bson:"fit" json:"fit"`
	Basic      int    `bson:"basic" json:"basic"`
	Unfit      int    `bson:"unfit" json:"unfit"`
	Voters     int    `bson:"voters" json:"voters"`
	// Counted says the meeting had its quorum, so the rating stands.
	Counted bool `bson:"counted" json:"counted"`
	// UnfitByMajority: more than half of those who rated said 不称职
	// (2*unfit > voters).
	UnfitByMajority bool `bson:"unfit_by_majority" json:"unfit_by_majority"`
	// OfficeEnded: 不称职 by the majority in this and the previous
	// evaluation (V2026 Art. 38 ¶2; U2026 Art. 37 ¶2).
	OfficeEnded bool   `bson:"office_ended" json:"office_ended"`
	ResultZh    string `bson:"result_zh" json:"result_zh"`
	ResultEn    string `bson:"result_en" json:"result_en"`
}

// Bases of the evaluation, rural and urban.
func basis(community bool) (zh, en string) {
	if community {
		return "居委会组织法2026年版第三十七条：民主评议每年至少进行一次，由居务监督委员会主持，结果及时向居民公布；连续两次被评议不称职的，其职务终止",
			"U2026 Art. 37: a democratic evaluation at least once a year, hosted by the residents' affairs supervision committee, its results published to residents; a member rated unfit twice in a row leaves office"
	}
	return "村委会组织法2026年版第三十八条：民主评议每年至少进行一次，由村务监督机构主持；连续两次被评议不称职的，其职务终止",
		"V2026 Art. 38: a democratic evaluation at least once a year, hosted by the village affairs supervision body; a member rated unfit twice in a row leaves office"
}

// RuleTable is the evaluation's rules as the rules page lists them.
func RuleTable() []law.Rule {
	return []law.Rule{
		{Table: "evaluation", Key: "yearly", Basis: "V2026 Art. 38 ¶1; U2026 Art. 37 ¶1",
			Zh: "村（居）民委员会成员每年至少接受一次村（居）民会议或代表会议的民主评议，由监督委员会主持；一年没有评议，提醒秘书并告知街道",
			En: "Committee members are evaluated by the villagers' (residents') or representatives' meeting at least once a year, hosted by the supervision committee; a year without one is flagged to the secretary and the street"},
		{Table: "evaluation", Key: "two_unfit", Basis: "V2026 Art. 38 ¶2; U2026 Art. 37 ¶2", Denominator: "present",
			Zh: "连续两次评议中被过半数评为不称职的成员，职务终止",
			En: "A member rated unfit by more than half of those rating in two consecutive evaluations leaves office"},
	}
}
