package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchCommandPrintsEveryFigure builds the yishi binary and runs
// `yishi bench` at a toy size, the reads served by the same binary in its own
// process, and checks that the run prints and writes every figure issue 7
// asks for.
func TestBenchCommandPrintsEveryFigure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and generates two stores")
	}
	if os.Getenv("YISHI_TEST_MONGODB_URI") != "" {
		// The bench generates embedded stores of its own whatever the test
		// store is: the embedded run of the suite has measured it already.
		t.Skip("the bench's stores are embedded: run once, without YISHI_TEST_MONGODB_URI")
	}
	bin := buildBinary(t)
	out, profiles := t.TempDir(), t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(context.Background(), bin, "bench", "-villages", "2", "-villages-large", "3", "-per-street", "2",
		"-residents", "60", "-accounts", "10", "-proposals", "6", "-meetings", "2", "-voters", "20", "-rounds", "1",
		"-reads", "5", "-tally-ballots", "200", "-out", out, "-server-bin", bin,
		"-server-profile", profiles, "-server-profile-for", "1s", "-browser=false", "-dir", t.TempDir())
	cmd.Env = append(os.Environ(), "MONGODB_URI=")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	var r results
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Cast.HTTPPerSecond <= 0 || r.Cast.InsertOnePerSecond <= 0 || r.Cast.P99ms <= 0 || r.Cast.InsertOneP99ms <= 0 || r.Cast.InsertManyMedianMs <= 0 {
		t.Errorf("casting not measured: %+v", r.Cast)
	}
	if len(r.Reads) != len(benchPages) {
		t.Errorf("%d reads measured, want %d pages", len(r.Reads), len(benchPages))
	}
	for _, rr := range r.Reads {
		if rr.P95Small <= 0 || rr.P95Large <= 0 || rr.SmallN != 2 || rr.LargeN != 3 {
			t.Errorf("read %s not measured at both sizes: %+v", rr.Page, rr)
		}
	}
	if r.Tally.Ballots != 200 || r.Tally.MedianMs <= 0 || r.Tally.RecountMedianMs <= 0 {
		t.Errorf("tally not measured: %+v", r.Tally)
	}
	if len(r.Memory.Servers) != 2 || r.Memory.Servers[0].PeakRSSMB <= 0 || r.Memory.Servers[1].Villages != 3 {
		t.Errorf("server memory not measured at both sizes: %+v", r.Memory)
	}
	if r.Frontend.GzipBytes <= 0 {
		t.Errorf("front end not measured")
	}
	for _, n := range []string{"reads-2.pprof", "reads-3.pprof", "heap-2.pprof", "heap-3.pprof"} {
		if fi, err := os.Stat(filepath.Join(profiles, n)); err != nil || fi.Size() == 0 {
			t.Errorf("server profile %s: %v", n, err)
		}
	}
	svg, err := os.ReadFile(filepath.Join(out, "chart.svg"))
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(svg), []byte("<svg")) {
		t.Errorf("chart.svg: %v %.40q", err, svg)
	}
	for _, want := range []string{"ratio HTTP / InsertOne", "street dashboard", "street review queue", "secretary's today list", "raw driver InsertOne", "tally of 200 ballots", "server process at 3 villages", "| target | want | got | met |"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// buildBinary builds the yishi command (app/) into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "yishi")
	cmd := exec.Command("go", "build", "-o", bin, "yishi/app")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}
