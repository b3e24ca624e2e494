// Package bench is the benchmark command, `yishi bench`: it generates stores
// (modules/devtools/gen), serves them and measures, in one run on this
// machine, the figures BENCHMARKS.md reports.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/account"
	"yishi/modules/devtools/gen"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
	"yishi/policies"
)

// The benchmark command measures, in one run on this machine, what issue 7
// sets targets for: casting through the HTTP API beside raw driver inserts
// into the same store, the p95 of the pages residents and street officials
// read at 20 and at 100 villages, the tally of a 10,000-ballot vote, the
// process's memory and the size of the front end. See BENCHMARKS.md.
//
//	yishi bench [-voters 500] [-villages 20] [-villages-large 100] [-out bench-results]

type benchConfig struct {
	gen          gen.Config
	deps         Deps
	large        int
	tallyBallots int
	voters       int
	rounds       int
	reads        int
	out, dir     string
	keep         bool
	// stores, when set, holds pristine generated stores (small, large)
	// that each run copies: on a shared machine generating 100 villages
	// can take longer than everything measured.
	stores       string
	tallyProfile string
	serverBin    string
	// serverProfile, when set, is a folder for CPU profiles of the server
	// during each store's measured reads (reads-<villages>.pprof).
	serverProfile string
	profileFor    time.Duration
	// browser runs the browser part (browser.go); browserOnly runs
	// nothing else.
	browser, browserOnly bool
	browserRuns          int
}

// Run is `yishi bench ARGS`: it measures and writes results.json and
// chart.svg into -out, and prints the tables to stdout.
func Run(ctx context.Context, args []string, stdout io.Writer, deps Deps) error {
	fs := flag.NewFlagSet("yishi bench", flag.ContinueOnError)
	var c benchConfig
	g := gen.Flags(fs)
	fs.IntVar(&c.large, "villages-large", 100, "villages of the second store the reads are measured on")
	fs.IntVar(&c.tallyBallots, "tally-ballots", 10000, "ballots of the vote whose tally is measured")
	fs.IntVar(&c.voters, "voters", 500, "concurrent voters casting through the HTTP API")
	fs.IntVar(&c.rounds, "rounds", 2, "rounds of casting (a new vote each)")
	fs.IntVar(&c.reads, "reads", 200, "requests measured per page and store")
	fs.StringVar(&c.out, "out", "bench-results", "folder for results.json and chart.svg")
	fs.StringVar(&c.dir, "dir", "", "folder for the generated stores (default: a temporary folder, removed after)")
	fs.BoolVar(&c.keep, "keep", false, "keep the generated stores")
	fs.StringVar(&c.stores, "stores", "", "folder of pristine stores to copy instead of generating (generated there on first use; same flags and seed)")
	fs.StringVar(&c.tallyProfile, "tally-profile", "", "write a CPU profile of the tally to this file")
	fs.StringVar(&c.serverBin, "server-bin", "", "binary the reads are served by (default: this one)")
	fs.StringVar(&c.serverProfile, "server-profile", "", "folder for CPU profiles of the server during the measured reads")
	fs.DurationVar(&c.profileFor, "server-profile-for", 10*time.Second, "length of each server CPU profile (whole seconds)")
	fs.BoolVar(&c.browser, "browser", true, "measure the home in Chromium, unthrottled and on a 400 kbps link with a 6x slower CPU")
	fs.BoolVar(&c.browserOnly, "browser-only", false, "measure only that")
	fs.IntVar(&c.browserRuns, "browser-runs", 3, "runs of each browser measurement (the median is reported)")
	// The defaults keep a run from a fresh clone under 10 minutes on 2 cores:
	// the read stores have 2,000 ballots per village, the tally its own 10,000.
	if err := fs.Set("ballots", "2000"); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.gen = *g
	c.gen.Password = deps.Password
	c.deps = deps
	if c.serverProfile != "" {
		if err := os.MkdirAll(c.serverProfile, 0o755); err != nil {
			return err
		}
	}
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "yishi-bench-*")
		if err != nil {
			return err
		}
		c.dir = dir
		if !c.keep {
			defer os.RemoveAll(dir)
		}
	}
	if c.browserOnly {
		return runBrowserBench(ctx, c, stdout)
	}
	r, err := bench(ctx, c, stdout)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	j, _ := json.MarshalIndent(r, "", "  ")
	if err := os.WriteFile(filepath.Join(c.out, "results.json"), append(j, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.out, "chart.svg"), chartSVG(r), 0o644); err != nil {
		return err
	}
	printResults(stdout, r)
	fmt.Fprintf(stdout, "\nwritten: %s, %s\n", filepath.Join(c.out, "results.json"), filepath.Join(c.out, "chart.svg"))
	return nil
}

