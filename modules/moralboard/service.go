package moralboard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Errors of this module.
var (
	ErrCaseNotFound   = web.New(404, "case_not_found", "找不到该评议案件", "No such case")
	ErrNotParty       = web.New(403, "not_case_party", "只有当事人、提名人和评议会成员可以查看该案件", "Only the subject, the nominator and board members may see this case")
	ErrNotSubject     = web.New(403, "not_subject", "只有被评议的当事人可以这样做", "Only the subject of the case may do this")
	ErrNotMember      = web.New(403, "not_board_member", "您不是审理该案件的评议机构成员", "You are not a member of the body hearing this case")
	ErrRecused        = web.New(403, "recused", "您已回避本案，不能主持或决定审理", "You are recused from this case and may not run or decide its hearing")
	ErrNotVillager    = web.New(403, "not_a_villager", "您的账号没有关联本村村民", "Your account is not linked to a resident of this village")
	ErrSelfNomination = web.New(422, "self_nomination", "不能提名自己", "You cannot nominate yourself")
	ErrBadCategory    = web.New(422, "bad_category", "该评议机构不审理这一类别", "This body does not hear this category")
	ErrNoBoard        = web.New(422, "no_board", "本村没有这个评议机构", "The village has no such board")
	ErrSubjectNotTold = web.New(409, "subject_not_told", "当事人还没有收到通知，不能开始审理", "The subject has not been told of the case; the hearing cannot open")
	ErrResponseWindow = web.New(409, "response_window", fmt.Sprintf("当事人收到通知后有%d天时间答辩，期满或答辩后才能开始审理", ResponseDays),
		fmt.Sprintf("The subject has %d days after being told to respond; the hearing opens after they respond or the days pass", ResponseDays))
	ErrWrongStatus       = web.New(409, "case_status", "案件当前的状态不允许这样做", "The case is not at a stage that allows this")
	ErrResponded         = web.New(409, "already_responded", "答辩已经提交", "The response was already given")
	ErrAppealUsed        = web.New(409, "appeal_used", "每个案件只能申诉一次", "A case may be appealed only once")
	ErrAppealPeriod      = web.New(409, "appeal_period_over", "申诉期已过", "The appeal period is over")
	ErrNotAppealable     = web.New(409, "not_appealable", "只有批评教育和劝导可以申诉", "Only criticism and persuasion may be appealed")
	ErrHearingByCase     = web.New(409, "hearing_by_case", "评议案件的表决须从案件页面开启，以便记录回避", "A case's vote is opened from the case, so that recusals are applied")
	ErrVoteNotAdopted    = web.New(422, "vote_not_adopted", "积分表须由村民会议或村民代表会议表决通过（引用已结束且通过的表决）", "A points table is adopted by a villagers' or representatives' meeting vote that closed and passed")
	ErrVoteUsed          = web.New(409, "vote_used", "这次表决已经用于另一个积分表版本", "This vote already adopted another points table version")
	ErrNoPointsTable     = web.New(409, "no_points_table", "本村还没有通过积分表", "The village has not adopted a points table")
	ErrNoPointsRow       = web.New(422, "no_points_row", "积分表中没有这一类别的服务积分", "The points table has no service line for this category")
	ErrRankingPrivate    = web.New(404, "ranking_private", "本村没有公开积分排名", "The village does not publish its points ranking")
	ErrHouseholdAbsent   = web.New(404, "household_not_found", "名册上没有这一户", "No such household in the register")
	ErrDuplicateRow      = web.New(422, "duplicate_row", "积分表中同一类别和结果重复", "The points table repeats a category and kind")
	errConcurrentVersion = web.New(409, "conflict", "积分表刚刚被修改，请刷新后重试", "The points table was changed meanwhile; reload and try again")
)

// Collections in each village's database.
const (
	collCases         = "moral_cases"
	collNotifications = "moral_notifications"
	collSettings      = "moral_settings"
	collPointsTables  = "points_tables"
	collLedger        = "points_ledger"
)

var villageIndexes = map[string][]mongo.IndexModel{
	collCases:         {{Keys: bson.D{{Key: "status", Value: 1}}}},
	collNotifications: {{Keys: bson.D{{Key: "resident_no", Value: 1}}}},
	collLedger:        {{Keys: bson.D{{Key: "household_no", Value: 1}}}},
}

// Service holds the board's rules.
type Service struct {
	store *store.Store
	orgs  *org.Service
	votes *vote.Service
	audit *audit.Log
	now   func() time.Time
	// bell is the one notification capability: a case's notices are also
	// told there (events.go); the case's own notices stay its record.
	bell notify.Sender
}

// NewService makes the service and registers its per-village indexes.
func NewService(s *store.Store, orgs *org.Service, votes *vote.Service, log *audit.Log, now func() time.Time) *Service {
	for coll, models := range villageIndexes {
		s.VillageIndexes(coll, models...)
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, orgs: orgs, votes: votes, audit: log, now: now, bell: notify.Discard{}}
}

func (s *Service) db(villageID string) *mongo.Database { return s.store.Village(villageID) }
func (s *Service) clock() time.Time                    { return s.now().UTC().Truncate(time.Millisecond) }

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// hearingKey marks the context of a vote the board opens on a case, so the
// vote engine's lookup accepts it; anything else is refused.
type hearingKey struct{}

