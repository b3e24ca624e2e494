package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
	"yishi/modules/apidoc"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/account"
	"yishi/modules/audit"
	"yishi/modules/dashboard"
	"yishi/modules/law"
	"yishi/modules/minutes"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/review"
	"yishi/modules/store"
	"yishi/modules/today"
	"yishi/modules/vote"
	"yishi/modules/web"
	"yishi/policies"
	"yishi/static"
	"yishi/static/shell"
)

// openAPI is the API description served at /api/openapi.json.
var openAPI = apidoc.Merged()

// app is the wired application: the store, the enforcer, the modules and
// the HTTP server, built top-down in newApp.
type app struct {
	cfg      Config
	log      *slog.Logger
	store    *store.Store
	enforcer *policies.Enforcer
	ruleList []law.QuotedRule // the rule tables with their articles' words
	orgs     *org.Service
	accounts *account.Service
	audit    *audit.Log
	metrics  *web.Metrics
	http     *fiber.App

	validator *web.Validator
	votes     *vote.Service
	dashboard *dashboard.Service
	// todayMore are the today lines of the petitions and the evaluation.
	todayMore []today.Source
	review    *review.Service
	// notify is the one notification capability every module sends to.
	notify *notify.Service
	// reads are the services GET /home reads from (wire_home.go).
	reads    homeReads
	meetings *minutes.Service
	// clock is the time the minutes and review modules see: the wall clock
	// plus an offset tests move to cross notice periods without waiting.
	clock offsetClock
}

func newApp(ctx context.Context, cfg Config, log *slog.Logger) (*app, error) {
	var storeLog *slog.Logger
	if cfg.StoreLog {
		storeLog = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	st, err := store.Open(ctx, store.Config{URI: cfg.MongoURI, DataDir: cfg.DataDir, Prefix: cfg.DBPrefix, StoreLog: storeLog})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, store: st, audit: audit.New(), metrics: web.NewMetrics()}
	if err := a.wire(ctx); err != nil {
		_ = st.Close(context.Background())
		return nil, err
	}
	// Before any request: put right what a crash between two writes left in
	// the streets' review queues.
	added, removed, err := a.review.Reconcile(ctx)
	if err != nil {
		_ = st.Close(context.Background())
		return nil, fmt.Errorf("reconcile review queues: %w", err)
	}
	if added+removed > 0 {
		log.Info("review queues reconciled", "added", added, "removed", removed)
	}
	log.Info("store ready", "embedded", st.Embedded, "data", cfg.DataDir)
	return a, nil
}

