package proposal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Recall is who a recall petition names, and what they answered (V2026
// Art. 19 ¶1; U2026 Art. 20 ¶1: 被提出罢免的成员有权提出申辩意见). The
// reasons are the petition's body.
type Recall struct {
	MemberNo    string    `bson:"member_no" json:"member_no"`
	MemberName  string    `bson:"member_name" json:"member_name"`
	Response    string    `bson:"response,omitempty" json:"response,omitempty"`
	RespondedAt time.Time `bson:"responded_at,omitempty" json:"responded_at,omitzero"`
}

// PetitionInput is what a resident writes to start a petition.
type PetitionInput struct {
	Kind  string `json:"kind" validate:"required,oneof=audit recall"`
	Title string `json:"title" validate:"required,max=120"`
	// Body is the matter to audit, or the reasons for the recall.
	Body string `json:"body" validate:"max=10000"`
	// Member is the committee member a recall names, picked from the list
	// of committee members (CommitteeMembers).
	Member string `json:"member" validate:"omitempty,max=32"`
}

// Errors of petitions.
var (
	ErrRecallReasons = &web.Error{Status: 422, Code: "validation_failed", Message: "罢免要求须说明理由（村委会组织法2026年版第十九条第一款）",
		MessageEn: "A recall demand must give its reasons (V2026 Art. 19 ¶1)",
		Fields:    map[string]web.FieldError{"body": {Message: "须说明要求罢免的理由", MessageEn: "give the reasons for the recall"}}}
	ErrNotCommitteeMember = &web.Error{Status: 422, Code: "validation_failed", Message: "只能要求罢免村（居）民委员会成员",
		MessageEn: "Only a member of the villagers' (residents') committee can be recalled",
		Fields:    map[string]web.FieldError{"member": {Message: "请从委员会成员名单中选择", MessageEn: "pick a member of the committee"}}}
	ErrNotNamed = web.New(403, "not_named", "只有被要求罢免的成员本人可以申辩（村委会组织法2026年版第十九条第一款）",
		"Only the member the recall names may respond (V2026 Art. 19 ¶1)")
	ErrNotRecall = web.New(422, "not_recall", "这不是罢免要求", "This is not a recall demand")
)

// CommitteeMember is one member of the committee, by name.
type CommitteeMember struct {
	ResidentNo string `json:"resident_no"`
	Name       string `json:"name"`
	Role       string `json:"role"`
}

// CommitteeMembers are the members of the village's committee body, by name.
func (s *Service) CommitteeMembers(ctx context.Context, villageID string) ([]CommitteeMember, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := []CommitteeMember{}
	for _, b := range bodies {
		if b.ID != CommitteeBody {
			continue
		}
		for _, m := range b.Members {
			name := m.ResidentNo
			if r, err := s.orgs.Resident(ctx, villageID, m.ResidentNo); err == nil {
				name = r.Name
			}
			out = append(out, CommitteeMember{ResidentNo: m.ResidentNo, Name: name, Role: m.Role})
		}
	}
	return out, nil
}

// councilBody is the body a petition is addressed through: the village's
// first council (the committee receives it).
func (s *Service) councilBody(ctx context.Context, villageID string) (string, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return "", err
	}
	for _, b := range bodies {
		if b.Kind == org.BodyCouncil && b.ID != CommitteeBody {
			return b.ID, nil
		}
	}
	return "", invalid("kind", "本村还没有议事会，无法发起联名", "the village has no council to receive a petition")
}