func bench(ctx context.Context, c benchConfig, log io.Writer) (*results, error) {
	r := &results{Machine: machineInfo(), Started: time.Now().UTC().Format(time.RFC3339)}
	r.Shape = fmt.Sprintf("per village: %d residents, %d accounts, %d proposals (0-8 comments each), one closed vote of %d ballots, %d meetings with minutes, notices and filings; %d villages a street",
		max(c.gen.Residents, c.gen.Ballots), c.gen.Accounts, c.gen.Proposals, c.gen.Ballots, c.gen.Meetings, c.gen.VillagesPerStreet)
	stores := []struct {
		name     string
		villages int
	}{{"small", c.gen.Villages}, {"large", c.large}}
	var towns [2]gen.Township
	var configs [2]store.Config
	for i, s := range stores {
		g := c.gen
		g.Villages = s.villages
		sc := store.Config{DataDir: filepath.Join(c.dir, s.name), Prefix: "yishi"}
		t, err := storeFor(ctx, c, sc, s.name, g, log)
		if err != nil {
			return nil, err
		}
		towns[i], configs[i] = t, sc
		if t.Took > 0 {
			r.Gen = append(r.Gen, genRow{Villages: s.villages, Documents: t.Documents, Seconds: t.Took.Seconds(), PerSecond: float64(t.Documents) / t.Took.Seconds()})
		}
		if i == 0 {
			err = withServer(ctx, c.deps.Open, sc, func(a *App, url string) error {
				fmt.Fprintf(log, "casting: %d voters x %d rounds\n", c.voters, c.rounds)
				r.Cast, err = benchCast(ctx, a, url, t.Villages[0], c.voters, c.rounds)
				if err == nil {
					printCast(log, r.Cast) // at once: a later failure keeps it
				}
				return err
			})
			if err != nil {
				return nil, err
			}
		}
	}
	// Both stores are served at once, each by its own server process, and
	// read in turn, request by request: the machine is shared, and reads of
	// the two sizes minutes apart would compare two loads, not two sizes.
	fmt.Fprintf(log, "reads at %d and %d villages, interleaved (each server in its own process)\n", stores[0].villages, stores[1].villages)
	var servers [2]readTarget
	for i := range stores {
		readers, err := readerSessions(ctx, c.deps.Open, configs[i], towns[i])
		if err != nil {
			return nil, err
		}
		srv, err := startServerProcess(ctx, c.serverBin, configs[i])
		if err != nil {
			return nil, err
		}
		defer srv.stop()
		servers[i] = readTarget{url: srv.url, town: towns[i], readers: readers, srv: srv}
	}
	var onMeasure func() func() error
	if c.serverProfile != "" {
		onMeasure = func() func() error {
			var dones []<-chan error
			for i, s := range stores {
				dones = append(dones, servers[i].srv.profileCPU(filepath.Join(c.serverProfile, fmt.Sprintf("reads-%d.pprof", s.villages)), c.profileFor))
			}
			return func() error {
				var errs []error
				for _, d := range dones {
					errs = append(errs, <-d)
				}
				return errors.Join(errs...)
			}
		}
	}
	reads, err := benchReads(ctx, servers, c.reads, c.gen.Seed, onMeasure)
	if err != nil {
		return nil, err
	}
	for i, s := range stores {
		if c.serverProfile != "" {
			if err := servers[i].srv.profileHeap(filepath.Join(c.serverProfile, fmt.Sprintf("heap-%d.pprof", s.villages))); err != nil {
				return nil, err
			}
		}
		r.Memory.Servers = append(r.Memory.Servers, serverMemory{Villages: s.villages,
			RSSAfterReadsMB: servers[i].srv.statusMB("VmRSS"), PeakRSSMB: servers[i].srv.statusMB("VmHWM")})
		servers[i].srv.stop()
	}
	r.Reads = readRows(reads, c.gen.Villages, c.large)
	fmt.Fprintf(log, "tally of %d ballots\n", c.tallyBallots)
	if r.Tally, err = benchTally(ctx, filepath.Join(c.dir, "tally"), c); err != nil {
		return nil, err
	}
	r.Memory.BenchPeakMB = procStatusMB("/proc/self/status", "VmHWM")
	r.Frontend, err = frontendSize()
	if err != nil {
		return nil, err
	}
	if c.browser {
		fmt.Fprintf(log, "the home in Chromium (%d runs each)\n", c.browserRuns)
		if r.Browser, err = benchBrowser(ctx, c.deps, filepath.Join(c.dir, "browser"), c.browserRuns, log); err != nil {
			return nil, err
		}
	}
	r.Targets = targets(r)
	return r, nil
}

