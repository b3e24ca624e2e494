package evaluation

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"yishi/modules/audit"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Collections, in the village's database. The open marker's unique _id
// keeps one evaluation open at a time, however many hosts race.
const (
	collEvaluations = "evaluations"
	collOpen        = "evaluation_open"
	openMarker      = "open"
)

// Errors of the evaluation.
var (
	ErrNotFound     = web.New(404, "evaluation_not_found", "找不到这次民主评议", "No such evaluation")
	ErrOneOpen      = web.New(409, "evaluation_open", "已有一次民主评议正在进行，请先结束它", "An evaluation is already open; close it first")
	ErrNoMembers    = web.New(422, "no_committee_members", "本村（社区）还没有登记村（居）民委员会成员（机构编号 committee），无法评议", "The village has no committee members on record (body committee) to evaluate")
	ErrClosed       = web.New(409, "evaluation_closed", "这次民主评议已经结束", "This evaluation is closed")
	ErrWrongMeeting = web.New(422, "evaluation_meeting", "民主评议由村（居）民会议或村（居）民代表会议进行（村委会组织法2026年版第三十八条第一款；居委会组织法2026年版第三十七条）",
		"The evaluation is made by the villagers' (residents') meeting or the representatives' meeting (V2026 Art. 38 ¶1; U2026 Art. 37)")
)

// Service holds the evaluations.
type Service struct {
	store *store.Store
	orgs  *org.Service
	votes *vote.Service
	audit *audit.Log
	now   func() time.Time
}

// NewService makes the service and registers its subjects with the vote
// engine.
func NewService(st *store.Store, orgs *org.Service, votes *vote.Service, log *audit.Log, now func() time.Time) *Service {
	s := &Service{store: st, orgs: orgs, votes: votes, audit: log, now: now}
	votes.RegisterSubjects(SubjectKind, subjects{s})
	return s
}

func (s *Service) coll(villageID string) *mongo.Collection {
	return s.store.Village(villageID).Collection(collEvaluations)
}

// OpenInput is what the host gives.
type OpenInput struct {
	MeetingKind vote.MeetingKind `json:"meeting_kind" validate:"required,oneof=villagers_meeting representatives_meeting residents_meeting"`
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Open starts an evaluation of every committee member: one secret vote
// each, with the three ratings, for the meeting's electorate.
func (s *Service) Open(ctx context.Context, villageID string, a web.Actor, in OpenInput) (Evaluation, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Evaluation{}, err
	}
	community := v.Kind == org.KindCommunity
	if in.MeetingKind == vote.ResidentsMeeting != community && in.MeetingKind != vote.RepresentativesMeeting {
		return Evaluation{}, ErrWrongMeeting
	}
	members, err := s.committee(ctx, villageID)
	if err != nil {
		return Evaluation{}, err
	}
	if len(members) == 0 {
		return Evaluation{}, ErrNoMembers
	}
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return Evaluation{}, err
	}
	db := s.store.Village(villageID)
	now := s.now()
	if _, err := db.Collection(collOpen).InsertOne(ctx, bson.M{"_id": openMarker, "at": now}); store.IsDuplicate(err) {
		return Evaluation{}, ErrOneOpen
	} else if err != nil {
		return Evaluation{}, fmt.Errorf("open evaluation: %w", err)
	}
	release := func() {
		_, _ = db.Collection(collOpen).DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": openMarker})
	}
	zh, en := basis(community)
	e := Evaluation{ID: newID(), Year: web.LocalYear(now), MeetingKind: in.MeetingKind, Status: StatusOpen, HostedBy: a.AccountID, HostName: a.Name,
		OpenedAt: now, Members: members, BasisZh: zh, BasisEn: en}
	if _, err := s.coll(villageID).InsertOne(ctx, e); err != nil {
		release()
		return Evaluation{}, fmt.Errorf("open evaluation: %w", err)
	}
	for i, m := range e.Members {
		vt, err := s.votes.Open(ctx, villageID, a, vote.OpenRequest{SubjectKind: SubjectKind, SubjectID: e.ID + "." + m.ResidentNo,
			MeetingKind: in.MeetingKind, Secret: true, Options: Options})
		if err != nil {
			_, _ = s.coll(villageID).DeleteOne(context.WithoutCancel(ctx), bson.M{"_id": e.ID})
			release()
			return Evaluation{}, err
		}
		e.Members[i].VoteID = vt.ID
	}
	if _, err := s.coll(villageID).UpdateOne(ctx, bson.M{"_id": e.ID}, bson.M{"$set": bson.M{"members": e.Members}}); err != nil {
		return Evaluation{}, fmt.Errorf("open evaluation: %w", err)
	}
	return e, s.audit.Write(ctx, db, a, "evaluation.open", e.ID, string(e.MeetingKind))
}

