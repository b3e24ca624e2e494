package twoprocess

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The demo's accounts (app/demo.go, in the README).
const (
	demoPassword = "yishi-demo"
	residentP    = "13800000001" // a resident of 东田社区, R003
	secretaryP   = "13800000002" // its council's secretary, R005
	operatorP    = "13800000004"
)

func TestTwoProcessesOnOneServerStore(t *testing.T) {
	uri := os.Getenv("YISHI_TEST_MONGODB_URI")
	if uri == "" {
		t.Skip("needs a server store: set YISHI_TEST_MONGODB_URI (README: Tests on a server store)")
	}
	bin := buildApp(t)
	prefix := fmt.Sprintf("tp%d", time.Now().UnixNano()%1_000_000_000)
	dropPrefix(t, uri, prefix)
	a := startProcess(t, bin, uri, prefix, "-demo") // seeds the demo township, then serves
	b := startProcess(t, bin, uri, prefix)

	// A session made on A is honoured by B: sessions live in the store.
	resident := logIn(t, a, residentP)
	var me struct {
		ID        string `json:"id"`
		VillageID string `json:"village_id"`
	}
	resident.on(b).must("GET", "/api/v1/me", nil, 200, &me)
	village := "/api/v1/orgs/" + me.VillageID

	// A session ended on A is refused by B (B has not cached it).
	gone := logIn(t, a, residentP)
	gone.on(a).must("POST", "/api/v1/auth/logout", nil, 204, nil)
	if status, body := gone.on(b).do("GET", "/api/v1/me", nil); status != 401 {
		t.Fatalf("a session ended on A, on B: %d %s", status, body)
	}

	// Ballots cast on both processes are counted by the close on one. The
	// demo's open vote is secret: each process claims free slots from its own
	// copy of the list, so this is also where two lists meet.
	secretary := logIn(t, a, secretaryP)
	var votes struct {
		Votes []struct {
			ID, Title, Status string
			Secret            bool
		} `json:"votes"`
	}
	secretary.on(a).must("GET", village+"/votes", nil, 200, &votes)
	voteID := ""
	for _, v := range votes.Votes {
		if v.Status == "open" {
			voteID = v.ID
		}
	}
	if voteID == "" {
		t.Fatalf("the demo has no open vote: %+v", votes)
	}
	resident.on(b).must("POST", village+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	secretary.on(a).must("POST", village+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{"no"}}, 201, nil)
	// The same voter again, on the other process: one ballot per voter.
	if status, body := resident.on(a).do("POST", village+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{"no"}}); status != 409 {
		t.Fatalf("a second ballot of the same voter on the other process: %d %s", status, body)
	}
	var closed struct {
		Status string `json:"status"`
		Result struct {
			Counts map[string]int `json:"counts"`
			Voters int            `json:"voters"`
		} `json:"result"`
	}
	secretary.on(b).must("POST", village+"/votes/"+voteID+"/close", nil, 200, &closed)
	if closed.Status != "closed" || closed.Result.Voters != 2 || closed.Result.Counts["yes"] != 1 || closed.Result.Counts["no"] != 1 {
		t.Fatalf("closed on B after ballots on A and B: %+v", closed)
	}

	// A meeting opened on A is signed into on B with its six digits.
	var meeting struct{ ID string }
	secretary.on(a).must("POST", village+"/meetings", map[string]any{"kind": "council", "body_id": "council",
		"title": "两个进程的议事会", "place": "社区活动室", "starts_at": time.Now().Add(3 * time.Second).Format(time.RFC3339),
		"chair": "R001", "recorder": "R005"}, 201, &meeting)
	mpath := village + "/meetings/" + meeting.ID
	waitFor(t, 30*time.Second, "the meeting opens", func() (bool, string) {
		status, body := secretary.on(a).do("POST", mpath+"/open", nil)
		return status == 200, fmt.Sprintf("%d %s", status, body)
	})
	var code struct {
		ShortCode string `json:"short_code"`
	}
	secretary.on(a).must("GET", mpath+"/sign-in-code", nil, 200, &code)
	secretary.on(b).must("POST", village+"/sign-in", map[string]string{"short_code": code.ShortCode}, 201, nil)
	var att struct {
		Attendance []struct {
			ResidentNo string `json:"resident_no"`
		} `json:"attendance"`
	}
	secretary.on(a).must("GET", mpath+"/attendance", nil, 200, &att)
	if !signedIn(att.Attendance, "R005") {
		t.Fatalf("signed in on B, attendance on A: %+v", att)
	}

	// A role taken away on B is refused on A within the watcher's interval
	// (modules/account/watcher.go polls every 2 s).
	var sec struct {
		ID    string `json:"id"`
		Roles []struct {
			Role  string `json:"role"`
			Scope string `json:"scope"`
		} `json:"roles"`
	}
	secretary.on(a).must("GET", "/api/v1/me", nil, 200, &sec)
	var kept []map[string]string
	for _, r := range sec.Roles {
		if r.Role != "secretary" {
			kept = append(kept, map[string]string{"role": r.Role, "scope": r.Scope})
		}
	}
	if len(kept) == len(sec.Roles) {
		t.Fatalf("the demo secretary holds no secretary role: %+v", sec.Roles)
	}
	// A's enforcer has answered this request allowed: a remembered answer
	// must not outlive the change.
	secretary.on(a).must("GET", mpath+"/sign-in-code", nil, 200, nil)
	operator := logIn(t, b, operatorP)
	operator.on(b).must("PUT", "/api/v1/accounts/"+sec.ID+"/roles", map[string]any{"roles": kept}, 200, nil)
	took := waitFor(t, 15*time.Second, "A refuses the role taken away on B", func() (bool, string) {
		status, body := secretary.on(a).do("GET", mpath+"/sign-in-code", nil)
		return status == 403, fmt.Sprintf("%d %s", status, body)
	})
	t.Logf("a role taken away on B was refused on A after %v", took.Round(100*time.Millisecond))
}