// Subject describes a case to the vote engine, without the subject's name:
// votes are listed to every resident.
func (s *Service) Subject(ctx context.Context, villageID, id string) (vote.Subject, error) {
	if opening, _ := ctx.Value(hearingKey{}).(string); opening != id {
		return vote.Subject{}, ErrHearingByCase
	}
	c, err := s.Get(ctx, villageID, id)
	if err != nil {
		return vote.Subject{}, err
	}
	return vote.Subject{Title: "评议案件 Case " + c.ID[:8] + " (" + c.Category + ")", Category: c.Category}, nil
}

// Settings returns the village's settings, or the defaults.
func (s *Service) Settings(ctx context.Context, villageID string) (Settings, error) {
	var st Settings
	err := s.db(villageID).Collection(collSettings).FindOne(ctx, bson.M{"_id": "settings"}).Decode(&st)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return DefaultSettings, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	return st, nil
}

// SetSettings stores the village's settings (validated by the caller).
func (s *Service) SetSettings(ctx context.Context, villageID string, who web.Actor, st Settings) error {
	_, err := s.db(villageID).Collection(collSettings).ReplaceOne(ctx, bson.M{"_id": "settings"}, st, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return s.write(ctx, villageID, who, "moral_list.manage", "settings", fmt.Sprintf("appeal %dd warning %dm ranking %v", st.AppealDays, st.WarningMonths, st.RankingPublic))
}

// Get returns a case.
func (s *Service) Get(ctx context.Context, villageID, id string) (Case, error) {
	var c Case
	err := s.db(villageID).Collection(collCases).FindOne(ctx, bson.M{"_id": id}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Case{}, ErrCaseNotFound
	}
	if err != nil {
		return Case{}, fmt.Errorf("read case %s: %w", id, err)
	}
	return c, nil
}

// save replaces a case if nobody changed it meanwhile.
func (s *Service) save(ctx context.Context, c *Case) error {
	old := c.Version
	c.Version++
	c.UpdatedAt = s.clock()
	res, err := s.db(c.VillageID).Collection(collCases).ReplaceOne(ctx, bson.M{"_id": c.ID, "version": old}, c)
	if err != nil {
		return fmt.Errorf("save case %s: %w", c.ID, err)
	}
	if res.MatchedCount == 0 {
		return web.ErrConflict
	}
	return nil
}

// list returns the village's cases matching filter, newest first.
func (s *Service) list(ctx context.Context, villageID string, filter bson.M) ([]Case, error) {
	cur, err := s.db(villageID).Collection(collCases).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "nominated_at", Value: -1}}).SetLimit(500))
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	out := []Case{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	return out, nil
}

// notify leaves a notification for each resident the case concerns.
func (s *Service) notify(ctx context.Context, c Case, kind string) error {
	nos := []string{c.SubjectNo}
	if c.SubjectKind == SubjectHousehold {
		members, err := s.householdMembers(ctx, c.VillageID, c.SubjectNo)
		if err != nil {
			return err
		}
		nos = nil
		for _, r := range members {
			nos = append(nos, r.No)
		}
	}
	docs := make([]any, 0, len(nos))
	for _, no := range nos {
		docs = append(docs, Notification{ID: randomID(), CaseID: c.ID, ResidentNo: no, Kind: kind, At: s.clock()})
	}
	if len(docs) == 0 {
		return nil
	}
	if _, err := s.db(c.VillageID).Collection(collNotifications).InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("notify subject of %s: %w", c.ID, err)
	}
	return s.ring(ctx, c, kind, nos)
}

func (s *Service) householdMembers(ctx context.Context, villageID, household string) ([]org.Resident, error) {
	all, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, err
	}
	var out []org.Resident
	for _, r := range all {
		if r.HouseholdNo == household {
			out = append(out, r)
		}
	}
	return out, nil
}

// isSubject says whether a resident is the case's subject (or, for a
// household, one of its members).
func (c Case) isSubject(villageID, residentNo, household string) bool {
	if residentNo == "" || villageID != c.VillageID {
		return false
	}
	if c.SubjectKind == SubjectHousehold {
		return household == c.SubjectNo
	}
	return residentNo == c.SubjectNo
}

func (c *Case) event(at time.Time, action, actor, detail string) {
	c.Timeline = append(c.Timeline, Event{At: at, Action: action, Actor: actor, Detail: detail})
}

func (s *Service) body(ctx context.Context, villageID, bodyID string) (org.Body, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return org.Body{}, err
	}
	for _, b := range bodies {
		if (bodyID == "" && b.Kind == org.BodyMoralBoard) || (bodyID != "" && b.ID == bodyID) {
			if b.Kind != org.BodyMoralBoard && b.Kind != org.BodyAssociation {
				return org.Body{}, ErrNoBoard
			}
			return b, nil
		}
	}
	return org.Body{}, ErrNoBoard
}

func isMember(b org.Body, residentNo string) bool {
	return residentNo != "" && slices.ContainsFunc(b.Members, func(m org.Member) bool { return m.ResidentNo == residentNo })
}
