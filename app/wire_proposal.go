package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/proposal"
)

// mountProposals wires the proposal module (proposals, flows, co-signatures,
// deliberation, the hall, notifications), mounts its routes and returns its
// service: the one instance the vote engine and the review module must use,
// since on the embedded store it keeps the village's proposals in memory.
func (a *app) mountProposals(api fiber.Router, accounts *account.Module, orgs *org.Module, outcomes proposal.VoteOutcomes) *proposal.Service {
	m := a.proposalModule(accounts, orgs, outcomes)
	m.Mount(api)
	return m.Service()
}

// proposalModule builds the module; its Service is what the vote module
// asks about a proposal (Subject).
func (a *app) proposalModule(accounts *account.Module, orgs *org.Module, outcomes proposal.VoteOutcomes) *proposal.Module {
	svc := proposal.NewService(a.store, a.orgs, outcomes, a.audit, a.log)
	svc.SetNotifier(a.notify)
	a.reads.proposals = svc
	return proposal.New(proposal.Deps{
		Service:   svc,
		Orgs:      a.orgs,
		Guard:     accounts,
		Validator: a.validator,
		Domain:    orgs.Path,
	})
}