// committee are the members of the committee body, by name.
func (s *Service) committee(ctx context.Context, villageID string) ([]Rated, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	var out []Rated
	for _, b := range bodies {
		if b.ID != proposal.CommitteeBody {
			continue
		}
		for _, m := range b.Members {
			name := m.ResidentNo
			if r, err := s.orgs.Resident(ctx, villageID, m.ResidentNo); err == nil {
				name = r.Name
			}
			out = append(out, Rated{ResidentNo: m.ResidentNo, Name: name})
		}
	}
	return out, nil
}

// Get returns one evaluation.
func (s *Service) Get(ctx context.Context, villageID, id string) (Evaluation, error) {
	var e Evaluation
	err := s.coll(villageID).FindOne(ctx, bson.M{"_id": id}).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Evaluation{}, ErrNotFound
	}
	if err != nil {
		return Evaluation{}, fmt.Errorf("read evaluation %s: %w", id, err)
	}
	return e, nil
}

// List returns the village's evaluations, newest first.
func (s *Service) List(ctx context.Context, villageID string) ([]Evaluation, error) {
	cur, err := s.coll(villageID).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "opened_at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list evaluations: %w", err)
	}
	out := []Evaluation{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list evaluations: %w", err)
	}
	return out, nil
}

// previous is the last closed evaluation before e.
func (s *Service) previous(ctx context.Context, villageID string, e Evaluation) (*Evaluation, error) {
	var p Evaluation
	err := s.coll(villageID).FindOne(ctx, bson.M{"status": StatusClosed, "opened_at": bson.M{"$lt": e.OpenedAt}},
		options.FindOne().SetSort(bson.D{{Key: "opened_at", Value: -1}})).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read previous evaluation: %w", err)
	}
	return &p, nil
}

// Close closes each member's vote and records the results; a member rated
// 不称职 by the majority here and in the previous evaluation leaves the
// committee, and the record says so with the article.
func (s *Service) Close(ctx context.Context, villageID string, id string, who web.Actor) (Evaluation, error) {
	e, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Evaluation{}, err
	}
	if e.Status != StatusOpen {
		return Evaluation{}, ErrClosed
	}
	prev, err := s.previous(ctx, villageID, e)
	if err != nil {
		return Evaluation{}, err
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Evaluation{}, err
	}
	community := v.Kind == org.KindCommunity
	var ended []string
	for i := range e.Members {
		m := &e.Members[i]
		vt, _, err := s.votes.Get(ctx, villageID, m.VoteID)
		if err != nil {
			return Evaluation{}, err
		}
		if vt.Status == vote.StatusOpen {
			if vt, err = s.votes.Close(ctx, villageID, m.VoteID, who); err != nil {
				return Evaluation{}, err
			}
		}
		r := vt.Result
		if r == nil {
			r = &vote.Result{Counts: map[string]int{}}
		}
		m.Fit, m.Basic, m.Unfit, m.Voters, m.Counted = r.Counts[RateFit], r.Counts[RateBasic], r.Counts[RateUnfit], r.Voters, r.AttendanceMet
		m.UnfitByMajority = m.Counted && m.Voters > 0 && 2*m.Unfit > m.Voters
		m.OfficeEnded = m.UnfitByMajority && prev != nil && prev.unfit(m.ResidentNo)
		if m.OfficeEnded {
			ended = append(ended, m.ResidentNo)
		}
		m.ResultZh, m.ResultEn = resultWords(*m, community)
	}
	res, err := s.coll(villageID).UpdateOne(ctx, bson.M{"_id": e.ID, "status": StatusOpen},
		bson.M{"$set": bson.M{"status": StatusClosed, "closed_at": s.now(), "members": e.Members}})
	if err != nil {
		return Evaluation{}, fmt.Errorf("close evaluation %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return Evaluation{}, ErrClosed
	}
	_, _ = s.store.Village(villageID).Collection(collOpen).DeleteOne(ctx, bson.M{"_id": openMarker})
	if len(ended) > 0 {
		if err := s.endOffice(ctx, villageID, ended, who); err != nil {
			return Evaluation{}, err
		}
	}
	out, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Evaluation{}, err
	}
	return out, s.audit.Write(ctx, s.store.Village(villageID), who, "evaluation.close", out.ID, "")
}

