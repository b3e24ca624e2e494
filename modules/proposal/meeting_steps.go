package proposal

import (
	"context"
	"errors"

	"yishi/modules/web"
)

// The steps a meeting's own records complete, so that the proposal moves on
// when the council acts and its page shows what happened (journeys.md,
// resident step 3): a vote on the proposal closing completes its vote step
// with the vote's outcome; publishing the minutes that carry the adopted
// vote, which opens the resolution's notice, completes its publication
// step. A proposal that waits on some other step is left alone: the
// secretary completes that step on the proposal's page.

// Actions of the history entries these steps write.
const (
	ActionDeliberatedAtMeeting = "deliberated_at_meeting"
	ActionNoticeOpened         = "notice_opened"
)

// VoteClosed completes the proposal's vote step with the closed vote and
// reports whether it moved. A proposal still at the council's own proposal
// or deliberation steps before the vote (performed by the body that votes)
// had them done at the meeting: they are completed first, each recorded as
// deliberated at the meeting. A review step (the Party members' meeting,
// with its counts) is never skipped. A refusal (a vote by a meeting the
// step does not allow, V2026 Art. 28) leaves the proposal where it is.
func (s *Service) VoteClosed(ctx context.Context, villageID, id, voteID string, a web.Actor) (bool, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return false, err
	}
	for range 8 {
		p, err := s.Get(ctx, villageID, a, id)
		if err != nil {
			return false, err
		}
		if p.Flow == nil || p.Current == nil || p.Kind == KindTopic || p.Status != StatusSubmitted && p.Status != StatusInProgress {
			return false, nil
		}
		cur := p.Flow.Steps[p.Current.Index]
		in := AdvanceInput{Step: cur.Key}
		switch {
		case cur.Kind == "vote":
			in.VoteID = voteID
		case (cur.Kind == "propose" || cur.Kind == "deliberate") && voteStepAfter(*p.Flow, p.Current.Index, cur.Performer):
			in.as = ActionDeliberatedAtMeeting
		default:
			return false, nil
		}
		if _, err := s.advance(ctx, v, a, id, in); err != nil {
			return false, refusedIsNoMove(err)
		}
		if cur.Kind == "vote" {
			return true, s.write(ctx, villageID, a, "proposal.advance", id, "vote/"+voteID+" closed")
		}
	}
	return false, nil
}

// voteStepAfter: the first vote step after step i is performed by the
// same body and only proposal and deliberation steps come between.
func voteStepAfter(f Flow, i int, performer string) bool {
	for _, st := range f.Steps[i+1:] {
		switch st.Kind {
		case "vote":
			return st.Performer == performer
		case "propose", "deliberate":
		default:
			return false
		}
	}
	return false
}

// ResolutionPublished completes the proposal's publication step once the
// minutes with its adopted vote are published and its notice is open on
// the board (V2026 Art. 35 ¶2(1)); it reports whether it moved.
func (s *Service) ResolutionPublished(ctx context.Context, villageID, id, noticeID string, a web.Actor) (bool, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return false, err
	}
	p, err := s.Get(ctx, villageID, a, id)
	if err != nil {
		return false, err
	}
	if p.Flow == nil || p.Current == nil || p.Status != StatusSubmitted && p.Status != StatusInProgress {
		return false, nil
	}
	cur := p.Flow.Steps[p.Current.Index]
	if cur.Kind != "publish" {
		return false, nil
	}
	if _, err := s.advance(ctx, v, a, id, AdvanceInput{Step: cur.Key, as: ActionNoticeOpened}); err != nil {
		return false, refusedIsNoMove(err)
	}
	return true, s.write(ctx, villageID, a, "proposal.advance", id, "notice/"+noticeID+" opened")
}

// refusedIsNoMove: a rule's refusal means the proposal stays; only a
// failure of the store is an error.
func refusedIsNoMove(err error) error {
	var we *web.Error
	if errors.As(err, &we) {
		return nil
	}
	return err
}
