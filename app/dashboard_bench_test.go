package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"yishi/modules/store"
)

// TestMeasureDashboardP95 generates a street of 20 and one of 100 villages
// (the generator's shapes, smaller registers) and measures the street
// dashboard: cold, each read after the figures' cache expired (every
// village's records read), and warm, within the cache time.
//
//	YISHI_DASHBOARD_P95=1 go test ./app -run TestMeasureDashboardP95 -v -timeout 30m
func TestMeasureDashboardP95(t *testing.T) {
	if os.Getenv("YISHI_DASHBOARD_P95") == "" {
		t.Skip("set YISHI_DASHBOARD_P95=1 to measure (generates 20 and 100 villages)")
	}
	ctx := context.Background()
	for _, n := range []int{20, 100} {
		sc := store.Config{DataDir: t.TempDir(), Prefix: "yishi"}
		g := genConfig{Villages: n, Residents: 300, Proposals: 250, Ballots: 200, Accounts: 2, Meetings: 12, VillagesPerStreet: n, Seed: 1}
		tw, err := genStore(ctx, sc, g)
		if err != nil {
			t.Fatal(err)
		}
		err = withServer(ctx, sc, func(a *app, url string) error {
			tok, err := sessionOf(ctx, a, tw.Streets[0].OfficialID)
			if err != nil {
				return err
			}
			client := &http.Client{Timeout: 5 * time.Minute}
			get := func() (time.Duration, error) {
				req, _ := http.NewRequest("GET", url+"/api/v1/orgs/"+tw.Streets[0].ID+"/dashboard", nil)
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
			}
			var cold, warm []time.Duration
			for range 20 {
				a.clock.advance(dashboardCacheFor + time.Second)
				d, err := get()
				if err != nil {
					return err
				}
				cold = append(cold, d)
			}
			for range 200 {
				d, err := get()
				if err != nil {
					return err
				}
				warm = append(warm, d)
			}
			t.Logf("%d villages: cold p50 %.1f ms p95 %.1f ms (%d reads); warm p50 %.2f ms p95 %.2f ms (%d reads)",
				n, pct(cold, 0.5), pct(cold, 0.95), len(cold), pct(warm, 0.5), pct(warm, 0.95), len(warm))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
