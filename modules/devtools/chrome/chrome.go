// Package chrome finds and starts the headless Chromium the browser tests and
// the bench drive, the same way for both.
package chrome

import (
	"errors"
	"io"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Find is the browser to drive: $CHROME_PATH, else Debian's chromium,
// else whatever chromium or Chrome is on PATH.
func Find() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return exec.LookPath(p)
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "google-chrome"} {
		if found, err := exec.LookPath(p); err == nil {
			return found, nil
		}
	}
	return "", errors.New("no browser found: set CHROME_PATH or install chromium")
}

// Options start a headless browser on its own profile folder, the same
// way for the browser tests and the bench.
func Options(execPath, profileDir string, out io.Writer) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(profileDir),
		chromedp.Headless,
		// Containers and CI run as root, where the sandbox cannot start.
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		// The page needs nothing but 127.0.0.1: no QUIC, no background
		// fetches, no component or sync updates that make runs differ.
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	)
}