// CreatePetition starts a petition: it is submitted at once, with its
// threshold frozen from today's register and the proposer's signature.
func (s *Service) CreatePetition(ctx context.Context, v org.Org, a web.Actor, in PetitionInput) (Proposal, error) {
	var recall *Recall
	if in.Kind == PetitionRecall {
		if strings.TrimSpace(in.Body) == "" {
			return Proposal{}, ErrRecallReasons
		}
		ms, err := s.CommitteeMembers(ctx, v.ID)
		if err != nil {
			return Proposal{}, err
		}
		for _, m := range ms {
			if m.ResidentNo == in.Member {
				recall = &Recall{MemberNo: m.ResidentNo, MemberName: m.Name}
			}
		}
		if recall == nil {
			return Proposal{}, ErrNotCommitteeMember
		}
	}
	body, err := s.councilBody(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Create(ctx, v, a, ProposalInput{BodyID: body, Title: in.Title, Body: in.Body, Category: "other", Flow: FlowMinor})
	if err != nil {
		return Proposal{}, err
	}
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	set := bson.M{"petition": in.Kind}
	if recall != nil {
		set["recall"] = recall
	}
	if _, err := s.modify(ctx, v.ID, db, bson.M{"_id": p.ID, "status": StatusDraft}, bson.M{"$set": set}); err != nil {
		return Proposal{}, fmt.Errorf("mark petition %s: %w", p.ID, err)
	}
	out, err := s.Submit(ctx, v, a, p.ID)
	if err != nil {
		return Proposal{}, err
	}
	return out, s.write(ctx, v.ID, a, "petition.create", out.ID, in.Kind+": "+out.Title)
}

// RespondToRecall records the named member's response, shown with the
// demand; a later response replaces it.
func (s *Service) RespondToRecall(ctx context.Context, v org.Org, a web.Actor, id, text string) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Petition != PetitionRecall || p.Recall == nil {
		return Proposal{}, ErrNotRecall
	}
	if a.VillageID != v.ID || a.ResidentNo == "" || a.ResidentNo != p.Recall.MemberNo {
		return Proposal{}, ErrNotNamed
	}
	now := s.now()
	out, err := s.modify(ctx, v.ID, db, bson.M{"_id": id},
		bson.M{"$set": bson.M{"recall.response": text, "recall.responded_at": now, "activity_at": now},
			"$push": bson.M{"history": HistoryEntry{Action: "recall_response", Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now}}})
	if err != nil {
		return Proposal{}, err
	}
	return out, s.write(ctx, v.ID, a, "recall.respond", out.ID, "")
}

