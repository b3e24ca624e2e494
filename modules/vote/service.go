package vote

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Errors of this module.
var (
	ErrVoteNotFound      = web.New(404, "vote_not_found", "找不到该表决", "No such vote")
	ErrClosed            = web.New(409, "vote_closed", "表决已经结束", "The vote is closed")
	ErrNotClosed         = web.New(409, "vote_not_closed", "表决结束后才公布结果", "Results are shown only after the vote closes")
	ErrAlreadyVoted      = web.New(409, "already_voted", "您已经投过票了", "You have already voted")
	ErrNotEligible       = web.New(403, "not_eligible", "您不在这次表决的选民名单里", "You are not on this vote's list of voters")
	ErrBadChoice         = web.New(422, "bad_choice", "选项不正确", "The choice is not one of the options")
	ErrNoSubject         = web.New(422, "no_subject", "找不到要表决的议题", "The subject of the vote does not exist")
	ErrNoElectorate      = web.New(422, "no_electorate", "没有符合条件的选民", "Nobody is eligible for this vote")
	ErrBodyRequired      = web.New(422, "body_required", "请选择表决的议事机构", "Name the body that votes")
	ErrSecretNoChange    = web.New(422, "secret_no_change", "无记名投票不能改票", "A secret ballot cannot be changed")
	ErrReplayConflict    = web.New(409, "idempotency_conflict", "这次投票已经用不同的选择提交过，以第一次为准", "This cast was already made with different choices; the first one stands")
	ErrNotVoter          = web.New(403, "not_a_voter", "您的账号没有关联本村村民", "Your account is not linked to a resident of this village")
	ErrElectionNotSecret = web.New(422, "election_not_secret", "选举须以无记名投票进行（村委会组织法2026年版第十八条第三款）", "An election is held by secret ballot (V2026 Art. 18 ¶3)")
)

// Art24Refusal is the error when a matter reserved to the villagers' meeting
// would be decided elsewhere.
func Art24Refusal(kind MeetingKind) *web.Error {
	return web.New(422, "art24_routing",
		fmt.Sprintf("依照村委会组织法2026年版第二十八条，此类事项须由村民会议（或经授权的村民代表会议）决定，不能由%s决定", kind.Zh()),
		fmt.Sprintf("Under V2026 Art. 28 this matter must be decided by a villagers' meeting (or a representatives' meeting it authorised), not by a %s", kind.En()))
}

// kindNames are the meeting kinds in words, the one table every page,
// rule text and error uses (a raw key such as "residents_meeting" is never
// shown to a person).
var kindNames = map[MeetingKind][2]string{
	VillagersMeeting:              {"村民会议", "villagers' meeting"},
	RepresentativesMeeting:        {"村民代表会议", "representatives' meeting"},
	GroupMeeting:                  {"村民小组会议", "villager group meeting"},
	ResidentsMeeting:              {"居民会议", "residents' meeting"},
	CouncilVote:                   {"议事会会议", "council meeting"},
	BoardVote:                     {"评议会会议", "board meeting"},
	MemberAssembly:                {"集体经济组织成员大会", "member assembly of the collective economic organisation"},
	MemberRepresentativesAssembly: {"集体经济组织成员代表大会", "member representatives' assembly of the collective economic organisation"},
}

// Zh is the meeting kind's name in Chinese; an unknown kind is shown as is.
func (k MeetingKind) Zh() string {
	if n, ok := kindNames[k]; ok {
		return n[0]
	}
	return string(k)
}

// En is the meeting kind's name in English.
func (k MeetingKind) En() string {
	if n, ok := kindNames[k]; ok {
		return n[1]
	}
	return string(k)
}

// Config holds the settings a deployment may change.
type Config struct {
	// ProxyCap is how many entrustments one person may hold (a provincial
	// rule, commonly 3).
	ProxyCap int
	// Audit is the chain writer the service writes its lines with (one per
	// process, shared with the other modules); nil makes its own.
	Audit *audit.Log
}

// Service is the vote engine.
type Service struct {
	store    *store.Store
	orgs     *org.Service
	cfg      Config
	now      func() time.Time
	mu       sync.Mutex
	subjects map[string]Subjects
	open     map[string]*liveVote // votes this instance has loaded, by village/vote
	inserts  *batcher
	// instance names this process among the writers of a running tally.
	instance string
	writers  map[string]*voteWriter
	meetings Meetings // the owner of meetings a vote may be opened at
}

