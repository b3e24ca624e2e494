package notify

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/store/storetest"
)

// newTestService is the service on a real embedded store; each org's inbox
// is a database of its own, as in the app. Residents R001.. have accounts
// acc-R001..; the holders of "objection.answer" are the secretary (told in
// the village) and of "filing.review" the street's official (told in the
// street's inbox).
func newTestService(t testing.TB, now *time.Time) *Service {
	t.Helper()
	st := storetest.Open(t)
	return NewService(Deps{
		Inbox: func(_ context.Context, org string) (*mongo.Database, error) {
			return st.Village("n_" + org), nil // the per-test prefix: a server store keeps databases between runs
		},
		OrgName: func(_ context.Context, org string) string { return "name of " + org },
		Residents: func(_ context.Context, _ string, nos []string) ([]string, error) {
			var out []string
			for _, no := range nos {
				if no != "R099" { // a resident without an account
					out = append(out, "acc-"+no)
				}
			}
			return out, nil
		},
		Holders: func(_ context.Context, _ string, obj, act string) ([]Recipient, error) {
			switch obj + "." + act {
			case "objection.answer":
				return []Recipient{{Account: "secretary", Inbox: "v1"}, {Account: "acc-R001", Inbox: "v1"}}, nil
			case "filing.review":
				return []Recipient{{Account: "official", Inbox: "s1"}, {Account: "operator", Inbox: ""}}, nil
			}
			return nil, nil
		},
		Now: func() time.Time { return *now },
	})
}

func page(t *testing.T, s *Service, account string, before Cursor, limit int) Page {
	t.Helper()
	p, err := s.List(context.Background(), account, []string{"v1", "s1"}, before, limit)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// One event tells each recipient once, however it names them and however
// often it is sent; never the one who did it; a resident without an
// account nobody; each holder in its own org's inbox.
func TestSendTellsEachRecipientOnceEvenWhenRetried(t *testing.T) {
	now := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
	s := newTestService(t, &now)
	ctx := context.Background()
	e := Event{Key: "objection_new:o1", Kind: KindObjectionNew, Org: "v1", Residents: []string{"R001", "R002", "R099"},
		Recipients: []string{"acc-R002", "acc-R003", ""}, Holders: []Action{{"objection", "answer"}, {"filing", "review"}},
		Except: "acc-R003", Link: Link{View: "notice", Params: map[string]string{"vid": "v1", "notice": "n1"}}, Title: "公示"}
	for range 3 {
		if err := s.Send(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for acc, want := range map[string]int64{"acc-R001": 1, "acc-R002": 1, "secretary": 1, "official": 1, "acc-R003": 0, "acc-R099": 0, "operator": 0} {
		p := page(t, s, acc, Cursor{}, 10)
		if int64(len(p.Notifications)) != want || p.Unread != want {
			t.Errorf("%s: %d notifications, %d unread, want %d", acc, len(p.Notifications), p.Unread, want)
		}
		if want == 1 {
			n := p.Notifications[0]
			if n.Kind != KindObjectionNew || n.OrgName != "name of v1" || n.Link.View != "notice" || n.Read || !n.At.Equal(now) {
				t.Errorf("%s: %+v", acc, n)
			}
		}
	}
	// The official's is in the street's inbox, not the village's.
	if v, _ := s.List(ctx, "official", []string{"v1"}, Cursor{}, 10); len(v.Notifications) != 0 {
		t.Errorf("the official's notification is in the village's inbox")
	}
	if err := s.Send(ctx, Event{Kind: KindComment, Org: "v1", Recipients: []string{"x"}}); err == nil {
		t.Error("an event without a key was sent")
	}
}

// Pages run newest first without gaps or repeats, across inboxes and
// through notifications made at the same millisecond; marking one read, or
// all, takes exactly those off the count and leaves others' alone.
func TestPagesAndMarkingRead(t *testing.T) {
	now := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
	s := newTestService(t, &now)
	ctx := context.Background()
	for i := range 25 {
		if i%5 != 0 { // several at one moment
			now = now.Add(time.Second)
		}
		org := "v1"
		if i%3 == 0 {
			org = "s1"
		}
		e := Event{Key: fmt.Sprintf("comment:%d", i), Kind: KindComment, Org: org, Recipients: []string{"me", "other"},
			Link: Link{View: "proposal"}, Title: fmt.Sprint(i)}
		if err := s.Send(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var all []Notification
	var cur Cursor
	for range 10 {
		p := page(t, s, "me", cur, 7)
		all = append(all, p.Notifications...)
		if p.Unread != 25 {
			t.Fatalf("unread %d", p.Unread)
		}
		if p.Next == "" {
			break
		}
		var err error
		if cur, err = ParseCursor(p.Next); err != nil {
			t.Fatal(err)
		}
	}
	if len(all) != 25 {
		t.Fatalf("%d notifications over the pages, want 25", len(all))
	}
	ids := map[string]bool{}
	for i, n := range all {
		ids[n.ID] = true
		if i > 0 && n.At.After(all[i-1].At) {
			t.Fatalf("page order: %v after %v", n.At, all[i-1].At)
		}
	}
	if len(ids) != 25 {
		t.Fatalf("%d distinct notifications, want 25", len(ids))
	}
	inboxes := []string{"v1", "s1"}
	if n, err := s.MarkRead(ctx, "me", inboxes, []string{all[0].ID, all[0].ID, "000000000000000000000000"}); err != nil || n != 1 {
		t.Fatalf("mark one: %d %v", n, err)
	}
	if n, _ := s.MarkRead(ctx, "me", inboxes, []string{all[0].ID}); n != 0 {
		t.Fatalf("marked again: %d", n)
	}
	if u, _ := s.Unread(ctx, "me", inboxes); u != 24 {
		t.Fatalf("unread after one: %d", u)
	}
	if n, _ := s.MarkRead(ctx, "me", inboxes, nil); n != 24 {
		t.Fatalf("mark all: %d", n)
	}
	if u, _ := s.Unread(ctx, "me", inboxes); u != 0 {
		t.Fatalf("unread after all: %d", u)
	}
	if u, _ := s.Unread(ctx, "other", inboxes); u != 25 {
		t.Fatalf("someone else's notifications changed: %d unread", u)
	}
	// Another account's id marks nothing of theirs.
	p := page(t, s, "other", Cursor{}, 1)
	if n, _ := s.MarkRead(ctx, "me", inboxes, []string{p.Notifications[0].ID}); n != 0 {
		t.Fatalf("marked another's: %d", n)
	}
	if !slices.ContainsFunc(p.Notifications, func(n Notification) bool { return !n.Read }) {
		t.Fatal("another's notification turned read")
	}
}

func TestParseCursor(t *testing.T) {
	c := Cursor{At: time.UnixMilli(1767225600123).UTC(), ID: "0123456789abcdef01234567"}
	got, err := ParseCursor(c.String())
	if err != nil || !got.At.Equal(c.At) || got.ID != c.ID {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{"x", "1.", ".0123456789abcdef01234567", "-1.0123456789abcdef01234567", "1.0123456789ABCDEF01234567", "1.abc"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