func (e Evaluation) unfit(no string) bool {
	for _, m := range e.Members {
		if m.ResidentNo == no {
			return m.UnfitByMajority
		}
	}
	return false
}

// endOffice takes the members whose office ended off the committee body.
func (s *Service) endOffice(ctx context.Context, villageID string, nos []string, who web.Actor) error {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return err
	}
	for _, b := range bodies {
		if b.ID != proposal.CommitteeBody {
			continue
		}
		keep := []org.Member{}
		for _, m := range b.Members {
			out := false
			for _, no := range nos {
				out = out || m.ResidentNo == no
			}
			if !out {
				keep = append(keep, m)
			}
		}
		return s.orgs.SetMembers(ctx, who, villageID, b.ID, keep)
	}
	return nil
}

// resultWords say a member's result in words, with the numbers and, where
// it applies, the end of office and its article.
func resultWords(m Rated, community bool) (zh, en string) {
	if !m.Counted {
		return fmt.Sprintf("%s：参加评议的人数不足法定人数（%d人），本次评议不计", m.Name, m.Voters),
			fmt.Sprintf("%s: too few took part (%d) for the meeting's quorum; this rating does not count", m.Name, m.Voters)
	}
	zh = fmt.Sprintf("%s：%d人参加评议，称职%d票，基本称职%d票，不称职%d票", m.Name, m.Voters, m.Fit, m.Basic, m.Unfit)
	en = fmt.Sprintf("%s: %d rated; fit %d, basically fit %d, unfit %d", m.Name, m.Voters, m.Fit, m.Basic, m.Unfit)
	if m.UnfitByMajority {
		zh += "，过半数评为不称职"
		en += "; rated unfit by more than half"
	}
	if m.OfficeEnded {
		law, lawEn := "村委会组织法2026年版第三十八条第二款", "V2026 Art. 38 ¶2"
		if community {
			law, lawEn = "居委会组织法2026年版第三十七条第二款", "U2026 Art. 37 ¶2"
		}
		zh += "；连续两次被评议不称职，依照" + law + "，其职务终止"
		en += "; rated unfit in two consecutive evaluations, so under " + lawEn + " their office ends"
	}
	return zh, en
}

// Overdue says whether the last full year passed without a closed
// evaluation (V2026 Art. 38 ¶1: 每年至少进行一次), and which year. A year the
// village did not exist through in full is not counted.
func (s *Service) Overdue(ctx context.Context, v org.Org) (int, bool, error) {
	now := s.now()
	year := web.LocalYear(now) - 1
	if v.CreatedAt.IsZero() || web.LocalYear(v.CreatedAt) >= year {
		return 0, false, nil
	}
	n, err := s.coll(v.ID).CountDocuments(ctx, bson.M{"status": StatusClosed, "year": year})
	if err != nil {
		return 0, false, fmt.Errorf("count evaluations of %d: %w", year, err)
	}
	return year, n == 0, nil
}

// subjects describes a member's evaluation to the vote engine.
type subjects struct{ s *Service }

func (x subjects) Subject(ctx context.Context, villageID, id string) (vote.Subject, error) {
	evalID, no, ok := strings.Cut(id, ".")
	if !ok {
		return vote.Subject{}, ErrNotFound
	}
	e, err := x.s.Get(ctx, villageID, evalID)
	if err != nil {
		return vote.Subject{}, err
	}
	for _, m := range e.Members {
		if m.ResidentNo == no {
			return vote.Subject{Title: fmt.Sprintf("%d年民主评议：%s", e.Year, m.Name), Category: SubjectKind}, nil
		}
	}
	return vote.Subject{}, ErrNotFound
}
