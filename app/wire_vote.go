package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/vote"
)

// mountVotes wires the vote engine. Subjects (proposals, cases) are
// registered by the modules that own them.
func (a *app) mountVotes(api fiber.Router, accounts *account.Module, orgs *org.Module, done <-chan struct{}) {
	a.votes = vote.NewService(a.store, a.orgs, vote.Config{ProxyCap: a.cfg.ProxyCap})
	vote.New(vote.Deps{Service: a.votes, Store: a.store, Guard: accounts, Domain: orgs.Path, Validator: a.validator,
		Audit: a.audit, Resident: accounts.Resident, Done: done, Notify: a.notify, Log: a.log, ActorName: actorName, Closed: a.voteClosed}).Mount(api)
}

// actorName is the logged-in person's name as at login.
func actorName(c *fiber.Ctx) string {
	s, _ := account.CurrentSession(c)
	return s.Name
}
