package review

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// street is the service on a real embedded store with the real minutes
// module: a street with two villages, a reopener that records what it was
// asked, and a clock the test moves.
type street struct {
	t        *testing.T
	ctx      context.Context
	st       *store.Store
	svc      *Service
	minutes  *minutes.Service
	street   org.Org
	village  org.Org
	other    org.Org
	reopener *fakeReopener
	now      time.Time
}

// fakeReopener stands in for the proposal module: it reopens to the step
// asked (or "deliberation"), or fails with err.
type fakeReopener struct {
	calls []string
	err   error
}

func (f *fakeReopener) Reopen(_ context.Context, _, proposalID, step, _, reason string) (string, error) {
	f.calls = append(f.calls, proposalID+"@"+step+": "+reason)
	if f.err != nil {
		return "", f.err
	}
	if step == "" {
		step = "deliberation"
	}
	return step, nil
}

func newStreet(t *testing.T) *street {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	s := &street{t: t, ctx: ctx, st: st, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), reopener: &fakeReopener{}}
	must := func(o org.Org, err error) org.Org {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	city := must(orgs.Ensure(ctx, org.NewOrg{Code: "c", Name: "市", Level: org.LevelCity}))
	district := must(orgs.Ensure(ctx, org.NewOrg{Code: "d", Name: "区", Level: org.LevelDistrict, ParentID: city.ID}))
	s.street = must(orgs.Ensure(ctx, org.NewOrg{Code: "s", Name: "花山镇", Level: org.LevelStreet, ParentID: district.ID}))
	s.village = must(orgs.Ensure(ctx, org.NewOrg{Code: "v", Name: "小罗村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: s.street.ID}))
	s.other = must(orgs.Ensure(ctx, org.NewOrg{Code: "w", Name: "东田社区", Level: org.LevelVillage, Kind: org.KindCommunity, ParentID: s.street.ID}))
	s.minutes = minutes.NewService(st, orgs, vote.NewService(st, orgs, vote.Config{}), audit.New(), func() time.Time { return s.now })
	s.svc = NewService(st, orgs, s.minutes, audit.New(), s.reopener)
	return s
}

// notice puts a resolution's notice on a village's board as publishing its
// minutes does, its 15-day period starting now.
func (s *street) notice(village org.Org, kind, proposalID string) minutes.Notice {
	s.t.Helper()
	n := minutes.Notice{ID: fmt.Sprintf("n%d", s.now.UnixNano()), VillageID: village.ID, Kind: kind, Title: "修缮村道路灯的决议", Text: "决定修缮",
		MinutesID: "m1:1", ProposalID: proposalID, PublishedBy: "acc-sec", PublishedAt: s.now, NoticeDays: minutes.DefaultNoticeDays,
		Deadline: s.now.AddDate(0, 0, minutes.DefaultNoticeDays)}
	if err := s.st.PrepareVillage(s.ctx, village.ID); err != nil {
		s.t.Fatal(err)
	}
	if _, err := minutes.NoticesIn(s.st.Village(village.ID)).InsertOne(s.ctx, n); err != nil {
		s.t.Fatal(err)
	}
	s.now = s.now.Add(time.Second) // the next notice has another ID
	return n
}

// filed files an outcome whose notice period has ended.
func (s *street) filed(village org.Org, proposalID string) Filing {
	s.t.Helper()
	n := s.notice(village, minutes.NoticeResolution, proposalID)
	s.now = n.Deadline
	f, err := s.svc.File(s.ctx, village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	if err != nil {
		s.t.Fatalf("file: %v", err)
	}
	return f
}

func (s *street) queue() []string {
	s.t.Helper()
	q, err := s.svc.Queue(s.ctx, s.street.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	var ids []string
	for _, f := range q {
		ids = append(ids, f.ID)
	}
	return ids
}

// wantCode fails unless err is an API error with this code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var got *web.Error
	if !errors.As(err, &got) || got.Code != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}