func (a *app) wire(ctx context.Context) error {
	var err error
	if a.enforcer, err = policies.New(); err != nil {
		return err
	}
	if a.ruleList, err = quotedRules(); err != nil {
		return err
	}
	a.wireNotify()
	a.orgs = org.NewService(a.store, a.audit)
	if err := a.orgs.Init(ctx); err != nil {
		return err
	}
	a.accounts = account.NewService(a.store, a.enforcer, a.audit, a.cfg.SessionTTL)
	if err := a.accounts.Init(ctx); err != nil {
		return err
	}
	a.wireSupervision()
	val := web.NewValidator()
	val.Now = a.clock.now // date windows move with the clock tests move
	a.validator = val

	accounts := account.New(account.Deps{Service: a.accounts, Enforcer: a.enforcer, Validator: val,
		ScopeName: a.scopeName, ResidentExists: a.residentExists, SecureCookie: a.cfg.SecureCookies, Log: a.log,
		LoginPerIP: a.cfg.LoginPerIP, LoginFailures: a.cfg.LoginFailures, LockFor: a.cfg.LockFor,
		Sender: a.cfg.SMS.sender(), CodeTTL: a.cfg.SMS.CodeTTL, CodeEvery: a.cfg.SMS.Every, CodePerPhone: a.cfg.SMS.PerPhone,
		CodePerIP: a.cfg.SMS.PerIP, Now: a.clock.now})
	a.log.Info("login codes", "sender", a.cfg.SMS.Sender)
	orgs := org.New(org.Deps{Service: a.orgs, Guard: accounts, Validator: val})
	audits := audit.NewModule(accounts, orgs.Path, a.chainOf)

	h := fiber.New(fiber.Config{
		AppName: "yishi",
		// Values from the request (params, headers, method) are copies, not
		// views of a buffer fasthttp reuses: modules keep some of them
		// (queues, caches, metrics keys) beyond the handler.
		Immutable:             true,
		BodyLimit:             a.cfg.BodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
		ErrorHandler:          web.ErrorHandler(a.logError),
	})
	h.Use(recover.New())
	h.Use(a.metrics.Middleware)
	h.Use(a.accessLog)
	sh, err := shell.Embedded()
	if err != nil {
		return err
	}
	if a.cfg.PlainStatic {
		h.Use(securityHeaders(""))
	} else {
		h.Use(securityHeaders(sh.ScriptHash()))
		// API answers and the rest are compressed as they go; the shell's
		// files were compressed once at start.
		h.Use(compress.New(compress.Config{Next: func(c *fiber.Ctx) bool { return sh.Has(c.Path()) }}))
	}

	h.Get("/healthz", a.healthz)
	h.Get("/metrics", a.metrics.Handler)
	h.Get("/api/openapi.json", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(openAPI)
	})

	api := h.Group("/api/v1", accounts.Authenticate(), web.RateLimit(a.writeLimits()))
	api.Get("/policies/lists", a.policyLists)
	api.Get("/rules", a.rules)
	accounts.Mount(api)
	orgs.Mount(api)
	accounts.MountOrg(api, orgs.Path)
	audits.Mount(api)
	a.mountNotify(api, accounts)
	// Votes first: proposals ask the vote engine how a vote ended, and the
	// vote engine asks the proposal service what it is deciding.
	a.mountVotes(api, accounts, orgs, ctx.Done())
	a.mountBallotsCheck(api, accounts, orgs)
	proposals := a.mountProposals(api, accounts, orgs, voteOutcomes{a.votes})
	a.votes.RegisterSubjects("proposal", proposalSubjects{proposals})
	a.meetings = a.mountMinutes(api, accounts, orgs, proposals)
	a.mountHouseholdCards(api, accounts, orgs)
	a.mountMoralBoard(api, accounts, orgs)
	evals := a.mountEvaluation(api, accounts, orgs)
	desk := a.mountServiceDesk(api, accounts, orgs)
	owed := conveneOwed(proposals, a.meetings)
	a.mountDashboard(api, accounts, orgs, owed)
	a.dashboard.UseAlerts(petitionAlerts(proposals, evals))
	a.todayMore = petitionLines(proposals, evals, a.orgs)
	a.mountAssist(api, accounts, orgs, proposals, a.meetings, desk)
	a.mountHome(api, accounts)
	a.mountToday(api, accounts, orgs, a.meetings, desk, owed)
	a.mountVillageRules(api, accounts, orgs, proposals)
	a.mountCollectiveRules(api, accounts, orgs, proposals)
	// Unknown API paths answer in the JSON error shape, not with the web shell.
	h.Use("/api", func(c *fiber.Ctx) error { return web.ErrNotFound })

	if a.cfg.PlainStatic {
		// As before issue 20, kept so the bench measures both in one run.
		h.Use("/", filesystem.New(filesystem.Config{Root: http.FS(static.FS), Index: "index.html", MaxAge: 300}))
	} else {
		h.Use(sh.Serve)
	}
	a.http = h
	return nil
}

// writeLimits are the abuse limits on the writes anyone logged in can
// repeat: proposals, hall topics, comments and ballots.
func (a *app) writeLimits() web.RateLimits {
	return web.RateLimits{
		Rules: []web.RateRule{{Method: fiber.MethodPost, Paths: []string{
			"/api/v1/orgs/*/proposals",
			"/api/v1/orgs/*/topics",
			"/api/v1/orgs/*/proposals/*/comments",
			"/api/v1/orgs/*/votes/*/ballots",
		}}},
		PerAccount: web.NewLimiter(a.cfg.RatePerAccount, a.cfg.RatePerAccount),
		PerIP:      web.NewLimiter(a.cfg.RatePerIP, a.cfg.RatePerIP),
		Account: func(c *fiber.Ctx) string {
			s, _ := account.CurrentSession(c)
			return s.AccountID
		},
	}
}

// chainOf is the audit chain of the org named by :id: a village's own chain,
// or the shared chain for orgs above villages.
func (a *app) chainOf(c *fiber.Ctx) (*mongo.Database, error) {
	o, err := a.orgs.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	if o.Level == org.LevelVillage {
		return a.store.Village(o.ID), nil
	}
	return a.store.Shared(), nil
}

