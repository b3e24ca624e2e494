package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/modules/web"
	"yishi/policies"
)

// benchSubjects stands in for the moral review cases module (not built yet)
// as the subject of benchmark votes; votes themselves are the real engine.
type benchSubjects struct{}

func (benchSubjects) Subject(context.Context, string, string) (vote.Subject, error) {
	return vote.Subject{Title: "bench", Category: "other"}, nil
}

type benchVillage struct {
	ta       *testApp
	village  org.Org
	sessions []string // cookie tokens, one per voter
	csrf     []string
}

// newBenchVillage makes a village of n adult residents, each with an account
// and a session, on a fresh embedded store.
func newBenchVillage(b *testing.B, n int) *benchVillage {
	b.Helper()
	ctx := context.Background()
	testLogLevel = slog.LevelInfo
	// Every simulated voter comes from 127.0.0.1: the per-address write limit
	// would measure itself, not casting.
	b.Setenv("YISHI_RATE_PER_IP", "0")
	ta := startTestApp(b)
	ta.votes.RegisterSubjects("case", benchSubjects{})
	street, err := ta.orgs.ByPath(ctx, "/gz/hd/hs")
	if err != nil {
		b.Fatal(err)
	}
	v, err := ta.orgs.Ensure(ctx, org.NewOrg{Code: "bench", Name: "压测村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: street.ID})
	if err != nil {
		b.Fatal(err)
	}
	rs := make([]org.Resident, n)
	for i := range rs {
		rs[i] = org.Resident{No: fmt.Sprintf("B%05d", i), HouseholdNo: fmt.Sprintf("H%05d", i/4), Name: "村民", Gender: "F", BirthDate: "1970-01-01", HouseholdHead: i%4 == 0}
	}
	if err := ta.orgs.SeedResidents(ctx, v.ID, rs); err != nil {
		b.Fatal(err)
	}
	// One password hash for all: the benchmark measures casting, not argon2.
	hash, _ := account.HashPassword("bench-password")
	accounts := make([]any, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: fmt.Sprintf("%024x", 0xbe0000+i), Phone: fmt.Sprintf("166%08d", i), Name: "村民", PasswordHash: hash,
			Roles: []policies.Assignment{{Role: "resident", Scope: v.Path}}, VillageID: v.ID, ResidentNo: rs[i].No}
	}
	if _, err := ta.store.Shared().Collection("accounts").InsertMany(ctx, accounts); err != nil {
		b.Fatal(err)
	}
	if err := ta.accounts.Init(ctx); err != nil { // load the new role assignments
		b.Fatal(err)
	}
	bv := &benchVillage{ta: ta, village: v}
	for i := range accounts {
		token, sess, err := ta.accounts.StartSession(ctx, accounts[i].(account.Account))
		if err != nil {
			b.Fatal(err)
		}
		bv.sessions = append(bv.sessions, token)
		bv.csrf = append(bv.csrf, sess.CSRF)
	}
	return bv
}

func (bv *benchVillage) openVote(b *testing.B, secret bool) vote.Vote {
	v, err := bv.ta.votes.Open(context.Background(), bv.village.ID, web.Actor{AccountID: "bench"}, vote.OpenRequest{SubjectKind: "case", SubjectID: "x",
		MeetingKind: vote.VillagersMeeting, Secret: secret})
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func percentile(d []time.Duration, p float64) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)]
}

