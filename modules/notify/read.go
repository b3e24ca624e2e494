package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Page is one page of an account's notifications, newest first.
type Page struct {
	Notifications []Notification `json:"notifications"`
	Unread        int64          `json:"unread"`
	// Next is the cursor of the following page ("" on the last page); pass
	// it back as ?before=.
	Next string `json:"next,omitempty"`
}

// Cursor is where a page starts: before this time, or at it with a
// smaller id.
type Cursor struct {
	At time.Time
	ID string
}

// String is the cursor as the API passes it: "<unix milliseconds>.<id>".
func (c Cursor) String() string {
	if c.At.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMilli(), 10) + "." + c.ID
}

// ErrBadCursor is a ?before= that no page of this API gave.
var ErrBadCursor = errors.New("bad cursor")

// ParseCursor reads a cursor given by Page.Next; "" is the first page.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	ms, id, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || n <= 0 || len(id) != 24 || strings.Trim(id, "0123456789abcdef") != "" {
		return Cursor{}, ErrBadCursor
	}
	return Cursor{At: time.UnixMilli(n).UTC(), ID: id}, nil
}

// List returns a page of the account's notifications across its inboxes
// (the village it lives in, the orgs it holds a role in), newest first.
func (s *Service) List(ctx context.Context, account string, inboxes []string, before Cursor, limit int) (Page, error) {
	filter := bson.M{"account": account}
	if !before.At.IsZero() {
		filter["$or"] = bson.A{
			bson.M{"at": bson.M{"$lt": before.At}},
			bson.M{"at": before.At, "_id": bson.M{"$lt": before.ID}},
		}
	}
	sort := bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}
	out := []Notification{}
	for _, org := range inboxes {
		db, err := s.d.Inbox(ctx, org)
		if err != nil {
			return Page{}, fmt.Errorf("list notifications: inbox %s: %w", org, err)
		}
		cur, err := db.Collection(collNotifications).Find(ctx, filter, options.Find().SetSort(sort).SetLimit(int64(limit)+1))
		if err != nil {
			return Page{}, fmt.Errorf("list notifications: %w", err)
		}
		var ns []Notification
		if err := cur.All(ctx, &ns); err != nil {
			return Page{}, fmt.Errorf("list notifications: %w", err)
		}
		out = append(out, ns...)
	}
	slices.SortFunc(out, func(a, b Notification) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	p := Page{Notifications: out}
	if len(out) > limit {
		p.Notifications = out[:limit]
		last := out[limit-1]
		p.Next = Cursor{At: last.At, ID: last.ID}.String()
	}
	unread, err := s.Unread(ctx, account, inboxes)
	if err != nil {
		return Page{}, err
	}
	p.Unread = unread
	return p, nil
}

// Unread is the account's count of unread notifications, for the bell.
func (s *Service) Unread(ctx context.Context, account string, inboxes []string) (int64, error) {
	var total int64
	for _, org := range inboxes {
		db, err := s.d.Inbox(ctx, org)
		if err != nil {
			return 0, fmt.Errorf("count notifications: inbox %s: %w", org, err)
		}
		var c unreadCount
		err = db.Collection(collUnread).FindOne(ctx, bson.M{"_id": account}).Decode(&c)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("count notifications: %w", err)
		}
		total += max(c.Unread, 0)
	}
	return total, nil
}

// MarkRead marks the account's notifications read: those named by ids, or
// all when ids is nil. Others' notifications are untouched. It returns how
// many turned read.
func (s *Service) MarkRead(ctx context.Context, account string, inboxes []string, ids []string) (int64, error) {
	filter := bson.M{"account": account, "read": false}
	if ids != nil {
		filter["_id"] = bson.M{"$in": ids}
	}
	var total int64
	for _, org := range inboxes {
		db, err := s.d.Inbox(ctx, org)
		if err != nil {
			return 0, fmt.Errorf("mark notifications read: inbox %s: %w", org, err)
		}
		res, err := db.Collection(collNotifications).UpdateMany(ctx, filter, bson.M{"$set": bson.M{"read": true}})
		if err != nil {
			return 0, fmt.Errorf("mark notifications read: %w", err)
		}
		// Exactly the notifications this update turned read come off the
		// count, so one arriving meanwhile is still counted.
		if res.ModifiedCount > 0 {
			_, err := db.Collection(collUnread).UpdateOne(ctx, bson.M{"_id": account},
				bson.M{"$inc": bson.M{"unread": -res.ModifiedCount}}, options.Update().SetUpsert(true))
			if err != nil {
				return 0, fmt.Errorf("count unread notifications: %w", err)
			}
		}
		total += res.ModifiedCount
	}
	return total, nil
}