func (a *app) scopeName(ctx context.Context, path string) string {
	if path == "/" {
		return "全部"
	}
	o, err := a.orgs.ByPath(ctx, path)
	if err != nil {
		return ""
	}
	return o.Name
}

func (a *app) logError(c *fiber.Ctx, e *web.Error) {
	if e.Status >= 500 {
		a.log.Error("request failed", "method", c.Method(), "path", c.Path(), "code", e.Code, "err", e.Unwrap())
	}
}

// accessLog logs each request by its route pattern, never its query string or
// body: those can hold phone numbers, passwords or ballots.
func (a *app) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = web.AsError(err).Status
	}
	a.log.Debug("request", "method", c.Method(), "route", c.Route().Path, "status", status, "ms", time.Since(start).Milliseconds())
	return err
}

// securityHeaders keeps the pages from running any script but our own files
// (and the inline import map, by its hash) and from being framed.
func securityHeaders(scriptHash string) fiber.Handler {
	scripts := "'self'"
	if scriptHash != "" {
		scripts += " " + scriptHash
	}
	csp := "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", csp)
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Referrer-Policy", "same-origin")
		c.Set("X-Frame-Options", "DENY")
		return c.Next()
	}
}

func (a *app) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "store": "unreachable"})
	}
	return c.JSON(fiber.Map{"status": "ok", "store": map[bool]string{true: "embedded", false: "mongodb"}[a.store.Embedded]})
}

func (a *app) policyLists(c *fiber.Ctx) error {
	return c.JSON(a.enforcer.Published())
}

// serve listens on addr until ctx ends, then stops taking connections, lets
// the requests in flight finish and stops the store.
func (a *app) serve(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		_ = a.close(context.Background())
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return a.serveListener(ctx, ln)
}

func (a *app) serveListener(ctx context.Context, ln net.Listener) error {
	a.log.Info("serving", "addr", ln.Addr().String())
	go a.purgeSessions(ctx)
	go a.serveDebug(ctx)
	go a.refreshDashboards(ctx)
	// Role changes made by other instances on the same store reach this one.
	go a.accounts.NewWatcher().Run(ctx, 2*time.Second, func(err error) { a.log.Warn("role watcher", "err", err) })
	errc := make(chan error, 1)
	go func() { errc <- a.http.Listener(ln) }()
	select {
	case err := <-errc:
		_ = a.close(context.Background())
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return a.close(shutdownCtx)
}

// close stops the HTTP server (waiting for requests in flight) and the store.
func (a *app) close(ctx context.Context) error {
	var errs []error
	if a.http != nil {
		if err := a.http.ShutdownWithContext(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop http: %w", err))
		}
	}
	// Every batch of ballots this process wrote is counted: say so, so the
	// close of its votes need not recount them.
	if a.votes != nil {
		if err := a.votes.Release(ctx); err != nil {
			errs = append(errs, fmt.Errorf("release votes: %w", err))
		}
	}
	if err := a.store.Close(ctx); err != nil {
		errs = append(errs, fmt.Errorf("stop store: %w", err))
	}
	return errors.Join(errs...)
}

func (a *app) purgeSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.accounts.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("purge sessions", "err", err)
		} else if n > 0 {
			a.log.Info("purged sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func printDemoAccounts(w io.Writer, accounts []demoAccount) {
	var b strings.Builder
	b.WriteString("Demo accounts (password " + demoPassword + "):\n")
	for _, d := range accounts {
		fmt.Fprintf(&b, "  %s  %s\n", d.Phone, d.What)
	}
	_, _ = io.WriteString(w, b.String())
}

func (a *app) residentExists(ctx context.Context, villageID, residentNo string) (bool, error) {
	if _, err := a.orgs.Village(ctx, villageID); err != nil {
		if errors.Is(err, org.ErrOrgNotFound) || errors.Is(err, org.ErrNotVillage) {
			return false, nil
		}
		return false, err
	}
	_, err := a.orgs.Resident(ctx, villageID, residentNo)
	if err == nil {
		return true, nil
	}
	var we *web.Error
	if errors.As(err, &we) && we.Status == 404 {
		return false, nil
	}
	return false, err
}
