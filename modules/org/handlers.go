package org

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Deps are what the module needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Validator *web.Validator
}

// Module is the org module's HTTP side.
type Module struct {
	svc   *Service
	guard web.Guard
	val   *web.Validator
}

// New makes the module.
func New(d Deps) *Module {
	return &Module{svc: d.Service, guard: d.Guard, val: d.Validator}
}

// Path is a web.Domain: the path of the org named by the :id parameter.
func (m *Module) Path(c *fiber.Ctx) (string, error) {
	o, err := m.svc.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return "", err
	}
	return o.Path, nil
}

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	// The tree's names and paths are public: residents pick their village
	// on the public board before logging in.
	r.Get("/orgs", m.list)
	r.Get("/orgs/:id", m.get)
	// The guard runs in the handler: the domain is the parent named in the body.
	r.Post("/orgs", m.guard.RequireLogin(), m.create)
	r.Get("/orgs/:id/bodies", m.guard.Require("org", "read", m.Path), m.bodies)
	r.Post("/orgs/:id/bodies", m.guard.Require("body", "manage", m.Path), m.createBody)
	r.Put("/orgs/:id/bodies/:body/members", m.guard.Require("body", "manage", m.Path), m.setMembers)
	r.Get("/orgs/:id/residents", m.guard.Require("register", "read", m.Path), m.residents)
	r.Get("/orgs/:id/households", m.guard.Require("register", "read", m.Path), m.households)
	r.Post("/orgs/:id/residents/import", m.guard.Require("register", "import", m.Path), m.importResidents)
	// The page's import: a preview that stores nothing, then the file in parts.
	r.Post("/orgs/:id/residents/check", m.guard.Require("register", "import", m.Path), m.checkResidents)
	r.Post("/orgs/:id/residents/import-part", m.guard.Require("register", "import", m.Path), m.importPart)
	// Who is a member of the collective economic organisation (collective.go).
	r.Put("/orgs/:id/residents/:no/collective-member", m.guard.Require("register", "import", m.Path), m.setCollectiveMember)
	r.Put("/orgs/:id/name", m.guard.Require("org", "manage", m.Path), m.rename)
	m.mountSupervision(r)
}

func (m *Module) list(c *fiber.Ctx) error {
	orgs, err := m.svc.List(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"orgs": orgs})
}

func (m *Module) get(c *fiber.Ctx) error {
	o, err := m.svc.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (m *Module) create(c *fiber.Ctx) error {
	var req NewOrg
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	path, err := m.svc.PlanPath(c.UserContext(), req)
	if err != nil {
		return err
	}
	parent := path[:bytes.LastIndexByte([]byte(path), '/')]
	if parent == "" {
		parent = "/"
	}
	if err := m.guard.Check(c, parent, "org", "manage"); err != nil {
		return err
	}
	o, err := m.svc.Create(c.UserContext(), web.ActorOf(c), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

func (m *Module) village(c *fiber.Ctx) (Org, error) {
	return m.svc.Village(c.UserContext(), c.Params("id"))
}

func (m *Module) bodies(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	bodies, err := m.svc.Bodies(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"bodies": bodies})
}

func (m *Module) createBody(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	var req NewBody
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	b, err := m.svc.CreateBody(c.UserContext(), web.ActorOf(c), v.ID, req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(b)
}

type membersRequest struct {
	Members []Member `json:"members" validate:"required,dive"`
}

func (m *Module) setMembers(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	var req membersRequest
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	if err := m.svc.SetMembers(c.UserContext(), web.ActorOf(c), v.ID, c.Params("body"), req.Members); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"members": req.Members})
}

func (m *Module) residents(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	rs, err := m.svc.Residents(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"residents": rs})
}

func (m *Module) households(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	hs, err := m.svc.Households(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"households": hs})
}

func (m *Module) importResidents(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	rows, err := ParseRegister(bytes.NewReader(c.Body()), time.Now())
	if err != nil {
		return err
	}
	rep, err := m.svc.ImportResidents(c.UserContext(), web.ActorOf(c), v.ID, rows)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}