// liveVote is a loaded vote: the vote, its frozen electorate and a count of
// ballots cast, so casting needs no read of the store.
type liveVote struct {
	mu         sync.RWMutex
	vote       Vote
	voters     *roll
	cast       atomic.Int64
	hand       atomic.Int64 // voters the confirmed hand counts count
	closing    bool
	closeOnce  sync.Mutex
	box        ballotBox // secret votes: the slots this process believes free
	voterLocks voterLocks
}

func (lv *liveVote) snapshot() Vote {
	lv.mu.RLock()
	defer lv.mu.RUnlock()
	return lv.vote
}

// NewService makes the engine and registers its per-village indexes.
func NewService(s *store.Store, orgs *org.Service, cfg Config) *Service {
	for coll, models := range villageIndexes {
		s.VillageIndexes(coll, models...)
	}
	if cfg.ProxyCap <= 0 {
		cfg.ProxyCap = 3
	}
	if cfg.Audit == nil {
		cfg.Audit = audit.New()
	}
	svc := &Service{store: s, orgs: orgs, cfg: cfg, now: time.Now, subjects: map[string]Subjects{}, open: map[string]*liveVote{},
		instance: randomID(), writers: map[string]*voteWriter{}}
	svc.inserts = newBatcher(svc)
	return svc
}

// RegisterSubjects names the module that owns subjects of a kind.
func (s *Service) RegisterSubjects(kind string, subjects Subjects) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subjects[kind] = subjects
}

func (s *Service) db(villageID string) *mongo.Database { return s.store.Village(villageID) }

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// OpenRequest is what a secretary gives to open a vote.
type OpenRequest struct {
	SubjectKind string `json:"subject_kind" validate:"required,oneof=proposal case"`
	SubjectID   string `json:"subject_id" validate:"required,max=64"`
	// MeetingID opens the vote at an open meeting, on one of its agenda
	// items: kind, body and group then come from the meeting.
	MeetingID   string      `json:"meeting_id" validate:"omitempty,max=64"`
	MeetingKind MeetingKind `json:"meeting_kind" validate:"omitempty,oneof=villagers_meeting representatives_meeting group_meeting residents_meeting council board member_assembly member_representatives_assembly"`
	BodyID      string      `json:"body_id" validate:"omitempty,code"`
	Group       string      `json:"group" validate:"omitempty,max=32"`
	Mode        string      `json:"mode" validate:"omitempty,oneof=persons households"`
	Secret      bool        `json:"secret"`
	// Election opens the election of a committee (V2026 Art. 18): it must
	// be secret; Candidates are the resident numbers of those standing.
	Election         bool        `json:"election"`
	Candidates       []string    `json:"candidates" validate:"omitempty,max=50,dive,required,max=32"`
	ChangeUntilClose bool        `json:"change_until_close"`
	Options          []Option    `json:"options" validate:"omitempty,min=2,max=20,dive"`
	MaxChoices       int         `json:"max_choices" validate:"omitempty,min=1,max=20"`
	ClosesAt         *time.Time  `json:"closes_at" validate:"omitempty,window=closing"`
	Attendance       []Threshold `json:"attendance" validate:"omitempty,max=4"`
	Decision         *Threshold  `json:"decision"`
	// exclude leaves residents out of the electorate (recusal); set only
	// through OpenWithout, never from a request body.
	exclude []string
}

// DefaultOptions are yes, no and abstain.
var DefaultOptions = []Option{{Key: "yes", Label: "同意 Yes"}, {Key: "no", Label: "反对 No"}, {Key: "abstain", Label: "弃权 Abstain"}}

