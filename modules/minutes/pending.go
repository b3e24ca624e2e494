package minutes

import (
	"context"
	"time"

	"yishi/modules/vote"
)

// The console's list of what waits for a second person at one meeting:
// the marks and the hand counts of its votes, each with who entered it and
// whether the caller did (the page shows the button anyway and the server's
// same_person answer next to it). A row is confirmed by one tap: the mark
// by its resident number, the count by its entry id, both from this list.

// PendingMark is a mark waiting for a second person.
type PendingMark struct {
	ResidentNo     string    `json:"resident_no"`
	Name           string    `json:"name"`
	RecordedByName string    `json:"recorded_by_name,omitempty"`
	At             time.Time `json:"at,omitzero"`
	Mine           bool      `json:"mine"`
}

// PendingCount is a hand count of one of the meeting's votes waiting for a
// second person.
type PendingCount struct {
	vote.LeftOut
	VoteID    string `json:"vote_id"`
	VoteTitle string `json:"vote_title"`
	Mine      bool   `json:"mine"`
}

// Pending is what waits for a second person at a meeting.
type Pending struct {
	Marks  []PendingMark  `json:"marks"`
	Counts []PendingCount `json:"counts"`
}

// PendingAt lists what waits for a second person at the meeting; account
// is the caller, to mark what they entered themselves.
func (s *Service) PendingAt(ctx context.Context, villageID, meetingID, account string) (Pending, error) {
	if _, err := s.Get(ctx, villageID, meetingID); err != nil {
		return Pending{}, err
	}
	marks, err := s.pendingMarks(ctx, villageID, meetingID)
	if err != nil {
		return Pending{}, err
	}
	out := Pending{Marks: []PendingMark{}, Counts: []PendingCount{}}
	for _, a := range marks {
		out.Marks = append(out.Marks, PendingMark{ResidentNo: a.ResidentNo, Name: a.Name, RecordedByName: a.RecordedByName, At: a.At, Mine: a.RecordedBy == account})
	}
	votes, err := s.votes.ListWhere(ctx, villageID, vote.Filter{MeetingID: meetingID, Status: vote.StatusOpen})
	if err != nil {
		return Pending{}, err
	}
	for _, v := range votes {
		counts, err := s.votes.Unconfirmed(ctx, villageID, v.ID)
		if err != nil {
			return Pending{}, err
		}
		for _, l := range counts {
			out.Counts = append(out.Counts, PendingCount{LeftOut: l, VoteID: v.ID, VoteTitle: v.Title, Mine: l.EnteredBy == account})
		}
	}
	return out, nil
}
