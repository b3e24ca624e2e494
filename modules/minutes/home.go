package minutes

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

// The reads a resident's home needs from meetings, minutes and notices.

// Coming are the meetings not yet closed whose day is today or later,
// soonest first, at most limit.
func (s *Service) Coming(ctx context.Context, villageID string, today time.Time, limit int) ([]Meeting, error) {
	all, err := s.List(ctx, villageID)
	if err != nil {
		return nil, err
	}
	var out []Meeting
	for _, m := range all {
		if m.Status != MeetingClosed && !m.StartsAt.Before(today) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Meeting) int { return a.StartsAt.Compare(b.StartsAt) })
	return out[:min(len(out), limit)], nil
}

// Invited reports whether a meeting invites the resident: the electorate
// it has frozen once open, or would freeze on its day.
func (s *Service) Invited(ctx context.Context, villageID string, m Meeting, residentNo string) (bool, error) {
	if m.Electorate != nil {
		_, ok := m.Electorate[residentNo]
		return ok, nil
	}
	nos, err := s.Invitees(ctx, villageID, m)
	if err != nil {
		return false, err
	}
	return slices.Contains(nos, residentNo), nil
}

// ToConfirm are the draft minutes the resident attended in person (not by
// proxy) and has not confirmed.
func (s *Service) ToConfirm(ctx context.Context, villageID, residentNo string) ([]Minutes, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collMinutes).Find(ctx, bson.M{"status": MinutesDraft})
	if err != nil {
		return nil, fmt.Errorf("draft minutes: %w", err)
	}
	var drafts []Minutes
	if err := cur.All(ctx, &drafts); err != nil {
		return nil, fmt.Errorf("draft minutes: %w", err)
	}
	var out []Minutes
	for _, m := range drafts {
		attended := slices.ContainsFunc(m.Attendance, func(a Attendee) bool { return a.ResidentNo == residentNo && a.Method != MethodProxy })
		confirmed := slices.ContainsFunc(m.Confirmed, func(c Confirmation) bool { return c.ResidentNo == residentNo })
		if attended && !confirmed {
			out = append(out, m)
		}
	}
	return out, nil
}

// AnsweredObjections are the account's objections answered since a time,
// newest answer first.
func (s *Service) AnsweredObjections(ctx context.Context, villageID, account string, since time.Time) ([]Objection, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collObjections).Find(ctx, bson.M{"account": account, "answered_at": bson.M{"$gte": since}})
	if err != nil {
		return nil, fmt.Errorf("my objections: %w", err)
	}
	var out []Objection
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("my objections: %w", err)
	}
	slices.SortFunc(out, func(a, b Objection) int { return b.AnsweredAt.Compare(a.AnsweredAt) })
	return out, nil
}
