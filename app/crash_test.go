package main

import (
	"context"
	"encoding/json"
	"fmt"
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

	"yishi/modules/vote"
)

// binaryApp is the real yishi binary, started as a user would start it.
type binaryApp struct {
	t    *testing.T
	bin  string
	dir  string
	addr string
	cmd  *exec.Cmd
	out  *lockedWriter
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "yishi")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (b *binaryApp) start(args ...string) {
	b.t.Helper()
	b.out = &lockedWriter{w: &strings.Builder{}}
	b.cmd = exec.Command(b.bin, append([]string{"-data", b.dir, "-addr", b.addr, "-mongodb-uri", ""}, args...)...)
	b.cmd.Env = append(os.Environ(), "MONGODB_URI=")
	b.cmd.Stdout, b.cmd.Stderr = b.out, b.out
	if err := b.cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + b.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("the binary did not become healthy:\n%s", b.out.String())
}

// httpClient logs in and keeps the session, like a browser.
func (b *binaryApp) login(phone, password string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{t: b.t, base: "http://" + b.addr, http: &http.Client{Jar: jar, Timeout: time.Minute}}
	req, _ := http.NewRequest("POST", c.base+"/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"phone":%q,"password":%q}`, phone, password)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		return nil, fmt.Errorf("login %s: %d %v", phone, resp.StatusCode, err)
	}
	c.csrf = out.CSRFToken
	return c, nil
}

// TestCrashKeepsEveryAcknowledgedBallot kills the real binary with SIGKILL
// while 120 voters cast secret ballots, restarts it on the same data, and
// checks that every ballot whose cast was acknowledged is there, that none
// is there twice, and that the audit chain verifies.
func TestCrashKeepsEveryAcknowledgedBallot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	// 120 voters log in from one address within a minute, as a meeting on
	// the village's Wi-Fi would.
	t.Setenv("YISHI_LOGIN_PER_IP", "100000")
	b := &binaryApp{t: t, bin: buildBinary(t), dir: t.TempDir(), addr: freeAddr(t)}
	b.start("-demo")
	defer func() {
		if b.cmd.Process != nil {
			_ = b.cmd.Process.Kill()
			_, _ = b.cmd.Process.Wait()
		}
	}()

	const voters = 120
	operator, err := b.login("13800000004", demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	var orgs struct{ Orgs []struct{ ID, Path string } }
	operator.mustJSON("GET", "/api/v1/orgs", nil, 200, &orgs)
	var street string
	for _, o := range orgs.Orgs {
		if o.Path == "/gz/hd/hs" {
			street = o.ID
		}
	}
	var village struct{ ID, Path string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "crash", "name": "压力村", "level": "village", "parent_id": street}, 201, &village)
	var csv strings.Builder
	csv.WriteString(header)
	for i := 0; i < voters; i++ {
		fmt.Fprintf(&csv, "K%03d,H%03d,村民%d,男,1970-01-01,,一组,%d\n", i, i/4, i, map[bool]int{true: 1}[i%4 == 0])
	}
	operator.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/residents/import", csv.String(), 200, nil)
	operator.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/bodies", map[string]any{"id": "council", "kind": "council", "name": "议事会",
		"members": []map[string]string{{"resident_no": "K000", "role": "secretary"}}}, 201, nil)
	for i := 0; i < voters; i++ {
		roles := []map[string]string{{"role": "resident", "scope": village.Path}}
		if i == 0 {
			roles = append(roles, map[string]string{"role": "secretary", "scope": village.Path})
		}
		operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": fmt.Sprintf("155%08d", i), "name": fmt.Sprintf("村民%d", i),
			"password": "crash-test-pw", "roles": roles, "village_id": village.ID, "resident_no": fmt.Sprintf("K%03d", i)}, 201, nil)
	}
	secretary, err := b.login("15500000000", "crash-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ ID string }
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/proposals", map[string]any{"body_id": "council", "title": "清理村道垃圾", "category": "environment", "flow": "minor"}, 201, &p)
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/proposals/"+p.ID+"/submit", nil, 200, nil)
	var v vote.Vote
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "villagers_meeting", "secret": true}, 201, &v)

	// Every voter logs in first, then all cast at once; the process is
	// killed once a third of the ballots are acknowledged.
	clients := make([]*client, voters)
	for i := range clients {
		if clients[i], err = b.login(fmt.Sprintf("155%08d", i), "crash-test-pw"); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	acked := map[string]string{} // voter -> receipt
	killed := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"choices":[%q],"idempotency_key":"crash-test-key-%04d-%s"}`, []string{"yes", "no"}[i%2], i, v.ID)
			req, _ := http.NewRequest("POST", c.base+"/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/ballots", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", c.csrf)
			resp, err := c.http.Do(req)
			if err != nil {
				return // the process died under this request: not acknowledged
			}
			defer resp.Body.Close()
			var r vote.Receipt
			if resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&r) == nil {
				mu.Lock()
				acked[r.Voter] = r.Code
				n := len(acked)
				mu.Unlock()
				if n >= voters/3 {
					once.Do(func() {
						_ = b.cmd.Process.Signal(syscall.SIGKILL)
						close(killed)
					})
				}
			}
		}()
	}
	wg.Wait()
	<-killed
	_, _ = b.cmd.Process.Wait()
	mu.Lock()
	ackedCount := len(acked)
	mu.Unlock()

	// Restart on the same data and close the vote.
	b.start()
	secretary, err = b.login("15500000000", "crash-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/close", nil, 200, nil)
	var pub vote.Published
	secretary.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/published", nil, 200, &pub)
	// The receipts of the ballots counted are in the published box, apart
	// from the ballots (published.go).
	var box vote.Box
	secretary.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/box", nil, 200, &box)
	hashes := map[string]bool{}
	for _, r := range box.Receipts {
		if hashes[r] {
			t.Fatalf("ballot %s is stored twice", r)
		}
		hashes[r] = true
	}
	// /published lists every ballot stored; the box counts one a receipt.
	if len(box.Receipts) != len(pub.Secret) {
		t.Fatalf("%d receipts in the box but %d ballots stored: a ballot is stored twice", len(box.Receipts), len(pub.Secret))
	}
	turnout := map[string]bool{}
	for _, voter := range pub.Turnout {
		if turnout[voter] {
			t.Fatalf("voter %s took part twice", voter)
		}
		turnout[voter] = true
	}
	for voter, code := range acked {
		if !hashes[vote.ReceiptHash(v.ID, code)] || !turnout[voter] {
			t.Fatalf("acknowledged ballot of %s is missing after the crash", voter)
		}
	}
	if len(pub.Secret) > len(pub.Turnout) {
		t.Fatalf("%d ballots but %d voters took part", len(pub.Secret), len(pub.Turnout))
	}
	var report struct {
		OK      bool
		Entries int
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/audit/verify", nil, 200, &report)
	if !report.OK {
		t.Fatalf("audit chain broken after the crash: %+v", report)
	}
	t.Logf("acknowledged %d of %d before SIGKILL; after restart %d ballots, %d voters took part, audit %d entries ok",
		ackedCount, voters, len(pub.Secret), len(pub.Turnout), report.Entries)
	_ = context.Background
}
