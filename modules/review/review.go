// Package review is the street's side of village autonomy: villages file
// outcomes, village rules and charters (V2026 Art. 31 ¶1); street officials review
// them within a deadline and either accept or return them with a written
// correction order citing the law or policy contradicted. They never change
// the outcome, the minutes or the votes: those routes belong to the village
// and the negative list refuses them.
package review

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
	"yishi/policies"
)

const collFilings = "filings"

// ReviewDays is how long the street has to review a filing. No national law
// sets it; 30 days follows the common provincial practice for record-filing
// review (备案审查), so a filing never waits without a visible deadline.
const ReviewDays = 30

// Filing statuses.
const (
	StatusFiled    = "filed"
	StatusAccepted = "accepted"
	StatusReturned = "returned"
)

// Filing is an outcome, village rules or a charter filed with the street.
// Its _id is notice:attempt: a returned filing stays as it was, and the
// village files again as the next attempt.
type Filing struct {
	ID          string           `json:"id" bson:"_id"`
	VillageID   string           `json:"village_id" bson:"village_id"`
	VillagePath string           `json:"village_path" bson:"village_path"`
	Kind        string           `json:"kind" bson:"kind"`
	NoticeID    string           `json:"notice_id" bson:"notice_id"`
	Attempt     int              `json:"attempt" bson:"attempt"`
	Title       string           `json:"title" bson:"title"`
	ProposalID  string           `json:"proposal_id,omitempty" bson:"proposal_id,omitempty"`
	MinutesID   string           `json:"minutes_id,omitempty" bson:"minutes_id,omitempty"`
	Note        string           `json:"note,omitempty" bson:"note,omitempty"`
	FiledBy     string           `json:"filed_by" bson:"filed_by"`
	FiledAt     time.Time        `json:"filed_at,omitzero" bson:"filed_at"`
	ReviewDue   time.Time        `json:"review_due,omitzero" bson:"review_due"`
	Status      string           `json:"status" bson:"status"`
	ReviewedBy  string           `json:"reviewed_by,omitempty" bson:"reviewed_by,omitempty"`
	ReviewedAt  time.Time        `json:"reviewed_at,omitzero" bson:"reviewed_at,omitempty"`
	Order       *CorrectionOrder `json:"correction_order,omitempty" bson:"correction_order,omitempty"`
	Overdue     bool             `json:"overdue" bson:"-"`
	// The village's name and kind, on the street's queue: a card says whose
	// filing it is.
	VillageName string `json:"village_name,omitempty" bson:"-"`
	VillageKind string `json:"village_kind,omitempty" bson:"-"`
	// RevokedBy is the decision that revoked or changed the filed one
	// (revoked.go); read, never stored.
	RevokedBy *minutes.Revocation `json:"revoked_by,omitempty" bson:"-"`
}

// CorrectionOrder is the street's written order to correct (责令改正, V2026 Art. 31 ¶3).
type CorrectionOrder struct {
	Basis        string `json:"basis" bson:"basis" validate:"required,min=4,max=300"`
	Reason       string `json:"reason" bson:"reason" validate:"required,min=4,max=2000"`
	ReopenStep   string `json:"reopen_step,omitempty" bson:"reopen_step,omitempty" validate:"max=40"`
	ReopenedStep string `json:"reopened_step,omitempty" bson:"reopened_step,omitempty"`
	ReopenNote   string `json:"reopen_note,omitempty" bson:"reopen_note,omitempty"`
}

// Reopener moves the village's proposal back to a step of its flow.
type Reopener interface {
	Reopen(ctx context.Context, villageID, proposalID, step, actor, reason string) (string, error)
}

// Errors of this module.
var (
	ErrFilingNotFound  = web.New(404, "filing_not_found", "找不到该报备", "No such filing")
	ErrPending         = web.New(409, "filing_pending", "已经报备，正在审查或已通过", "Already filed: under review or accepted")
	ErrNotPending      = web.New(409, "filing_not_pending", "这份报备已经审查过了", "This filing has already been reviewed")
	ErrNotStreet       = web.New(422, "not_street", "请选择街道（乡镇）", "Name a street (township)")
	ErrFilingUnchanged = web.New(409, "filing_unchanged", "报备的决定只能由村里更正后重新报备", "A filed outcome is corrected by the village and filed again, never changed by review")
)

