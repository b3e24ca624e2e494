package servicedesk

import (
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/notify"
	"yishi/modules/web"
	"yishi/policies"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
	// Village checks :id is a village and returns its ID.
	Village func(c *fiber.Ctx) (string, error)
	// City checks :id is a city and returns its ID (the catalogue's home).
	City func(c *fiber.Ctx) (string, error)
	// Notify tells a resident of an answer and the street of a forwarded
	// request (events.go); nil notifies nobody.
	Notify notify.Sender
	Log    *slog.Logger
}

// Module is the desk's HTTP side.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	// Public: the service list and the certificate whitelist are published
	// (like the lists at /policies/lists), so anyone can see what is offered.
	r.Get("/orgs/:id/services", m.services)
	r.Get("/orgs/:id/certificates", m.certificates)
	r.Post("/orgs/:id/service-requests", g.Require("service_request", "create", dom), m.file)
	r.Post("/orgs/:id/certificate-requests", g.Require("service_request", "create", dom), m.certificate)
	r.Get("/orgs/:id/my-service-requests", g.Require("service_request", "create", dom), m.mine)
	r.Post("/orgs/:id/service-requests/:req/close", g.Require("service_request", "create", dom), m.close)
	r.Get("/orgs/:id/service-requests", g.Require("service_request", "handle", dom), m.desk)
	r.Post("/orgs/:id/service-requests/:req/answer", g.Require("service_request", "handle", dom), m.answer)
	r.Post("/orgs/:id/service-requests/:req/forward", g.Require("service_request", "handle", dom), m.forward)
	r.Get("/orgs/:id/forwarded-requests", g.Require("service_request", "answer", dom), m.forwarded)
	r.Post("/orgs/:id/service-requests/:req/street-answer", g.Require("service_request", "answer", dom), m.streetAnswer)
	r.Get("/orgs/:id/certificate-catalogue", g.Require("certificate_catalogue", "set", dom), m.catalogue)
	r.Put("/orgs/:id/certificate-catalogue", g.Require("certificate_catalogue", "set", dom), m.setCatalogue)
	r.Get("/orgs/:id/task-kinds", g.Require("task", "assign", dom), m.taskKinds)
	r.Post("/orgs/:id/tasks", g.Require("task", "assign", dom), m.assign)
}

func (m *Module) services(c *fiber.Ctx) error {
	if _, err := m.d.Village(c); err != nil {
		return err
	}
	// ?for=resident is the desk as a resident sees it: only the services a
	// resident may ask for, not those internal to the street.
	if role := c.Query("for"); role != "" {
		if _, ok := policies.RoleByName(role); !ok {
			out := *web.ErrInvalid
			out.Fields = map[string]web.FieldError{"for": {Message: "不认识这个角色", MessageEn: "is not a known role"}}
			return &out
		}
		return c.JSON(fiber.Map{"services": m.d.Service.ServicesFor(role)})
	}
	return c.JSON(fiber.Map{"services": m.d.Service.Services()})
}

func (m *Module) certificates(c *fiber.Ctx) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	offered, err := m.d.Service.CertificatesOf(c.UserContext(), villageID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"certificates": offered, "basis": GuidanceZh})
}

// catalogueView is a city's catalogue with what the form needs beside it:
// the national default and the national list of certificates not issued.
func (m *Module) catalogueView(c *fiber.Ctx, cat Catalogue) error {
	out := fiber.Map{"city_id": cat.CityID, "entries": cat.Entries, "version": cat.Version,
		"defaults": Certificates, "not_issued": NotIssued, "basis": CertificatesDocZh, "basis_en": CertificatesDocEn}
	if !cat.UpdatedAt.IsZero() {
		out["updated_at"] = cat.UpdatedAt
	}
	return c.JSON(out)
}

func (m *Module) catalogue(c *fiber.Ctx) error {
	cityID, err := m.d.City(c)
	if err != nil {
		return err
	}
	cat, err := m.d.Service.Catalogue(c.UserContext(), cityID)
	if err != nil {
		return err
	}
	return m.catalogueView(c, cat)
}

func (m *Module) setCatalogue(c *fiber.Ctx) error {
	cityID, err := m.d.City(c)
	if err != nil {
		return err
	}
	var in CatalogueInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	cat, err := m.d.Service.SetCatalogue(c.UserContext(), cityID, web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return m.catalogueView(c, cat)
}

func (m *Module) file(c *fiber.Ctx) error {
	var in NewRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	return m.created(c, func(villageID string, who web.Actor) (Request, error) {
		return m.d.Service.File(c.UserContext(), villageID, who, in)
	})
}

func (m *Module) certificate(c *fiber.Ctx) error {
	var in NewCertificateRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	return m.created(c, func(villageID string, who web.Actor) (Request, error) {
		return m.d.Service.RequestCertificate(c.UserContext(), villageID, who, in)
	})
}

func (m *Module) created(c *fiber.Ctx, file func(villageID string, who web.Actor) (Request, error)) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	who := web.ActorOf(c)
	r, err := file(villageID, who)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (m *Module) mine(c *fiber.Ctx) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	who := web.ActorOf(c)
	out, err := m.d.Service.Mine(c.UserContext(), villageID, who)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"requests": out})
}

func (m *Module) listBy(c *fiber.Ctx, filter bson.M) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.List(c.UserContext(), villageID, filter)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"requests": out})
}

func (m *Module) desk(c *fiber.Ctx) error {
	filter := bson.M{}
	if st := c.Query("status"); st != "" {
		filter["status"] = st
	}
	return m.listBy(c, filter)
}

// forwarded lists what the desk forwarded to the street, still open or
// answered there.
func (m *Module) forwarded(c *fiber.Ctx) error {
	return m.listBy(c, bson.M{"forwarded": true})
}

func (m *Module) step(c *fiber.Ctx, from []string, to, by string, needText bool) error {
	var in Reply
	if needText {
		if err := m.d.Validator.Bind(c, &in); err != nil {
			return err
		}
	}
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	who := web.ActorOf(c)
	r, err := m.d.Service.Step(c.UserContext(), villageID, c.Params("req"), who, from, to, by, in.Text)
	if err != nil {
		return err
	}
	m.tellStep(c, villageID, r, by)
	return c.JSON(r)
}

func (m *Module) answer(c *fiber.Ctx) error {
	return m.step(c, []string{StatusFiled}, StatusAnswered, "village", true)
}

func (m *Module) forward(c *fiber.Ctx) error {
	return m.step(c, []string{StatusFiled}, StatusForwarded, "", true)
}

func (m *Module) streetAnswer(c *fiber.Ctx) error {
	return m.step(c, []string{StatusForwarded}, StatusAnswered, "street", true)
}

func (m *Module) close(c *fiber.Ctx) error {
	return m.step(c, []string{StatusAnswered}, StatusClosed, "", false)
}

// taskKinds is what the task form offers: the whitelist of tasks with the
// basis each must cite, and the kinds of proof the guidance forbids.
func (m *Module) taskKinds(c *fiber.Ctx) error {
	if _, err := m.d.Village(c); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"task_kinds": TaskKinds, "forbidden_proof": ForbiddenProof, "basis": GuidanceZh, "basis_en": GuidanceEn})
}

func (m *Module) assign(c *fiber.Ctx) error {
	var in NewTask
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	t, err := m.d.Service.Assign(c.UserContext(), villageID, web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}
