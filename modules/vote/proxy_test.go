package vote

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"yishi/modules/org"
	"yishi/modules/web"
)

// The fixture's village: adults A0000… in households of four (A0000-A0003
// in H0000, A0004-A0007 in H0001, …), children C0000… in the first
// households.

func (f *fixture) entrust(v Vote, principal, holder int, relation string) error {
	_, err := f.svc.RecordProxy(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ProxyRequest{Principal: fmt.Sprintf("A%04d", principal),
		Holder: fmt.Sprintf("A%04d", holder), Relation: relation, Evidence: "书面委托书，见证人：村委王某"})
	return err
}

// TestMeetingProxyDefaultIsAnAdultOfTheSameHousehold: without a village
// setting, an absent member entrusts an adult of their own household (as
// CEO Art. 27); the holder casts their own ballot and one per principal,
// the principal cannot vote again, and the list is published.
func TestMeetingProxyDefaultIsAnAdultOfTheSameHousehold(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	if err := f.entrust(v, 1, 0, "spouse"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.entrust(v, 4, 0, "sibling"), "proxy_not_household")
	wantCode(t, f.entrust(v, 1, 5, "household"), "proxy_not_household")
	wantCode(t, f.entrust(v, 2, 2, "household"), "proxy_ineligible")
	// A child of the household is not an eligible holder; nor a principal.
	_, err := f.svc.RecordProxy(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ProxyRequest{Principal: "A0002", Holder: "C0000", Relation: "child", Evidence: "x"})
	wantCode(t, err, "proxy_holder_ineligible")
	_, err = f.svc.RecordProxy(f.ctx, f.village.ID, v.ID, web.Actor{AccountID: "sec"}, ProxyRequest{Principal: "C0000", Holder: "A0002", Relation: "parent", Evidence: "x"})
	wantCode(t, err, "proxy_ineligible")
	if err := f.entrust(v, 2, 3, "household"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.entrust(v, 1, 3, "household"), "proxy_exists")

	f.cast(t, v.ID, 0, "yes")
	r, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, OnBehalfOf: "A0001"})
	if err != nil || r.Voter != "A0001" || r.ProxyBy != "A0000" {
		t.Fatalf("proxy ballot: %+v %v", r, err)
	}
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"no"}, OnBehalfOf: "A0002"})
	wantCode(t, err, "no_proxy") // entrusted to A0003, not to A0000
	_, err = f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(1), CastRequest{Choices: []string{"yes"}})
	wantCode(t, err, "already_voted")
	ps, _ := f.svc.Proxies(f.ctx, f.village.ID, v.ID)
	if len(ps) != 2 {
		t.Fatalf("published proxies %d, want 2", len(ps))
	}
}

// TestMeetingProxyCapIsTheDeploymentsOrLower: the deployment's cap
// (-proxy-cap, at most 3) holds, a village may lower it and not raise it,
// and its setting may allow any villager with voting rights.
func TestMeetingProxyCapIsTheDeploymentsOrLower(t *testing.T) {
	for _, n := range []int{0, 4} {
		if CheckProxyCap(n) == nil {
			t.Fatalf("a cap of %d is accepted", n)
		}
	}
	f := newFixture(t, 16, "village")
	f.svc.cfg.ProxyCap = 2
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	for _, p := range []int{1, 2} {
		if err := f.entrust(v, p, 0, "household"); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, f.entrust(v, 3, 0, "household"), "proxy_cap")
	_, err := f.svc.SetProxySettings(f.ctx, f.village.ID, web.Actor{}, ProxySettings{Holders: HoldersVoter, Cap: 3})
	wantCode(t, err, "proxy_cap_raised")
	if _, err := f.svc.SetProxySettings(f.ctx, f.village.ID, web.Actor{}, ProxySettings{Holders: HoldersVoter, Cap: 1, Basis: "村民自治章程第12条"}); err != nil {
		t.Fatal(err)
	}
	if err := f.entrust(v, 8, 4, "villager"); err != nil { // another household, now allowed
		t.Fatal(err)
	}
	wantCode(t, f.entrust(v, 9, 4, "villager"), "proxy_cap")
	if _, err := f.svc.SetProxySettings(f.ctx, f.village.ID, web.Actor{}, ProxySettings{Holders: HoldersRelative}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.entrust(v, 10, 5, "villager"), "proxy_relation")
	if err := f.entrust(v, 10, 5, "sibling"); err != nil {
		t.Fatal(err)
	}
}

