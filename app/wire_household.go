package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/household"
	"yishi/modules/org"
)

// mountHouseholdCards wires the household cards (一户一码, issue 21 item 3):
// printed by the village's secretary, shown at a meeting to sign in the
// person present through the meeting module's attendance.
func (a *app) mountHouseholdCards(api fiber.Router, accounts *account.Module, orgs *org.Module) {
	svc := household.NewService(a.store, a.orgs, a.audit, a.clock.now)
	household.New(household.Deps{Service: svc, Orgs: a.orgs, Meetings: a.meetings, Guard: accounts, Domain: orgs.Path,
		Validator: a.validator, PublicURL: a.cfg.PublicURL}).Mount(api)
}
