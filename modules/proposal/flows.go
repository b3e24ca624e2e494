package proposal

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/store"
	"yishi/modules/web"
)

// Keys of the shipped flows.
const (
	FlowFourPlusTwo = "four_plus_two" // 四议两公开, for major matters
	FlowMinor       = "minor"         // proposal → deliberation → vote → publication
	FlowHall        = "hall"          // topic → support → escalate
)

// There is no flow for the moral review board: its cases are decided in
// the moralboard module, which keeps the subject's notice and response, the
// members' recusal and the appeal. A board case run as a plain proposal
// would skip all three, so a proposal cannot go to the board (checkInput).

// Step keys the law depends on in the 4+2 flow (domain.md section 3): only
// the statutory vote makes a binding resolution, and both disclosures follow.
const (
	StepResolution            = "resolution"
	StepResolutionPublication = "resolution_publication"
	StepResultPublication     = "result_publication"
)

// ShippedFlows are version 1 of every flow.
var ShippedFlows = []Flow{
	{Key: FlowFourPlusTwo, Version: 1, NameZh: "四议两公开", NameEn: "4+2 method for major matters", Statutory: true, Steps: []Step{
		{Key: "party_branch_proposal", NameZh: "村党组织提议", NameEn: "Proposal by the Party branch", Performer: "party_branch", Kind: "propose"},
		{Key: "committees_deliberation", NameZh: "村“两委”会议商议", NameEn: "Deliberation by the two committees", Performer: "committees", Kind: "deliberate"},
		{Key: "party_members_review", NameZh: "党员大会审议", NameEn: "Review by the Party members' meeting", Performer: "party_members_meeting", Kind: "review"},
		{Key: StepResolution, NameZh: "村民会议或村民代表会议决议", NameEn: "Resolution by the villagers' or representatives' meeting", Performer: "villagers_meeting", Kind: "vote",
			Meetings: []string{MeetingVillagers, MeetingRepresentatives, MeetingResidents}},
		{Key: StepResolutionPublication, NameZh: "决议公开", NameEn: "Publication of the resolution", Performer: "secretary", Kind: "publish"},
		{Key: StepResultPublication, NameZh: "实施结果公开", NameEn: "Publication of the result", Performer: "secretary", Kind: "result"},
	}},
	{Key: FlowMinor, Version: 1, NameZh: "一般事项", NameEn: "Minor matters", Steps: []Step{
		{Key: "proposal", NameZh: "提议", NameEn: "Proposal", Performer: "council", Kind: "propose"},
		{Key: "deliberation", NameZh: "商议", NameEn: "Deliberation", Performer: "council", Kind: "deliberate"},
		{Key: "vote", NameZh: "表决", NameEn: "Vote", Performer: "council", Kind: "vote",
			Meetings: []string{MeetingCouncil, MeetingVillagers, MeetingRepresentatives, MeetingGroup, MeetingResidents}},
		{Key: "publication", NameZh: "公开", NameEn: "Publication", Performer: "secretary", Kind: "publish"},
	}},
	{Key: FlowHall, Version: 1, NameZh: "议事堂", NameEn: "Deliberation hall", Steps: []Step{
		{Key: "topic", NameZh: "提出话题", NameEn: "Topic raised", Performer: "resident", Kind: "propose"},
		{Key: "support", NameZh: "村民支持", NameEn: "Support by residents", Performer: "resident", Kind: "support"},
		{Key: "escalate", NameZh: "提交议事会", NameEn: "Put to the council", Performer: "council", Kind: "escalate"},
	}},
}

// shipped returns version 1 of a flow.
func shipped(key string) (Flow, bool) {
	for _, f := range ShippedFlows {
		if f.Key == key {
			return cloneFlow(f), true
		}
	}
	return Flow{}, false
}

func cloneFlow(f Flow) Flow {
	f.Steps = slices.Clone(f.Steps)
	for i := range f.Steps {
		f.Steps[i].Meetings = slices.Clone(f.Steps[i].Meetings)
	}
	return f
}

// flowsFor says which flows a body of each kind may use, the default first.
var flowsFor = map[string][]string{
	"council":     {FlowMinor, FlowFourPlusTwo},
	"association": {FlowMinor, FlowFourPlusTwo},
	"hall":        {FlowHall},
}