// TestV2026Art18Para4ElectionProxies (V2026 Art. 18 ¶4, U2026 Art. 19): an election is
// secret; a voter may entrust a close relative or another villager with
// voting rights, at most 3 per holder, never a candidate; where
// representatives elect, nobody votes by proxy.
func TestV2026Art18Para4ElectionProxies(t *testing.T) {
	f := newFixture(t, 20, "village")
	_, err := f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Election: true})
	wantCode(t, err, "election_not_secret")
	_, err = f.svc.Open(f.ctx, f.village.ID, web.Actor{AccountID: "s"}, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true, Election: true, Candidates: []string{"Z9999"}})
	wantCode(t, err, "candidate_not_resident")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting, Secret: true, Election: true, Candidates: []string{"A0019"}})
	for _, p := range []int{4, 8, 12} { // villagers of other households
		if err := f.entrust(v, p, 0, "villager"); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, f.entrust(v, 16, 0, "villager"), "proxy_cap")
	wantCode(t, f.entrust(v, 1, 19, "sibling"), "proxy_candidate")
	// The candidate may entrust someone else, and vote.
	if err := f.entrust(v, 19, 17, "villager"); err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.Cast(f.ctx, f.village.ID, v.ID, f.voter(0), CastRequest{Choices: []string{"yes"}, OnBehalfOf: "A0008"})
	if err != nil || r.Voter != "A0008" {
		t.Fatalf("proxy ballot in an election: %+v %v", r, err)
	}

	g := newFixture(t, 12, "community")
	if err := g.svc.orgs.EnsureBody(g.ctx, g.village.ID, reps(5)); err != nil {
		t.Fatal(err)
	}
	rv := g.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: RepresentativesMeeting, Secret: true, Election: true})
	wantCode(t, g.entrust(rv, 1, 0, "spouse"), "proxy_not_allowed")
}

// TestProxyCapHoldsForOneHundredConcurrentEntrustments: 100 entrustments
// to one holder at once, exactly the cap accepted (the places are unique
// inserts, proxyplaces.go).
func TestProxyCapHoldsForOneHundredConcurrentEntrustments(t *testing.T) {
	f := newFixture(t, 101, "village")
	if _, err := f.svc.SetProxySettings(f.ctx, f.village.ID, web.Actor{}, ProxySettings{Holders: HoldersVoter}); err != nil {
		t.Fatal(err)
	}
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	var ok, capped atomic.Int64
	var wg sync.WaitGroup
	for p := 1; p <= 100; p++ {
		wg.Go(func() {
			switch err := f.entrust(v, p, 0, "villager"); {
			case err == nil:
				ok.Add(1)
			case codeOf(err) == "proxy_cap":
				capped.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 3 || capped.Load() != 97 {
		t.Fatalf("%d accepted and %d refused, want the cap of 3 and 97", ok.Load(), capped.Load())
	}
	ps, _ := f.svc.Proxies(f.ctx, f.village.ID, v.ID)
	if len(ps) != 3 {
		t.Fatalf("%d entrustments stored", len(ps))
	}
}

// TestStrandedProxyPlaceIsFreed: a place taken by an entrustment that was
// never written (a crash between the two writes) is freed once it is a
// minute old, so the holder does not lose it for good.
func TestStrandedProxyPlaceIsFreed(t *testing.T) {
	f := newFixture(t, 12, "village")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	db := f.svc.db(f.village.ID)
	old := time.Now().Add(-2 * time.Minute)
	for k, p := range []string{"A0001", "A0002", "A0003"} {
		if _, err := db.Collection(collProxyPlaces).InsertOne(f.ctx, proxyPlace{ID: fmt.Sprintf("vote:%s:A0000:%d", v.ID, k+1), Principal: p, At: old}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.entrust(v, 2, 0, "household"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Collection(collProxyPlaces).CountDocuments(context.Background(), map[string]any{}); n != 1 {
		t.Fatalf("%d places left, want the one taken", n)
	}
}

func reps(n int) org.NewBody {
	var members []org.Member
	for i := 0; i < n; i++ {
		members = append(members, org.Member{ResidentNo: fmt.Sprintf("A%04d", i), Role: org.MemberMember})
	}
	return org.NewBody{ID: "representatives", Kind: org.BodyAssociation, Name: "居民代表会议", Members: members}
}

func codeOf(err error) string {
	var we *web.Error
	if errors.As(err, &we) {
		return we.Code
	}
	return ""
}
