package main

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/dashboard"
	"yishi/modules/minutes"
	"yishi/modules/org"
)

// dashboardCacheFor is how long a village's computed figures are reused:
// a street's dashboard over a hundred villages, reloaded by its officials,
// reads each village's records at most once in this time. Tests move the
// app clock past it to see new records.
const dashboardCacheFor = 30 * time.Second

// mountDashboard wires the read-only dashboards, alerts and decision
// support for streets, districts and the city. It reads through a minutes
// service of its own (the service keeps no state) on the app clock, so the
// Art. 26 alert and the Art. 30 calendar are the minutes module's rules.
func (a *app) mountDashboard(api fiber.Router, accounts *account.Module, orgs *org.Module) {
	m := minutes.NewService(a.store, a.orgs, a.votes, a.audit, a.clock.now)
	svc := dashboard.NewService(a.store, a.orgs, m, dashboardCacheFor)
	dashboard.New(dashboard.Deps{Service: svc, Guard: accounts, Domain: orgs.Path}).Mount(api)
}
