// Command pgstore serves FerretDB v1.24.2 with its PostgreSQL handler on a
// local port: a real, pooled server store reached by MONGODB_URI, for the
// tests and CI runs that must not rely on the embedded store's single
// connection. It is a test tool, not part of the app:
//
//	go run ./.ci/pgstore -listen 127.0.0.1:27018 -postgresql 'postgres://yishi@127.0.0.1:5432/yishi'
//
// It stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "address to serve the MongoDB wire protocol on")
	pg := flag.String("postgresql", "postgres://yishi:yishi@127.0.0.1:5432/yishi", "PostgreSQL URL")
	verbose := flag.Bool("v", false, "print FerretDB's warnings")
	flag.Parse()

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if *verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *pg,
		Logger:        log,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgstore:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("pgstore: serving", f.MongoDBURI())
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "pgstore:", err)
		os.Exit(1)
	}
}