// storeFor generates g into the store of sc, or, with -stores, copies the
// pristine store of that name there (generating it first if missing) and
// plans its township without writing.
func storeFor(ctx context.Context, c benchConfig, sc store.Config, name string, g gen.Config, log io.Writer) (gen.Township, error) {
	if c.stores == "" {
		fmt.Fprintf(log, "generating %d villages in %s\n", g.Villages, sc.DataDir)
		return genStore(ctx, c.deps.Open, sc, g)
	}
	src := filepath.Join(c.stores, name)
	if _, err := os.Stat(src); err != nil {
		fmt.Fprintf(log, "generating %d villages in %s (pristine, kept)\n", g.Villages, src)
		if _, err := genStore(ctx, c.deps.Open, store.Config{DataDir: src, Prefix: sc.Prefix}, g); err != nil {
			return gen.Township{}, err
		}
	}
	fmt.Fprintf(log, "copying %s to %s\n", src, sc.DataDir)
	if err := os.CopyFS(sc.DataDir, os.DirFS(src)); err != nil {
		return gen.Township{}, fmt.Errorf("bench: copy %s: %w", src, err)
	}
	a, err := c.deps.Open(ctx, sc)
	if err != nil {
		return gen.Township{}, err
	}
	defer a.Close(context.Background())
	g.Password = c.gen.Password
	return gen.Plan(ctx, a.Store, g)
}

// genStore generates g into the store of sc, through the whole app so that
// every module's indexes are there.
func genStore(ctx context.Context, open Opener, sc store.Config, g gen.Config) (gen.Township, error) {
	a, err := open(ctx, sc)
	if err != nil {
		return gen.Township{}, err
	}
	defer a.Close(context.Background())
	return gen.Generate(ctx, a.Store, g, os.Stderr)
}

