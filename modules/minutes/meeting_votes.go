package minutes

import (
	"context"
	"strings"
	"time"

	"yishi/modules/vote"
	"yishi/modules/web"
)

// The link between a meeting and the votes opened at it: the vote engine
// asks for the meeting through vote.Meetings, the minutes editor lists the
// meeting's votes by title, and the meeting does not close while one of
// them is still open.

// MeetingForVote implements vote.Meetings.
func (s *Service) MeetingForVote(ctx context.Context, villageID, meetingID string) (vote.MeetingRef, error) {
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return vote.MeetingRef{}, err
	}
	return vote.MeetingRef{ID: m.ID, Title: m.Title, Kind: m.Kind, BodyID: m.BodyID, Group: m.Group,
		Open: m.Status == MeetingOpen, Agenda: m.Agenda}, nil
}

// MeetingVote is a vote of a meeting as a list shows it: by title, with its
// outcome once closed.
type MeetingVote struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	SubjectID string    `json:"subject_id"`
	Status    string    `json:"status"`
	Secret    bool      `json:"secret"`
	OpenedAt  time.Time `json:"opened_at,omitzero"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	// Adopted, Voters and Eligible are set once the vote is closed.
	Adopted  *bool `json:"adopted,omitempty"`
	Voters   int   `json:"voters,omitempty"`
	Eligible int   `json:"eligible"`
	// InPerson and Remote split the voters by where they took part, with
	// the sentence of the rule (vote attendance.go).
	InPerson     int    `json:"in_person,omitempty"`
	Remote       int    `json:"remote,omitempty"`
	AttendanceZh string `json:"attendance_zh,omitempty"`
	AttendanceEn string `json:"attendance_en,omitempty"`
}

// MeetingVotes lists the votes opened at a meeting, newest first.
func (s *Service) MeetingVotes(ctx context.Context, villageID, meetingID string) ([]MeetingVote, error) {
	if _, err := s.Get(ctx, villageID, meetingID); err != nil {
		return nil, err
	}
	votes, err := s.votes.ListWhere(ctx, villageID, vote.Filter{MeetingID: meetingID})
	if err != nil {
		return nil, err
	}
	out := make([]MeetingVote, 0, len(votes))
	for _, v := range votes {
		mv := MeetingVote{ID: v.ID, Title: v.Title, SubjectID: v.SubjectID, Status: v.Status, Secret: v.Secret,
			OpenedAt: v.OpenedAt, ClosedAt: v.ClosedAt, Eligible: v.EligibleCount}
		if v.Status == vote.StatusClosed && v.Result != nil {
			adopted := v.Result.Adopted
			mv.Adopted, mv.Voters = &adopted, v.Result.Voters
			mv.InPerson, mv.Remote, mv.AttendanceZh, mv.AttendanceEn = v.Result.InPerson, v.Result.Remote, v.Result.AttendanceZh, v.Result.AttendanceEn
		}
		out = append(out, mv)
	}
	return out, nil
}

// votesOpen refuses to close a meeting while a vote opened at it is open:
// its ballots would be cast after the meeting ended.
func (s *Service) votesOpen(ctx context.Context, villageID, meetingID string) error {
	open, err := s.votes.ListWhere(ctx, villageID, vote.Filter{MeetingID: meetingID, Status: vote.StatusOpen})
	if err != nil {
		return err
	}
	if len(open) == 0 {
		return nil
	}
	titles := make([]string, len(open))
	for i, v := range open {
		titles[i] = v.Title
	}
	return web.New(409, "votes_open",
		"还有表决没有结束，请先结束表决再结束会议："+strings.Join(titles, "、"),
		"A vote of this meeting is still open; close it before the meeting: "+strings.Join(titles, ", "))
}

// ErrVoteOfOtherMeeting refuses a vote opened at another meeting in the
// minutes.
var ErrVoteOfOtherMeeting = web.New(422, "vote_of_other_meeting", "这项表决不是在本次会议上进行的", "This vote was not held at this meeting")