// BenchmarkCastHTTPvsRawInsert: each iteration is one round in which 500
// voters cast at once through the HTTP API, and right after, 500 goroutines
// insert the same ballot documents with the raw driver into the same store.
func BenchmarkCastHTTPvsRawInsert(b *testing.B) {
	const voters = 500
	bv := newBenchVillage(b, voters)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: voters, MaxConnsPerHost: voters}}
	body, _ := json.Marshal(vote.CastRequest{Choices: []string{"yes"}})
	var httpTime, rawTime time.Duration
	var lat, rawLat []time.Duration
	var latMu sync.Mutex
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		b.StopTimer()
		v := bv.openVote(b, false)
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for i := 0; i < voters; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/orgs/%s/votes/%s/ballots", bv.ta.URL, bv.village.ID, v.ID), bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", "yishi_session="+bv.sessions[i])
				req.Header.Set("X-CSRF-Token", bv.csrf[i])
				t0 := time.Now()
				resp, err := client.Do(req)
				d := time.Since(t0)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					b.Errorf("cast: %d", resp.StatusCode)
				}
				latMu.Lock()
				lat = append(lat, d)
				latMu.Unlock()
			}()
		}
		wg.Wait()
		httpTime += time.Since(start)

		// The same documents, raw, into a fresh collection of the same store.
		coll := bv.ta.store.Village(bv.village.ID).Collection(fmt.Sprintf("raw_%d_%d", round, time.Now().UnixNano()))
		_ = coll.Database().CreateCollection(context.Background(), coll.Name())
		start = time.Now()
		for i := 0; i < voters; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				_, err := coll.InsertOne(context.Background(), vote.Ballot{ID: v.ID + ":" + fmt.Sprintf("B%05d", i), Voter: fmt.Sprintf("B%05d", i),
					Choices: []string{"yes"}, Receipt: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", CastAt: time.Now().UTC(), Household: "H"})
				d := time.Since(t0)
				if err != nil {
					b.Error(err)
				}
				latMu.Lock()
				rawLat = append(rawLat, d)
				latMu.Unlock()
			}()
		}
		wg.Wait()
		rawTime += time.Since(start)
	}
	b.StopTimer()
	n := float64(b.N * voters)
	httpRate, rawRate := n/httpTime.Seconds(), n/rawTime.Seconds()
	b.ReportMetric(httpRate, "http_ballots/s")
	b.ReportMetric(rawRate, "raw_inserts/s")
	b.ReportMetric(httpRate/rawRate, "ratio")
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(percentile(lat, 0.95).Microseconds())/1000, "p95_ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99_ms")
	// The floor: the same store's own latency for 500 inserts at once.
	b.ReportMetric(float64(percentile(rawLat, 0.99).Microseconds())/1000, "raw_p99_ms")
}

// BenchmarkTally10000 tallies a closed-form vote of 10,000 stored ballots,
// open and secret.
func BenchmarkTally10000(b *testing.B) {
	for _, secret := range []bool{false, true} {
		b.Run(fmt.Sprintf("secret=%v", secret), func(b *testing.B) {
			const n = 10000
			ctx := context.Background()
			ta := startTestApp(b)
			ta.votes.RegisterSubjects("case", benchSubjects{})
			street, _ := ta.orgs.ByPath(ctx, "/gz/hd/hs")
			v, _ := ta.orgs.Ensure(ctx, org.NewOrg{Code: "tally", Name: "计票村", Level: org.LevelVillage, ParentID: street.ID})
			rs := make([]org.Resident, n)
			for i := range rs {
				rs[i] = org.Resident{No: fmt.Sprintf("T%05d", i), HouseholdNo: fmt.Sprintf("H%05d", i/4), Name: "x", Gender: "M", BirthDate: "1970-01-01"}
			}
			if err := ta.orgs.SeedResidents(ctx, v.ID, rs); err != nil {
				b.Fatal(err)
			}
			vt, err := ta.votes.Open(ctx, v.ID, web.Actor{AccountID: "bench"}, vote.OpenRequest{SubjectKind: "case", SubjectID: "x", MeetingKind: vote.VillagersMeeting, Secret: secret})
			if err != nil {
				b.Fatal(err)
			}
			docs := make([]any, n)
			for i := range docs {
				choice := []string{"yes", "no", "abstain"}[i%3]
				if secret {
					docs[i] = vote.SecretBallot{ID: fmt.Sprintf("%024x", i), Choices: []string{choice}, Receipt: fmt.Sprintf("%064x", i)}
				} else {
					docs[i] = vote.Ballot{ID: vt.ID + ":" + rs[i].No, Voter: rs[i].No, Choices: []string{choice}, Receipt: fmt.Sprintf("%064x", i), CastAt: time.Now().UTC(), Household: rs[i].HouseholdNo}
				}
			}
			coll, turnout := "ballots_"+vt.ID, "turnout_"+vt.ID
			if secret {
				coll = "secret_ballots_" + vt.ID
				parts := make([]any, n)
				for i := range parts {
					parts[i] = vote.Participation{ID: vt.ID + ":" + rs[i].No, Voter: rs[i].No, Household: rs[i].HouseholdNo}
				}
				if _, err := ta.store.Village(v.ID).Collection(turnout).InsertMany(ctx, parts); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := ta.store.Village(v.ID).Collection(coll).InsertMany(ctx, docs); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r, err := ta.votes.Tally(ctx, vt)
				if err != nil || r.Voters != n || r.Counts["yes"] != 3334 {
					b.Fatalf("tally %+v %v", r, err)
				}
			}
		})
	}
}

var _ = bson.M{}
var _ = web.ErrNotFound