// Open freezes the electorate and opens a vote.
func (s *Service) Open(ctx context.Context, villageID string, who web.Actor, in OpenRequest) (Vote, error) {
	village, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Vote{}, err
	}
	meeting, err := s.bindMeeting(ctx, villageID, &in)
	if err != nil {
		return Vote{}, err
	}
	s.mu.Lock()
	subjects := s.subjects[in.SubjectKind]
	s.mu.Unlock()
	if subjects == nil {
		return Vote{}, ErrNoSubject
	}
	subject, err := subjects.Subject(ctx, villageID, in.SubjectID)
	if err != nil {
		var we *web.Error
		if errors.As(err, &we) && we.Status == 404 {
			return Vote{}, ErrNoSubject
		}
		return Vote{}, err
	}
	if subject.Art24 && (subject.CEOItem == 0 || village.Kind == org.KindCommunity) && !lawfulForArt24(in.MeetingKind, subject.AuthorisedForRepresentatives) {
		return Vote{}, Art24Refusal(in.MeetingKind)
	}
	if err := collectiveLawful(subject, in.MeetingKind, village.Kind == org.KindCommunity); err != nil {
		return Vote{}, err
	}
	if CollectiveKind(in.MeetingKind) && in.Mode == ModeHouseholds {
		return Vote{}, ErrOnePersonOneVote
	}
	if subject.Allows != nil {
		if err := subject.Allows(in.MeetingKind, village.Kind == org.KindCommunity); err != nil {
			return Vote{}, err
		}
	}
	if in.MeetingKind == ResidentsMeeting && village.Kind != org.KindCommunity ||
		(in.MeetingKind == VillagersMeeting || in.MeetingKind == GroupMeeting) && village.Kind == org.KindCommunity {
		return Vote{}, web.New(422, "wrong_meeting_kind", "城市社区开居民会议，农村开村民会议", "Urban communities hold residents' meetings; rural villages hold villagers' meetings")
	}
	if in.Secret && in.ChangeUntilClose {
		return Vote{}, ErrSecretNoChange
	}
	if in.Election && !in.Secret {
		return Vote{}, ErrElectionNotSecret
	}
	if len(in.Candidates) > 0 && !in.Election {
		return Vote{}, web.New(422, "candidates_without_election", "只有选举才有候选人", "Only an election has candidates")
	}
	if subject.Category == Guarantee {
		return Vote{}, GuaranteeRefusal(village.Kind == org.KindCommunity)
	}
	rule, err := Tighten(in.MeetingKind, in.Attendance, in.Decision)
	if err != nil {
		return Vote{}, web.New(422, "loosened_rule", "本村只能从严规定，不能放宽法定人数和表决规则："+err.Error(), "A village may tighten, never loosen, a statutory rule: "+err.Error())
	}
	if b, ok := urbanBases[in.MeetingKind]; ok && village.Kind == org.KindCommunity {
		rule.Basis = b
	}
	rule = collectiveSupermajority(applySupermajority(rule, subject.Category), subject)
	if rule, err = applyRecall(rule, subject.Category, village.Kind == org.KindCommunity); err != nil {
		return Vote{}, err
	}
	opts := in.Options
	if len(opts) == 0 {
		opts = DefaultOptions
	}
	keys := map[string]bool{}
	for _, o := range opts {
		if keys[o.Key] {
			return Vote{}, web.New(422, "duplicate_option", "选项重复", "Options repeat")
		}
		keys[o.Key] = true
	}
	maxChoices := in.MaxChoices
	if maxChoices == 0 {
		maxChoices = 1
	}
	if maxChoices > len(opts) {
		return Vote{}, web.New(422, "max_choices", "可选数量不能多于选项数", "max_choices exceeds the number of options")
	}
	mode := in.Mode
	if mode == "" {
		mode = ModePersons
	}
	remote, err := s.remoteAllowed(ctx, villageID, in.MeetingKind)
	if err != nil {
		return Vote{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	voters, households, err := s.electorate(ctx, villageID, in, mode, now)
	if err != nil {
		return Vote{}, err
	}
	if len(voters) == 0 {
		return Vote{}, ErrNoElectorate
	}
	for _, no := range in.Candidates {
		if _, err := s.orgs.Resident(ctx, villageID, no); err != nil {
			return Vote{}, web.New(422, "candidate_not_resident", "候选人必须是本村登记的村民："+no, "A candidate must be a registered resident of the village: "+no)
		}
	}
	v := Vote{ID: randomID(), VillageID: villageID, SubjectKind: in.SubjectKind, SubjectID: in.SubjectID, Title: subject.Title,
		MeetingKind: in.MeetingKind, BodyID: in.BodyID, Group: in.Group, Mode: mode, Secret: in.Secret, Election: in.Election, Candidates: in.Candidates,
		ChangeUntilClose: in.ChangeUntilClose, Options: opts, MaxChoices: maxChoices, Rule: rule, Status: StatusOpen,
		OpenedBy: who.AccountID, OpenedAt: now, EligibleCount: len(voters), HouseholdCount: households,
		MeetingID: meeting.ID, MeetingTitle: meeting.Title, RemoteAttendance: remote}
	if in.ClosesAt != nil {
		if !in.ClosesAt.After(now) {
			return Vote{}, web.New(422, "closes_in_past", "结束时间必须在将来", "closes_at must be in the future")
		}
		v.ClosesAt = in.ClosesAt.UTC().Truncate(time.Millisecond)
	}
	db := s.db(villageID)
	// The electorate first: a vote is never visible without it.
	if _, err := db.Collection(collElectorates).InsertOne(ctx, Electorate{VoteID: v.ID, Voters: voters}); err != nil {
		return Vote{}, fmt.Errorf("freeze electorate: %w", err)
	}
	if err := s.prepareBallotCollections(ctx, db, v); err != nil {
		return Vote{}, err
	}
	var free []slotRef
	if v.Secret {
		// The box is filled before the vote is visible: no slot is ever
		// written in the order ballots are cast.
		v.BallotBox = v.EligibleCount + spareSlots(v.EligibleCount)
		if free, err = s.addSlots(ctx, v, 0, v.BallotBox); err != nil {
			return Vote{}, err
		}
	}
	// The running tally starts with the vote, before any ballot can exist,
	// with this process already recorded as its writer: the first batch of
	// casts then writes its ballots at once instead of first taking the
	// record (beginBatch), which the first voters would wait for.
	t := newRunningTally(v.ID)
	t.Writers[s.instance] = true
	if _, err := db.Collection(tallyColl(v.ID)).InsertOne(ctx, t); err != nil {
		return Vote{}, fmt.Errorf("open running tally of %s: %w", v.ID, err)
	}
	s.mu.Lock()
	s.writers[villageID+"/"+v.ID] = &voteWriter{village: villageID, vote: v.ID, leased: true, seen: map[string]bool{}}
	s.mu.Unlock()
	if _, err := db.Collection(collVotes).InsertOne(ctx, v); err != nil {
		return Vote{}, fmt.Errorf("open vote: %w", err)
	}
	lv := &liveVote{vote: v, voters: newRoll(voters), box: ballotBox{free: free}}
	s.mu.Lock()
	s.open[villageID+"/"+v.ID] = lv
	s.mu.Unlock()
	return v, s.write(ctx, villageID, who, "vote.open", v.ID, fmt.Sprintf("%s %s %s eligible=%d", v.SubjectKind, v.SubjectID, v.MeetingKind, v.EligibleCount))
}

func (s *Service) prepareBallotCollections(ctx context.Context, db *mongo.Database, v Vote) error {
	// Create the collections up front so the first casts do not race to.
	names := []string{ballotsColl(v.ID), tallyColl(v.ID), householdsColl(v.ID)}
	if v.Secret {
		names = []string{secretBallotsColl(v.ID), turnoutColl(v.ID), tallyColl(v.ID), householdsColl(v.ID)}
	}
	for _, n := range names {
		if err := db.CreateCollection(ctx, n); err != nil && !isNamespaceExists(err) {
			return fmt.Errorf("create %s: %w", n, err)
		}
	}
	return nil
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}

// lawfulForArt24 says which meetings may decide a V2026 Art. 28 matter.
func lawfulForArt24(kind MeetingKind, authorised bool) bool {
	switch kind {
	case VillagersMeeting, ResidentsMeeting:
		return true
	case RepresentativesMeeting:
		return authorised
	}
	return false
}

// electorate computes who may vote, on the day the vote opens: resident
// number → household. In household mode only household heads vote.
func (s *Service) electorate(ctx context.Context, villageID string, in OpenRequest, mode string, day time.Time) (map[string]string, int, error) {
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, 0, err
	}
	adult := func(r org.Resident) bool {
		age, ok := org.AgeOn(r.BirthDate, day)
		return ok && age >= 18
	}
	byNo := make(map[string]org.Resident, len(residents))
	for _, r := range residents {
		byNo[r.No] = r
	}
	voters := map[string]string{}
	switch in.MeetingKind {
	case MemberAssembly, MemberRepresentativesAssembly:
		bodies, err := s.orgs.Bodies(ctx, villageID)
		if err != nil {
			return nil, 0, err
		}
		if voters, err = collectiveElectorate(in.MeetingKind, residents, bodies, adult); err != nil {
			return nil, 0, err
		}
	case VillagersMeeting, ResidentsMeeting, GroupMeeting:
		if in.MeetingKind == GroupMeeting && in.Group == "" {
			return nil, 0, web.New(422, "group_required", "请选择村民小组", "Name the villager group")
		}
		for _, r := range residents {
			if !adult(r) || in.MeetingKind == GroupMeeting && r.Group != in.Group {
				continue
			}
			if mode == ModeHouseholds && !r.HouseholdHead {
				continue
			}
			voters[r.No] = r.HouseholdNo
		}
	case RepresentativesMeeting, CouncilVote, BoardVote:
		bodyID := in.BodyID
		if in.MeetingKind == RepresentativesMeeting {
			bodyID = "representatives"
		}
		if bodyID == "" {
			return nil, 0, ErrBodyRequired
		}
		bodies, err := s.orgs.Bodies(ctx, villageID)
		if err != nil {
			return nil, 0, err
		}
		i := slices.IndexFunc(bodies, func(b org.Body) bool { return b.ID == bodyID })
		if i < 0 {
			return nil, 0, org.ErrBodyNotFound
		}
		body := bodies[i]
		if in.MeetingKind == CouncilVote && body.Kind != org.BodyCouncil ||
			in.MeetingKind == BoardVote && body.Kind != org.BodyMoralBoard && body.Kind != org.BodyAssociation {
			return nil, 0, web.New(422, "wrong_body", "这个议事机构不能进行这种表决", "This body does not hold this kind of vote")
		}
		for _, m := range body.Members {
			if r, ok := byNo[m.ResidentNo]; ok && adult(r) {
				voters[r.No] = r.HouseholdNo
			}
		}
	}
	for _, no := range in.exclude {
		delete(voters, no)
	}
	houses := map[string]bool{}
	for _, h := range voters {
		houses[h] = true
	}
	if mode == ModeHouseholds {
		// Households count even where the head is under 18 or missing: the
		// quorum is of households represented out of all households.
		houses = map[string]bool{}
		for _, r := range residents {
			houses[r.HouseholdNo] = true
		}
	}
	return voters, len(houses), nil
}

