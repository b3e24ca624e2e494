package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/servicedesk"
)

// mountServiceDesk wires the service desk: the published service list, the
// residents' requests answered by the village desk or the street, tasks
// admitted by the powers list and the certificate whitelist.
func (a *app) mountServiceDesk(api fiber.Router, accounts *account.Module, orgs *org.Module) *servicedesk.Service {
	svc := servicedesk.NewService(a.store, a.audit, a.enforcer.Published, a.clock.now).UseCities(a.cityOf)
	a.reads.desk = svc
	village := func(c *fiber.Ctx) (string, error) {
		o, err := a.orgs.Village(c.UserContext(), c.Params("id"))
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	city := func(c *fiber.Ctx) (string, error) {
		o, err := a.orgs.Get(c.UserContext(), c.Params("id"))
		if err != nil {
			return "", err
		}
		if o.Level != org.LevelCity {
			return "", servicedesk.ErrNotCity
		}
		return o.ID, nil
	}
	servicedesk.New(servicedesk.Deps{Service: svc, Guard: accounts, Domain: orgs.Path, Validator: a.validator,
		Village: village, City: city, Notify: a.notify, Log: a.log}).Mount(api)
	return svc
}

// cityOf is the city a village lies in: the first code of its path.
func (a *app) cityOf(ctx context.Context, villageID string) (string, error) {
	v, err := a.orgs.Get(ctx, villageID)
	if err != nil {
		return "", err
	}
	code, _, _ := strings.Cut(strings.TrimPrefix(v.Path, "/"), "/")
	city, err := a.orgs.ByPath(ctx, "/"+code)
	if err != nil {
		return "", fmt.Errorf("city /%s: %w", code, err)
	}
	return city.ID, nil
}
