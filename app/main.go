// Command yishi serves Yishi (议事), the deliberation platform for village and
// community self-governance: proposals, votes and minutes, with the line
// between government guidance and resident autonomy drawn by policy.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "yishi:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) > 0 && (args[0] == "export" || args[0] == "import") {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		if args[0] == "export" {
			return runExport(ctx, args[1:], os.Stdout)
		}
		return runImport(ctx, args[1:], os.Stdout)
	}
	if len(args) > 0 && args[0] == "recount" {
		return runRecount(args[1:], os.Stdout)
	}
	if len(args) > 0 && args[0] == "register" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return runRegister(ctx, args[1:], os.Stdout)
	}
	if len(args) > 0 && (args[0] == "gen" || args[0] == "bench") {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		if args[0] == "gen" {
			return runGen(ctx, args[1:], os.Stdout)
		}
		return runBench(ctx, args[1:], os.Stdout)
	}
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	setMemoryLimit(cfg.MemoryLimitMB)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	if cfg.Demo {
		accounts, err := a.seedDemo(ctx)
		if err != nil {
			_ = a.close(context.Background())
			return fmt.Errorf("seed demo: %w", err)
		}
		if err := a.seedDemoActivity(ctx, time.Now()); err != nil {
			_ = a.close(context.Background())
			return fmt.Errorf("seed demo: %w", err)
		}
		printDemoAccounts(os.Stdout, accounts)
	}
	return a.serve(ctx, cfg.Addr)
}

// setMemoryLimit gives the Go runtime a soft memory limit, so the garbage
// collector works harder before the heap grows past it instead of letting
// it double (GOGC=100) after each collection: the caches of a hundred
// villages are ~60 MB live, and without a limit the heap sat near twice
// that. The price is collector CPU when the live heap nears the limit: at
// 100 villages a 112 MB limit spent over half the CPU marking (BENCHMARKS.md
// compares the settings). GOMEMLIMIT, when set, wins; 0 turns it off.
func setMemoryLimit(mb int) {
	if os.Getenv("GOMEMLIMIT") != "" || mb <= 0 {
		return
	}
	debug.SetMemoryLimit(int64(mb) << 20)
}
