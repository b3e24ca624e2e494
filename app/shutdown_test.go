package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"yishi/modules/vote"
)

// loadVillage is a village of the real binary with a register, an account
// per resident and an open vote on a submitted proposal: the ground for the
// load tests.
type loadVillage struct {
	id, path string
	vote     vote.Vote
	voters   []*client // voters[0] is the council's secretary
}

// newLoadVillage builds it through the API, as an operator and a secretary
// would. code names the village (a-z).
func newLoadVillage(t *testing.T, b *binaryApp, code string, voters int, secret bool) loadVillage {
	t.Helper()
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
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": code, "name": "负载村" + code, "level": "village", "parent_id": street}, 201, &village)
	var csv strings.Builder
	csv.WriteString(header)
	for i := 0; i < voters; i++ {
		fmt.Fprintf(&csv, "L%03d,H%03d,村民%d,男,1970-01-01,,一组,%d\n", i, i/4, i, map[bool]int{true: 1}[i%4 == 0])
	}
	operator.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/residents/import", csv.String(), 200, nil)
	operator.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/bodies", map[string]any{"id": "council", "kind": "council", "name": "议事会",
		"members": []map[string]string{{"resident_no": "L000", "role": "secretary"}}}, 201, nil)
	phone := func(i int) string { return fmt.Sprintf("156%02d%06d", len(code)%100, i) }
	for i := 0; i < voters; i++ {
		roles := []map[string]string{{"role": "resident", "scope": village.Path}}
		if i == 0 {
			roles = append(roles, map[string]string{"role": "secretary", "scope": village.Path})
		}
		operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": phone(i), "name": fmt.Sprintf("村民%d", i),
			"password": "load-test-pw", "roles": roles, "village_id": village.ID, "resident_no": fmt.Sprintf("L%03d", i)}, 201, nil)
	}
	lv := loadVillage{id: village.ID, path: village.Path, voters: make([]*client, voters)}
	for i := range lv.voters {
		if lv.voters[i], err = b.login(phone(i), "load-test-pw"); err != nil {
			t.Fatal(err)
		}
	}
	secretary := lv.voters[0]
	var p struct{ ID string }
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/proposals", map[string]any{"body_id": "council", "title": "修缮村道",
		"category": "environment", "flow": "minor"}, 201, &p)
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/proposals/"+p.ID+"/submit", nil, 200, nil)
	status, body := secretary.do("POST", "/api/v1/orgs/"+village.ID+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "villagers_meeting", "secret": secret})
	if status != 201 {
		// 422 no_subject: the vote engine does not know proposals yet (the
		// wiring of proposals as vote subjects is missing).
		t.Fatalf("open a vote on submitted proposal %s: %d %s", p.ID, status, body)
	}
	if err := json.Unmarshal(body, &lv.vote); err != nil {
		t.Fatal(err)
	}
	return lv
}

