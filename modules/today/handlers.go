package today

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service *Service
	Guard   web.Guard
	Domain  web.Domain
}

// Module is the HTTP side of "what needs me today".
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the route under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	r.Get("/orgs/:id/today", m.d.Guard.Require("worklist", "read", m.d.Domain), m.today)
}

func (m *Module) today(c *fiber.Ctx) error {
	path, err := m.d.Domain(c)
	if err != nil {
		return err
	}
	who := Caller{Account: web.ActorOf(c).AccountID, May: func(obj, act string) bool { return m.d.Guard.Check(c, path, obj, act) == nil }}
	lines, err := m.d.Service.Today(c.UserContext(), c.Params("id"), who)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, l := range lines {
		counts[l.Kind]++
	}
	return c.JSON(fiber.Map{"now": m.d.Service.Minutes.Now(), "lines": lines, "counts": counts})
}