// MergeFirstTwo merges the 4+2 flow's proposal and deliberation steps, for
// villages where one person chairs both committees (domain.md section 3).
func MergeFirstTwo(f Flow) (Flow, error) {
	if f.Key != FlowFourPlusTwo || len(f.Steps) < 2 || f.Steps[0].Kind != "propose" || f.Steps[1].Kind != "deliberate" {
		return Flow{}, errFlow("只有四议两公开流程的前两步（提议、商议）可以合并", "only the first two steps (proposal, deliberation) of the 4+2 flow can be merged")
	}
	merged := Step{Key: "proposal_and_deliberation", NameZh: "提议并商议", NameEn: "Proposal and deliberation",
		Performer: "committees", Kind: "deliberate"}
	f.Steps = append([]Step{merged}, f.Steps[2:]...)
	return f, nil
}

// stepKey is the form of step keys and performers: party_branch_proposal.
var stepKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func errFlow(zh, en string) *web.Error {
	return web.New(422, "flow_unlawful", "流程不符合规定："+zh, "The flow is not lawful: "+en)
}

// ValidateFlow checks a village's version of a flow "within the law"
// against the shipped version it adjusts.
func ValidateFlow(f Flow) error {
	base, ok := shipped(f.Key)
	if !ok {
		return errFlow("没有这个流程", "no such flow")
	}
	if len(f.Steps) < 2 || len(f.Steps) > 12 {
		return errFlow("流程应有2到12步", "a flow has 2 to 12 steps")
	}
	seen := map[string]bool{}
	for _, s := range f.Steps {
		if !stepKey.MatchString(s.Key) || !stepKey.MatchString(s.Performer) {
			return errFlow("步骤和执行者的编号只能用小写字母、数字和下划线："+s.Key, "step and performer keys are lowercase letters, digits and '_': "+s.Key)
		}
		if seen[s.Key] {
			return errFlow("步骤编号重复："+s.Key, "repeated step key: "+s.Key)
		}
		seen[s.Key] = true
		if s.Kind == "vote" && len(s.Meetings) == 0 {
			return errFlow("表决步骤要写明由哪种会议表决", "a vote step must name the meetings that may hold the vote")
		}
		if s.Kind != "vote" && len(s.Meetings) > 0 {
			return errFlow("只有表决步骤才有会议", "only a vote step names meetings")
		}
	}
	if f.Key == FlowHall {
		// The hall is mechanical: raising, support and escalation are code.
		for i, s := range f.Steps {
			if len(f.Steps) != len(base.Steps) || s.Kind != base.Steps[i].Kind || s.Key != base.Steps[i].Key {
				return errFlow("议事堂流程只能改步骤名称", "only the step names of the hall flow can change")
			}
		}
		return nil
	}
	if f.Steps[0].Kind != "propose" && !(f.Key == FlowFourPlusTwo && f.Steps[0].Key == "proposal_and_deliberation") {
		return errFlow("第一步必须是提议", "the first step must be the proposal")
	}
	votes := 0
	vote := -1
	for i, s := range f.Steps {
		if s.Kind == "support" || s.Kind == "escalate" {
			return errFlow("只有议事堂流程有支持和提交步骤", "only the hall flow has support and escalation steps")
		}
		if s.Kind == "vote" {
			votes++
			vote = i
		}
	}
	if votes != 1 {
		return errFlow("流程必须有且只有一个表决步骤", "a flow must have exactly one vote step")
	}
	published := false
	for _, s := range f.Steps[vote+1:] {
		if s.Kind == "publish" {
			published = true
		}
	}
	if !published {
		return errFlow("表决之后必须公开（村委会组织法2026年版第三十五条）", "the vote must be followed by a publication step (V2026 Art. 35 ¶2(1))")
	}
	if base.Statutory {
		return validateStatutory(f, vote)
	}
	return nil
}

