package main

import (
	"context"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveDebug serves Go's profiles on their own address until ctx ends, so a
// memory or CPU question about a running server can be answered with
// `go tool pprof http://ADDR/debug/pprof/heap`. Off unless -debug-addr is set;
// it is never on the public listener.
func (a *app) serveDebug(ctx context.Context) {
	if a.cfg.DebugAddr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: a.cfg.DebugAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	a.log.Info("serving profiles", "addr", a.cfg.DebugAddr)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		a.log.Warn("debug server", "err", err)
	}
}
