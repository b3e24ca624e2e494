package vote

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
)

// The vote engine tells people two things, and never anything about a
// ballot: who cast one, or how, is told to nobody (a secret ballot stays
// unlinkable, and no one, a street official least of all, hears of a
// resident's vote).

// Voters are the resident numbers of a vote's frozen electorate.
func (s *Service) Voters(ctx context.Context, villageID, voteID string) ([]string, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return nil, err
	}
	return lv.voters.numbers(), nil
}

func (m *Module) notifier() notify.Sender {
	if m.d.Notify == nil {
		return notify.Discard{}
	}
	return m.d.Notify
}

// tellOpened tells the electorate that a vote they may cast has opened.
// A notification that cannot be written is logged: the vote is open.
func (m *Module) tellOpened(c *fiber.Ctx, v Vote) {
	ctx := c.UserContext()
	voters, err := m.d.Service.Voters(ctx, v.VillageID, v.ID)
	if err == nil {
		e := notify.Event{Key: "vote_opened:" + v.ID, Kind: notify.KindVoteOpened, Org: v.VillageID, Residents: voters,
			Link:  notify.Link{View: "vote-ballot", Params: map[string]string{"vid": v.VillageID, "vote": v.ID}},
			Title: v.Title}
		if !v.ClosesAt.IsZero() {
			zh, en := notify.When(v.ClosesAt)
			e.DetailZh, e.DetailEn = "截止 "+zh, "closes "+en
		}
		err = m.notifier().Send(ctx, e)
	}
	if err != nil {
		m.logNotify("vote opened", v.ID, err)
	}
}

// tellCountEntered tells those who may confirm a count (a second person of
// the council) that a paper or show-of-hands count waits for them. It names
// the channel and how many voters it counts, not the counts.
func (m *Module) tellCountEntered(c *fiber.Ctx, villageID string, v Vote, e ChannelEntry) {
	ch := map[string][2]string{ChannelPaper: {"纸质票", "paper ballots"}, ChannelHands: {"举手表决", "show of hands"}}[e.Channel]
	err := m.notifier().Send(c.UserContext(), notify.Event{Key: "count_entered:" + e.ID, Kind: notify.KindCountToConfirm,
		Org: villageID, Holders: []notify.Action{{Obj: "vote", Act: "count"}}, Except: e.EnteredBy,
		Link:     notify.Link{View: "vote-counts", Params: map[string]string{"vid": villageID, "vote": v.ID}},
		Title:    v.Title,
		DetailZh: fmt.Sprintf("%s %d 人，待第二人确认", ch[0], e.Voters),
		DetailEn: fmt.Sprintf("%s, %d voters, to be confirmed by a second person", ch[1], e.Voters)})
	if err != nil {
		m.logNotify("count entered", e.ID, err)
	}
}

func (m *Module) logNotify(what, id string, err error) {
	if m.d.Log != nil {
		m.d.Log.Warn("notify: "+what, "id", id, "err", err)
	}
}
