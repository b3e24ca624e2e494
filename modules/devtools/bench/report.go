package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"yishi/static"
)

// results is everything one benchmark run measured; it is written as JSON.
type results struct {
	Machine  machine        `json:"machine"`
	Started  string         `json:"started"`
	Shape    string         `json:"shape"`
	Gen      []genRow       `json:"generation"`
	Cast     castResult     `json:"cast"`
	Reads    []readRow      `json:"reads"`
	Tally    tallyResult    `json:"tally"`
	Memory   memoryResult   `json:"memory"`
	Frontend frontend       `json:"frontend"`
	Browser  *browserResult `json:"browser,omitempty"`
	Targets  []target       `json:"targets"`
}

type machine struct {
	CPUs      int    `json:"cpus"`
	CPU       string `json:"cpu"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
}

type genRow struct {
	Villages  int     `json:"villages"`
	Documents int     `json:"documents"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"documents_per_second"`
}

type castResult struct {
	Voters              int     `json:"voters"`
	Rounds              int     `json:"rounds"`
	HTTPPerSecond       float64 `json:"http_ballots_per_second"`
	InsertOnePerSecond  float64 `json:"raw_insert_one_per_second"`
	InsertManyPerSecond float64 `json:"raw_insert_many_per_second"`
	RatioToInsertOne    float64 `json:"ratio_http_to_insert_one"`
	RatioToInsertMany   float64 `json:"ratio_http_to_insert_many"`
	P50ms               float64 `json:"p50_ms"`
	P95ms               float64 `json:"p95_ms"`
	P99ms               float64 `json:"p99_ms"`
	// The raw driver's latency in the same store and run: each of the n
	// concurrent InsertOne calls, and one InsertMany of all n documents.
	InsertOneP50ms     float64 `json:"raw_insert_one_p50_ms"`
	InsertOneP95ms     float64 `json:"raw_insert_one_p95_ms"`
	InsertOneP99ms     float64 `json:"raw_insert_one_p99_ms"`
	InsertManyMedianMs float64 `json:"raw_insert_many_median_ms"`
}

type readRow struct {
	Page     string  `json:"page"`
	SmallN   int     `json:"villages_small"`
	LargeN   int     `json:"villages_large"`
	P50Small float64 `json:"p50_ms_small"`
	P95Small float64 `json:"p95_ms_small"`
	P50Large float64 `json:"p50_ms_large"`
	P95Large float64 `json:"p95_ms_large"`
	Ratio    float64 `json:"ratio_p95_large_to_small"`
	Requests int     `json:"requests_each"`
}

type tallyResult struct {
	Ballots  int     `json:"ballots"`
	Runs     int     `json:"runs"`
	MedianMs float64 `json:"median_ms"` // the close's count, from the running tally
	MinMs    float64 `json:"min_ms"`
	// RecountMedianMs is the full recount from every stored ballot.
	RecountMedianMs float64 `json:"recount_median_ms"`
}

// memoryResult is the server process's memory at each store size, and the
// benchmark process's own peak (generator, casting server and clients).
type memoryResult struct {
	Servers     []serverMemory `json:"servers"`
	BenchPeakMB float64        `json:"bench_process_peak_mb"`
}

type serverMemory struct {
	Villages        int     `json:"villages"`
	RSSAfterReadsMB float64 `json:"rss_after_reads_mb"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
}

type frontend struct {
	Files     int `json:"files"`
	Bytes     int `json:"bytes"`
	GzipBytes int `json:"gzip_bytes"`
}

type target struct {
	What string `json:"what"`
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

func machineInfo() machine {
	m := machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

// procStatusMB reads a memory line (VmRSS, VmHWM) of a /proc/PID/status
// file, in MB.
func procStatusMB(path, key string) float64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// frontendSize is the embedded web shell, each file gzipped on its own as a
// server sends it.
func frontendSize() (frontend, error) {
	var f frontend
	err := fs.WalkDir(static.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static.FS, path)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = z.Write(data)
		_ = z.Close()
		f.Files++
		f.Bytes += len(data)
		f.GzipBytes += b.Len()
		return nil
	})
	return f, err
}

