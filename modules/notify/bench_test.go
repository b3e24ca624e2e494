package notify

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// electorate is 300 residents R001..R300, each with an account.
func electorate() []string {
	nos := make([]string, 300)
	for i := range nos {
		nos[i] = fmt.Sprintf("R%03d", i+1)
	}
	return nos
}

// BenchmarkSendToElectorate is a vote opened in a village of 300 voters
// with accounts: one event, 300 notifications and 300 unread counts in one
// insert and one bulk update, on the embedded store.
//
//	go test ./modules/notify -run '^$' -bench . -benchtime 20x
func BenchmarkSendToElectorate(b *testing.B) {
	now := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
	s := newTestService(b, &now)
	ctx := context.Background()
	nos := electorate()
	i := 0
	for b.Loop() {
		i++
		e := Event{Key: fmt.Sprintf("vote_opened:%d", i), Kind: KindVoteOpened, Org: "v1", Residents: nos,
			Link: Link{View: "vote-ballot"}, Title: "表决"}
		if err := s.Send(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBell is what the page asks on every load for one resident of
// such a village after 20 votes (6,000 notifications in its inbox): the
// unread count, and the first page of 20.
func BenchmarkBell(b *testing.B) {
	now := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
	s := newTestService(b, &now)
	ctx := context.Background()
	nos := electorate()
	for i := range 20 {
		now = now.Add(time.Minute)
		if err := s.Send(ctx, Event{Key: fmt.Sprintf("vote_opened:%d", i), Kind: KindVoteOpened, Org: "v1", Residents: nos,
			Link: Link{View: "vote-ballot"}, Title: "表决"}); err != nil {
			b.Fatal(err)
		}
	}
	inboxes := []string{"v1"}
	b.Run("unread", func(b *testing.B) {
		for b.Loop() {
			if n, err := s.Unread(ctx, "acc-R150", inboxes); err != nil || n != 20 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("first-page", func(b *testing.B) {
		for b.Loop() {
			if p, err := s.List(ctx, "acc-R150", inboxes, Cursor{}, 20); err != nil || len(p.Notifications) != 20 {
				b.Fatal(len(p.Notifications), err)
			}
		}
	})
}
