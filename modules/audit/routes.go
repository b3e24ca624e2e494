package audit

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
	"yishi/policies"
)

// Module serves a village's chain and its verification.
type Module struct {
	guard web.Guard
	dom   web.Domain
	// chain finds the database of the org named by the request.
	chain func(c *fiber.Ctx) (*mongo.Database, error)
}

// NewModule makes the HTTP side.
func NewModule(g web.Guard, dom web.Domain, chain func(c *fiber.Ctx) (*mongo.Database, error)) *Module {
	return &Module{guard: g, dom: dom, chain: chain}
}

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	r.Get("/orgs/:id/audit", m.guard.Require("audit", "read", m.dom), m.list)
	r.Get("/orgs/:id/audit/verify", m.guard.Require("audit", "read", m.dom), m.verify)
}

func (m *Module) list(c *fiber.Ctx) error {
	db, err := m.chain(c)
	if err != nil {
		return err
	}
	after, _ := strconv.ParseInt(c.Query("after", "0"), 10, 64)
	limit, _ := strconv.ParseInt(c.Query("limit", "100"), 10, 64)
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	entries, err := List(c.UserContext(), db, after, limit)
	if err != nil {
		return err
	}
	// The shared chain holds entries of every org above the villages: a
	// street sees those about itself and what lies under it.
	path, err := m.dom(c)
	if err != nil {
		return err
	}
	next := after
	out := entries[:0]
	for _, e := range entries {
		next = e.Seq
		if policies.IsUnder(e.Org, path) {
			out = append(out, e)
		}
	}
	return c.JSON(fiber.Map{"entries": out, "next_after": next})
}

func (m *Module) verify(c *fiber.Ctx) error {
	db, err := m.chain(c)
	if err != nil {
		return err
	}
	r, err := Verify(c.UserContext(), db)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
