package org

import (
	"github.com/gofiber/fiber/v2"
	"yishi/modules/web"
)

// mountSupervision adds the routes of the supervision committee's bar: the
// declared close relatives, kept by the operator with the register, and the
// decisions a supervision committee may be elected by (V2026 Art. 37 ¶1;
// U2026 Art. 36 ¶1).
func (m *Module) mountSupervision(r fiber.Router) {
	r.Get("/orgs/:id/relatives", m.guard.Require("register", "read", m.Path), m.relatives)
	r.Put("/orgs/:id/residents/:no/relatives", m.guard.Require("relatives", "record", m.Path), m.setRelatives)
	r.Get("/orgs/:id/body-decisions", m.guard.Require("body", "manage", m.Path), m.bodyDecisions)
}

func (m *Module) relatives(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	rs, err := m.svc.AllRelatives(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"relatives": rs})
}

type relativesRequest struct {
	Relatives []string `json:"relatives" validate:"max=32,dive,required,max=32"`
}

func (m *Module) setRelatives(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	var req relativesRequest
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	out, err := m.svc.SetRelatives(c.UserContext(), web.ActorOf(c), v.ID, c.Params("no"), req.Relatives)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) bodyDecisions(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	ds := []Decision{}
	if m.svc.Decisions != nil {
		if ds, err = m.svc.Decisions(c.UserContext(), v.ID); err != nil {
			return err
		}
	}
	return c.JSON(fiber.Map{"decisions": ds})
}
