package vote

import (
	"context"
	"fmt"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
)

// subjects is the test's table of proposals; the real one is the proposal
// module, wired in app/.
type subjects map[string]Subject

func (s subjects) Subject(_ context.Context, _, id string) (Subject, error) {
	if sub, ok := s[id]; ok {
		return sub, nil
	}
	return Subject{}, web.ErrNotFound
}

type fixture struct {
	svc     *Service
	village org.Org
	ctx     context.Context
}

// newFixture makes a village of n adults (and n/4 children) in households of
// four, a council of the first five, and the engine on a real embedded store.
func newFixture(t testing.TB, n int, kind string) *fixture {
	t.Helper()
	return newFixtureOn(t, storetest.Open(t), n, kind)
}

// newFixtureOn is newFixture on a given store.
func newFixtureOn(t testing.TB, st *store.Store, n int, kind string) *fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	city, err := orgs.Ensure(ctx, org.NewOrg{Code: "c", Name: "c", Level: org.LevelCity})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := orgs.Ensure(ctx, org.NewOrg{Code: "d", Name: "d", Level: org.LevelDistrict, ParentID: city.ID})
	s, _ := orgs.Ensure(ctx, org.NewOrg{Code: "s", Name: "s", Level: org.LevelStreet, ParentID: d.ID})
	v, err := orgs.Ensure(ctx, org.NewOrg{Code: "v", Name: "v", Level: org.LevelVillage, Kind: kind, ParentID: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	var rs []org.Resident
	for i := 0; i < n; i++ {
		rs = append(rs, org.Resident{No: fmt.Sprintf("A%04d", i), HouseholdNo: fmt.Sprintf("H%04d", i/4), Name: "x", Gender: "F",
			BirthDate: "1980-01-01", Group: fmt.Sprintf("g%d", i%2), HouseholdHead: i%4 == 0})
	}
	for i := 0; i < n/4; i++ {
		rs = append(rs, org.Resident{No: fmt.Sprintf("C%04d", i), HouseholdNo: fmt.Sprintf("H%04d", i), Name: "child", Gender: "M",
			BirthDate: time.Now().AddDate(-17, 0, 0).Format(time.DateOnly)})
	}
	if err := orgs.SeedResidents(ctx, v.ID, rs); err != nil {
		t.Fatal(err)
	}
	members := []org.Member{}
	for i := 0; i < 5 && i < n; i++ {
		members = append(members, org.Member{ResidentNo: fmt.Sprintf("A%04d", i), Role: org.MemberMember})
	}
	if err := orgs.EnsureBody(ctx, v.ID, org.NewBody{ID: "council", Kind: org.BodyCouncil, Name: "议事会", Members: members}); err != nil {
		t.Fatal(err)
	}
	svc := NewService(st, orgs, Config{})
	svc.RegisterSubjects("proposal", subjects{
		"p-minor": {Title: "修路灯", Category: "public_order"},
		"p-land":  {Title: "土地承包方案", Category: "land_contracting", Art24: true},
		"p-auth":  {Title: "集体收益使用", Category: "collective_income", Art24: true, AuthorisedForRepresentatives: true},
	})
	return &fixture{svc: svc, village: v, ctx: ctx}
}

func (f *fixture) open(t testing.TB, req OpenRequest) Vote {
	t.Helper()
	v, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "secretary"}, req)
	if err != nil {
		t.Fatalf("open %+v: %v", req, err)
	}
	return v
}

func (f *fixture) voter(i int) Voter {
	return Voter{VillageID: f.village.ID, ResidentNo: fmt.Sprintf("A%04d", i)}
}

func (f *fixture) cast(t testing.TB, voteID string, i int, choices ...string) Receipt {
	t.Helper()
	r, err := f.svc.Cast(f.ctx, f.village.ID, voteID, f.voter(i), CastRequest{Choices: choices})
	if err != nil {
		t.Fatalf("cast by %d: %v", i, err)
	}
	return r
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	we, ok := err.(*web.Error)
	if !ok || we.Code != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}
