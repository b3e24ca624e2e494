package evaluation

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain
	Validator *web.Validator
}

// Module is the evaluation's HTTP side.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1, each guarded by a policy line: the
// supervision committee hosts (evaluation.open, evaluation.close), the
// village reads the published results (evaluation.read).
func (m *Module) Mount(r fiber.Router) {
	g := func(obj, act string) fiber.Handler { return m.d.Guard.Require(obj, act, m.d.Domain) }
	r.Get("/orgs/:id/evaluations", g("evaluation", "read"), m.list)
	r.Post("/orgs/:id/evaluations", g("evaluation", "open"), m.open)
	r.Get("/orgs/:id/evaluations/:eid", g("evaluation", "read"), m.get)
	r.Post("/orgs/:id/evaluations/:eid/close", g("evaluation", "close"), m.close)
}

func (m *Module) list(c *fiber.Ctx) error {
	es, err := m.d.Service.List(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"evaluations": es})
}

func (m *Module) get(c *fiber.Ctx) error {
	e, err := m.d.Service.Get(c.UserContext(), c.Params("id"), c.Params("eid"))
	if err != nil {
		return err
	}
	return c.JSON(e)
}

func (m *Module) open(c *fiber.Ctx) error {
	var in OpenInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	e, err := m.d.Service.Open(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(e)
}

func (m *Module) close(c *fiber.Ctx) error {
	e, err := m.d.Service.Close(c.UserContext(), c.Params("id"), c.Params("eid"), web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(e)
}
