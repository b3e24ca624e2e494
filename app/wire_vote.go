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
	a.votes = vote.NewService(a.store, a.orgs, vote.Config{ProxyCap: a.cfg.ProxyCap, Audit: a.audit})
	vote.New(vote.Deps{Service: a.votes, Guard: accounts, Domain: orgs.Path, Validator: a.validator,
		Done: done, Notify: a.notify, Log: a.log, Closed: a.voteClosed}).Mount(api)
}
