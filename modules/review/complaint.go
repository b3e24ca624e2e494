package review

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Complaints (V2026 Art. 36; U2026 Art. 35): a resident reports to the street that the village
// did not publish what it must, or published something untrue. The street
// investigates and answers with a finding and, where founded, an order the
// village carries out itself (complaint_finding.go); the older answer,
// returning it with guidance, stays. The village corrects its own
// disclosure (V2026 Art. 6 ¶1). A complaint lives in the village's database,
// like everything about the village.

const collComplaints = "complaints"

// Complaint statuses: a complaint waits for the street, then is returned to
// the village with guidance, or answered with a finding (complaint_finding.go).
const (
	ComplaintSubmitted = "submitted"
	ComplaintReturned  = "returned"
)

// ComplaintInput is what a resident reports.
type ComplaintInput struct {
	Kind     string `json:"kind" validate:"required,oneof=unpublished untrue"`
	Subject  string `json:"subject" validate:"required,max=100"`
	Text     string `json:"text" validate:"required,max=4000"`
	NoticeID string `json:"notice_id" validate:"max=64"`
}

// ReturnInput is the street's guidance to the village.
type ReturnInput struct {
	Guidance string `json:"guidance" validate:"required,min=4,max=4000"`
	Basis    string `json:"basis" validate:"max=300"`
}

// Complaint is one report and the street's answer.
type Complaint struct {
	ID          string    `json:"id" bson:"_id"`
	VillageID   string    `json:"village_id" bson:"village_id"`
	VillagePath string    `json:"village_path" bson:"village_path"`
	Kind        string    `json:"kind" bson:"kind"`
	Subject     string    `json:"subject" bson:"subject"`
	Text        string    `json:"text" bson:"text"`
	NoticeID    string    `json:"notice_id,omitempty" bson:"notice_id,omitempty"`
	Account     string    `json:"-" bson:"account"`
	ResidentNo  string    `json:"resident_no,omitempty" bson:"resident_no"`
	At          time.Time `json:"at,omitzero" bson:"at"`
	Status      string    `json:"status" bson:"status"`
	Guidance    string    `json:"guidance,omitempty" bson:"guidance,omitempty"`
	Basis       string    `json:"basis,omitempty" bson:"basis,omitempty"`
	ReturnedBy  string    `json:"returned_by,omitempty" bson:"returned_by,omitempty"`
	ReturnedAt  time.Time `json:"returned_at,omitzero" bson:"returned_at,omitempty"`
	// The street's finding (complaint_finding.go) and the village's report
	// that it carried out the order.
	Finding    string    `json:"finding,omitempty" bson:"finding,omitempty"`
	Facts      string    `json:"facts,omitempty" bson:"facts,omitempty"`
	Order      string    `json:"order,omitempty" bson:"order,omitempty"`
	OrderDue   time.Time `json:"order_due,omitzero" bson:"order_due,omitempty"`
	AnsweredBy string    `json:"-" bson:"answered_by,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero" bson:"answered_at,omitempty"`
	DoneNote   string    `json:"done_note,omitempty" bson:"done_note,omitempty"`
	DoneBy     string    `json:"-" bson:"done_by,omitempty"`
	DoneAt     time.Time `json:"done_at,omitzero" bson:"done_at,omitempty"`
}

// Errors of complaints.
var (
	ErrComplaintNotFound  = web.New(404, "complaint_not_found", "找不到该反映", "No such complaint")
	ErrComplaintReturned  = web.New(409, "complaint_returned", "该反映已经交回村里", "This complaint has already been returned to the village")
	ErrComplaintNotFromIt = web.New(403, "not_resident", "只能向街道反映本村的村务公开问题", "You may report only about your own village")
)

// ForVillage hides who complained: the village sees the complaint and the
// street's guidance, not the resident, so nobody is pressed for reporting.
func (c Complaint) ForVillage() Complaint {
	c.ResidentNo = ""
	return c
}

