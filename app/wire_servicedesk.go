package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/servicedesk"
)

// mountServiceDesk wires the service desk: the published service list, the
// residents' requests answered by the village desk or the street, tasks
// admitted by the powers list and the certificate whitelist.
func (a *app) mountServiceDesk(api fiber.Router, accounts *account.Module, orgs *org.Module) {
	svc := servicedesk.NewService(a.store, a.enforcer.Published, a.clock.now)
	a.reads.desk = svc
	village := func(c *fiber.Ctx) (string, error) {
		o, err := a.orgs.Village(c.UserContext(), c.Params("id"))
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	servicedesk.New(servicedesk.Deps{Service: svc, Store: a.store, Guard: accounts, Domain: orgs.Path, Validator: a.validator,
		Audit: a.audit, Village: village, Resident: accounts.Resident, Notify: a.notify, Log: a.log}).Mount(api)
}