// Petitions lists the village's petitions, newest first, open ones and
// reached ones alike, for the board and the home page.
func (s *Service) Petitions(ctx context.Context, villageID string) ([]Proposal, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collProposals).Find(ctx, bson.M{"petition": bson.M{"$in": bson.A{PetitionAudit, PetitionRecall}}})
	if err != nil {
		return nil, fmt.Errorf("list petitions of %s: %w", villageID, err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, fmt.Errorf("list petitions of %s: %w", villageID, err)
	}
	out := []Proposal{}
	for _, x := range ids {
		p, err := s.fetch(ctx, villageID, db, x.ID)
		if err != nil {
			return nil, err
		}
		if p.Status != StatusDraft {
			out = append(out, p)
		}
	}
	for i := 1; i < len(out); i++ { // newest first
		for j := i; j > 0 && out[j].CreatedAt.After(out[j-1].CreatedAt); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// AuditDemand is an audit petition that reached its threshold, with what
// the street recorded of the audit it organises (V2026 Art. 40 ¶2; U2026
// Art. 38 ¶2: the result is published).
type AuditDemand struct {
	ProposalID   string    `bson:"_id" json:"proposal_id"`
	Title        string    `bson:"-" json:"title"`
	Body         string    `bson:"-" json:"body,omitempty"`
	Signatures   int       `bson:"-" json:"signatures"`
	ReachedAt    time.Time `bson:"-" json:"reached_at,omitzero"`
	BasisZh      string    `bson:"-" json:"basis_zh"`
	BasisEn      string    `bson:"-" json:"basis_en"`
	StartedAt    time.Time `bson:"started_at,omitempty" json:"started_at,omitzero"`
	StartedBy    string    `bson:"started_by,omitempty" json:"started_by,omitempty"`
	StartNote    string    `bson:"start_note,omitempty" json:"start_note,omitempty"`
	Result       string    `bson:"result,omitempty" json:"result,omitempty"`
	ResultAt     time.Time `bson:"result_at,omitempty" json:"result_at,omitzero"`
	ResultBy     string    `bson:"result_by,omitempty" json:"result_by,omitempty"`
	StatusZh     string    `bson:"-" json:"status_zh"`
	StatusEn     string    `bson:"-" json:"status_en"`
	ResultPosted bool      `bson:"-" json:"result_published"`
}

const collAuditRecords = "audit_demand_records"

// Errors of the audit's record.
var (
	ErrNoAuditDemand  = web.New(404, "no_audit_demand", "没有达到法定人数的审计要求", "No audit demand that reached its threshold")
	ErrAuditStarted   = web.New(409, "audit_started", "这项审计的开始已经记录过了", "The start of this audit is already recorded")
	ErrAuditNotBegun  = web.New(422, "audit_not_started", "请先记录审计开始，再公布结果", "Record the start of the audit before its result")
	ErrAuditPublished = web.New(409, "audit_published", "这项审计的结果已经公布，不能更改", "This audit's result is published and cannot change")
)

// AuditDemands are the audit petitions that reached their threshold, read
// from the confirmed threshold markers, each with the street's record.
func (s *Service) AuditDemands(ctx context.Context, villageID string) ([]AuditDemand, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collMarkers).Find(ctx, bson.M{"confirmed": true, "obligation.meeting": PetitionAudit})
	if err != nil {
		return nil, fmt.Errorf("read audit demands of %s: %w", villageID, err)
	}
	var ms []marker
	if err := cur.All(ctx, &ms); err != nil {
		return nil, fmt.Errorf("read audit demands of %s: %w", villageID, err)
	}
	out := []AuditDemand{}
	for _, m := range ms {
		p, err := s.fetch(ctx, villageID, db, m.ProposalID)
		if err != nil {
			return nil, err
		}
		var d AuditDemand
		err = db.Collection(collAuditRecords).FindOne(ctx, bson.M{"_id": p.ID}).Decode(&d)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return nil, fmt.Errorf("read audit record %s: %w", p.ID, err)
		}
		d.ProposalID, d.Title, d.Body, d.Signatures = p.ID, p.Title, p.Body, p.Counts.Signatures
		d.ReachedAt, d.BasisZh, d.BasisEn = m.Obligation.ReachedAt, m.Obligation.BasisZh, m.Obligation.BasisEn
		d.ResultPosted = d.Result != ""
		switch {
		case d.Result != "":
			d.StatusZh, d.StatusEn = "审计结果已公布", "The audit's result is published"
		case !d.StartedAt.IsZero():
			d.StatusZh, d.StatusEn = "审计已开始，结果待公布", "The audit has started; its result is to be published"
		default:
			d.StatusZh, d.StatusEn = "联名已达法定人数，待街道（乡镇）组织审计", "The petition reached its threshold; the street (township) is to organise the audit"
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *Service) auditDemand(ctx context.Context, villageID, id string) (AuditDemand, error) {
	ds, err := s.AuditDemands(ctx, villageID)
	if err != nil {
		return AuditDemand{}, err
	}
	for _, d := range ds {
		if d.ProposalID == id {
			return d, nil
		}
	}
	return AuditDemand{}, ErrNoAuditDemand
}

// StartAudit records that the street began the audit a petition demands;
// once (the record's _id is the petition's).
func (s *Service) StartAudit(ctx context.Context, villageID string, a web.Actor, id, note string) (AuditDemand, error) {
	if _, err := s.auditDemand(ctx, villageID, id); err != nil {
		return AuditDemand{}, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return AuditDemand{}, err
	}
	rec := bson.M{"_id": id, "started_at": s.now(), "started_by": a.Name, "start_note": note}
	if _, err := db.Collection(collAuditRecords).InsertOne(ctx, rec); store.IsDuplicate(err) {
		return AuditDemand{}, ErrAuditStarted
	} else if err != nil {
		return AuditDemand{}, fmt.Errorf("record audit start %s: %w", id, err)
	}
	d, err := s.auditDemand(ctx, villageID, id)
	if err != nil {
		return AuditDemand{}, err
	}
	return d, s.write(ctx, villageID, a, "audit_demand.start", d.ProposalID, note)
}

// PublishAuditResult records the audit's result, which is then published
// to the village; once, after its start.
func (s *Service) PublishAuditResult(ctx context.Context, villageID string, a web.Actor, id, result string) (AuditDemand, error) {
	d, err := s.auditDemand(ctx, villageID, id)
	if err != nil {
		return AuditDemand{}, err
	}
	if d.StartedAt.IsZero() {
		return AuditDemand{}, ErrAuditNotBegun
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return AuditDemand{}, err
	}
	res, err := db.Collection(collAuditRecords).UpdateOne(ctx, bson.M{"_id": id, "result": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"result": result, "result_at": s.now(), "result_by": a.Name}})
	if err != nil {
		return AuditDemand{}, fmt.Errorf("record audit result %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return AuditDemand{}, ErrAuditPublished
	}
	if d, err = s.auditDemand(ctx, villageID, id); err != nil {
		return AuditDemand{}, err
	}
	return d, s.write(ctx, villageID, a, "audit_demand.result", d.ProposalID, "")
}