// load returns the live vote, reading it from the store the first time.
func (s *Service) load(ctx context.Context, villageID, voteID string) (*liveVote, error) {
	key := villageID + "/" + voteID
	s.mu.Lock()
	lv, ok := s.open[key]
	s.mu.Unlock()
	if ok {
		return lv, nil
	}
	db := s.db(villageID)
	var v Vote
	err := db.Collection(collVotes).FindOne(ctx, bson.M{"_id": voteID}).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrVoteNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load vote %s: %w", voteID, err)
	}
	var e Electorate
	if err := db.Collection(collElectorates).FindOne(ctx, bson.M{"_id": voteID}).Decode(&e); err != nil {
		return nil, fmt.Errorf("load electorate of %s: %w", voteID, err)
	}
	if err := s.ensureBox(ctx, &v); err != nil {
		return nil, err
	}
	lv = &liveVote{vote: v, voters: newRoll(e.Voters)}
	n, err := s.castSoFar(ctx, v)
	if err != nil {
		return nil, err
	}
	lv.cast.Store(n)
	entries, err := s.channelEntries(ctx, villageID, voteID)
	if err != nil {
		return nil, err
	}
	lv.hand.Store(handVoters(entries))
	s.mu.Lock()
	if existing, ok := s.open[key]; ok {
		lv = existing
	} else {
		s.open[key] = lv
	}
	s.mu.Unlock()
	return lv, nil
}

