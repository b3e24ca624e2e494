package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const (
	collNotifications = "notify_notifications"
	// collUnread keeps each account's unread count beside its notifications,
	// so the bell, asked on every page, reads one small document by _id
	// instead of counting.
	collUnread = "notify_unread"
)

// Notification is one line of an account's bell.
type Notification struct {
	// ID is derived from the event's key and the recipient (idOf): a
	// retried event finds its notification already there.
	ID       string    `bson:"_id" json:"id"`
	Key      string    `bson:"key" json:"-"`
	Account  string    `bson:"account" json:"-"`
	Kind     string    `bson:"kind" json:"kind"`
	Org      string    `bson:"org" json:"org_id"`
	OrgName  string    `bson:"org_name" json:"org_name"`
	Title    string    `bson:"title" json:"title"`
	DetailZh string    `bson:"detail_zh,omitempty" json:"detail_zh,omitempty"`
	DetailEn string    `bson:"detail_en,omitempty" json:"detail_en,omitempty"`
	Link     Link      `bson:"link" json:"link"`
	At       time.Time `bson:"at" json:"at"`
	Read     bool      `bson:"read" json:"read"`
}

type unreadCount struct {
	Account string `bson:"_id"`
	Unread  int64  `bson:"unread"`
}

// idOf is a notification's _id: the same for the same event and recipient,
// opaque (no account ID or internal key shown), 24 hex digits like the other
// ids of the API.
func idOf(key, account string) string {
	sum := sha256.Sum256([]byte(key + "\x00" + account))
	return hex.EncodeToString(sum[:12])
}

// Deps are what the service needs from the app.
type Deps struct {
	// Inbox is the database of an org's notifications: a village's own
	// database, a street's for its officials. It keeps each collection a
	// request reads small (the embedded store scans).
	Inbox func(ctx context.Context, orgID string) (*mongo.Database, error)
	// OrgName names an org for the notification ("" when unknown).
	OrgName func(ctx context.Context, orgID string) string
	// Residents are the accounts linked to a village's resident numbers.
	Residents func(ctx context.Context, villageID string, nos []string) ([]string, error)
	// Holders are the accounts the policy allows obj.act in the org, each
	// with the org its role is assigned at (its inbox; "" for the root).
	Holders func(ctx context.Context, orgID, obj, act string) ([]Recipient, error)
	Now     func() time.Time
}

// Recipient is an account and the inbox it is told in.
type Recipient struct {
	Account string
	Inbox   string
}

// Service writes and reads notifications.
type Service struct {
	d Deps
}

// NewService makes the service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.OrgName == nil {
		d.OrgName = func(context.Context, string) string { return "" }
	}
	return &Service{d: d}
}

// Indexes are the indexes a real MongoDB uses for the bell; the embedded
// store scans the (small, per-org) collection anyway. _id is the unique
// index on event key + recipient.
func Indexes() map[string][]mongo.IndexModel {
	return map[string][]mongo.IndexModel{
		collNotifications: {
			{Keys: bson.D{{Key: "key", Value: 1}, {Key: "account", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "account", Value: 1}, {Key: "at", Value: -1}}},
		},
	}
}

// recipients groups the event's recipients by inbox, each account once
// (in the first inbox it is found for: the event's own before a holder's)
// and never the one who did it.
func (s *Service) recipients(ctx context.Context, e Event) (map[string][]string, error) {
	inbox := e.Inbox
	if inbox == "" {
		inbox = e.Org
	}
	var all []Recipient
	for _, r := range e.Recipients {
		all = append(all, Recipient{Account: r, Inbox: inbox})
	}
	if len(e.Residents) > 0 {
		if s.d.Residents == nil {
			return nil, errors.New("residents named, but no register is wired")
		}
		accs, err := s.d.Residents(ctx, e.Org, e.Residents)
		if err != nil {
			return nil, fmt.Errorf("accounts of residents: %w", err)
		}
		for _, a := range accs {
			all = append(all, Recipient{Account: a, Inbox: e.Org})
		}
	}
	for _, h := range e.Holders {
		if s.d.Holders == nil {
			return nil, errors.New("holders named, but no policy is wired")
		}
		rs, err := s.d.Holders(ctx, e.Org, h.Obj, h.Act)
		if err != nil {
			return nil, fmt.Errorf("holders of %s.%s: %w", h.Obj, h.Act, err)
		}
		all = append(all, rs...)
	}
	out := map[string][]string{}
	seen := map[string]bool{e.Except: true, "": true}
	for _, r := range all {
		if seen[r.Account] || r.Inbox == "" {
			continue
		}
		seen[r.Account] = true
		out[r.Inbox] = append(out[r.Inbox], r.Account)
	}
	return out, nil
}