// withServer starts the app on the store, serving on a random port, the way
// `yishi` serves it (one write limit per address would measure itself: off),
// with the extra flags.
func withServer(ctx context.Context, open Opener, sc store.Config, f func(a *App, url string) error, extra ...string) error {
	ctx, cancel := context.WithCancel(ctx)
	a, err := open(ctx, sc, append([]string{"-rate-per-ip", "0"}, extra...)...)
	if err != nil {
		cancel()
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		_ = a.Close(context.Background())
		return err
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	ferr := f(a, "http://"+ln.Addr().String())
	cancel()
	if err := <-done; err != nil && ferr == nil {
		ferr = err
	}
	return ferr
}

// openVote opens a villagers' meeting vote on the first generated proposal
// the engine takes as a subject: one still in progress (a completed one is
// refused, as it would be in the page).
func openVote(ctx context.Context, a *App, v gen.Village) (vote.Vote, error) {
	err := fmt.Errorf("no proposals")
	for _, id := range v.ProposalIDs {
		vt, oerr := a.Votes.Open(ctx, v.ID, web.Actor{AccountID: v.AccountIDs[0]}, vote.OpenRequest{SubjectKind: "proposal", SubjectID: id, MeetingKind: vote.VillagersMeeting})
		if oerr == nil {
			return vt, nil
		}
		err = oerr
	}
	return vote.Vote{}, fmt.Errorf("bench: no proposal of %s can be put to a vote (raise -proposals): %w", v.Name, err)
}

// benchCast casts through the HTTP API with n concurrent voters of one
// village, then inserts the same documents with the raw driver into the
// same store: InsertOne from n goroutines, and InsertMany.
func benchCast(ctx context.Context, a *App, url string, v gen.Village, n, rounds int) (castResult, error) {
	day := time.Now()
	var adults []org.Resident
	for _, r := range v.Residents {
		if age, _ := org.AgeOn(r.BirthDate, day); age >= 18 {
			adults = append(adults, r)
		}
	}
	adults = adults[min(len(v.AccountIDs), len(adults)):]
	if len(adults) < n {
		return castResult{}, fmt.Errorf("bench: village %s has %d adults without accounts, want %d voters (raise -residents)", v.Name, len(adults), n)
	}
	hash, _ := account.HashPassword("bench-password")
	accounts := make([]any, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: gen.ID(7, "voter", i), Phone: fmt.Sprintf("166%08d", i), Name: adults[i].Name, PasswordHash: hash,
			Roles: []policies.Assignment{{Role: "resident", Scope: v.Path}}, VillageID: v.ID, ResidentNo: adults[i].No, CreatedAt: day}
	}
	if _, err := account.AccountsIn(a.Store.Shared()).InsertMany(ctx, accounts); err != nil {
		return castResult{}, err
	}
	if err := a.Accounts.Init(ctx); err != nil {
		return castResult{}, err
	}
	tokens, csrf := make([]string, n), make([]string, n)
	for i := range accounts {
		token, sess, err := a.Accounts.StartSession(ctx, accounts[i].(account.Account))
		if err != nil {
			return castResult{}, err
		}
		tokens[i], csrf[i] = token, sess.CSRF
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	body, _ := json.Marshal(vote.CastRequest{Choices: []string{"yes"}})
	res := castResult{Voters: n, Rounds: rounds}
	var httpTime, oneTime, manyTime time.Duration
	var lat, oneLat, manyLat []time.Duration
	for round := 0; round < rounds; round++ {
		vt, err := openVote(ctx, a, v)
		if err != nil {
			return res, err
		}
		path := fmt.Sprintf("%s/api/v1/orgs/%s/votes/%s/ballots", url, v.ID, vt.ID)
		var mu sync.Mutex
		var errs []error
		var wg sync.WaitGroup
		// Each voter first opens the vote's page, as in the page (its
		// connection is then open, as a phone's is), and then all of them
		// tap at the same instant.
		for i := 0; i < n; i++ {
			wg.Go(func() {
				req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/orgs/%s/votes/%s", url, v.ID, vt.ID), nil)
				req.Header.Set("Cookie", "yishi_session="+tokens[i])
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("vote page: status %d", resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(errs) > 0 {
			return res, fmt.Errorf("bench: %d of %d vote pages failed, first: %w", len(errs), n, errs[0])
		}
		start := time.Now()
		for i := 0; i < n; i++ {
			wg.Go(func() {
				req, _ := http.NewRequest("POST", path, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", "yishi_session="+tokens[i])
				req.Header.Set("X-CSRF-Token", csrf[i])
				t0 := time.Now()
				resp, err := client.Do(req)
				d := time.Since(t0)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated {
						err = fmt.Errorf("cast: status %d", resp.StatusCode)
					}
				}
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				lat = append(lat, d)
			})
		}
		wg.Wait()
		httpTime += time.Since(start)
		if len(errs) > 0 {
			return res, fmt.Errorf("bench: %d of %d casts failed, first: %w", len(errs), n, errs[0])
		}
		closed, err := a.Votes.Close(ctx, v.ID, vt.ID, web.Actor{AccountID: v.AccountIDs[0]})
		if err != nil {
			return res, err
		}
		if closed.Result.Voters != n {
			return res, fmt.Errorf("bench: vote closed with %d voters, want %d", closed.Result.Voters, n)
		}
		// The same documents, raw, into fresh collections of the same database.
		docs := make([]any, n)
		for i := range docs {
			docs[i] = vote.Ballot{ID: vt.ID + ":" + adults[i].No, Voter: adults[i].No, Choices: []string{"yes"},
				Receipt: vote.ReceiptHash(vt.ID, gen.ID(7, "r", round, i)), CastAt: time.Now().UTC().Truncate(time.Millisecond),
				IdemKey: gen.ID(7, "k", round, i), Household: adults[i].HouseholdNo}
		}
		db := a.Store.Village(v.ID)
		one, many := db.Collection(fmt.Sprintf("raw_one_%d", round)), db.Collection(fmt.Sprintf("raw_many_%d", round))
		_ = db.CreateCollection(ctx, one.Name())
		_ = db.CreateCollection(ctx, many.Name())
		start = time.Now()
		for i := 0; i < n; i++ {
			wg.Go(func() {
				t0 := time.Now()
				_, err := one.InsertOne(ctx, docs[i])
				d := time.Since(t0)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				oneLat = append(oneLat, d)
			})
		}
		wg.Wait()
		oneTime += time.Since(start)
		start = time.Now()
		for len(docs) > 0 {
			k := min(1000, len(docs))
			t0 := time.Now()
			if _, err := many.InsertMany(ctx, docs[:k], options.InsertMany().SetOrdered(false)); err != nil {
				errs = append(errs, err)
			}
			manyLat = append(manyLat, time.Since(t0))
			docs = docs[k:]
		}
		manyTime += time.Since(start)
		if len(errs) > 0 {
			return res, fmt.Errorf("bench: raw inserts: %w", errs[0])
		}
		_ = one.Drop(ctx)
		_ = many.Drop(ctx)
	}
	total := float64(n * rounds)
	res.HTTPPerSecond = total / httpTime.Seconds()
	res.InsertOnePerSecond = total / oneTime.Seconds()
	res.InsertManyPerSecond = total / manyTime.Seconds()
	res.RatioToInsertOne = res.HTTPPerSecond / res.InsertOnePerSecond
	res.RatioToInsertMany = res.HTTPPerSecond / res.InsertManyPerSecond
	res.P50ms, res.P95ms, res.P99ms = pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99)
	res.InsertOneP50ms, res.InsertOneP95ms, res.InsertOneP99ms = pct(oneLat, 0.50), pct(oneLat, 0.95), pct(oneLat, 0.99)
	res.InsertManyMedianMs = pct(manyLat, 0.5)
	return res, nil
}

// benchPage is one page measured: who reads it and where.
type benchPage struct {
	name, who string
	path      func(v gen.Village, s gen.Street, rng *rand.Rand) string
}

var benchPages = []benchPage{
	{"home (GET /me)", "resident", func(gen.Village, gen.Street, *rand.Rand) string { return "/api/v1/me" }},
	{"proposal list", "resident", func(v gen.Village, _ gen.Street, _ *rand.Rand) string { return "/api/v1/orgs/" + v.ID + "/proposals" }},
	{"proposal detail", "resident", func(v gen.Village, _ gen.Street, rng *rand.Rand) string {
		return "/api/v1/orgs/" + v.ID + "/proposals/" + v.ProposalIDs[rng.IntN(len(v.ProposalIDs))]
	}},
	{"public board", "resident", func(v gen.Village, _ gen.Street, _ *rand.Rand) string { return "/api/v1/orgs/" + v.ID + "/board" }},
	{"vote page (my ballot)", "resident", func(v gen.Village, _ gen.Street, _ *rand.Rand) string {
		return "/api/v1/orgs/" + v.ID + "/votes/" + v.VoteID
	}},
	{"minutes page", "resident", func(v gen.Village, _ gen.Street, rng *rand.Rand) string {
		return "/api/v1/orgs/" + v.ID + "/meetings/" + v.MeetingIDs[rng.IntN(len(v.MeetingIDs))] + "/minutes"
	}},
	{"street review queue", "official", func(_ gen.Village, s gen.Street, _ *rand.Rand) string {
		return "/api/v1/orgs/" + s.ID + "/review-queue"
	}},
	{"street dashboard", "official", func(_ gen.Village, s gen.Street, _ *rand.Rand) string { return "/api/v1/orgs/" + s.ID + "/dashboard" }},
	{"secretary's today list", "secretary", func(v gen.Village, _ gen.Street, _ *rand.Rand) string { return "/api/v1/orgs/" + v.ID + "/today" }},
}

// readers holds the sessions the reads are made with.
type readers struct {
	residents   [][]string        // per village, up to 8 residents
	secretaries []string          // per village, its council secretary
	officials   map[string]string // per street, its official
}

// readerSessions starts sessions for up to 8 residents of every village and
// for the street officials, through an app of its own that is closed before
// the server process opens the store (sessions live in the store, so the
// server finds them as another instance would).
func readerSessions(ctx context.Context, open Opener, sc store.Config, t gen.Township) (readers, error) {
	a, err := open(ctx, sc)
	if err != nil {
		return readers{}, err
	}
	defer a.Close(context.Background())
	rd := readers{residents: make([][]string, len(t.Villages)), secretaries: make([]string, len(t.Villages)), officials: map[string]string{}}
	for i, v := range t.Villages {
		// The first account is the council secretary's (gen): a session of
		// its own, as the secretary reads from their own phone.
		tok, err := sessionOf(ctx, a, v.AccountIDs[0])
		if err != nil {
			return readers{}, err
		}
		rd.secretaries[i] = tok
		for _, id := range v.AccountIDs[:min(8, len(v.AccountIDs))] {
			tok, err := sessionOf(ctx, a, id)
			if err != nil {
				return readers{}, err
			}
			rd.residents[i] = append(rd.residents[i], tok)
		}
	}
	for _, s := range t.Streets {
		tok, err := sessionOf(ctx, a, s.OfficialID)
		if err != nil {
			return readers{}, err
		}
		rd.officials[s.ID] = tok
	}
	return rd, nil
}

// readTarget is one store's server and what it is read with.
type readTarget struct {
	url     string
	town    gen.Township
	readers readers
	srv     *serverProcess
}

// benchReads reads every page once per village of each store (the caches a
// restart empties fill), then measures n reads of each page on each store,
// each by a random reader of a random village: request by request, the
// stores take turns (which goes first alternates), so both see the same
// machine at the same moments.
func benchReads(ctx context.Context, ts [2]readTarget, n int, seed uint64, onMeasure func() func() error) ([2]map[string][]time.Duration, error) {
	var out [2]map[string][]time.Duration
	rng := rand.New(rand.NewPCG(seed, 0xbe7c))
	// A street's first dashboard is computed cold; on a machine shared with
	// other work that has taken over a minute.
	client := &http.Client{Timeout: 5 * time.Minute}
	var streetOf [2]map[string]gen.Street
	for i, t := range ts {
		streetOf[i] = map[string]gen.Street{}
		for _, s := range t.town.Streets {
			streetOf[i][s.ID] = s
		}
		out[i] = map[string][]time.Duration{}
	}
	get := func(i int, p benchPage, vi int) (time.Duration, error) {
		t := ts[i]
		v := t.town.Villages[vi]
		s := streetOf[i][v.StreetID]
		var tok string
		switch p.who {
		case "resident":
			tok = t.readers.residents[vi][rng.IntN(len(t.readers.residents[vi]))]
		case "secretary":
			tok = t.readers.secretaries[vi]
		default:
			tok = t.readers.officials[s.ID]
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", t.url+p.path(v, s, rng), nil)
		req.Header.Set("Cookie", "yishi_session="+tok)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("bench: %s %s: %d %s", p.name, req.URL.Path, resp.StatusCode, body)
		}
		return d, nil
	}
	for i, t := range ts {
		for vi := range t.town.Villages {
			for _, p := range benchPages {
				if _, err := get(i, p, vi); err != nil {
					return out, err
				}
			}
		}
	}
	var profiled func() error
	if onMeasure != nil {
		profiled = onMeasure()
	}
	for k := 0; k < n; k++ {
		for pi, p := range benchPages {
			for j := range 2 {
				i := (j + k + pi) % 2
				d, err := get(i, p, rng.IntN(len(ts[i].town.Villages)))
				if err != nil {
					return out, err
				}
				out[i][p.name] = append(out[i][p.name], d)
			}
		}
	}
	if profiled != nil {
		if err := profiled(); err != nil {
			return out, err
		}
	}
	return out, nil
}

func sessionOf(ctx context.Context, a *App, accountID string) (string, error) {
	acc, err := a.Accounts.Get(ctx, accountID)
	if err != nil {
		return "", fmt.Errorf("bench: account %s: %w", accountID, err)
	}
	tok, _, err := a.Accounts.StartSession(ctx, acc)
	return tok, err
}

// benchTally generates one village with a closed vote of c.tallyBallots
// ballots and times vote.Service.Tally on it.
func benchTally(ctx context.Context, dir string, c benchConfig) (tallyResult, error) {
	g := gen.Config{Villages: 1, Residents: c.tallyBallots, Ballots: c.tallyBallots, Accounts: 1, VillagesPerStreet: 1, Seed: c.gen.Seed, Password: c.gen.Password}
	sc := store.Config{DataDir: dir, Prefix: "yishi"}
	t, err := genStore(ctx, c.deps.Open, sc, g)
	if err != nil {
		return tallyResult{}, err
	}
	a, err := c.deps.Open(ctx, sc)
	if err != nil {
		return tallyResult{}, err
	}
	defer a.Close(context.Background())
	v, _, err := a.Votes.Get(ctx, t.Villages[0].ID, t.Villages[0].VoteID)
	if err != nil {
		return tallyResult{}, err
	}
	if c.tallyProfile != "" {
		f, err := os.Create(c.tallyProfile)
		if err != nil {
			return tallyResult{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return tallyResult{}, err
		}
		defer pprof.StopCPUProfile()
	}
	// The close counts from the running tally; the recount (VerifyClosed,
	// the published ballots) reads every ballot. Both must agree.
	var runs, recounts []time.Duration
	for range 5 {
		start := time.Now()
		res, ok, err := a.Votes.RunningResult(ctx, v)
		runs = append(runs, time.Since(start))
		if err != nil {
			return tallyResult{}, err
		}
		if !ok || res.Voters != c.tallyBallots || res.BallotsHash != v.Result.BallotsHash {
			return tallyResult{}, fmt.Errorf("bench: running tally (usable %v) counted %d voters (hash %s), want %d (hash %s)", ok, res.Voters, res.BallotsHash, c.tallyBallots, v.Result.BallotsHash)
		}
	}
	for range 2 {
		start := time.Now()
		res, err := a.Votes.Tally(ctx, v)
		recounts = append(recounts, time.Since(start))
		if err != nil {
			return tallyResult{}, err
		}
		if res.Voters != c.tallyBallots || res.BallotsHash != v.Result.BallotsHash {
			return tallyResult{}, fmt.Errorf("bench: recount counted %d voters (hash %s), want %d (hash %s)", res.Voters, res.BallotsHash, c.tallyBallots, v.Result.BallotsHash)
		}
	}
	return tallyResult{Ballots: c.tallyBallots, Runs: len(runs), MedianMs: pct(runs, 0.5), MinMs: pct(runs, 0),
		RecountMedianMs: pct(recounts, 0.5)}, nil
}

func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[int(float64(len(s)-1)*p)].Microseconds()) / 1000
}
