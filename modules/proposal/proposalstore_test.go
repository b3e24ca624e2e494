package proposal

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"yishi/modules/web"
)

// storePaths are the proposal store's two paths. The suite below runs each
// on the store the tests are given: the embedded one, or the server store
// named by YISHI_TEST_MONGODB_URI (README: "Tests on a server store").
var storePaths = []struct {
	name string
	make func() proposalStore
}{
	{"cached", func() proposalStore { return newCachedStore() }},
	{"query", func() proposalStore { return queryStore{} }},
}

// onEachPath runs test once per path, each on a fixture of its own.
func onEachPath(t *testing.T, adults, children int, test func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, path := range storePaths {
		t.Run(path.name, func(t *testing.T) {
			f := newFixture(t, adults, children)
			f.svc.proposals = path.make()
			test(t, f)
		})
	}
}

// The proposal store's contract, the same on both paths.
func TestProposalStore(t *testing.T) {
	onEachPath(t, 40, 0, func(t *testing.T, f *fixture) {
		v := f.village
		db, err := f.svc.db(f.ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		ps := f.svc.proposals

		t.Run("get and insert", func(t *testing.T) {
			p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "修路", Body: "村东头", Category: "other"})
			got, err := ps.get(f.ctx, v.ID, db, p.ID)
			if err != nil || got.Title != "修路" || got.Body != "村东头" || got.Flow == nil || got.Rev != p.Rev {
				t.Fatalf("get: %+v %v", got, err)
			}
			if _, err := ps.get(f.ctx, v.ID, db, "nothing"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("get of no proposal: %v", err)
			}
			if err := ps.insert(f.ctx, v.ID, db, got); err == nil {
				t.Fatal("a second insert of one _id was stored")
			}
		})

		t.Run("modify holds to its filter and counts the revision", func(t *testing.T) {
			p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "改", Category: "other"})
			_, err := ps.modify(f.ctx, v.ID, db, bson.M{"_id": p.ID, "status": StatusDraft}, bson.M{"$set": bson.M{"title": "不该改"}})
			if !errors.Is(err, mongo.ErrNoDocuments) {
				t.Fatalf("modify with a filter that does not match: %v", err)
			}
			out, err := ps.modify(f.ctx, v.ID, db, bson.M{"_id": p.ID, "status": p.Status, "counts.signatures": bson.M{"$gte": 1}},
				bson.M{"$set": bson.M{"title": "改好了"}})
			if err != nil || out.Title != "改好了" || out.Rev != p.Rev+1 {
				t.Fatalf("modify: %q rev %d (was %d) %v", out.Title, out.Rev, p.Rev, err)
			}
			if got, _ := ps.get(f.ctx, v.ID, db, p.ID); got.Title != "改好了" || got.Rev != out.Rev {
				t.Fatalf("read after modify: %q rev %d", got.Title, got.Rev)
			}
			if _, err := ps.modify(f.ctx, v.ID, db, bson.M{"_id": "nothing"}, bson.M{"$set": bson.M{"title": "x"}}); !errors.Is(err, mongo.ErrNoDocuments) {
				t.Fatalf("modify of no proposal: %v", err)
			}
		})

		t.Run("counted and tally agree with the signatures", func(t *testing.T) {
			p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "联名", Category: "other"})
			for _, n := range []int{2, 3, 4} {
				if _, err := f.svc.Cosign(f.ctx, v, resident(v, n), p.ID); err != nil {
					t.Fatal(err)
				}
			}
			out, err := f.svc.Withdraw(f.ctx, v, resident(v, 3), p.ID, KindProposal)
			if err != nil {
				t.Fatal(err)
			}
			c, err := ps.tally(f.ctx, v.ID, db, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := Counts{Signatures: 3, Adults: 3, HouseholdHeads: 1} // R001 heads H01
			if out.Counts != want || c != want {
				t.Fatalf("after 4 signatures and a withdrawal: document %+v, tally %+v, want %+v", out.Counts, c, want)
			}
		})

		t.Run("list filters, sorts and pages", func(t *testing.T) {
			var ids []string
			for i := 1; i <= 5; i++ {
				p := f.submitted(v, resident(v, 10+i), ProposalInput{BodyID: "council", Title: fmt.Sprintf("排序%d", i), Category: "culture"})
				for n := 0; n < i; n++ {
					if _, err := f.svc.Cosign(f.ctx, v, resident(v, 20+n), p.ID); err != nil {
						t.Fatal(err)
					}
				}
				ids = append(ids, p.ID)
			}
			draft, err := f.svc.Create(f.ctx, v, resident(v, 30), ProposalInput{BodyID: "council", Title: "草稿", Category: "culture"})
			if err != nil {
				t.Fatal(err)
			}
			of := func(a web.Actor, in ListInput) []string {
				page, err := ps.list(f.ctx, v.ID, db, a, in)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, p := range page.Items {
					if p.Body != "" || p.History != nil || p.Flow != nil {
						t.Errorf("a list item carries its text, history or flow")
					}
					out = append(out, p.ID)
				}
				return append(out, fmt.Sprint(page.HasMore))
			}
			rev := slices.Clone(ids)
			slices.Reverse(rev)
			culture := ListInput{Kind: KindProposal, Category: "culture", Sort: "support"}
			if got := of(resident(v, 1), culture); !slices.Equal(got, append(slices.Clone(rev), "false")) {
				t.Errorf("by support: %v, want %v", got, rev)
			}
			culture.Sort = "created"
			if got := of(resident(v, 30), culture); !slices.Equal(got, append([]string{draft.ID}, append(slices.Clone(rev), "false")...)) {
				t.Errorf("by creation, as the draft's author: %v", got)
			}
			culture.Limit, culture.Offset = 2, 1
			if got := of(resident(v, 1), culture); !slices.Equal(got, []string{rev[1], rev[2], "true"}) {
				t.Errorf("second page of two: %v, want %v", got, rev[1:3])
			}
		})

		t.Run("search matches substrings literally", func(t *testing.T) {
			p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "修缮祠堂 A.B", Body: "老屋顶漏雨", Category: "other"})
			for q, want := range map[string]bool{"祠堂": true, "屋顶": true, "a.b": true, "A?B": false, "漏水": false} {
				page, err := ps.search(f.ctx, v.ID, db, resident(v, 2), regexp.QuoteMeta(q), 20, 0)
				if err != nil {
					t.Fatal(err)
				}
				found := slices.ContainsFunc(page.Items, func(x Proposal) bool { return x.ID == p.ID })
				if found != want {
					t.Errorf("search %q: found %v, want %v", q, found, want)
				}
			}
		})

		t.Run("amendments in order with their decisions", func(t *testing.T) {
			p := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "修改", Category: "other"})
			yes := true
			first, err := f.svc.AddAmendment(f.ctx, v, resident(v, 5), p.ID, AmendmentInput{Text: "第一"})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct times, as two requests have
			if _, err := f.svc.AddAmendment(f.ctx, v, resident(v, 6), p.ID, AmendmentInput{Text: "第二"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.DecideAmendment(f.ctx, v, resident(v, 1), p.ID, first.ID, DecisionInput{Accept: &yes}); err != nil {
				t.Fatal(err)
			}
			ams, err := ps.amendments(f.ctx, v.ID, db, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ams) != 2 || ams[0].Text != "第一" || ams[0].Status == AmendmentPending || ams[1].Status != AmendmentPending {
				t.Fatalf("amendments: %+v", ams)
			}
		})

		t.Run("revoking and past find whole proposals", func(t *testing.T) {
			target := f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: "决定", Category: "other"})
			if _, err := ps.modify(f.ctx, v.ID, db, bson.M{"_id": target.ID}, bson.M{"$set": bson.M{"status": StatusCompleted}}); err != nil {
				t.Fatal(err)
			}
			rev := f.submitted(v, resident(v, 2), ProposalInput{BodyID: "council", Title: "撤销", Category: "other"})
			if _, err := ps.modify(f.ctx, v.ID, db, bson.M{"_id": rev.ID},
				bson.M{"$set": bson.M{"revokes": Revokes{ProposalID: target.ID, Title: "决定", Mode: ModeRevoke, DecidedBy: MeetingCouncil}}}); err != nil {
				t.Fatal(err)
			}
			got, err := ps.revoking(f.ctx, v.ID, db, target.ID)
			if err != nil || len(got) != 1 || got[0].ID != rev.ID || got[0].Revokes == nil || len(got[0].History) == 0 {
				t.Fatalf("revoking: %+v %v", got, err)
			}
			past, err := ps.past(f.ctx, v.ID, db)
			if err != nil || !slices.ContainsFunc(past, func(p Proposal) bool { return p.ID == target.ID && len(p.History) > 0 }) ||
				slices.ContainsFunc(past, func(p Proposal) bool { return p.ID == rev.ID }) {
				t.Fatalf("past: %d proposals, %v", len(past), err)
			}
		})
	})
}
