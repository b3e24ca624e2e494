package minutes

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Reads for the secretary's "what needs me today" (modules/today): the
// meetings whose minutes are not drafted, the drafts confirmed enough to
// publish, the marks waiting for a second person. Each is one or two reads
// of the village's database, never one per meeting.

// MinutesWork is the minutes work of a village: closed meetings without
// minutes, and drafts confirmed enough to publish.
type MinutesWork struct {
	ToDraft   []Meeting
	ToPublish []Minutes
	// Waiting are drafts still short of confirmations.
	Waiting []Minutes
}

// Work reads the village's minutes work.
func (s *Service) Work(ctx context.Context, villageID string) (MinutesWork, error) {
	meetings, err := s.List(ctx, villageID)
	if err != nil {
		return MinutesWork{}, err
	}
	return s.WorkOf(ctx, villageID, meetings)
}

// WorkOf is Work for meetings the caller has read already (List).
func (s *Service) WorkOf(ctx context.Context, villageID string, meetings []Meeting) (MinutesWork, error) {
	cur, err := s.store.Village(villageID).Collection(collMinutes).Find(ctx, bson.M{},
		options.Find().SetProjection(bson.M{"meeting_id": 1, "version": 1, "status": 1, "title": 1, "chair": 1, "attendance": 1, "confirmations": 1, "date": 1, "drafted_at": 1}))
	if err != nil {
		return MinutesWork{}, fmt.Errorf("read minutes work: %w", err)
	}
	var all []Minutes
	if err := cur.All(ctx, &all); err != nil {
		return MinutesWork{}, fmt.Errorf("read minutes work: %w", err)
	}
	has := map[string]bool{}
	var w MinutesWork
	for _, m := range all {
		has[m.MeetingID] = true
		if m.Status != MinutesDraft {
			continue
		}
		if confirmedEnough(m) {
			w.ToPublish = append(w.ToPublish, m)
		} else {
			w.Waiting = append(w.Waiting, m)
		}
	}
	for _, m := range meetings {
		if m.Status == MeetingClosed && !has[m.ID] {
			w.ToDraft = append(w.ToDraft, m)
		}
	}
	return w, nil
}

// PendingMarks lists the marks of an open meeting waiting for a second
// person, oldest first.
func (s *Service) PendingMarks(ctx context.Context, villageID, meetingID string) ([]Attendance, error) {
	return s.pendingMarks(ctx, villageID, meetingID)
}
