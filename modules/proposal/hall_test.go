package proposal

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// A topic that reaches the hall's threshold goes to the council once, as a
// proposal that keeps the topic's history and links back to it, even when
// far more supporters than needed arrive at the same moment.
func TestHallTopicEscalatesOnce(t *testing.T) {
	onEachPath(t, 120, 0, testHallTopicEscalatesOnce) // 1/10 of 120 = 12 > 10: the threshold is 10
}

func testHallTopicEscalatesOnce(t *testing.T, f *fixture) {
	v := f.village
	topic, err := f.svc.RaiseTopic(f.ctx, v, resident(v, 1), TopicInput{Title: "村口路灯坏了", Body: "晚上太黑"})
	if err != nil {
		t.Fatal(err)
	}
	if topic.Status != StatusOpen || topic.Threshold.Routes[0].Required != 10 {
		t.Fatalf("topic %s, threshold %+v", topic.Status, topic.Threshold)
	}
	_, err = f.svc.Support(f.ctx, v, resident(v, 1), topic.ID)
	wantCode(t, err, "own_topic")
	_, err = f.svc.Cosign(f.ctx, v, resident(v, 2), topic.ID)
	wantCode(t, err, "wrong_kind")
	_, err = f.svc.Escalate(f.ctx, v, secretary(v), topic.ID)
	wantCode(t, err, "threshold_not_reached")
	if _, err := f.svc.AddComment(f.ctx, v, resident(v, 2), topic.ID, CommentInput{Body: "我也觉得"}); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for n := 2; n <= 31; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Support(f.ctx, v, resident(v, n), topic.ID)
			if err != nil && !slices.Contains([]error{ErrNotOpen}, err) {
				t.Errorf("support by %d: %v", n, err)
			}
		}()
	}
	wg.Wait()
	topic, _ = f.svc.Get(f.ctx, v.ID, resident(v, 1), topic.ID)
	if topic.Status != StatusEscalated || topic.EscalatedTo == "" {
		t.Fatalf("topic %s, escalated to %q", topic.Status, topic.EscalatedTo)
	}
	page, err := f.svc.List(f.ctx, v.ID, secretary(v), ListInput{Kind: KindProposal})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != topic.EscalatedTo {
		t.Fatalf("council proposals: %d, want the one topic", len(page.Items))
	}
	p, err := f.svc.Get(f.ctx, v.ID, secretary(v), topic.EscalatedTo)
	if err != nil {
		t.Fatal(err)
	}
	if p.BodyID != "council" || p.FromTopic != topic.ID || p.Status != StatusSubmitted || p.Flow.Key != FlowMinor || p.Proposer != topic.Proposer {
		t.Fatalf("council proposal: body %s from %s status %s flow %s", p.BodyID, p.FromTopic, p.Status, p.Flow.Key)
	}
	got := actions(p)
	want := []string{"topic:raise", "support:threshold_reached", "escalate:escalate", "proposal:escalated_from_topic"}
	if !slices.Equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
	// Asking again changes nothing.
	again, err := f.svc.Escalate(f.ctx, v, secretary(v), topic.ID)
	if err != nil || again.EscalatedTo != topic.EscalatedTo {
		t.Fatalf("escalate again: %v, %s", err, again.EscalatedTo)
	}
	page, _ = f.svc.List(f.ctx, v.ID, secretary(v), ListInput{Kind: KindProposal})
	if len(page.Items) != 1 {
		t.Fatalf("%d council proposals after escalating twice", len(page.Items))
	}
	// The raiser and the supporters follow the proposal the topic became.
	if f.unread(v, resident(v, 1)) == 0 {
		t.Error("the raiser was not told")
	}
	d, err := f.svc.Detail(f.ctx, v.ID, resident(v, 2), p.ID)
	if err != nil || !d.Viewer.Following || d.Topic == nil || d.Topic.ID != topic.ID {
		t.Fatalf("detail of the council proposal: %+v %v", d.Viewer, err)
	}
}

