package main

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/servicedesk"
	"yishi/modules/today"
)

// mountToday wires the secretary's "what needs me today", which reads
// through the services that own meetings, votes, filings and requests.
func (a *app) mountToday(api fiber.Router, accounts *account.Module, orgs *org.Module, m *minutes.Service, desk *servicedesk.Service,
	owed func(ctx context.Context, villageID string) ([]minutes.Demand, error)) {
	svc := &today.Service{Minutes: m, Votes: a.votes, Review: a.review, Desk: desk, Owed: owed, More: a.todayMore}
	today.New(today.Deps{Service: svc, Guard: accounts, Domain: orgs.Path}).Mount(api)
}
