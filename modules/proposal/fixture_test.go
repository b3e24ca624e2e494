package proposal

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
)

// fixture is the service on a real embedded store with a street holding a
// rural village and an urban community, each with its own register.
type fixture struct {
	t         testing.TB
	ctx       context.Context
	orgs      *org.Service
	svc       *Service
	votes     *fakeVotes
	notes     *notify.Service
	village   org.Org
	community org.Org
}

// fakeVotes stands in for the vote module: the tests say what each vote's
// outcome is.
type fakeVotes struct{ outcomes map[string]VoteOutcome }

func (f *fakeVotes) Outcome(_ context.Context, _, voteID string) (VoteOutcome, error) {
	o, ok := f.outcomes[voteID]
	if !ok {
		return VoteOutcome{}, web.New(404, "vote_not_found", "找不到该表决", "No such vote")
	}
	return o, nil
}

// register makes adults aged 30 and children aged 10 in households of
// four, the first of each household its head: R001, R002, ...
func register(adults, children int, today time.Time) []org.Resident {
	var out []org.Resident
	for i := 0; i < adults+children; i++ {
		birth := today.AddDate(-30, 0, -1)
		if i >= adults {
			birth = today.AddDate(-10, 0, 0)
		}
		out = append(out, org.Resident{No: fmt.Sprintf("R%03d", i+1), HouseholdNo: fmt.Sprintf("H%02d", i/4+1),
			Name: fmt.Sprintf("居民%d", i+1), Gender: []string{"M", "F"}[i%2], BirthDate: birth.Format(time.DateOnly),
			HouseholdHead: i%4 == 0})
	}
	return out
}

func newFixture(t testing.TB, villageAdults, villageChildren int) *fixture {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: ctx, orgs: orgs, votes: &fakeVotes{outcomes: map[string]VoteOutcome{}}}
	f.svc = NewService(st, orgs, f.votes, audit.New(), nil)
	// The real notification service, its inbox each village's database.
	f.notes = notify.NewService(notify.Deps{Inbox: func(_ context.Context, id string) (*mongo.Database, error) {
		return st.Village(id), nil
	}})
	f.svc.SetNotifier(f.notes)
	city := f.must(orgs.Ensure(ctx, org.NewOrg{Code: "c", Name: "市", Level: org.LevelCity}))
	district := f.must(orgs.Ensure(ctx, org.NewOrg{Code: "d", Name: "区", Level: org.LevelDistrict, ParentID: city.ID}))
	street := f.must(orgs.Ensure(ctx, org.NewOrg{Code: "s", Name: "镇", Level: org.LevelStreet, ParentID: district.ID}))
	f.village = f.must(orgs.Ensure(ctx, org.NewOrg{Code: "v", Name: "村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: street.ID}))
	f.community = f.must(orgs.Ensure(ctx, org.NewOrg{Code: "u", Name: "社区", Level: org.LevelVillage, Kind: org.KindCommunity, ParentID: street.ID}))
	today := time.Now()
	if err := orgs.SeedResidents(ctx, f.village.ID, register(villageAdults, villageChildren, today)); err != nil {
		t.Fatal(err)
	}
	if err := orgs.SeedResidents(ctx, f.community.ID, register(20, 0, today)); err != nil {
		t.Fatal(err)
	}
	for _, v := range []org.Org{f.village, f.community} {
		for _, b := range []org.NewBody{
			{ID: "council", Kind: org.BodyCouncil, Name: "议事会", Members: []org.Member{{ResidentNo: "R001", Role: org.MemberChair}, {ResidentNo: "R002", Role: org.MemberSecretary}}},
			{ID: "moralboard", Kind: org.BodyMoralBoard, Name: "评议会", Members: []org.Member{{ResidentNo: "R003", Role: org.MemberChair}}},
			{ID: "hall", Kind: org.BodyHall, Name: "议事堂"},
			{ID: "elders", Kind: org.BodyAssociation, Name: "红白理事会", Members: []org.Member{{ResidentNo: "R004", Role: org.MemberChair}}},
		} {
			if err := orgs.EnsureBody(ctx, v.ID, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func (f *fixture) must(o org.Org, err error) org.Org {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

// resident is the actor for resident number n of v.
func resident(v org.Org, n int) web.Actor {
	no := fmt.Sprintf("R%03d", n)
	return web.Actor{AccountID: v.Code + "-acc-" + no, Name: "居民" + no, VillageID: v.ID, ResidentNo: no, Role: "resident"}
}

// secretary is an account that advances proposals; it need not be a resident.
func secretary(v org.Org) web.Actor {
	return web.Actor{AccountID: v.Code + "-secretary", Name: "秘书", Role: "secretary"}
}

// representatives sets up the representatives' body with residents 1..n.
func (f *fixture) representatives(v org.Org, n int) {
	f.t.Helper()
	var ms []org.Member
	for i := 1; i <= n; i++ {
		ms = append(ms, org.Member{ResidentNo: fmt.Sprintf("R%03d", i), Role: org.MemberMember})
	}
	if err := f.orgs.EnsureBody(f.ctx, v.ID, org.NewBody{ID: RepresentativesBody, Kind: org.BodyAssociation, Name: "村民代表", Members: ms}); err != nil {
		f.t.Fatal(err)
	}
}

// submitted creates and submits a proposal.
func (f *fixture) submitted(v org.Org, a web.Actor, in ProposalInput) Proposal {
	f.t.Helper()
	p, err := f.svc.Create(f.ctx, v, a, in)
	if err != nil {
		f.t.Fatalf("create %q: %v", in.Title, err)
	}
	p, err = f.svc.Submit(f.ctx, v, a, p.ID)
	if err != nil {
		f.t.Fatalf("submit %q: %v", in.Title, err)
	}
	return p
}

// advance completes the current step, which must be key.
func (f *fixture) advance(v org.Org, p Proposal, key string, in AdvanceInput) Proposal {
	f.t.Helper()
	in.Step = key
	out, err := f.svc.Advance(f.ctx, v, secretary(v), p.ID, in)
	if err != nil {
		f.t.Fatalf("advance %s at %s: %v", p.Title, key, err)
	}
	return out
}

// wantCode fails unless err is the API error with the code.
func wantCode(t *testing.T, err error, code string) *web.Error {
	t.Helper()
	var e *web.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	return e
}

// unread is the account's unread notifications in the fixture's village.
func (f *fixture) unread(v org.Org, a web.Actor) int64 {
	f.t.Helper()
	n, err := f.notes.Unread(f.ctx, a.AccountID, []string{v.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}
