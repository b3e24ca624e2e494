package proposal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Service holds the rules of proposals. It knows nothing of HTTP.
type Service struct {
	store    *store.Store
	orgs     *org.Service
	outcomes VoteOutcomes
	audit    *audit.Log
	log      *slog.Logger
	clock    func() time.Time
	// proposals is the path proposals are kept on: cached for the embedded
	// store, queried for a server store (proposalstore.go).
	proposals proposalStore
	// notifier is the one notification capability (SetNotifier).
	notifier notify.Sender
}

// NewService makes the service and registers its per-village indexes.
// outcomes may be nil while the vote module is not wired: a vote step then
// cannot be passed (409 vote_required).
//
// Make one Service per store and share it (routes, vote subjects, review):
// on the embedded store it keeps the villages' proposals in memory, and a
// second instance would not see the first one's writes.
func NewService(st *store.Store, orgs *org.Service, outcomes VoteOutcomes, log *audit.Log, logger *slog.Logger) *Service {
	for coll, models := range villageIndexes {
		st.VillageIndexes(coll, models...)
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Service{store: st, orgs: orgs, outcomes: outcomes, audit: log, log: logger, clock: time.Now, proposals: queryStore{}, notifier: notify.Discard{}}
	if st.Embedded {
		s.proposals = newCachedStore()
	}
	return s
}

// Errors of this module.
var (
	ErrNotFound         = web.New(404, "proposal_not_found", "找不到该议题", "No such proposal")
	ErrNotResident      = web.New(403, "not_resident", "只有本村名册上的居民才能这样做", "Only a resident on this village's register can do this")
	ErrNotProposer      = web.New(403, "not_proposer", "只有提议人才能这样做", "Only the proposer can do this")
	ErrNotMember        = web.New(403, "not_member", "只有该议事机构的成员才能参加这一步的审议", "Only members of the body that performs this step can deliberate in it")
	ErrNotDraft         = web.New(409, "not_draft", "议题已提交，不能再修改", "The proposal was submitted and can no longer be changed")
	ErrNotOpen          = web.New(409, "not_open", "议题现在不在办理中", "The proposal is not open")
	ErrWrongKind        = web.New(409, "wrong_kind", "议事堂的话题请用“支持”，议题请用“联名”", "Support hall topics; co-sign proposals")
	ErrChanged          = web.New(409, "conflict", "议题刚被别人修改过，请刷新后再试", "The proposal was changed meanwhile; reload and try again")
	ErrVoteRequired     = web.New(409, "vote_required", "这一步要由表决通过：请先组织表决，再写明表决编号", "This step is passed by a vote: hold the vote first, then name it")
	ErrVoteOpen         = web.New(409, "vote_open", "表决还没有结束", "The vote has not closed yet")
	ErrVoteUsed         = web.New(409, "vote_used", "这次表决已经用过，请重新表决", "This vote has already decided a step; hold a new vote")
	ErrVoteSubject      = web.New(422, "vote_wrong_subject", "这次表决不是关于本议题的", "That vote is not about this proposal")
	ErrThresholdNotMet  = web.New(409, "threshold_not_reached", "联名人数还没有达到法定要求", "Not enough signatures yet")
	ErrAlreadySigned    = web.New(409, "already_signed", "你已经联名（支持）过了", "You have already signed this")
	ErrNotSigned        = web.New(409, "not_signed", "你还没有联名（支持）", "You have not signed this")
	ErrLocked           = web.New(409, "threshold_reached", "联名人数已达到要求，不能再撤回", "The threshold has been reached; signatures can no longer be withdrawn")
	ErrProposerWithdraw = web.New(409, "proposer_cannot_withdraw", "提议人不能撤回自己的联名", "The proposer cannot withdraw their own signature")
	ErrOwnTopic         = web.New(409, "own_topic", "不能支持自己提出的话题", "You cannot support your own topic")
	ErrNoRepresentative = web.New(422, "no_representatives", "本村还没有村民代表名单（编号为 representatives 的议事机构）", "The village has no representatives (a body with ID \"representatives\")")
)

// invalid is a 422 naming one field.
func invalid(field, zh, en string) *web.Error {
	e := *web.ErrInvalid
	e.Fields = map[string]web.FieldError{field: {Message: zh, MessageEn: en}}
	return &e
}

// ProposalInput is what a resident writes in a draft.
type ProposalInput struct {
	BodyID   string `json:"body_id" validate:"required,code"`
	Title    string `json:"title" validate:"required,max=120"`
	Body     string `json:"body" validate:"max=10000"`
	Category string `json:"category" validate:"required,max=32"`
	Flow     string `json:"flow" validate:"omitempty,oneof=four_plus_two minor"`
	// Convene makes the proposal a demand to convene a meeting (V2026 Art. 25 ¶2,
	// V2026 Art. 30 ¶1, U2026 Art. 26 ¶2), decided by its co-signatures.
	Convene string `json:"convene" validate:"omitempty,oneof=villagers_meeting representatives_meeting residents_meeting"`
	Links   []Link `json:"links" validate:"max=10,dive"`
	// Revokes names the decision this proposal revokes or changes
	// (V2026 Art. 27; U2026 Art. 30 ¶3), revoke.go.
	Revokes *RevokesInput `json:"revokes,omitempty"`
}

// checkInput checks a draft against the village: its body, category, flow
// (V2026 Art. 28) and meeting. It returns the body and the flow to use.
func (s *Service) checkInput(ctx context.Context, v org.Org, in *ProposalInput) (org.Body, Flow, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return org.Body{}, Flow{}, invalid("title", "必须填写", "is required")
	}
	cat, ok := CategoryByKey(in.Category)
	if !ok {
		return org.Body{}, Flow{}, invalid("category", "没有这个类别", "is not a known category")
	}
	for i, l := range in.Links {
		u, err := url.Parse(l.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return org.Body{}, Flow{}, invalid(fmt.Sprintf("links[%d].url", i), "链接应以 http:// 或 https:// 开头", "must be an http:// or https:// address")
		}
	}
	body, err := s.body(ctx, v.ID, in.BodyID)
	if err != nil {
		return org.Body{}, Flow{}, err
	}
	allowed := flowsFor[body.Kind]
	switch body.Kind {
	case org.BodyHall:
		return org.Body{}, Flow{}, invalid("body_id", "议事堂的话题请在议事堂提出", "raise hall topics in the hall")
	case org.BodyMoralBoard:
		// The board decides only through its own cases, with notice,
		// recusal and appeal (moralboard module); see flows.go.
		return org.Body{}, Flow{}, invalid("body_id", "道德评议请在道德评议中提出，以便告知当事人、回避和申诉", "moral review cases are raised in the moral review, so the subject is heard, members recuse and appeals are possible")
	}
	key := in.Flow
	switch {
	case key == "" && cat.Art24 && slices.Contains(allowed, FlowFourPlusTwo):
		key = FlowFourPlusTwo
	case key == "":
		key = allowed[0]
	case !slices.Contains(allowed, key):
		return org.Body{}, Flow{}, invalid("flow", "这个议事机构不用这个流程", "this body does not use this flow")
	}
	in.Flow = key
	flow, err := s.CurrentFlow(ctx, v.ID, key)
	if err != nil {
		return org.Body{}, Flow{}, err
	}
	if err := checkFlowLawful(in.Category, flow); err != nil {
		return org.Body{}, Flow{}, err
	}
	if in.Convene != "" {
		community := v.Kind == org.KindCommunity
		if community != (in.Convene == MeetingResidents) {
			return org.Body{}, Flow{}, invalid("convene", "社区召集居民会议，村召集村民会议或村民代表会议", "a community convenes a residents' meeting; a village a villagers' or representatives' meeting")
		}
		if in.Convene == MeetingRepresentatives {
			if reps, err := s.representatives(ctx, v.ID); err != nil {
				return org.Body{}, Flow{}, err
			} else if len(reps) == 0 {
				return org.Body{}, Flow{}, ErrNoRepresentative
			}
		}
	}
	return body, flow, nil
}

