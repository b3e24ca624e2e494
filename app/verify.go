package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
)

// mountBallotsCheck adds GET /orgs/{id}/audit/ballots: every closed vote of
// the village recomputed from the ballots in the store and compared with the
// ballots hash the audit chain recorded at its close. It sits beside
// /audit/verify (the chain itself) and needs the same permission.
func (a *app) mountBallotsCheck(api fiber.Router, accounts *account.Module, orgs *org.Module) {
	api.Get("/orgs/:id/audit/ballots", accounts.Require("audit", "read", orgs.Path), func(c *fiber.Ctx) error {
		v, err := a.orgs.Village(c.UserContext(), c.Params("id"))
		if err != nil {
			return err
		}
		r, err := a.votes.VerifyClosed(c.UserContext(), v.ID)
		if err != nil {
			return err
		}
		return c.JSON(r)
	})
}
