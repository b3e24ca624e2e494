package minutes

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// township is the service on a real embedded store with the real vote
// engine and audit log: a street with a rural village and an urban
// community of 12 adults each (R001–R012, households of four) and a
// council, on a clock the test moves.
type township struct {
	t         *testing.T
	ctx       context.Context
	st        *store.Store
	svc       *Service
	village   org.Org
	community org.Org
	now       time.Time
}

func newTownship(t *testing.T) *township {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	tw := &township{t: t, ctx: ctx, st: st, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	must := func(o org.Org, err error) org.Org {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	city := must(orgs.Ensure(ctx, org.NewOrg{Code: "c", Name: "市", Level: org.LevelCity}))
	district := must(orgs.Ensure(ctx, org.NewOrg{Code: "d", Name: "区", Level: org.LevelDistrict, ParentID: city.ID}))
	street := must(orgs.Ensure(ctx, org.NewOrg{Code: "s", Name: "镇", Level: org.LevelStreet, ParentID: district.ID}))
	tw.village = must(orgs.Ensure(ctx, org.NewOrg{Code: "v", Name: "村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: street.ID}))
	tw.community = must(orgs.Ensure(ctx, org.NewOrg{Code: "u", Name: "社区", Level: org.LevelVillage, Kind: org.KindCommunity, ParentID: street.ID}))
	var rs []org.Resident
	for i := range 12 {
		rs = append(rs, org.Resident{No: fmt.Sprintf("R%03d", i+1), HouseholdNo: fmt.Sprintf("H%02d", i/4+1), Name: fmt.Sprintf("居民%d", i+1),
			Gender: []string{"M", "F"}[i%2], BirthDate: "1970-01-01", HouseholdHead: i%4 == 0})
	}
	for _, v := range []org.Org{tw.village, tw.community} {
		if err := orgs.SeedResidents(ctx, v.ID, rs); err != nil {
			t.Fatal(err)
		}
		if err := orgs.EnsureBody(ctx, v.ID, org.NewBody{ID: "council", Kind: org.BodyCouncil, Name: "议事会",
			Members: []org.Member{{ResidentNo: "R001", Role: org.MemberChair}, {ResidentNo: "R002", Role: org.MemberSecretary}, {ResidentNo: "R005", Role: org.MemberMember}}}); err != nil {
			t.Fatal(err)
		}
	}
	clock := func() time.Time { return tw.now }
	tw.svc = NewService(st, orgs, vote.NewService(st, orgs, vote.Config{}), audit.New(), clock)
	return tw
}

// wantCode fails unless err is an API error with this code.
func wantCode(t *testing.T, what string, err error, code string) *web.Error {
	t.Helper()
	var got *web.Error
	if !errors.As(err, &got) || got.Code != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
		return nil
	}
	return got
}