func (s *Service) body(ctx context.Context, villageID, id string) (org.Body, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return org.Body{}, err
	}
	for _, b := range bodies {
		if b.ID == id {
			return b, nil
		}
	}
	return org.Body{}, invalid("body_id", "本村没有这个议事机构", "the village has no such body")
}

// resident finds the actor in the register; only residents on it act as
// residents (propose, co-sign, support).
func (s *Service) resident(ctx context.Context, v org.Org, a web.Actor) (org.Resident, error) {
	if a.ResidentNo == "" || a.VillageID != v.ID {
		return org.Resident{}, ErrNotResident
	}
	r, err := s.orgs.Resident(ctx, v.ID, a.ResidentNo)
	if errors.Is(err, org.ErrResidentNotFound) {
		return org.Resident{}, ErrNotResident
	}
	return r, err
}

// Create saves a draft, which only its proposer sees until it is submitted.
func (s *Service) Create(ctx context.Context, v org.Org, a web.Actor, in ProposalInput) (Proposal, error) {
	if _, err := s.resident(ctx, v, a); err != nil {
		return Proposal{}, err
	}
	body, _, err := s.checkInput(ctx, v, &in)
	if err != nil {
		return Proposal{}, err
	}
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	revokes, err := s.checkRevokes(ctx, v.ID, db, in.Revokes)
	if err != nil {
		return Proposal{}, err
	}
	cat, _ := CategoryByKey(in.Category)
	now := s.now()
	p := Proposal{ID: primitive.NewObjectID().Hex(), Revokes: revokes, Kind: KindProposal, BodyID: body.ID, BodyKind: body.Kind,
		Title: in.Title, Body: in.Body, Category: in.Category, Art24: cat.Art24, Convene: in.Convene, FlowKey: in.Flow,
		Status: StatusDraft, Proposer: a.AccountID, ProposerNo: a.ResidentNo, ProposerName: a.Name,
		Links: nonNil(in.Links), Files: []Attachment{}, CreatedAt: now, ActivityAt: now,
		History: []HistoryEntry{{Action: "create", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now}}}
	if err := s.insert(ctx, v.ID, db, p); err != nil {
		return Proposal{}, fmt.Errorf("create proposal: %w", err)
	}
	return p, s.write(ctx, v.ID, a, "proposal.create", p.ID, p.Title)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Edit replaces a draft's contents; only its proposer may, and only while
// it is a draft.
func (s *Service) Edit(ctx context.Context, v org.Org, a web.Actor, id string, in ProposalInput) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Proposer != a.AccountID {
		return Proposal{}, ErrNotProposer
	}
	if p.Status != StatusDraft {
		return Proposal{}, ErrNotDraft
	}
	body, _, err := s.checkInput(ctx, v, &in)
	if err != nil {
		return Proposal{}, err
	}
	revokes, err := s.checkRevokes(ctx, v.ID, db, in.Revokes)
	if err != nil {
		return Proposal{}, err
	}
	cat, _ := CategoryByKey(in.Category)
	now := s.now()
	out, err := s.modify(ctx, v.ID, db,
		bson.M{"_id": id, "status": StatusDraft, "proposer": a.AccountID},
		bson.M{"$set": bson.M{"body_id": body.ID, "body_kind": body.Kind, "title": in.Title, "body": in.Body,
			"category": in.Category, "art24": cat.Art24, "convene": in.Convene, "flow_key": in.Flow,
			"links": nonNil(in.Links), "revokes": revokes, "activity_at": now},
			"$push": bson.M{"history": HistoryEntry{Action: "edit", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now}}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrNotDraft
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("edit proposal %s: %w", id, err)
	}
	return out, s.write(ctx, v.ID, a, "proposal.edit", out.ID, out.Title)
}

// Submit puts a draft into its flow. The proposal copies the village's
// current version of the flow and keeps it; a demand to convene freezes its
// threshold from the register of the day. The proposer is its first signature.
func (s *Service) Submit(ctx context.Context, v org.Org, a web.Actor, id string) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Proposer != a.AccountID {
		return Proposal{}, ErrNotProposer
	}
	if p.Status != StatusDraft {
		return Proposal{}, ErrNotDraft
	}
	in := ProposalInput{BodyID: p.BodyID, Title: p.Title, Body: p.Body, Category: p.Category, Flow: p.FlowKey, Convene: p.Convene, Links: p.Links}
	_, flow, err := s.checkInput(ctx, v, &in)
	if err != nil {
		return Proposal{}, err
	}
	set := bson.M{"status": StatusSubmitted, "flow": flow, "current": currentOf(flow, 0), "submitted_at": s.now(), "activity_at": s.now()}
	if p.Convene != "" {
		th, err := s.conveneThreshold(ctx, v, p.Convene)
		if err != nil {
			return Proposal{}, err
		}
		set["threshold"] = th
	} else if p.Petition != "" {
		th, err := s.petitionThreshold(ctx, v, p.Petition)
		if err != nil {
			return Proposal{}, err
		}
		set["threshold"] = th
	}
	_, err = s.modify(ctx, v.ID, db, bson.M{"_id": id, "status": StatusDraft, "proposer": a.AccountID},
		bson.M{"$set": set, "$push": bson.M{"history": HistoryEntry{Step: flow.Steps[0].Key, Action: "submit", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: s.now()}}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrNotDraft
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("submit proposal %s: %w", id, err)
	}
	s.follow(ctx, db, id, a.AccountID)
	if _, err := s.sign(ctx, v, a, id, KindProposal, true); err != nil && !errors.Is(err, ErrAlreadySigned) {
		return Proposal{}, err
	}
	out, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	return out, s.write(ctx, v.ID, a, "proposal.submit", out.ID, out.Flow.Key+"@"+strconv.Itoa(out.Flow.Version))
}

func currentOf(f Flow, i int) *Current {
	if i >= len(f.Steps) {
		return &Current{Index: i, Key: "done", NameZh: "已办结", NameEn: "Done", Kind: "done"}
	}
	st := f.Steps[i]
	return &Current{Index: i, Key: st.Key, NameZh: st.NameZh, NameEn: st.NameEn, Kind: st.Kind}
}

// Get returns a proposal. A draft is shown to its proposer only; to anyone
// else it does not exist.
func (s *Service) Get(ctx context.Context, villageID string, a web.Actor, id string) (Proposal, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.fetch(ctx, villageID, db, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Status == StatusDraft && p.Proposer != a.AccountID {
		return Proposal{}, ErrNotFound
	}
	return p, nil
}

// Subject describes a proposal to the vote module, which checks V2026 Art. 28
// before opening a vote on it.
func (s *Service) Subject(ctx context.Context, villageID, proposalID string) (SubjectInfo, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return SubjectInfo{}, err
	}
	p, err := s.fetch(ctx, villageID, db, proposalID)
	if err != nil {
		return SubjectInfo{}, err
	}
	if p.Status == StatusDraft {
		return SubjectInfo{}, ErrNotFound
	}
	set, err := s.Settings(ctx, villageID)
	if err != nil {
		return SubjectInfo{}, err
	}
	return SubjectInfo{ID: p.ID, Title: p.Title, Category: subjectCategory(p), Art24: p.Art24, Status: p.Status,
		AuthorisedForRepresentatives: p.Art24 && set.Authorised(p.Category), Revokes: p.Revokes,
		RevocationAuthorised: set.RevocationAuthorised(),
		CEOItem:              CollectiveItem(p.Category), CollectiveOrganisation: set.CollectiveOrganisation}, nil
}
