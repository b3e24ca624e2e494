package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/dashboard"
	"yishi/modules/devtools/gen"
	"yishi/modules/store"
)

// TestMeasureDashboardP95 generates a street of n villages (the generator's
// shapes, smaller registers; n from YISHI_DASHBOARD_VILLAGES, "20,100" by
// default) and measures the street dashboard: cold, the first read with no
// village ever computed (each computed inline); steady, reads served from
// the kept figures with nothing due; refreshing, reads while the refresher
// recomputes every village in the background, first the time-dependent
// figures (the app clock moved past RefreshEvery), then everything (a write
// in every village moved its audit chain); after a restart on the same data,
// the first read (the stored figures taken up) and those after it; and the
// time one village's figures take to compute, all of them and the
// time-dependent part alone.
//
//	YISHI_DASHBOARD_P95=1 go test ./app -run TestMeasureDashboardP95 -v -timeout 60m
//	YISHI_DASHBOARD_P95=1 YISHI_DASHBOARD_VILLAGES=20 go test ./app -run TestMeasureDashboardP95 -v
func TestMeasureDashboardP95(t *testing.T) {
	if os.Getenv("YISHI_DASHBOARD_P95") == "" {
		t.Skip("set YISHI_DASHBOARD_P95=1 to measure (generates 20 and 100 villages)")
	}
	counts := []int{20, 100}
	if env := os.Getenv("YISHI_DASHBOARD_VILLAGES"); env != "" {
		counts = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				t.Fatalf("YISHI_DASHBOARD_VILLAGES=%q: want village counts such as 20,100", env)
			}
			counts = append(counts, n)
		}
	}
	ctx := context.Background()
	for _, n := range counts {
		sc := store.Config{DataDir: t.TempDir(), Prefix: "yishi"}
		g := gen.Config{Villages: n, Residents: 300, Proposals: 250, Ballots: 200, Accounts: 2, Meetings: 12, VillagesPerStreet: n, Seed: 1, Password: demoPassword}
		tw, err := genStore(ctx, sc, g)
		if err != nil {
			t.Fatal(err)
		}
		street := tw.Streets[0]
		measure := func(a *app, url string, what func(get func() (time.Duration, error)) error) error {
			tok, err := sessionOf(ctx, a, street.OfficialID)
			if err != nil {
				return err
			}
			client := &http.Client{Timeout: 10 * time.Minute}
			return what(func() (time.Duration, error) {
				req, _ := http.NewRequest("GET", url+"/api/v1/orgs/"+street.ID+"/dashboard", nil)
				req.Header.Set("Cookie", "yishi_session="+tok)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					return 0, err
				}
				_, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					return 0, fmt.Errorf("dashboard: %d", resp.StatusCode)
				}
				return time.Since(t0), nil
			})
		}
		reads := func(get func() (time.Duration, error), k int) ([]time.Duration, error) {
			var out []time.Duration
			for range k {
				d, err := get()
				if err != nil {
					return nil, err
				}
				out = append(out, d)
			}
			return out, nil
		}
		// whileRefreshing reads until the refresher has recomputed every
		// village since start (or a read finds nothing left due).
		whileRefreshing := func(a *app, get func() (time.Duration, error), since time.Time) ([]time.Duration, time.Duration, error) {
			t0 := time.Now()
			var out []time.Duration
			for time.Since(t0) < 10*time.Minute {
				d, err := get()
				if err != nil {
					return nil, 0, err
				}
				out = append(out, d)
				done := true
				for _, v := range tw.Villages {
					if f, err := a.dashboard.Village(ctx, street.ID, v.ID); err != nil || f.ComputedAt.Before(since) {
						done = false
						break
					}
				}
				if done {
					return out, time.Since(t0), nil
				}
				time.Sleep(5 * time.Millisecond) // a reader's pace, not a synchronisation
			}
			return out, time.Since(t0), fmt.Errorf("the refresher did not finish in 10 minutes")
		}
		err = serveOn(ctx, sc, func(a *app, url string) error {
			return measure(a, url, func(get func() (time.Duration, error)) error {
				cold, err := get()
				if err != nil {
					return err
				}
				steady, err := reads(get, 200)
				if err != nil {
					return err
				}
				// The time-dependent figures of every village come due.
				a.clock.advance(dashboard.DefaultOptions.RefreshEvery)
				since := a.clock.now()
				timed, timedTook, err := whileRefreshing(a, get, since)
				if err != nil {
					return err
				}
				// A write in every village: all figures come due.
				for _, v := range tw.Villages {
					if _, err := a.audit.Append(ctx, a.store.Village(v.ID), audit.Entry{Actor: "bench", Action: "bench.touch", Object: v.ID}); err != nil {
						return err
					}
				}
				a.clock.advance(dashboard.DefaultOptions.Settle)
				since = a.clock.now()
				full, fullTook, err := whileRefreshing(a, get, since)
				if err != nil {
					return err
				}
				var all, part time.Duration
				for _, v := range tw.Villages[:min(5, len(tw.Villages))] {
					d, err := a.dashboard.Recompute(ctx, v.ID, true)
					if err != nil {
						return err
					}
					all += d
					if d, err = a.dashboard.Recompute(ctx, v.ID, false); err != nil {
						return err
					}
					part += d
				}
				k := float64(min(5, len(tw.Villages)))
				t.Logf("%d villages: cold first read %.0f ms; steady p50 %.2f ms p95 %.2f ms (%d reads)", n, ms(cold), pct(steady, 0.5), pct(steady, 0.95), len(steady))
				t.Logf("%d villages: while refreshing time-dependent figures (%.1f s for all): p50 %.2f ms p95 %.2f ms max %.1f ms (%d reads)",
					n, timedTook.Seconds(), pct(timed, 0.5), pct(timed, 0.95), pct(timed, 1), len(timed))
				t.Logf("%d villages: while recomputing everything (%.1f s for all): p50 %.2f ms p95 %.2f ms max %.1f ms (%d reads)",
					n, fullTook.Seconds(), pct(full, 0.5), pct(full, 0.95), pct(full, 1), len(full))
				t.Logf("%d villages: one village computes in %.0f ms (all figures), %.0f ms (time-dependent part)", n, ms(all)/k, ms(part)/k)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = serveOn(ctx, sc, func(a *app, url string) error {
			// The clock where the first run left it: the stored figures are
			// a few minutes old, as after a quick restart.
			a.clock.advance(dashboard.DefaultOptions.RefreshEvery + dashboard.DefaultOptions.Settle)
			return measure(a, url, func(get func() (time.Duration, error)) error {
				first, err := get()
				if err != nil {
					return err
				}
				after, err := reads(get, 200)
				if err != nil {
					return err
				}
				t.Logf("%d villages: after a restart, first read %.1f ms; then p50 %.2f ms p95 %.2f ms (%d reads)",
					n, ms(first), pct(after, 0.5), pct(after, 0.95), len(after))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// genStore generates g into the store of sc through the wired app.
func genStore(ctx context.Context, sc store.Config, g gen.Config) (gen.Township, error) {
	a, err := openToolApp(ctx, sc, nil)
	if err != nil {
		return gen.Township{}, err
	}
	defer a.close(context.Background())
	return gen.Generate(ctx, a.store, g, os.Stderr)
}

// serveOn serves the app on the store of sc on a random port (no write
// limit per address), runs f, and stops the app.
func serveOn(ctx context.Context, sc store.Config, f func(a *app, url string) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, err := openToolApp(ctx, sc, []string{"-rate-per-ip", "0"})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = a.close(context.Background())
		return err
	}
	done := make(chan error, 1)
	go func() { done <- a.serveListener(ctx, ln) }()
	ferr := f(a, "http://"+ln.Addr().String())
	cancel()
	if err := <-done; err != nil && ferr == nil {
		ferr = err
	}
	return ferr
}

func sessionOf(ctx context.Context, a *app, accountID string) (string, error) {
	acc, err := a.accounts.Get(ctx, accountID)
	if err != nil {
		return "", fmt.Errorf("account %s: %w", accountID, err)
	}
	tok, _, err := a.accounts.StartSession(ctx, acc)
	return tok, err
}

// pct is the p-th percentile of d in milliseconds (the nearest rank below).
func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[int(float64(len(s)-1)*p)].Microseconds()) / 1000
}