// Send implements Sender: per inbox, one unordered insert of every
// recipient's notification, then one increment of each newly notified
// recipient's unread count. A recipient already notified of the event (a
// retry) is a duplicate key and is neither inserted nor counted again.
func (s *Service) Send(ctx context.Context, e Event) error {
	if e.Key == "" || e.Kind == "" || e.Org == "" {
		return fmt.Errorf("notify %q: an event needs a key, a kind and an org", e.Kind)
	}
	to, err := s.recipients(ctx, e)
	if err != nil {
		return fmt.Errorf("notify %s: %w", e.Key, err)
	}
	if len(to) == 0 {
		return nil
	}
	at := e.At
	if at.IsZero() {
		at = s.d.Now()
	}
	at = at.UTC().Truncate(time.Millisecond)
	name := s.d.OrgName(ctx, e.Org)
	inboxes := make([]string, 0, len(to))
	for in := range to {
		inboxes = append(inboxes, in)
	}
	slices.Sort(inboxes)
	for _, in := range inboxes {
		accs := to[in]
		docs := make([]any, len(accs))
		for i, acc := range accs {
			docs[i] = Notification{ID: idOf(e.Key, acc), Key: e.Key, Account: acc, Kind: e.Kind, Org: e.Org, OrgName: name,
				Title: e.Title, DetailZh: e.DetailZh, DetailEn: e.DetailEn, Link: e.Link, At: at}
		}
		if err := s.deliver(ctx, e.Key, in, accs, docs); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) deliver(ctx context.Context, key, inbox string, accs []string, docs []any) error {
	db, err := s.d.Inbox(ctx, inbox)
	if err != nil {
		return fmt.Errorf("notify %s: inbox %s: %w", key, inbox, err)
	}
	fresh, err := insertNew(ctx, db.Collection(collNotifications), docs)
	if err != nil {
		return fmt.Errorf("notify %s: %w", key, err)
	}
	if len(fresh) == 0 {
		return nil
	}
	// One update per recipient, not one bulk write: on the embedded store a
	// bulk of 300 $inc updates of existing counts did not finish in 30 s,
	// while 300 single updates take about 0.5 s (measured, 2 cores).
	unread := db.Collection(collUnread)
	for _, i := range fresh {
		if _, err := unread.UpdateOne(ctx, bson.M{"_id": accs[i]}, bson.M{"$inc": bson.M{"unread": 1}},
			options.Update().SetUpsert(true)); err != nil {
			return fmt.Errorf("notify %s: count unread: %w", key, err)
		}
	}
	return nil
}

// insertNew inserts docs unordered and returns the indexes of those that
// were new; duplicates (already delivered) are not an error.
func insertNew(ctx context.Context, c *mongo.Collection, docs []any) ([]int, error) {
	_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	dup := map[int]bool{}
	if err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
			return nil, fmt.Errorf("insert notifications: %w", err)
		}
		for _, we := range bwe.WriteErrors {
			if we.Code != 11000 {
				return nil, fmt.Errorf("insert notifications: %w", err)
			}
			dup[we.Index] = true
		}
	}
	fresh := make([]int, 0, len(docs))
	for i := range docs {
		if !dup[i] {
			fresh = append(fresh, i)
		}
	}
	return fresh, nil
}
