package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"yishi/modules/store"
)

// serverProcess is the app serving a generated store in a process of its
// own, started from this binary with the flags an operator would use. The
// reads are measured against it so that its latency and its memory are the
// server's alone: in one process the generator's data and the clients would
// share the heap and the garbage collector with the server.
type serverProcess struct {
	cmd *exec.Cmd
	url string
	// debug serves the server's Go profiles (-debug-addr).
	debug string
}

// startServerProcess runs `yishi -data DIR -addr 127.0.0.1:PORT` and waits
// for /healthz. The caller has closed every app of its own on the store: two
// embedded stores must not share a folder.
func startServerProcess(ctx context.Context, exe string, sc store.Config) (*serverProcess, error) {
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("bench: find own binary: %w", err)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	debugPort, err := freePort()
	if err != nil {
		return nil, err
	}
	debug := "127.0.0.1:" + strconv.Itoa(debugPort)
	cmd := exec.Command(exe, "-addr", addr, "-data", sc.DataDir, "-mongodb-uri", sc.URI, "-db-prefix", sc.Prefix,
		"-log-level", "warn", "-rate-per-ip", "0", "-debug-addr", debug)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start server: %w", err)
	}
	p := &serverProcess{cmd: cmd, url: "http://" + addr, debug: debug}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(p.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				go func() { <-exited }()
				return p, nil
			}
		}
		select {
		case err := <-exited:
			return nil, fmt.Errorf("bench: server exited before serving: %v", err)
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			return nil, errors.New("bench: server did not answer /healthz within 2 minutes")
		}
	}
}

// statusMB reads a memory line (VmRSS, VmHWM) of the server's
// /proc/PID/status, in MB.
func (p *serverProcess) statusMB(key string) float64 {
	return procStatusMB(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid), key)
}

// stop asks the server to shut down as an operator would (SIGTERM) and waits
// until it has let go of the store.
func (p *serverProcess) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	for i := 0; i < 200; i++ {
		if err := p.cmd.Process.Signal(syscall.Signal(0)); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = p.cmd.Process.Kill()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("bench: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// profileCPU records the server's CPU profile for d into path, in the
// background; wait for the returned channel.
func (p *serverProcess) profileCPU(path string, d time.Duration) <-chan error {
	done := make(chan error, 1)
	go func() {
		client := &http.Client{Timeout: d + time.Minute}
		resp, err := client.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.debug, int(d.Seconds())))
		if err != nil {
			done <- fmt.Errorf("bench: server profile: %w", err)
			return
		}
		defer resp.Body.Close()
		f, err := os.Create(path)
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(f, resp.Body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	return done
}

// profileHeap writes the server's heap profile (after a collection: what is
// live) into path.
func (p *serverProcess) profileHeap(path string) error {
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Get(fmt.Sprintf("http://%s/debug/pprof/heap?gc=1", p.debug))
	if err != nil {
		return fmt.Errorf("bench: server heap profile: %w", err)
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
