package evaluation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
	"yishi/modules/audit"
	"yishi/modules/web"

	"yishi/modules/org"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
)

// fixture is the service on a real embedded store with the real vote
// engine: a village of 12 adults, a committee (R001, R002) and three
// representatives (R010–R012).
type fixture struct {
	ctx     context.Context
	svc     *Service
	votes   *vote.Service
	village string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	var parent string
	for _, o := range []org.NewOrg{{Code: "c", Name: "市", Level: org.LevelCity}, {Code: "d", Name: "区", Level: org.LevelDistrict},
		{Code: "s", Name: "镇", Level: org.LevelStreet}, {Code: "v", Name: "村", Level: org.LevelVillage, Kind: org.KindVillage}} {
		o.ParentID = parent
		made, err := orgs.Ensure(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		parent = made.ID
	}
	var rs []org.Resident
	for i := range 12 {
		rs = append(rs, org.Resident{No: fmt.Sprintf("R%03d", i+1), HouseholdNo: fmt.Sprintf("H%02d", i/3+1), Name: fmt.Sprintf("村民%d", i+1),
			Gender: "F", BirthDate: "1970-01-01", HouseholdHead: i%3 == 0})
	}
	if err := orgs.SeedResidents(ctx, parent, rs); err != nil {
		t.Fatal(err)
	}
	seat := func(nos ...string) []org.Member {
		var ms []org.Member
		for _, no := range nos {
			ms = append(ms, org.Member{ResidentNo: no, Role: org.MemberMember})
		}
		return ms
	}
	for _, b := range []org.NewBody{{ID: "committee", Kind: org.BodyCouncil, Name: "村民委员会", Members: seat("R001", "R002")},
		{ID: "representatives", Kind: org.BodyAssociation, Name: "村民代表", Members: seat("R010", "R011", "R012")}} {
		if err := orgs.EnsureBody(ctx, parent, b); err != nil {
			t.Fatal(err)
		}
	}
	votes := vote.NewService(st, orgs, vote.Config{Audit: audit.New()})
	return &fixture{ctx: ctx, svc: NewService(st, orgs, votes, audit.New(), time.Now), votes: votes, village: parent}
}

// TestV2026Art38OneEvaluationOpenAtATimeUnderRacingHosts: eight hosts
// open at once; one evaluation opens, the others are told one is open.
func TestV2026Art38OneEvaluationOpenAtATimeUnderRacingHosts(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	opened, refused := 0, 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Open(f.ctx, f.village, web.Actor{AccountID: fmt.Sprint("host", i), Name: "监委"}, OpenInput{MeetingKind: vote.RepresentativesMeeting})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				opened++
			case errors.Is(err, ErrOneOpen):
				refused++
			default:
				t.Errorf("a racing open: %v", err)
			}
		}()
	}
	wg.Wait()
	es, err := f.svc.List(f.ctx, f.village)
	if err != nil {
		t.Fatal(err)
	}
	if opened != 1 || refused != 7 || len(es) != 1 {
		t.Fatalf("racing hosts: %d opened, %d refused, %d stored (want 1, 7, 1)", opened, refused, len(es))
	}
}

// TestV2026Art38RatingWithoutTheMeetingsQuorumDoesNotCount: one of three
// representatives rates a member unfit; the representatives' meeting needs
// 2/3 of its members (V2026 Art. 30 ¶2), so the rating does not count, and
// two such evaluations do not end the office.
func TestV2026Art38RatingWithoutTheMeetingsQuorumDoesNotCount(t *testing.T) {
	f := newFixture(t)
	host := web.Actor{AccountID: "host", Name: "监委"}
	for round := range 2 {
		e, err := f.svc.Open(f.ctx, f.village, host, OpenInput{MeetingKind: vote.RepresentativesMeeting})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.votes.Cast(f.ctx, f.village, e.Members[0].VoteID, vote.Voter{VillageID: f.village, ResidentNo: "R010"}, vote.CastRequest{Choices: []string{RateUnfit}}); err != nil {
			t.Fatal(err)
		}
		out, err := f.svc.Close(f.ctx, f.village, e.ID, host)
		if err != nil {
			t.Fatal(err)
		}
		m := out.Members[0]
		if m.Counted || m.UnfitByMajority || m.OfficeEnded || m.Voters != 1 {
			t.Fatalf("round %d: a rating by 1 of 3 representatives: %+v", round, m)
		}
		if _, err := f.svc.Close(f.ctx, f.village, e.ID, host); !errors.Is(err, ErrClosed) {
			t.Fatalf("closing twice: %v", err)
		}
	}
}