func readRows(reads [2]map[string][]time.Duration, small, large int) []readRow {
	var out []readRow
	for _, p := range benchPages {
		r := readRow{Page: p.name, SmallN: small, LargeN: large, Requests: len(reads[0][p.name]),
			P50Small: pct(reads[0][p.name], 0.5), P95Small: pct(reads[0][p.name], 0.95),
			P50Large: pct(reads[1][p.name], 0.5), P95Large: pct(reads[1][p.name], 0.95)}
		if r.P95Small > 0 {
			r.Ratio = r.P95Large / r.P95Small
		}
		out = append(out, r)
	}
	return out
}

func targets(r *results) []target {
	ts := []target{
		{"casting / raw InsertOne", "≥ 0.80", fmt.Sprintf("%.2f", r.Cast.RatioToInsertOne), r.Cast.RatioToInsertOne >= 0.8},
		{fmt.Sprintf("casting p99 at %d voters", r.Cast.Voters), "≤ 50 ms", fmt.Sprintf("%.1f ms", r.Cast.P99ms), r.Cast.P99ms <= 50},
	}
	for _, rr := range r.Reads {
		ts = append(ts,
			target{fmt.Sprintf("%s p95 at %d villages", rr.Page, rr.SmallN), "≤ 30 ms", fmt.Sprintf("%.1f ms", rr.P95Small), rr.P95Small <= 30},
			target{fmt.Sprintf("%s p95 at %d / at %d", rr.Page, rr.LargeN, rr.SmallN), "≤ 1.2", fmt.Sprintf("%.2f", rr.Ratio), rr.Ratio <= 1.2})
	}
	ts = append(ts,
		target{fmt.Sprintf("tally of %d ballots", r.Tally.Ballots), "≤ 100 ms", fmt.Sprintf("%.1f ms", r.Tally.MedianMs), r.Tally.MedianMs <= 100},
	)
	for _, m := range r.Memory.Servers {
		ts = append(ts, target{fmt.Sprintf("server process RSS (peak) at %d villages", m.Villages), "≤ 200 MB", fmt.Sprintf("%.0f MB", m.PeakRSSMB), m.PeakRSSMB <= 200})
	}
	ts = append(ts,
		target{"front end, gzipped", "≤ 100 KB", fmt.Sprintf("%.1f KB", float64(r.Frontend.GzipBytes)/1024), r.Frontend.GzipBytes <= 100*1024},
	)
	return append(ts, browserTargets(r.Browser)...)
}

