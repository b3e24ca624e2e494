package vote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Errors of hand-entered counts.
var (
	ErrEntryNotFound = web.New(404, "count_not_found", "找不到这条计票记录", "No such count entry")
	ErrSamePerson    = web.New(409, "same_person", "确认人必须是另一个人", "The count must be confirmed by a second person")
	ErrConfirmed     = web.New(409, "already_confirmed", "这条计票记录已经确认过", "This count is already confirmed")
	ErrStaleRecount  = web.New(409, "stale_recount", "重新计票必须接着最新的一条记录", "A recount must follow the latest entry of its channel")
)

// ChannelRequest enters the counts of a paper ballot or show of hands.
type ChannelRequest struct {
	Channel    string         `json:"channel" validate:"required,oneof=paper hands"`
	Counts     map[string]int `json:"counts" validate:"required,dive,min=0,max=1000000"`
	Voters     int            `json:"voters" validate:"min=0,max=1000000"`
	Households int            `json:"households" validate:"min=0,max=1000000"`
	// Supersedes names the entry a recount replaces.
	Supersedes string `json:"supersedes" validate:"omitempty,max=32"`
	// byName is the name of the person entering, set by the handler.
	byName string
}

// EnterCounts records counts; they count only once a second person confirms.
func (s *Service) EnterCounts(ctx context.Context, villageID, voteID string, who web.Actor, in ChannelRequest) (ChannelEntry, error) {
	in.byName = who.Name
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return ChannelEntry{}, err
	}
	v := lv.snapshot()
	if v.Status != StatusOpen {
		return ChannelEntry{}, ErrClosed
	}
	entries, err := s.channelEntries(ctx, villageID, voteID)
	if err != nil {
		return ChannelEntry{}, err
	}
	latest := ""
	for _, e := range entries {
		if e.Channel == in.Channel {
			latest = e.ID
		}
	}
	if in.Supersedes != latest {
		return ChannelEntry{}, ErrStaleRecount
	}
	elsewhere, err := s.elsewhere(ctx, v, in.Channel, entries)
	if err != nil {
		return ChannelEntry{}, err
	}
	if err := checkHandCount(v, in.Channel, in.Counts, in.Voters, in.Households, elsewhere); err != nil {
		return ChannelEntry{}, err
	}
	e := ChannelEntry{ID: randomID(), VoteID: voteID, Channel: in.Channel, Counts: in.Counts, Voters: in.Voters, Households: in.Households,
		Supersedes: in.Supersedes, EnteredBy: who.AccountID, EnteredByName: in.byName, EnteredAt: s.now().UTC().Truncate(time.Millisecond)}
	if _, err := s.db(villageID).Collection(collChannels).InsertOne(ctx, e); err != nil {
		return ChannelEntry{}, fmt.Errorf("enter counts: %w", err)
	}
	counts, _ := json.Marshal(e.Counts)
	return e, s.write(ctx, villageID, who, "vote.count", e.ID, fmt.Sprintf("%s voters=%d %s", e.Channel, e.Voters, counts))
}

func optionExists(v Vote, key string) bool {
	for _, o := range v.Options {
		if o.Key == key {
			return true
		}
	}
	return false
}

// ConfirmCounts is the second person's confirmation.
func (s *Service) ConfirmCounts(ctx context.Context, villageID, voteID, entryID string, who web.Actor) (ChannelEntry, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return ChannelEntry{}, err
	}
	if lv.snapshot().Status != StatusOpen {
		return ChannelEntry{}, ErrClosed
	}
	coll := s.db(villageID).Collection(collChannels)
	var e ChannelEntry
	err = coll.FindOne(ctx, bson.M{"_id": entryID, "vote_id": voteID}).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ChannelEntry{}, ErrEntryNotFound
	}
	if err != nil {
		return ChannelEntry{}, fmt.Errorf("find count entry: %w", err)
	}
	if e.EnteredBy == who.AccountID {
		return ChannelEntry{}, ErrSamePerson
	}
	// Online voting may have gone on since the count was entered.
	entries, err := s.channelEntries(ctx, villageID, voteID)
	if err != nil {
		return ChannelEntry{}, err
	}
	elsewhere, err := s.elsewhere(ctx, lv.snapshot(), e.Channel, entries)
	if err != nil {
		return ChannelEntry{}, err
	}
	if err := checkHandCount(lv.snapshot(), e.Channel, e.Counts, e.Voters, e.Households, elsewhere); err != nil {
		return ChannelEntry{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	res, err := coll.UpdateOne(ctx, bson.M{"_id": entryID, "confirmed_by": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"confirmed_by": who.AccountID, "confirmed_by_name": who.Name, "confirmed_at": now}})
	if err != nil {
		return ChannelEntry{}, fmt.Errorf("confirm counts: %w", err)
	}
	if res.ModifiedCount == 0 {
		return ChannelEntry{}, ErrConfirmed
	}
	e.ConfirmedBy, e.ConfirmedByName, e.ConfirmedAt = who.AccountID, who.Name, now
	if entries, err := s.channelEntries(ctx, villageID, voteID); err == nil {
		lv.hand.Store(handVoters(entries))
	}
	return e, s.write(ctx, villageID, who, "vote.count.confirm", e.ID, e.Channel)
}

func (s *Service) channelEntries(ctx context.Context, villageID, voteID string) ([]ChannelEntry, error) {
	cur, err := s.db(villageID).Collection(collChannels).Find(ctx, bson.M{"vote_id": voteID}, options.Find().SetSort(bson.D{{Key: "entered_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list count entries: %w", err)
	}
	out := []ChannelEntry{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list count entries: %w", err)
	}
	return out, nil
}

// countingEntries are the entries that count: per channel, the latest
// entry, if confirmed. An unconfirmed recount means the channel is in doubt,
// so its earlier confirmed entry does not count either.
func countingEntries(entries []ChannelEntry) []ChannelEntry {
	latest := map[string]ChannelEntry{}
	var order []string
	for _, e := range entries {
		if _, ok := latest[e.Channel]; !ok {
			order = append(order, e.Channel)
		}
		latest[e.Channel] = e
	}
	var out []ChannelEntry
	for _, ch := range order {
		if e := latest[ch]; e.ConfirmedBy != "" {
			out = append(out, e)
		}
	}
	return out
}