// Topics list by recent activity and by support.
func TestHallListsByActivityAndSupport(t *testing.T) {
	f := newFixture(t, 200, 0)
	v := f.village
	a, _ := f.svc.RaiseTopic(f.ctx, v, resident(v, 1), TopicInput{Title: "甲"})
	b, _ := f.svc.RaiseTopic(f.ctx, v, resident(v, 2), TopicInput{Title: "乙"})
	for n := 3; n <= 5; n++ {
		if _, err := f.svc.Support(f.ctx, v, resident(v, n), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := f.svc.RaiseTopic(f.ctx, v, resident(v, 3), TopicInput{Title: "丙"})
	if _, err := f.svc.Support(f.ctx, v, resident(v, 6), b.ID); err != nil {
		t.Fatal(err)
	}
	titles := func(sort string) []string {
		page, err := f.svc.List(f.ctx, v.ID, resident(v, 9), ListInput{Kind: KindTopic, Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range page.Items {
			out = append(out, p.Title)
		}
		return out
	}
	if got := titles("recent"); !slices.Equal(got, []string{b.Title, c.Title, a.Title}) {
		t.Errorf("by activity %v", got)
	}
	if got := titles("support"); !slices.Equal(got, []string{a.Title, b.Title, c.Title}) {
		t.Errorf("by support %v", got)
	}
}

// Search matches Chinese substrings in titles and texts, takes the query
// literally (no pattern), and never shows someone else's draft.
func TestSearchChineseSubstrings(t *testing.T) {
	f := newFixture(t, 20, 0)
	f.svc.proposals = newCachedStore() // compared with the query path below
	v := f.village
	f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "关于修建村东头水泥路的提议", Body: "路面破损(严重) road", Category: "other"})
	if _, err := f.svc.RaiseTopic(f.ctx, v, resident(v, 2), TopicInput{Title: "垃圾分类", Body: "建议在水泥路边设垃圾桶"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Create(f.ctx, v, resident(v, 3), ProposalInput{BodyID: "council", Title: "水泥路草稿", Category: "other"}); err != nil {
		t.Fatal(err)
	}
	uncached := *f.svc // the query the store runs, as with MongoDB
	uncached.proposals = queryStore{}
	count := func(a web.Actor, q string) int {
		page, err := f.svc.Search(f.ctx, v.ID, a, q, 20, 0)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		queried, err := uncached.Search(f.ctx, v.ID, a, q, 20, 0)
		if err != nil {
			t.Fatalf("search %q in the store: %v", q, err)
		}
		if len(queried.Items) != len(page.Items) {
			t.Errorf("search %q: %d from the cache, %d from the store", q, len(page.Items), len(queried.Items))
		}
		return len(page.Items)
	}
	for _, c := range []struct {
		who  web.Actor
		q    string
		want int
	}{
		{resident(v, 9), "水泥路", 2},
		{resident(v, 3), "水泥路", 3}, // with the searcher's own draft
		{resident(v, 9), "村东头", 1},
		{resident(v, 9), "(严重)", 1},
		{resident(v, 9), ".*", 0},
		{resident(v, 9), "(", 1},
		{resident(v, 9), "((", 0},
		{resident(v, 9), "不存在", 0},
		{resident(v, 9), "ROAD", 1}, // case-insensitive for Latin letters
	} {
		if got := count(c.who, c.q); got != c.want {
			t.Errorf("search %q as %s: %d results, want %d", c.q, c.who.ResidentNo, got, c.want)
		}
	}
	_, err := f.svc.Search(f.ctx, v.ID, resident(v, 9), "  ", 20, 0)
	wantCode(t, err, "invalid_fields")
	_, err = f.svc.Search(f.ctx, v.ID, resident(v, 9), string(make([]rune, 51)), 20, 0)
	wantCode(t, err, "invalid_fields")
}

// Comments thread one level; amendments are decided once, by the proposer.
func TestCommentsAndAmendments(t *testing.T) {
	f := newFixture(t, 20, 0)
	v := f.village
	p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "议题", Category: "other"})
	top, err := f.svc.AddComment(f.ctx, v, resident(v, 2), p.ID, CommentInput{Body: "好"})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := f.svc.AddComment(f.ctx, v, resident(v, 3), p.ID, CommentInput{Body: "同意", ParentID: top.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.AddComment(f.ctx, v, resident(v, 4), p.ID, CommentInput{Body: "回复的回复", ParentID: reply.ID})
	wantCode(t, err, "invalid_fields")
	cs, err := f.svc.Comments(f.ctx, v.ID, resident(v, 5), p.ID)
	if err != nil || len(cs) != 1 || len(cs[0].Replies) != 1 {
		t.Fatalf("threads: %+v %v", cs, err)
	}

	am, err := f.svc.AddAmendment(f.ctx, v, resident(v, 2), p.ID, AmendmentInput{Text: "把预算改为五万元"})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	_, err = f.svc.DecideAmendment(f.ctx, v, resident(v, 2), p.ID, am.ID, DecisionInput{Accept: &yes})
	wantCode(t, err, "not_proposer")
	if am, err = f.svc.DecideAmendment(f.ctx, v, resident(v, 1), p.ID, am.ID, DecisionInput{Accept: &yes}); err != nil || am.Status != AmendmentAccepted {
		t.Fatalf("accept: %+v %v", am, err)
	}
	_, err = f.svc.DecideAmendment(f.ctx, v, resident(v, 1), p.ID, am.ID, DecisionInput{Accept: &yes})
	wantCode(t, err, "already_decided")
	// The author of the amendment is told of the decision.
	inbox := []string{v.ID}
	pg, err := f.notes.List(f.ctx, resident(v, 2).AccountID, inbox, notify.Cursor{}, 10)
	if err != nil || len(pg.Notifications) == 0 || pg.Notifications[0].Kind != NotifyDecision {
		t.Fatalf("author's notifications: %+v %v", pg, err)
	}
	if n, err := f.notes.MarkRead(f.ctx, resident(v, 2).AccountID, inbox, nil); err != nil || n == 0 {
		t.Fatalf("mark read: %d %v", n, err)
	}
	if n := f.unread(v, resident(v, 2)); n != 0 {
		t.Fatalf("%d unread after marking all read", n)
	}
}

// With the embedded store, lists come from the in-memory copy of the
// village; with MongoDB from queries. Both must give the same pages.
func TestListFromCacheAgreesWithTheStore(t *testing.T) {
	f := newFixture(t, 40, 0)
	v := f.village
	f.svc.proposals = newCachedStore() // the embedded store's path, on whichever store
	uncached := *f.svc
	uncached.proposals = queryStore{}
	for i := 1; i <= 12; i++ {
		in := ProposalInput{BodyID: "council", Title: fmt.Sprintf("议题%d", i), Category: []string{"other", "culture", "homestead"}[i%3]}
		if i%4 == 0 {
			in.BodyID, in.Category = "elders", "frugal_ceremonies"
		}
		var p Proposal
		if i%5 == 0 {
			p, _ = f.svc.Create(f.ctx, v, resident(v, i), in) // a draft
		} else {
			p = f.submitted(v, resident(v, i), in)
		}
		for n := 20; n < 20+i%4; n++ {
			if p.Status != StatusDraft {
				if _, err := f.svc.Cosign(f.ctx, v, resident(v, n), p.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if i%3 == 0 {
			if _, err := f.svc.RaiseTopic(f.ctx, v, resident(v, i), TopicInput{Title: fmt.Sprintf("话题%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ids := func(page ListPage) []string {
		var out []string
		for _, p := range page.Items {
			if p.Body != "" || p.History != nil || p.Flow != nil {
				t.Errorf("a list item carries its text, history or flow")
			}
			out = append(out, p.ID)
		}
		return append(out, fmt.Sprint(page.HasMore))
	}
	for _, who := range []web.Actor{resident(v, 5), resident(v, 30)} {
		for _, in := range []ListInput{
			{Kind: KindProposal}, {Kind: KindTopic}, {Kind: KindProposal, Sort: "support"}, {Kind: KindProposal, Sort: "created"},
			{Kind: KindProposal, BodyID: "elders"}, {Kind: KindProposal, Status: StatusDraft}, {Kind: KindProposal, Category: "culture"},
			{Kind: KindProposal, Limit: 3, Offset: 2}, {Kind: KindProposal, Limit: 5, Offset: 9}, {Kind: KindTopic, Sort: "support", Limit: 2},
		} {
			cached, err := f.svc.List(f.ctx, v.ID, who, in)
			if err != nil {
				t.Fatal(err)
			}
			queried, err := uncached.List(f.ctx, v.ID, who, in)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(cached), ids(queried); !slices.Equal(got, want) {
				t.Errorf("%+v as %s: cache %v, store %v", in, who.ResidentNo, got, want)
			}
		}
	}
}

// Every write puts what it wrote in the cache: after one of each, the
// cached proposals and amendments are those in the store.
func TestCacheMatchesTheStore(t *testing.T) {
	f := newFixture(t, 40, 0)
	v := f.village
	cs := newCachedStore() // the embedded store's path, on whichever store
	f.svc.proposals = cs
	uncached := *f.svc
	uncached.proposals = queryStore{}
	yes := true
	// Create, edit, attach, submit, co-sign, withdraw, advance, deliberate,
	// comment, amend and decide; a demand reaching its threshold; a topic
	// supported to escalation.
	d, err := f.svc.Create(f.ctx, v, resident(v, 1), ProposalInput{BodyID: "council", Title: "草稿", Category: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Edit(f.ctx, v, resident(v, 1), d.ID, ProposalInput{BodyID: "council", Title: "改过的草稿", Category: "culture"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddAttachment(f.ctx, v, resident(v, 1), d.ID, AttachmentInput{Name: "a.txt", ContentType: "text/plain", Data: "YWJj"}); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.Submit(f.ctx, v, resident(v, 1), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() error{
		func() error { _, err := f.svc.Cosign(f.ctx, v, resident(v, 2), p.ID); return err },
		func() error { _, err := f.svc.Cosign(f.ctx, v, resident(v, 3), p.ID); return err },
		func() error { _, err := f.svc.Withdraw(f.ctx, v, resident(v, 3), p.ID, KindProposal); return err },
		func() error {
			_, err := f.svc.Advance(f.ctx, v, secretary(v), p.ID, AdvanceInput{Step: "proposal"})
			return err
		},
		func() error {
			_, err := f.svc.Deliberate(f.ctx, v, resident(v, 1), p.ID, OpinionInput{Opinion: "support"})
			return err
		},
		func() error {
			_, err := f.svc.AddComment(f.ctx, v, resident(v, 4), p.ID, CommentInput{Body: "好"})
			return err
		},
		func() error {
			am, err := f.svc.AddAmendment(f.ctx, v, resident(v, 5), p.ID, AmendmentInput{Text: "改"})
			if err != nil {
				return err
			}
			_, err = f.svc.DecideAmendment(f.ctx, v, resident(v, 1), p.ID, am.ID, DecisionInput{Accept: &yes})
			return err
		},
		func() error {
			_, err := f.svc.AddAmendment(f.ctx, v, resident(v, 6), p.ID, AmendmentInput{Text: "再改"})
			return err
		},
		func() error {
			c := f.submitted(v, resident(v, 7), ProposalInput{BodyID: "council", Title: "召开", Category: "other", Convene: MeetingVillagers})
			_, err := f.svc.Cosign(f.ctx, v, resident(v, 8), c.ID)
			if err == nil {
				_, err = f.svc.Cosign(f.ctx, v, resident(v, 9), c.ID)
			}
			return err
		},
		func() error {
			topic, err := f.svc.RaiseTopic(f.ctx, v, resident(v, 10), TopicInput{Title: "话题"})
			for n := 11; n <= 14 && err == nil; n++ {
				_, err = f.svc.Support(f.ctx, v, resident(v, n), topic.ID)
			}
			return err
		},
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	db, _ := f.svc.db(f.ctx, v.ID)
	cv, err := cs.cache.village(f.ctx, db, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, kind := range []string{KindProposal, KindTopic} {
		page, err := uncached.List(f.ctx, v.ID, resident(v, 1), ListInput{Kind: kind, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			stored[item.ID] = true
			want, err := load(f.ctx, db, item.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := cv.get(item.ID)
			if !ok {
				t.Errorf("%s %q is not in the cache", kind, item.Title)
				continue
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) || got.Rev != want.Rev {
				t.Errorf("%s %q differs:\ncache rev %d %s\nstore rev %d %s", kind, item.Title, got.Rev, g, want.Rev, w)
			}
			ga, _ := f.svc.Amendments(f.ctx, v.ID, item.ID)
			wa, _ := uncached.Amendments(f.ctx, v.ID, item.ID)
			if g, w := fmt.Sprint(json.Marshal(ga)), fmt.Sprint(json.Marshal(wa)); g != w {
				t.Errorf("amendments of %q differ:\ncache %s\nstore %s", item.Title, g, w)
			}
		}
	}
	// The submitted one, the demand, the topic and the proposal it became.
	if len(stored) != 4 || len(cv.byID) != 4 {
		t.Errorf("%d proposals stored and listed, %d cached, want 4", len(stored), len(cv.byID))
	}
}
