package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/moralboard"
	"yishi/modules/org"
)

// mountMoralBoard wires the moral review board and the associations, and
// registers cases as vote subjects: the board's hearings are votes of the
// engine, opened from the case so that recusals leave the electorate.
func (a *app) mountMoralBoard(api fiber.Router, accounts *account.Module, orgs *org.Module) {
	svc := moralboard.NewService(a.store, a.orgs, a.votes, a.audit, a.clock.now)
	svc.SetNotifier(a.notify)
	a.reads.moral = svc
	a.votes.RegisterSubjects("case", svc)
	moralboard.New(moralboard.Deps{Service: svc, Guard: accounts, Domain: orgs.Path, Validator: a.validator}).Mount(api)
}
