package main

import (
	"context"
	"testing"

	"yishi/modules/devtools/bench"
)

// TestBrowserBenchMeasuresTheHome runs the bench's visits once on the demo,
// unthrottled and on the weak link: every figure is measured, the repeat
// visit takes the modules from the cache and carries less, and the weak
// link is slower than the loopback.
func TestBrowserBenchMeasuresTheHome(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium on a throttled link")
	}
	chrome := findBrowser(t)
	ta := startTestApp(t)
	var rows []bench.BrowserRow
	for _, prof := range []bench.NetProfile{bench.Unthrottled, bench.Village3G} {
		row, err := bench.Visit(context.Background(), ta.accounts, chrome, ta.URL, prof, demoResidentPhone, demoPassword)
		if err != nil {
			t.Fatalf("%s: %v", prof.Name, err)
		}
		t.Logf("%s: %+v", prof.Name, row)
		if row.LoginPageMs <= 0 || row.LoginToHomeMs <= 0 || row.FirstMs <= 0 || row.RepeatMs <= 0 || row.FirstRequests == 0 || row.FirstBytes == 0 {
			t.Errorf("%s: a figure is missing: %+v", prof.Name, row)
		}
		if row.RepeatCached == 0 || row.RepeatBytes >= row.FirstBytes/4 {
			t.Errorf("%s: the repeat visit took %d from the cache and carried %d bytes (first %d)", prof.Name, row.RepeatCached, row.RepeatBytes, row.FirstBytes)
		}
		rows = append(rows, row)
	}
	if rows[1].FirstMs <= rows[0].FirstMs || rows[1].FirstMs < 3*400 {
		t.Errorf("the weak link's first visit (%.0f ms) is not slower than the loopback's (%.0f ms) by its three round trips", rows[1].FirstMs, rows[0].FirstMs)
	}
}