// castSoFar is how many took part, from the running tally when it covers
// every batch (one small read), else by counting the store (a scan).
func (s *Service) castSoFar(ctx context.Context, v Vote) (int64, error) {
	if t, found, err := s.readRunning(ctx, v.VillageID, v.ID); err != nil {
		return 0, err
	} else if s.covers(v.VillageID, v.ID, t, found) {
		return int64(t.Voters), nil
	}
	coll := ballotsColl(v.ID)
	if v.Secret {
		coll = turnoutColl(v.ID)
	}
	n, err := s.db(v.VillageID).Collection(coll).EstimatedDocumentCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("count ballots of %s: %w", v.ID, err)
	}
	return n, nil
}

// Get returns a vote. Its result is shown only once it is closed.
func (s *Service) Get(ctx context.Context, villageID, voteID string) (Vote, int64, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Vote{}, 0, err
	}
	return lv.snapshot(), lv.cast.Load(), nil
}

// List returns the village's votes, newest first, optionally of one subject.
func (s *Service) List(ctx context.Context, villageID, subjectID string) ([]Vote, error) {
	return s.ListWhere(ctx, villageID, Filter{SubjectID: subjectID})
}

// Filter narrows a list of votes; empty fields do not filter.
type Filter struct {
	SubjectID string
	MeetingID string
	Status    string
}

// ListWhere returns the village's votes that pass the filter, newest first.
func (s *Service) ListWhere(ctx context.Context, villageID string, f Filter) ([]Vote, error) {
	filter := bson.M{}
	if f.SubjectID != "" {
		filter["subject_id"] = f.SubjectID
	}
	if f.MeetingID != "" {
		filter["meeting_id"] = f.MeetingID
	}
	if f.Status != "" {
		filter["status"] = f.Status
	}
	cur, err := s.db(villageID).Collection(collVotes).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "opened_at", Value: -1}}).SetLimit(200))
	if err != nil {
		return nil, fmt.Errorf("list votes: %w", err)
	}
	out := []Vote{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list votes: %w", err)
	}
	return out, nil
}

// contextBackground is for work that outlives a request, such as a live
// stream after its handler returned.
func contextBackground() context.Context { return context.Background() }
