package moralboard

import (
	"context"
	"strconv"

	"yishi/modules/notify"
)

// SetNotifier gives the board the one notification capability; until then
// a case's notices are only its own record.
func (s *Service) SetNotifier(n notify.Sender) { s.bell = n }

// caseKinds are the bell's kinds for the case's own notices.
var caseKinds = map[string]string{
	"nominated":      notify.KindCaseNotice,
	"hearing_opened": notify.KindCaseHearing,
	"appeal_opened":  notify.KindCaseHearing,
	"verdict":        notify.KindCaseVerdict,
}

// ring tells the residents a case concerns (the subject, or every member
// of the subject household) of its notice, hearing or verdict. It names
// the case's category only: never who nominated, never how anyone voted.
// The key counts the hearings, so a verdict after an appeal is told again.
func (s *Service) ring(ctx context.Context, c Case, kind string, nos []string) error {
	k, ok := caseKinds[kind]
	if !ok {
		return nil
	}
	return s.bell.Send(ctx, notify.Event{Key: "case:" + c.ID + ":" + kind + ":" + strconv.Itoa(len(c.Hearings)), Kind: k, Org: c.VillageID,
		Residents: nos, Link: notify.Link{View: "moral-case", Params: map[string]string{"vid": c.VillageID, "case": c.ID}},
		Title: c.Category})
}

// tellBoardVote tells the board members who may vote on a case's hearing
// that its vote is open (the board's vote opens here, not through the vote
// routes).
func (s *Service) tellBoardVote(ctx context.Context, c Case) error {
	if len(c.Hearings) == 0 {
		return nil
	}
	h := c.Hearings[len(c.Hearings)-1]
	voters, err := s.votes.Voters(ctx, c.VillageID, h.VoteID)
	if err != nil {
		return err
	}
	return s.bell.Send(ctx, notify.Event{Key: "vote_opened:" + h.VoteID, Kind: notify.KindVoteOpened, Org: c.VillageID,
		Residents: voters, Link: notify.Link{View: "vote-ballot", Params: map[string]string{"vid": c.VillageID, "vote": h.VoteID}},
		Title: c.Category})
}