// Service holds the rules of filing and review.
type Service struct {
	store    *store.Store
	orgs     *org.Service
	minutes  *minutes.Service
	audit    *audit.Log
	reopener Reopener
}

// NewService makes the service; reopener may be nil, and then a returned
// filing only records the order and the village files again once corrected.
func NewService(st *store.Store, orgs *org.Service, m *minutes.Service, log *audit.Log, reopener Reopener) *Service {
	st.VillageIndexes(collFilings, mongo.IndexModel{Keys: bson.D{{Key: "status", Value: 1}}})
	st.VillageIndexes(collComplaints, mongo.IndexModel{Keys: bson.D{{Key: "status", Value: 1}}})
	return &Service{store: st, orgs: orgs, minutes: m, audit: log, reopener: reopener}
}

// FileInput is what the secretary files.
type FileInput struct {
	Kind     string `json:"kind" validate:"required,oneof=outcome village_rules charter"`
	NoticeID string `json:"notice_id" validate:"required,max=64"`
	Note     string `json:"note" validate:"max=2000"`
}

var kindOfNotice = map[string]string{"outcome": minutes.NoticeResolution, "village_rules": minutes.NoticeVillageRules, "charter": minutes.NoticeCharter}

// File files a published notice with the street once its notice period is
// over and every objection has a written answer.
func (s *Service) File(ctx context.Context, villageID string, who web.Actor, in FileInput) (Filing, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Filing{}, err
	}
	n, err := s.minutes.ReadyToFile(ctx, villageID, in.NoticeID)
	if err != nil {
		return Filing{}, err
	}
	if kindOfNotice[in.Kind] != n.Kind {
		return Filing{}, web.New(422, "wrong_kind", "报备类别与公示的内容不符", "The filing's kind does not match the notice")
	}
	prior, err := s.byNotice(ctx, villageID, in.NoticeID)
	if err != nil {
		return Filing{}, err
	}
	for _, p := range prior {
		if p.Status != StatusReturned {
			return Filing{}, ErrPending
		}
	}
	now := s.minutes.Now()
	f := Filing{ID: in.NoticeID + ":" + strconv.Itoa(len(prior)+1), VillageID: villageID, VillagePath: v.Path, Kind: in.Kind,
		NoticeID: n.ID, Attempt: len(prior) + 1, Title: n.Title, ProposalID: n.ProposalID, MinutesID: n.MinutesID, Note: in.Note,
		FiledBy: who.AccountID, FiledAt: now, ReviewDue: now.AddDate(0, 0, ReviewDays), Status: StatusFiled}
	// The street's queue first: a filing is never stored without its entry.
	if err := s.enqueue(ctx, v, f); err != nil {
		return Filing{}, err
	}
	if _, err := s.store.Village(villageID).Collection(collFilings).InsertOne(ctx, f); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return Filing{}, ErrPending
		}
		// Not stored: take the entry back (if this fails too, Reconcile does).
		_ = s.dequeue(ctx, villageID, f.ID)
		return Filing{}, fmt.Errorf("file: %w", err)
	}
	return f, s.write(ctx, villageID, who, "outcome.file", "filing/"+f.ID, f.Kind)
}

func (s *Service) byNotice(ctx context.Context, villageID, noticeID string) ([]Filing, error) {
	cur, err := s.store.Village(villageID).Collection(collFilings).Find(ctx, bson.M{"notice_id": noticeID})
	if err != nil {
		return nil, fmt.Errorf("list filings: %w", err)
	}
	out := []Filing{}
	return out, cur.All(ctx, &out)
}

// List returns a village's filings, newest first.
func (s *Service) List(ctx context.Context, villageID string) ([]Filing, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return nil, err
	}
	return s.list(ctx, villageID, bson.M{})
}

func (s *Service) list(ctx context.Context, villageID string, filter bson.M) ([]Filing, error) {
	cur, err := s.store.Village(villageID).Collection(collFilings).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "filed_at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list filings: %w", err)
	}
	out := []Filing{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list filings: %w", err)
	}
	now := s.minutes.Now()
	for i := range out {
		out[i].Overdue = out[i].Status == StatusFiled && now.After(out[i].ReviewDue)
	}
	return out, s.markRevoked(ctx, out)
}

