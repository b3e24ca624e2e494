package assist

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
)

// counter is a performer that counts what it did: the test's stand-in for
// the owning module (the app's tests drive the real ones). Its rule: the
// target must be "open".
type counter struct {
	done  atomic.Int32
	marks chan web.Assisted
}

func (c *counter) Choices(context.Context, org.Org) ([]Choice, error) {
	return []Choice{{ID: "open", Title: "开着的"}, {ID: "closed", Title: "关了的"}}, nil
}

var errClosed = web.New(409, "not_open", "已经结束", "closed")

func (c *counter) Perform(_ context.Context, _ org.Org, _ Resident, target, _ string, mark web.Assisted) (string, error) {
	if target != "open" {
		return "", errClosed
	}
	c.done.Add(1)
	c.marks <- mark
	return "rec-1", nil
}

func fixture(t testing.TB) (*Service, org.Org, *counter) {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	var parent string
	var v org.Org
	for _, o := range []org.NewOrg{{Code: "c", Name: "市", Level: org.LevelCity}, {Code: "d", Name: "区", Level: org.LevelDistrict},
		{Code: "s", Name: "镇", Level: org.LevelStreet}, {Code: "v", Name: "村", Level: org.LevelVillage, Kind: org.KindVillage}} {
		o.ParentID = parent
		got, err := orgs.Ensure(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		parent, v = got.ID, got
	}
	if err := orgs.SeedResidents(ctx, v.ID, []org.Resident{{No: "R001", HouseholdNo: "H01", Name: "陈秀英", Gender: "F", BirthDate: "1950-01-01"},
		{No: "R005", HouseholdNo: "H02", Name: "黄伟", Gender: "M", BirthDate: "1980-01-01"}}); err != nil {
		t.Fatal(err)
	}
	c := &counter{marks: make(chan web.Assisted, 1<<16)}
	p := map[string]Performer{KindSignIn: c, KindCosign: c, KindCertificate: c}
	none := func(context.Context, string, []string) ([]string, error) { return nil, nil }
	return NewService(st, orgs, audit.New(), p, none, nil, nil, nil), v, c
}

var (
	helper    = web.Actor{AccountID: "acc-helper", Name: "黄伟", ResidentNo: "R005"}
	confirmer = web.Actor{AccountID: "acc-second", Name: "陈建国"}
)

// Of 16 racing confirmations (and retries after them) the owning module
// acts once, and the mark it keeps names both people; the helper never
// confirms; a refusal of the owning module leaves the action pending.
func TestConfirmationActsOnceAndOnlyBySecondPerson(t *testing.T) {
	s, v, c := fixture(t)
	ctx := context.Background()
	a, err := s.Create(ctx, v, helper, NewAction{Kind: KindCosign, ResidentNo: "R001", Target: "open", Present: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Confirm(ctx, v, helper, a.ID); !errors.Is(err, ErrSamePerson) {
		t.Fatalf("the helper confirming: %v", err)
	}
	var wg sync.WaitGroup
	var acted atomic.Int32
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, already, err := s.Confirm(ctx, v, confirmer, a.ID)
			if err == nil && !already {
				acted.Add(1)
			} else if err != nil && !errors.Is(err, ErrConfirming) {
				t.Errorf("racing confirmation: %v", err)
			}
		}()
	}
	wg.Wait()
	got, already, err := s.Confirm(ctx, v, confirmer, a.ID)
	if err != nil || !already || got.Status != StatusDone || got.Record != "rec-1" {
		t.Fatalf("a retry: %+v %v %v", got, already, err)
	}
	if c.done.Load() != 1 || acted.Load() != 1 {
		t.Fatalf("performed %d times, %d confirmations said they acted", c.done.Load(), acted.Load())
	}
	if m := <-c.marks; m.HelperName != "黄伟" || m.ConfirmerName != "陈建国" || m.ID != a.ID || m.At.IsZero() {
		t.Fatalf("mark %+v", m)
	}

	closed, err := s.Create(ctx, v, helper, NewAction{Kind: KindSignIn, ResidentNo: "R001", Target: "closed", Present: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Confirm(ctx, v, confirmer, closed.ID); !errors.Is(err, errClosed) {
		t.Fatalf("the owning module's refusal: %v", err)
	}
	if again, _ := s.Get(ctx, v.ID, closed.ID); again.Status != StatusPending {
		t.Fatalf("after a refusal the action is %s", again.Status)
	}
	if _, err := s.Cancel(ctx, v.ID, helper, closed.ID); err != nil {
		t.Fatalf("cancel after a refusal: %v", err)
	}
}

// The helper states the resident is present, picks a resident of the
// register (not themselves) and a target from the list; a certificate
// names its purpose.
func TestCreateRefusesWhatTheRulesForbid(t *testing.T) {
	s, v, _ := fixture(t)
	ctx := context.Background()
	for name, in := range map[string]NewAction{
		"absent resident":     {Kind: KindCosign, ResidentNo: "R001", Target: "open"},
		"oneself":             {Kind: KindCosign, ResidentNo: "R005", Target: "open", Present: true},
		"not in register":     {Kind: KindCosign, ResidentNo: "R999", Target: "open", Present: true},
		"target not listed":   {Kind: KindCosign, ResidentNo: "R001", Target: "other", Present: true},
		"a vote":              {Kind: "vote", ResidentNo: "R001", Target: "open", Present: true},
		"certificate, no why": {Kind: KindCertificate, ResidentNo: "R001", Target: "open", Present: true},
	} {
		if _, err := s.Create(ctx, v, helper, in); err == nil || web.AsError(err).Status != 422 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if as, _ := s.Pending(ctx, v.ID, ""); len(as) != 0 {
		t.Fatalf("refused actions were recorded: %+v", as)
	}
}
