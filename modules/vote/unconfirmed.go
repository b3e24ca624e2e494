package vote

import (
	"context"
	"fmt"
	"strings"
	"time"

	"yishi/modules/web"
)

// Closing a vote never drops a hand count without saying so. A count that
// no second person has confirmed does not count (countingEntries); closing
// while one waits answers 409 with each such count, who entered it, how many
// voters it holds and what closing now does to it, unless the request
// acknowledges every one of them by id. With the acknowledgement the vote
// closes and its result records what was left out.

// LeftOut is an unconfirmed count a close leaves out of the result.
type LeftOut struct {
	EntryID       string    `json:"entry_id" bson:"entry_id"`
	Channel       string    `json:"channel" bson:"channel"`
	Voters        int       `json:"voters" bson:"voters"`
	Households    int       `json:"households" bson:"households"`
	EnteredBy     string    `json:"entered_by" bson:"entered_by"`
	EnteredByName string    `json:"entered_by_name,omitempty" bson:"entered_by_name,omitempty"`
	EnteredAt     time.Time `json:"entered_at,omitzero" bson:"entered_at"`
	// Supersedes and SupersededVoters: an unconfirmed recount puts its
	// channel in doubt, so the confirmed count it replaces is left out too.
	Supersedes       string `json:"supersedes,omitempty" bson:"supersedes,omitempty"`
	SupersededVoters int    `json:"superseded_voters,omitempty" bson:"superseded_voters,omitempty"`
	EffectZh         string `json:"effect_zh" bson:"effect_zh"`
	EffectEn         string `json:"effect_en" bson:"effect_en"`
}

// CloseRequest is the body of a close: the ids of the unconfirmed counts
// the closer has been shown and leaves out.
type CloseRequest struct {
	AcknowledgeUnconfirmed []string `json:"acknowledge_unconfirmed" validate:"max=20,dive,required,max=32"`
}

// ErrUnconfirmedCounts refuses a close that would leave out counts nobody
// acknowledged; its details list them.
var ErrUnconfirmedCounts = web.New(409, "unconfirmed_counts",
	"还有计票没有经第二人确认。现在结束表决，这些票不计入结果；请先确认，或确认知情后再结束",
	"Some counts are not confirmed by a second person. Closing now leaves them out of the result; confirm them first, or acknowledge them and close")

var channelZh = map[string]string{ChannelPaper: "纸质票", ChannelHands: "举手表决"}
var channelEn = map[string]string{ChannelPaper: "paper count", ChannelHands: "show of hands"}

// leftOut lists, per channel, the latest entry when no second person has
// confirmed it: exactly what countingEntries leaves out.
func leftOut(entries []ChannelEntry) []LeftOut {
	byID := map[string]ChannelEntry{}
	latest := map[string]ChannelEntry{}
	var order []string
	for _, e := range entries {
		byID[e.ID] = e
		if _, ok := latest[e.Channel]; !ok {
			order = append(order, e.Channel)
		}
		latest[e.Channel] = e
	}
	out := []LeftOut{}
	for _, ch := range order {
		e := latest[ch]
		if e.ConfirmedBy != "" {
			continue
		}
		who := e.EnteredByName
		if who == "" {
			who = e.EnteredBy
		}
		at := web.ClockTime(e.EnteredAt)
		l := LeftOut{EntryID: e.ID, Channel: e.Channel, Voters: e.Voters, Households: e.Households, EnteredBy: e.EnteredBy,
			EnteredByName: e.EnteredByName, EnteredAt: e.EnteredAt, Supersedes: e.Supersedes}
		l.EffectZh = fmt.Sprintf("%s %s 录入的%s（%d 人）还没有人确认。现在结束，这 %d 人的票不计入结果。", who, at, channelZh[ch], e.Voters, e.Voters)
		l.EffectEn = fmt.Sprintf("The %s of %d voters entered by %s at %s is not confirmed. Closing now leaves these %d votes out of the result.", channelEn[ch], e.Voters, who, at, e.Voters)
		if prev, ok := byID[e.Supersedes]; ok && prev.ConfirmedBy != "" {
			l.SupersededVoters = prev.Voters
			l.EffectZh += fmt.Sprintf("它要替换的已确认计票（%d 人）也不计入。", prev.Voters)
			l.EffectEn += fmt.Sprintf(" The confirmed count it would replace (%d voters) is left out too.", prev.Voters)
		}
		out = append(out, l)
	}
	return out
}

// unacknowledged refuses the close unless every left-out count is named.
func unacknowledged(out []LeftOut, ack []string) error {
	return web.Acknowledged(out, func(l LeftOut) string { return l.EntryID }, ack, ErrUnconfirmedCounts)
}

// leftOutDetail is the audit line of what a close left out.
func leftOutDetail(out []LeftOut) string {
	if len(out) == 0 {
		return ""
	}
	parts := make([]string, len(out))
	for i, l := range out {
		parts[i] = fmt.Sprintf("%s:%s voters=%d by=%s", l.EntryID, l.Channel, l.Voters, l.EnteredBy)
		if l.SupersededVoters > 0 {
			parts[i] += fmt.Sprintf(" superseded_voters=%d", l.SupersededVoters)
		}
	}
	return " left_out=[" + strings.Join(parts, "; ") + "]"
}

// Unconfirmed lists the counts of a vote that wait for a second person, as
// a close would leave them out: for the console and the secretary's list.
func (s *Service) Unconfirmed(ctx context.Context, villageID, voteID string) ([]LeftOut, error) {
	entries, err := s.channelEntries(ctx, villageID, voteID)
	if err != nil {
		return nil, err
	}
	return leftOut(entries), nil
}
