package vote

import (
	"context"
	"slices"

	"yishi/modules/web"
)

// A vote opened at a meeting carries the meeting: its kind, body and group
// come from the meeting, its subject is one of the meeting's agenda items,
// and the minutes editor lists the votes of a meeting by title instead of
// asking for vote ids.

// MeetingRef is a meeting as the vote engine needs it. The minutes module
// owns meetings; it answers through Meetings (no import either way but this
// interface, since minutes imports vote).
type MeetingRef struct {
	ID     string
	Title  string
	Kind   MeetingKind
	BodyID string
	Group  string
	Open   bool
	Agenda []string
}

// Meetings looks meetings up in the module that owns them.
type Meetings interface {
	MeetingForVote(ctx context.Context, villageID, meetingID string) (MeetingRef, error)
}

// Errors of a vote opened at a meeting.
var (
	ErrMeetingNotOpen  = web.New(409, "meeting_not_open", "会议没有在进行中，不能在会上开始表决", "The meeting is not open; a vote of the meeting opens while it is")
	ErrNotOnAgenda     = web.New(422, "not_on_agenda", "这个议题不在本次会议的议程上", "This subject is not on the meeting's agenda")
	ErrKindRequired    = web.New(422, "meeting_kind_required", "请选择会议类型，或在会议上开始表决", "Name the meeting kind, or open the vote at a meeting")
	ErrMeetingMismatch = web.New(422, "meeting_mismatch", "表决的会议类型、议事机构或小组须与会议一致", "The vote's meeting kind, body and group are those of its meeting")
)

// SetMeetings names the module that owns meetings.
func (s *Service) SetMeetings(m Meetings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.meetings = m
}

// bindMeeting fills the request from its meeting and checks the subject is
// on the agenda. Without a meeting the kind must be given.
func (s *Service) bindMeeting(ctx context.Context, villageID string, in *OpenRequest) (MeetingRef, error) {
	if in.MeetingID == "" {
		if in.MeetingKind == "" {
			return MeetingRef{}, ErrKindRequired.OnField("meeting_kind")
		}
		return MeetingRef{}, nil
	}
	s.mu.Lock()
	meetings := s.meetings
	s.mu.Unlock()
	if meetings == nil {
		return MeetingRef{}, ErrMeetingNotOpen
	}
	m, err := meetings.MeetingForVote(ctx, villageID, in.MeetingID)
	if err != nil {
		return MeetingRef{}, err
	}
	if !m.Open {
		return MeetingRef{}, ErrMeetingNotOpen.OnField("meeting_id")
	}
	if in.MeetingKind != "" && in.MeetingKind != m.Kind || in.BodyID != "" && in.BodyID != m.BodyID || in.Group != "" && in.Group != m.Group {
		return MeetingRef{}, ErrMeetingMismatch.OnField("meeting_kind")
	}
	if in.SubjectKind == "proposal" && !slices.Contains(m.Agenda, in.SubjectID) {
		return MeetingRef{}, ErrNotOnAgenda.OnField("subject_id")
	}
	in.MeetingKind, in.BodyID, in.Group = m.Kind, m.BodyID, m.Group
	return m, nil
}
