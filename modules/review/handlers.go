package review

import (
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain
	Validator *web.Validator
	// Notify tells the street of filings and complaints and the village of
	// reviews and findings (events.go); nil notifies nobody.
	Notify notify.Sender
	Log    *slog.Logger
}

// Module is the HTTP side of filing and review.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/filings", g.Require("outcome", "file", dom), m.file)
	r.Get("/orgs/:id/filings", g.Require("outcome", "read", dom), m.list)
	r.Get("/orgs/:id/review-queue", g.Require("filing", "review", dom), m.queue)
	r.Get("/orgs/:id/filings/:filing", g.Require("outcome", "read", dom), m.get)
	r.Get("/orgs/:id/filings/:filing/dossier", g.Require("outcome", "read", dom), m.dossier)
	r.Get("/orgs/:id/notices/:notice/filing-readiness", g.Require("outcome", "read", dom), m.readiness)
	// A filed outcome is never changed by anyone: the village corrects and
	// files again. The route exists so the refusal is explicit.
	r.Put("/orgs/:id/filings/:filing", g.Require("outcome", "edit", dom), m.edit)
	r.Post("/orgs/:id/filings/:filing/accept", g.Require("filing", "review", dom), m.accept)
	r.Post("/orgs/:id/filings/:filing/return", g.Require("filing", "return", dom), m.ret)
	m.mountComplaints(r)
	m.mountReports(r)
}

func (m *Module) file(c *fiber.Ctx) error {
	var in FileInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	f, err := m.d.Service.File(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellFiled(c, f)
	return c.Status(fiber.StatusCreated).JSON(f)
}

func (m *Module) list(c *fiber.Ctx) error {
	fs, err := m.d.Service.List(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"filings": fs})
}

func (m *Module) queue(c *fiber.Ctx) error {
	fs, err := m.d.Service.Queue(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"filings": fs, "review_days": ReviewDays})
}

func (m *Module) get(c *fiber.Ctx) error {
	f, err := m.d.Service.Get(c.UserContext(), c.Params("id"), c.Params("filing"))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (m *Module) dossier(c *fiber.Ctx) error {
	d, err := m.d.Service.Dossier(c.UserContext(), c.Params("id"), c.Params("filing"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (m *Module) edit(*fiber.Ctx) error { return ErrFilingUnchanged }

func (m *Module) accept(c *fiber.Ctx) error {
	f, err := m.d.Service.Accept(c.UserContext(), c.Params("id"), c.Params("filing"), web.ActorOf(c))
	if err != nil {
		return err
	}
	m.tellReviewed(c, f)
	return c.JSON(f)
}

func (m *Module) ret(c *fiber.Ctx) error {
	var in CorrectionOrder
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	f, err := m.d.Service.Return(c.UserContext(), c.Params("id"), c.Params("filing"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellReviewed(c, f)
	return c.JSON(f)
}

func (m *Module) readiness(c *fiber.Ctx) error {
	r, err := m.d.Service.Readiness(c.UserContext(), c.Params("id"), c.Params("notice"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}
