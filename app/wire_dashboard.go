package main

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/dashboard"
	"yishi/modules/minutes"
	"yishi/modules/org"
)

// mountDashboard wires the read-only dashboards, alerts and decision
// support for streets, districts and the city. It reads through the app's
// one minutes service (a.meetings, on the app clock), so the
// V2026 Art. 30 ¶1 alert and the V2026 Art. 35 ¶3 calendar are the minutes module's rules.
// Each village's figures are kept (dashboard.DefaultOptions) and the audit
// log's chain heads tell which villages changed; tests that write records
// straight into the store move the app clock past MaxAge to see them, as a
// refresh would.
func (a *app) mountDashboard(api fiber.Router, accounts *account.Module, orgs *org.Module,
	owed func(ctx context.Context, villageID string) ([]minutes.Demand, error)) {
	a.dashboard = dashboard.NewService(a.store, a.orgs, a.meetings, a.audit, dashboard.DefaultOptions).UseDemands(owed)
	dashboard.New(dashboard.Deps{Service: a.dashboard, Guard: accounts, Domain: orgs.Path}).Mount(api)
}

// refreshDashboards keeps the dashboards' figures fresh while the app
// serves: only villages someone looked at, one at a time.
func (a *app) refreshDashboards(ctx context.Context) {
	a.dashboard.Run(ctx, func(err error) { a.log.Warn("dashboard refresh", "err", err) })
}