// TestCleanShutdownFinishesRequestsInFlight sends SIGTERM to the real binary
// while 120 voters cast named ballots and 8 readers poll, and checks that
// the process exits with status 0 within the bound, that every request that
// got an answer got a whole, well-formed JSON body, and that every
// acknowledged ballot is there after a restart.
func TestCleanShutdownFinishesRequestsInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const (
		voters  = 120
		readers = 8
		bound   = 30 * time.Second // a request in flight may take this long (WriteTimeout)
	)
	// 120 voters log in from one address within a minute.
	t.Setenv("YISHI_LOGIN_PER_IP", "100000")
	b := &binaryApp{t: t, bin: buildBinary(t), dir: t.TempDir(), addr: freeAddr(t)}
	b.start("-demo")
	defer func() {
		if b.cmd.ProcessState == nil && b.cmd.Process != nil {
			_ = b.cmd.Process.Kill()
			_, _ = b.cmd.Process.Wait()
		}
	}()
	lv := newLoadVillage(t, b, "term", voters, false)
	votePath := "/api/v1/orgs/" + lv.id + "/votes/" + lv.vote.ID

	var (
		mu          sync.Mutex
		acked       = map[string]string{} // voter -> receipt code
		answered    atomic.Int64          // responses read whole
		refused     atomic.Int64          // requests that got no response
		malformed   []string
		termOnce    sync.Once
		termedAt    atomic.Int64 // unix nanoseconds; 0 before SIGTERM
		ackedAtTerm int
	)
	term := func() {
		termOnce.Do(func() {
			termedAt.Store(time.Now().UnixNano())
			_ = b.cmd.Process.Signal(syscall.SIGTERM)
		})
	}
	// send makes one request and checks its answer is complete: the whole
	// body as announced by Content-Length, valid JSON, the status one the
	// route can give.
	send := func(c *client, method, path, body string) (int, []byte, bool) {
		req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
		resp, err := c.http.Do(req)
		if err != nil {
			refused.Add(1)
			return 0, nil, false
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		problem := ""
		switch {
		case err != nil:
			problem = "body cut short: " + err.Error()
		case resp.ContentLength >= 0 && int64(len(data)) != resp.ContentLength:
			problem = fmt.Sprintf("body of %d bytes, Content-Length %d", len(data), resp.ContentLength)
		case !json.Valid(data):
			problem = "not JSON"
		case resp.StatusCode >= 500:
			problem = "server error"
		}
		if problem != "" {
			mu.Lock()
			malformed = append(malformed, fmt.Sprintf("%s %s: %d %s: %q", method, path, resp.StatusCode, problem, clip(string(data), 200)))
			mu.Unlock()
			return resp.StatusCode, data, false
		}
		answered.Add(1)
		return resp.StatusCode, data, true
	}

	var wg sync.WaitGroup
	stopReaders := make(chan struct{})
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := lv.voters[1+r]
			paths := []string{votePath, "/api/v1/orgs/" + lv.id, "/api/v1/me", "/api/v1/orgs/" + lv.id + "/proposals"}
			for i := 0; ; i++ {
				select {
				case <-stopReaders:
					return
				default:
				}
				if _, _, ok := send(c, "GET", paths[i%len(paths)], ""); !ok && termedAt.Load() != 0 {
					return
				}
			}
		}()
	}
	var casters sync.WaitGroup
	for i, c := range lv.voters {
		casters.Add(1)
		go func() {
			defer casters.Done()
			body := fmt.Sprintf(`{"choices":[%q],"idempotency_key":"term-test-key-%04d-%s"}`, []string{"yes", "no"}[i%2], i, lv.vote.ID)
			status, data, ok := send(c, "POST", votePath+"/ballots", body)
			if !ok || status != http.StatusCreated {
				return
			}
			var r vote.Receipt
			if json.Unmarshal(data, &r) != nil {
				return
			}
			mu.Lock()
			acked[r.Voter] = r.Code
			n := len(acked)
			mu.Unlock()
			if n >= voters/3 {
				termOnce.Do(func() {
					mu.Lock()
					ackedAtTerm = len(acked)
					mu.Unlock()
					termedAt.Store(time.Now().UnixNano())
					_ = b.cmd.Process.Signal(syscall.SIGTERM)
				})
			}
		}()
	}
	casters.Wait()
	term() // in case fewer than a third were acknowledged
	close(stopReaders)
	wg.Wait()
	sentAt := time.Unix(0, termedAt.Load())

	exited := make(chan error, 1)
	go func() { exited <- b.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGTERM the process exited with %v (status %d):\n%s", err, b.cmd.ProcessState.ExitCode(), b.out.String())
		}
	case <-time.After(bound + 10*time.Second):
		_ = b.cmd.Process.Kill()
		t.Fatalf("the process did not exit within %s of SIGTERM:\n%s", bound+10*time.Second, b.out.String())
	}
	took := time.Since(sentAt)
	if code := b.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if !strings.Contains(b.out.String(), `"shutting down"`) {
		t.Fatalf("the log does not say it shut down:\n%s", b.out.String())
	}
	if len(malformed) > 0 {
		t.Fatalf("%d answers were not whole JSON, e.g.:\n%s", len(malformed), strings.Join(malformed[:min(5, len(malformed))], "\n"))
	}

	// Restart on the same data: every acknowledged ballot is there, with
	// the receipt its voter was given.
	b.start()
	secretary, err := b.login("15604000000", "load-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	secretary.mustJSON("POST", votePath+"/close", nil, 200, nil)
	var pub vote.Published
	secretary.mustJSON("GET", votePath+"/published", nil, 200, &pub)
	stored := map[string]string{}
	for _, bl := range pub.Ballots {
		if _, twice := stored[bl.Voter]; twice {
			t.Fatalf("voter %s has two ballots", bl.Voter)
		}
		stored[bl.Voter] = bl.Receipt
	}
	mu.Lock()
	defer mu.Unlock()
	for voter, code := range acked {
		if stored[voter] != vote.ReceiptHash(lv.vote.ID, code) {
			t.Fatalf("acknowledged ballot of %s is missing after the clean shutdown", voter)
		}
	}
	t.Logf("SIGTERM after %d of %d ballots acknowledged; exit 0 in %s; %d whole answers, %d requests refused at the door; after restart %d ballots stored, all %d acknowledged present",
		ackedAtTerm, voters, took.Round(time.Millisecond), answered.Load(), refused.Load(), len(pub.Ballots), len(acked))
}