func printResults(w io.Writer, r *results) {
	fmt.Fprintf(w, "\nmachine: %d CPUs, %s, %s, %s\n", r.Machine.CPUs, r.Machine.CPU, r.Machine.GoVersion, r.Machine.OS)
	fmt.Fprintf(w, "data: %s\n", r.Shape)
	for _, g := range r.Gen {
		fmt.Fprintf(w, "generated %d villages: %d documents in %.1f s (%.0f/s)\n", g.Villages, g.Documents, g.Seconds, g.PerSecond)
	}
	printCast(w, r.Cast)
	if len(r.Reads) > 0 {
		fmt.Fprintf(w, "\n| read (%d requests each) | p50 ms @%d | p95 ms @%d | p50 ms @%d | p95 ms @%d | p95 ratio |\n|---|---|---|---|---|---|\n",
			r.Reads[0].Requests, r.Reads[0].SmallN, r.Reads[0].SmallN, r.Reads[0].LargeN, r.Reads[0].LargeN)
		for _, rr := range r.Reads {
			fmt.Fprintf(w, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f |\n", rr.Page, rr.P50Small, rr.P95Small, rr.P50Large, rr.P95Large, rr.Ratio)
		}
	}
	fmt.Fprintf(w, "\ntally of %d ballots (the close, from the running tally): median %.1f ms, best %.1f ms (%d runs); full recount from the ballots (verification): %.0f ms\n",
		r.Tally.Ballots, r.Tally.MedianMs, r.Tally.MinMs, r.Tally.Runs, r.Tally.RecountMedianMs)
	for _, m := range r.Memory.Servers {
		fmt.Fprintf(w, "server process at %d villages (store embedded): RSS %.0f MB after the reads, %.0f MB peak\n", m.Villages, m.RSSAfterReadsMB, m.PeakRSSMB)
	}
	fmt.Fprintf(w, "benchmark process (generator, casting server and clients): %.0f MB peak\n", r.Memory.BenchPeakMB)
	fmt.Fprintf(w, "front end: %d files, %.1f KB, %.1f KB gzipped\n", r.Frontend.Files, float64(r.Frontend.Bytes)/1024, float64(r.Frontend.GzipBytes)/1024)
	printBrowser(w, r.Browser)
	printTargets(w, r.Targets)
}

func printTargets(w io.Writer, ts []target) {
	fmt.Fprintf(w, "\n| target | want | got | met |\n|---|---|---|---|\n")
	for _, t := range ts {
		met := "no"
		if t.Met {
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.What, t.Want, t.Got, met)
	}
}

// chartSVG draws the p95 of each read at both sizes against the 30 ms target.
func chartSVG(r *results) []byte {
	const left, barH, gap, width = 190, 12, 10, 420
	maxMs := 30.0
	for _, rr := range r.Reads {
		maxMs = max(maxMs, rr.P95Small, rr.P95Large)
	}
	scale := float64(width) / maxMs
	h := 40 + len(r.Reads)*(2*barH+gap) + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", left+width+70, h)
	fmt.Fprintf(&b, `<text x="10" y="16" font-size="13">p95 of reads (ms): %d villages (blue) and %d villages (orange); line: 30 ms target</text>`+"\n",
		firstOr(r.Reads, func(x readRow) int { return x.SmallN }), firstOr(r.Reads, func(x readRow) int { return x.LargeN }))
	y := 30
	for _, rr := range r.Reads {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-6, y+barH+3, html.EscapeString(rr.Page))
		for i, v := range []float64{rr.P95Small, rr.P95Large} {
			color := []string{"#3b6fb6", "#e08a2c"}[i]
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, left, y+i*barH, v*scale, barH-1, color)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.1f</text>`+"\n", float64(left)+v*scale+3, y+i*barH+barH-2, v)
		}
		y += 2*barH + gap
	}
	x := float64(left) + 30*scale
	fmt.Fprintf(&b, `<line x1="%.1f" y1="26" x2="%.1f" y2="%d" stroke="#c00" stroke-dasharray="4 3"/>`+"\n", x, x, y)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

func firstOr(rows []readRow, f func(readRow) int) int {
	if len(rows) == 0 {
		return 0
	}
	return f(rows[0])
}

func printCast(w io.Writer, c castResult) {
	fmt.Fprintf(w, "\n| casting, %d concurrent voters x %d rounds | ballots/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n", c.Voters, c.Rounds)
	fmt.Fprintf(w, "| HTTP API (POST …/ballots) | %.0f | %.1f | %.1f | %.1f |\n", c.HTTPPerSecond, c.P50ms, c.P95ms, c.P99ms)
	fmt.Fprintf(w, "| raw driver InsertOne, %d goroutines at once | %.0f | %.1f | %.1f | %.1f |\n", c.Voters, c.InsertOnePerSecond, c.InsertOneP50ms, c.InsertOneP95ms, c.InsertOneP99ms)
	fmt.Fprintf(w, "| raw driver InsertMany of the %d (one call; its time in every column) | %.0f | %.1f | %.1f | %.1f |\n", c.Voters, c.InsertManyPerSecond, c.InsertManyMedianMs, c.InsertManyMedianMs, c.InsertManyMedianMs)
	fmt.Fprintf(w, "| ratio HTTP / InsertOne | %.2f | | | |\n| ratio HTTP / InsertMany | %.2f | | | |\n", c.RatioToInsertOne, c.RatioToInsertMany)
}