// Complain records a resident's complaint about their own village.
func (s *Service) Complain(ctx context.Context, villageID string, who web.Actor, residentNo string, in ComplaintInput) (Complaint, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Complaint{}, err
	}
	if residentNo == "" {
		return Complaint{}, ErrComplaintNotFromIt
	}
	c := Complaint{ID: primitive.NewObjectID().Hex(), VillageID: v.ID, VillagePath: v.Path, Kind: in.Kind, Subject: in.Subject,
		Text: in.Text, NoticeID: in.NoticeID, Account: who.AccountID, ResidentNo: residentNo, At: s.minutes.Now(), Status: ComplaintSubmitted}
	if _, err := s.store.Village(villageID).Collection(collComplaints).InsertOne(ctx, c); err != nil {
		return Complaint{}, fmt.Errorf("lodge complaint: %w", err)
	}
	// The audit line names the complaint, not who made it: the village's
	// secretary reads this chain, and complainants are not to be pressed
	// (V2026 Art. 36). The complainant is kept with the complaint, for the street.
	anonymous := web.Actor{AccountID: "resident", Role: who.Role, Path: who.Path}
	return c, s.write(ctx, villageID, anonymous, "complaint.create", "complaint/"+c.ID, c.Kind)
}

func (s *Service) complaints(ctx context.Context, villageID string, filter bson.M) ([]Complaint, error) {
	cur, err := s.store.Village(villageID).Collection(collComplaints).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	out := []Complaint{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	return out, nil
}

// Complaints lists the complaints about a village, newest first, without
// the complainants.
func (s *Service) Complaints(ctx context.Context, villageID string) ([]Complaint, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return nil, err
	}
	out, err := s.complaints(ctx, villageID, bson.M{})
	for i := range out {
		out[i] = out[i].ForVillage()
	}
	return out, err
}

// MyComplaints lists the complaints one account lodged about a village.
func (s *Service) MyComplaints(ctx context.Context, villageID, account string) ([]Complaint, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return nil, err
	}
	return s.complaints(ctx, villageID, bson.M{"account": account})
}

// Complaint returns one complaint, as the street sees it.
func (s *Service) Complaint(ctx context.Context, villageID, id string) (Complaint, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return Complaint{}, err
	}
	var c Complaint
	err := s.store.Village(villageID).Collection(collComplaints).FindOne(ctx, bson.M{"_id": id}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Complaint{}, ErrComplaintNotFound
	}
	if err != nil {
		return Complaint{}, fmt.Errorf("get complaint: %w", err)
	}
	return c, nil
}

// ComplaintQueue is the complaints waiting for a street, oldest first.
func (s *Service) ComplaintQueue(ctx context.Context, streetID string) ([]Complaint, error) {
	villages, err := s.villagesUnder(ctx, streetID)
	if err != nil {
		return nil, err
	}
	out := []Complaint{}
	for _, o := range villages {
		cs, err := s.complaints(ctx, o.ID, bson.M{"status": ComplaintSubmitted})
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// ReturnComplaint returns a complaint to the village with the street's
// guidance, once: the only thing the street does with a complaint.
func (s *Service) ReturnComplaint(ctx context.Context, villageID, id string, who web.Actor, in ReturnInput) (Complaint, error) {
	if _, err := s.Complaint(ctx, villageID, id); err != nil {
		return Complaint{}, err
	}
	res, err := s.store.Village(villageID).Collection(collComplaints).UpdateOne(ctx, bson.M{"_id": id, "status": ComplaintSubmitted},
		bson.M{"$set": bson.M{"status": ComplaintReturned, "guidance": in.Guidance, "basis": in.Basis, "returned_by": who.AccountID, "returned_at": s.minutes.Now()}})
	if err != nil {
		return Complaint{}, fmt.Errorf("return complaint: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Complaint{}, ErrComplaintReturned // or answered with a finding: either way, no longer waiting
	}
	out, err := s.Complaint(ctx, villageID, id)
	if err != nil {
		return Complaint{}, err
	}
	return out, s.write(ctx, villageID, who, "complaint.return", "complaint/"+out.ID, "")
}
