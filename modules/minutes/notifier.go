package minutes

import (
	"context"
	"fmt"
	"slices"
)

// Notifier tells people what waits for them: the residents invited to a
// meeting when it is scheduled, the attendees asked to confirm minutes when
// a version is drafted. It is written in the event's own request.
//
// HOOK(wt-notify): the notifications module is not merged yet; app/ wires
// it here with SetNotifier once it is. Without one nothing is sent.
type Notifier interface {
	MeetingInvited(ctx context.Context, villageID string, m Meeting, residentNos []string) error
	MinutesToConfirm(ctx context.Context, villageID string, m Minutes, residentNos []string) error
}

// SetNotifier names the module that notifies people.
func (s *Service) SetNotifier(n Notifier) { s.notifier = n }

// inviteAll notifies everyone who may attend the meeting, as the register
// stands when it is scheduled (the list is frozen only when it opens).
func (s *Service) inviteAll(ctx context.Context, villageID string, m Meeting) error {
	if s.notifier == nil {
		return nil
	}
	electorate, _, err := s.electorate(ctx, villageID, m, m.StartsAt)
	if err != nil {
		return err
	}
	nos := make([]string, 0, len(electorate))
	for no := range electorate {
		nos = append(nos, no)
	}
	slices.Sort(nos)
	if err := s.notifier.MeetingInvited(ctx, villageID, m, nos); err != nil {
		return fmt.Errorf("invite to meeting %s: %w", m.ID, err)
	}
	return nil
}

// askToConfirm notifies the attendees (not proxies) who have not confirmed
// a draft version.
func (s *Service) askToConfirm(ctx context.Context, villageID string, m Minutes) error {
	if s.notifier == nil {
		return nil
	}
	done := map[string]bool{}
	for _, c := range m.Confirmed {
		done[c.ResidentNo] = true
	}
	var nos []string
	for _, a := range m.Attendance {
		if a.Method != MethodProxy && !done[a.ResidentNo] {
			nos = append(nos, a.ResidentNo)
		}
	}
	if len(nos) == 0 {
		return nil
	}
	if err := s.notifier.MinutesToConfirm(ctx, villageID, m, nos); err != nil {
		return fmt.Errorf("ask to confirm minutes %s: %w", m.ID, err)
	}
	return nil
}
