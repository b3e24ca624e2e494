package bench

import (
	"context"
	"net"

	"yishi/modules/account"
	"yishi/modules/store"
	"yishi/modules/vote"
)

// App is the whole app wired on a store, opened without serving: what the
// bench drives besides HTTP. app/ builds it, so this package needs nothing
// from package main.
type App struct {
	Store    *store.Store
	Accounts *account.Service
	Votes    *vote.Service
	// SeedDemo creates the demo township of the README.
	SeedDemo func(context.Context) error
	// Serve serves the app on ln until ctx ends, then shuts it down.
	Serve func(ctx context.Context, ln net.Listener) error
	Close func(context.Context) error
}

// Opener wires the whole app (every module registers its indexes) on a
// store, with extra server flags.
type Opener func(ctx context.Context, sc store.Config, extra ...string) (*App, error)

// Deps is what the bench needs from the command that runs it.
type Deps struct {
	Open Opener
	// Password is the demo accounts' password (the README's), which the
	// generated and the demo accounts log in with.
	Password string
}
