package review

import (
	"context"
	"fmt"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/org"
	"yishi/modules/web"
)

// The street's answer to a complaint is a finding with an order, not advice
// (V2026 Art. 36; U2026 Art. 35: the government investigates, verifies and
// orders publication). The street finds the facts; the village carries out
// the order itself and says so: the street never publishes on the village's
// board nor decides the village's matter (V2026 Art. 6 ¶1).

// More complaint statuses: answered with a finding; the order carried out.
const (
	ComplaintAnswered   = "answered"
	ComplaintCarriedOut = "carried_out"
)

// Findings of the street.
const (
	FindingFounded   = "founded"   // the matter was unpublished or untrue: the village must publish it
	FindingUnfounded = "unfounded" // verified: the village's disclosure stands
)

// FindingInput is the street's finding after investigating. A founded
// complaint carries the order and the days the village has to carry it out.
type FindingInput struct {
	Finding string `json:"finding" validate:"required,oneof=founded unfounded"`
	Facts   string `json:"facts" validate:"required,min=4,max=4000"`
	Order   string `json:"order" validate:"required_if=Finding founded,max=4000"`
	DueDays int    `json:"due_days" validate:"required_if=Finding founded,omitempty,min=1,max=60"`
}

// CarriedOutInput is the village's report that it carried out the order.
type CarriedOutInput struct {
	Note string `json:"note" validate:"required,min=4,max=2000"`
}

// Errors of findings.
var (
	ErrComplaintAnswered = web.New(409, "complaint_answered", "该反映已经答复", "This complaint has already been answered")
	ErrNoOrder           = web.New(409, "complaint_no_order", "这件反映没有需要执行的整改要求", "This complaint has no order to carry out")
)

// basisOf is the article the finding rests on: the village law for a
// village, the urban law for a community.
func basisOf(v org.Org) string {
	if v.Kind == org.KindCommunity {
		return "U2026 Art. 35"
	}
	return "V2026 Art. 36"
}

// AnswerComplaint records the street's finding, once. An unfounded
// complaint carries no order.
func (s *Service) AnswerComplaint(ctx context.Context, villageID, id string, who web.Actor, in FindingInput) (Complaint, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Complaint{}, err
	}
	if _, err := s.Complaint(ctx, villageID, id); err != nil {
		return Complaint{}, err
	}
	now := s.minutes.Now()
	set := bson.M{"status": ComplaintAnswered, "finding": in.Finding, "facts": in.Facts, "basis": basisOf(v),
		"answered_by": who.AccountID, "answered_at": now}
	if in.Finding == FindingFounded {
		set["order"] = in.Order
		set["order_due"] = now.Add(time.Duration(in.DueDays) * 24 * time.Hour)
	}
	res, err := s.store.Village(villageID).Collection(collComplaints).UpdateOne(ctx, bson.M{"_id": id, "status": ComplaintSubmitted}, bson.M{"$set": set})
	if err != nil {
		return Complaint{}, fmt.Errorf("answer complaint: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Complaint{}, ErrComplaintAnswered
	}
	out, err := s.Complaint(ctx, villageID, id)
	if err != nil {
		return Complaint{}, err
	}
	return out, s.write(ctx, villageID, who, "complaint.answer", "complaint/"+out.ID, out.Finding)
}

// CarryOut records that the village carried out the street's order, with
// what it did (e.g. the notice it published).
func (s *Service) CarryOut(ctx context.Context, villageID, id string, who web.Actor, in CarriedOutInput) (Complaint, error) {
	c, err := s.Complaint(ctx, villageID, id)
	if err != nil {
		return Complaint{}, err
	}
	if c.Finding != FindingFounded {
		return Complaint{}, ErrNoOrder
	}
	res, err := s.store.Village(villageID).Collection(collComplaints).UpdateOne(ctx, bson.M{"_id": id, "status": ComplaintAnswered},
		bson.M{"$set": bson.M{"status": ComplaintCarriedOut, "done_note": in.Note, "done_by": who.AccountID, "done_at": s.minutes.Now()}})
	if err != nil {
		return Complaint{}, fmt.Errorf("carry out order: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Complaint{}, ErrComplaintAnswered
	}
	out, err := s.Complaint(ctx, villageID, id)
	if err != nil {
		return Complaint{}, err
	}
	return out, s.write(ctx, villageID, who, "complaint.comply", "complaint/"+out.ID, "")
}

// OrdersToCarryOut are the village's founded complaints whose order is
// not yet carried out, the earliest due first.
func (s *Service) OrdersToCarryOut(ctx context.Context, villageID string) ([]Complaint, error) {
	cs, err := s.complaints(ctx, villageID, bson.M{"status": ComplaintAnswered, "finding": FindingFounded})
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i] = cs[i].ForVillage()
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].OrderDue.Before(cs[j].OrderDue) })
	return cs, nil
}