func signedIn(list []struct {
	ResidentNo string `json:"resident_no"`
}, no string) bool {
	for _, a := range list {
		if a.ResidentNo == no {
			return true
		}
	}
	return false
}

// waitFor retries ok until it holds or the time is up, and says how long it took.
func waitFor(t *testing.T, limit time.Duration, what string, ok func() (bool, string)) time.Duration {
	t.Helper()
	start := time.Now()
	last := ""
	for time.Since(start) < limit {
		var done bool
		if done, last = ok(); done {
			return time.Since(start)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: not within %v; last answer %s", what, limit, last)
	return 0
}

// ---------- the processes ----------

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildApp builds the app binary once, as `go build ./app` does.
func buildApp(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yishi-twoprocess")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "yishi")
		out, err := exec.Command("go", "build", "-o", binPath, "yishi/app").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

type process struct {
	url  string
	logs *lockedBuffer
}

// startProcess starts the binary on the store, waits until /healthz answers
// and stops it (SIGTERM, as a service manager does) when the test ends.
func startProcess(t *testing.T, bin, uri, prefix string, args ...string) *process {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := &process{url: "http://" + addr, logs: &lockedBuffer{}}
	cmd := exec.Command(bin, append([]string{"-mongodb-uri", uri, "-db-prefix", prefix, "-addr", addr,
		"-data", t.TempDir(), "-log-level", "warn"}, args...)...)
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("process %s:\n%s", addr, p.logs.String())
		}
	})
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("the process at %s ended at start:\n%s", addr, p.logs.String())
		default:
		}
		if resp, err := http.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the process at %s did not answer /healthz:\n%s", addr, p.logs.String())
	return nil
}

// dropPrefix removes the databases a run made, before and after it.
func dropPrefix(t *testing.T, uri, prefix string) {
	t.Helper()
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
		if err != nil {
			t.Logf("drop %s*: %v", prefix, err)
			return
		}
		defer c.Disconnect(ctx)
		names, err := c.ListDatabaseNames(ctx, map[string]any{})
		if err != nil {
			t.Logf("drop %s*: %v", prefix, err)
			return
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				_ = c.Database(n).Drop(ctx)
			}
		}
	}
	drop()
	t.Cleanup(drop)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// ---------- a person's client, on either process ----------

// person is one login: its cookie jar holds the session for 127.0.0.1, which
// both processes read from the store.
type person struct {
	t    *testing.T
	http *http.Client
	csrf string
}

func logIn(t *testing.T, p *process, phone string) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	who := &person{t: t, http: &http.Client{Jar: jar, Timeout: time.Minute}}
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	who.on(p).must("POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": demoPassword}, 200, &out)
	who.csrf = out.CSRFToken
	return who
}

// at is a person's requests sent to one process.
type at struct {
	*person
	p *process
}

func (who *person) on(p *process) at { return at{who, p} }

func (c at) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.p.url+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, data
}

func (c at) must(method, path string, body any, want int, out any) {
	c.t.Helper()
	status, data := c.do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s on %s: status %d, want %d: %s", method, path, c.p.url, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}