// Get returns one filing.
func (s *Service) Get(ctx context.Context, villageID, id string) (Filing, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return Filing{}, err
	}
	var f Filing
	err := s.store.Village(villageID).Collection(collFilings).FindOne(ctx, bson.M{"_id": id}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Filing{}, ErrFilingNotFound
	}
	if err != nil {
		return Filing{}, fmt.Errorf("get filing: %w", err)
	}
	f.Overdue = f.Status == StatusFiled && s.minutes.Now().After(f.ReviewDue)
	one := []Filing{f}
	if err := s.markRevoked(ctx, one); err != nil {
		return Filing{}, err
	}
	return one[0], nil
}

func (s *Service) decide(ctx context.Context, villageID, id string, set bson.M) (Filing, error) {
	if _, err := s.Get(ctx, villageID, id); err != nil {
		if errors.Is(err, ErrFilingNotFound) {
			// An entry whose filing was never stored (a crash): drop it.
			_ = s.dequeue(ctx, villageID, id)
		}
		return Filing{}, err
	}
	res, err := s.store.Village(villageID).Collection(collFilings).UpdateOne(ctx, bson.M{"_id": id, "status": StatusFiled}, bson.M{"$set": set})
	if err != nil {
		return Filing{}, fmt.Errorf("review filing: %w", err)
	}
	// Decided (now, or by someone else before): off the street's queue.
	if err := s.dequeue(ctx, villageID, id); err != nil {
		return Filing{}, err
	}
	if res.ModifiedCount == 0 {
		return Filing{}, ErrNotPending
	}
	return s.Get(ctx, villageID, id)
}

// Accept accepts a filing.
func (s *Service) Accept(ctx context.Context, villageID, id string, who web.Actor) (Filing, error) {
	f, err := s.decide(ctx, villageID, id, bson.M{"status": StatusAccepted, "reviewed_by": who.AccountID, "reviewed_at": s.minutes.Now()})
	if err != nil {
		return Filing{}, err
	}
	return f, s.write(ctx, villageID, who, "filing.accept", "filing/"+f.ID, "")
}

// Return returns a filing with a correction order and, where the filing is
// of a proposal and a reopener is wired, reopens the proposal's flow.
func (s *Service) Return(ctx context.Context, villageID, id string, who web.Actor, order CorrectionOrder) (Filing, error) {
	order.ReopenedStep, order.ReopenNote = "", ""
	f, err := s.decide(ctx, villageID, id, bson.M{"status": StatusReturned, "reviewed_by": who.AccountID, "reviewed_at": s.minutes.Now(), "correction_order": order})
	if err != nil {
		return Filing{}, err
	}
	if f.ProposalID == "" {
		return f, s.write(ctx, villageID, who, "filing.return", "filing/"+f.ID, order.Basis)
	}
	note := "责令改正 correction order: " + order.Basis + " — " + order.Reason
	set := bson.M{}
	if s.reopener == nil {
		set["correction_order.reopen_note"] = "村里更正后重新报备 the village corrects and files again"
	} else if step, err := s.reopener.Reopen(ctx, villageID, f.ProposalID, order.ReopenStep, who.AccountID, note); err != nil {
		set["correction_order.reopen_note"] = web.AsError(err).MessageEn
	} else {
		set["correction_order.reopened_step"] = step
	}
	if _, err := s.store.Village(villageID).Collection(collFilings).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set}); err != nil {
		return Filing{}, fmt.Errorf("record reopening: %w", err)
	}
	out, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Filing{}, err
	}
	return out, s.write(ctx, villageID, who, "filing.return", "filing/"+out.ID, order.Basis)
}

// villagesUnder lists the villages of a street: a street's queues read each
// of their databases.
func (s *Service) villagesUnder(ctx context.Context, streetID string) ([]org.Org, error) {
	street, err := s.orgs.Get(ctx, streetID)
	if err != nil {
		return nil, err
	}
	if street.Level != org.LevelStreet {
		return nil, ErrNotStreet
	}
	all, err := s.orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, o := range all {
		if o.Level == org.LevelVillage && policies.IsUnder(o.Path, street.Path) {
			out = append(out, o)
		}
	}
	return out, nil
}
