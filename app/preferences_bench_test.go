package main

import (
	"log/slog"
	"testing"
)

// BenchmarkPreferences measures the account's page settings: the read home
// makes once per page load and login (GET), and the switch's write (PUT),
// through Fiber, the guard and the embedded store.
func BenchmarkPreferences(b *testing.B) {
	testLogLevel = slog.LevelInfo
	ta := startTestApp(b)
	c := ta.login(b, demoResidentPhone)
	const path = "/api/v1/me/preferences"
	b.Run("GET", func(b *testing.B) {
		for b.Loop() {
			c.mustJSON("GET", path, nil, 200, nil)
		}
	})
	b.Run("PUT", func(b *testing.B) {
		on := false
		for b.Loop() {
			on = !on
			c.mustJSON("PUT", path, map[string]any{"elder_mode": on}, 200, nil)
		}
	})
}