// validateStatutory keeps what the law fixes in the 4+2 flow: the vote by a
// statutory meeting, then the publication of the resolution, then of the result.
func validateStatutory(f Flow, vote int) error {
	v := f.Steps[vote]
	if v.Key != StepResolution {
		return errFlow("不能删除或改动法定的决议步骤", "the statutory resolution step cannot be dropped or renamed")
	}
	if !partyStudiesFirst(f.Steps[:vote]) {
		return ErrPartyFirst
	}
	for _, m := range v.Meetings {
		if !slices.Contains(statutoryMeetings, m) {
			return errFlow("决议只能由村民会议、村民代表会议或居民会议作出", "only a villagers', representatives' or residents' meeting makes the resolution")
		}
	}
	idx := func(key string) int {
		return slices.IndexFunc(f.Steps, func(s Step) bool { return s.Key == key })
	}
	rp, res := idx(StepResolutionPublication), idx(StepResultPublication)
	if rp < 0 || f.Steps[rp].Kind != "publish" || res < 0 || f.Steps[res].Kind != "result" {
		return errFlow("不能删除决议公开和实施结果公开两个步骤", "the publication of the resolution and of the result cannot be dropped")
	}
	if !(vote < rp && rp < res) {
		return errFlow("决议之后先公开决议，再公开实施结果", "the resolution is published after the vote, and the result after that")
	}
	return nil
}

// flowDoc is a village's saved version of a flow.
type flowDoc struct {
	ID   string `bson:"_id"` // key@version
	Flow `bson:",inline"`
}

// flowVersions returns the village's saved versions of a flow, newest first.
func (s *Service) flowVersions(ctx context.Context, db *mongo.Database, key string) ([]Flow, error) {
	cur, err := db.Collection(collFlows).Find(ctx, bson.M{"key": key}, options.Find().SetSort(bson.D{{Key: "version", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list flow versions %s: %w", key, err)
	}
	var docs []flowDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list flow versions %s: %w", key, err)
	}
	out := make([]Flow, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.Flow)
	}
	return out, nil
}

// CurrentFlow is the flow a proposal starting now gets: the village's latest
// version, or the shipped one.
func (s *Service) CurrentFlow(ctx context.Context, villageID, key string) (Flow, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Flow{}, err
	}
	versions, err := s.flowVersions(ctx, db, key)
	if err != nil {
		return Flow{}, err
	}
	if len(versions) > 0 {
		return versions[0], nil
	}
	f, ok := shipped(key)
	if !ok {
		return Flow{}, errFlow("没有这个流程", "no such flow")
	}
	return f, nil
}

// Flows lists the flows a village uses now.
func (s *Service) Flows(ctx context.Context, villageID string) ([]Flow, error) {
	out := make([]Flow, 0, len(ShippedFlows))
	for _, f := range ShippedFlows {
		cur, err := s.CurrentFlow(ctx, villageID, f.Key)
		if err != nil {
			return nil, err
		}
		out = append(out, cur)
	}
	return out, nil
}

// SaveFlowInput is a village's adjustment of a flow: the merge option, or
// its own list of steps.
type SaveFlowInput struct {
	Key           string `json:"key" validate:"required,oneof=four_plus_two minor hall"`
	MergeFirstTwo bool   `json:"merge_first_two"`
	Steps         []Step `json:"steps" validate:"omitempty,min=2,max=12,dive"`
}

// SaveFlow stores a new version of a flow after checking it is lawful.
// Proposals already started keep the version they started with.
func (s *Service) SaveFlow(ctx context.Context, villageID string, a web.Actor, in SaveFlowInput) (Flow, error) {
	f, _ := shipped(in.Key)
	if len(in.Steps) > 0 {
		f.Steps = in.Steps
	}
	if in.MergeFirstTwo {
		var err error
		if f, err = MergeFirstTwo(f); err != nil {
			return Flow{}, err
		}
	}
	if err := ValidateFlow(f); err != nil {
		return Flow{}, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Flow{}, err
	}
	for attempt := 0; attempt < 5; attempt++ {
		current, err := s.CurrentFlow(ctx, villageID, in.Key)
		if err != nil {
			return Flow{}, err
		}
		f.Version = current.Version + 1
		f.SavedBy, f.SavedAt = a.AccountID, s.now()
		_, err = db.Collection(collFlows).InsertOne(ctx, flowDoc{ID: fmt.Sprintf("%s@%d", f.Key, f.Version), Flow: f})
		if store.IsDuplicate(err) {
			continue // another save took this version number
		}
		if err != nil {
			return Flow{}, fmt.Errorf("save flow %s: %w", f.Key, err)
		}
		return f, s.write(ctx, villageID, a, "flow.save", f.Key, strconv.Itoa(f.Version))
	}
	return Flow{}, errors.New("save flow: version kept moving")
}

// now is the service's clock, in milliseconds as BSON keeps them.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }
