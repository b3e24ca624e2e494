package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"yishi/modules/devtools/bench"
	"yishi/modules/devtools/gen"
	"yishi/modules/store"
)

// The developer commands, `yishi gen` and `yishi bench`: their work is in
// modules/devtools; here is only what they need of the wired app.

// runGen is `yishi gen`: a township from a seed (see gen.Config's flags).
func runGen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("yishi gen", flag.ContinueOnError)
	sc := storeFlags(fs)
	g := gen.Flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	g.Password = demoPassword
	a, err := openToolApp(ctx, *sc, nil)
	if err != nil {
		return err
	}
	defer a.close(context.Background())
	t, err := gen.Generate(ctx, a.store, *g, os.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d villages in %d streets: %d documents in %s (%.0f documents/s); accounts' password %s\n",
		len(t.Villages), len(t.Streets), t.Documents, t.Took.Round(time.Millisecond), float64(t.Documents)/t.Took.Seconds(), demoPassword)
	fmt.Fprintf(stdout, "street official of %s: phone %s; secretary of %s: phone %s\n",
		t.Streets[0].Name, t.Streets[0].OfficialPhone, t.Villages[0].Name, t.Villages[0].AccountPhones[0])
	return nil
}

// runBench is `yishi bench` (see modules/devtools/bench).
func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	return bench.Run(ctx, args, stdout, bench.Deps{Open: openBenchApp, Password: demoPassword})
}

// openToolApp wires the whole app (every module registers its indexes) on a
// store, without serving, for the generator and the benchmark.
func openToolApp(ctx context.Context, sc store.Config, extra []string) (*app, error) {
	args := append([]string{"-data", sc.DataDir, "-mongodb-uri", sc.URI, "-db-prefix", sc.Prefix, "-log-level", "warn"}, extra...)
	cfg, err := parseConfig(args)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return newApp(ctx, cfg, log)
}

// openBenchApp is openToolApp as the bench sees it.
func openBenchApp(ctx context.Context, sc store.Config, extra ...string) (*bench.App, error) {
	a, err := openToolApp(ctx, sc, extra)
	if err != nil {
		return nil, err
	}
	return &bench.App{
		Store:    a.store,
		Accounts: a.accounts,
		Votes:    a.votes,
		SeedDemo: func(ctx context.Context) error { _, err := a.seedDemo(ctx); return err },
		Serve:    func(ctx context.Context, ln net.Listener) error { return a.serveListener(ctx, ln) },
		Close:    a.close,
	}, nil
}
