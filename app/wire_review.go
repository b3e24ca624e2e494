package main

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/review"
)

// mountReview wires filing and review by the street. A filing returned with
// a correction order reopens its proposal's flow through the proposal
// service.
func (a *app) mountReview(api fiber.Router, accounts *account.Module, orgs *org.Module, m *minutes.Service, proposals *proposal.Service) {
	svc := review.NewService(a.store, a.orgs, m, proposalReopener{proposals})
	a.review = svc
	review.New(review.Deps{Service: svc, Store: a.store, Guard: accounts, Domain: orgs.Path, Validator: a.validator, Audit: a.audit,
		Resident: accounts.Resident, Notify: a.notify, Log: a.log, Name: sessionName}).Mount(api)
}

// proposalReopener lets the review module reopen a proposal's flow at a step.
type proposalReopener struct{ svc *proposal.Service }

func (r proposalReopener) Reopen(ctx context.Context, villageID, proposalID, step, actor, reason string) (string, error) {
	p, err := r.svc.Reopen(ctx, villageID, proposalID, step, proposal.Actor{AccountID: actor}, reason)
	if err != nil {
		return "", err
	}
	return p.Current.Key, nil
}
