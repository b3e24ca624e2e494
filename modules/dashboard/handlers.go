package dashboard

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
	"yishi/policies"
)

func isUnder(path, scope string) bool { return policies.IsUnder(path, scope) }

// Deps are what the HTTP side needs.
type Deps struct {
	Service *Service
	Guard   web.Guard
	Domain  web.Domain
}

// Module is the HTTP side: GET routes only.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1. Every one is a read: a government
// role gets insight here, never a handle on a village matter.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Get("/orgs/:id/dashboard", g.Require("dashboard", "read", dom), m.dashboard)
	r.Get("/orgs/:id/dashboard/villages/:village", g.Require("dashboard", "read", dom), m.village)
	r.Get("/orgs/:id/dashboard/topics", g.Require("dashboard", "read", dom), m.topics)
	// The village sees what the street sees about it: the secretary holds
	// alert.read in their own village.
	r.Get("/orgs/:id/alerts", g.Require("alert", "read", dom), m.alerts)
}

func (m *Module) dashboard(c *fiber.Ctx) error {
	d, err := m.d.Service.Dashboard(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (m *Module) village(c *fiber.Ctx) error {
	v, err := m.d.Service.Village(c.UserContext(), c.Params("id"), c.Params("village"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (m *Module) alerts(c *fiber.Ctx) error {
	as, at, err := m.d.Service.Alerts(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"alerts": as, "computed_at": at})
}

var errSimilarity = web.New(422, "invalid_similarity", "相似度须在 0 到 1 之间", "similarity must be a number above 0 and at most 1")

func (m *Module) topics(c *fiber.Ctx) error {
	threshold := TopicSimilarity
	if q := c.Query("similarity"); q != "" {
		f, err := strconv.ParseFloat(q, 64)
		if err != nil || f <= 0 || f > 1 {
			return errSimilarity
		}
		threshold = f
	}
	t, err := m.d.Service.Topics(c.UserContext(), c.Params("id"), threshold)
	if err != nil {
		return err
	}
	return c.JSON(t)
}
