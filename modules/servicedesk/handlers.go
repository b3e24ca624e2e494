package servicedesk

import (
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/store"
	"yishi/modules/web"
	"yishi/policies"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Store     *store.Store
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
	Audit     *audit.Log
	// Village checks :id is a village and returns its ID.
	Village func(c *fiber.Ctx) (string, error)
	// City checks :id is a city and returns its ID (the catalogue's home).
	City func(c *fiber.Ctx) (string, error)
	// Resident is the logged-in user's village and resident number.
	Resident func(c *fiber.Ctx) (villageID, residentNo string, err error)
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

func (m *Module) record(c *fiber.Ctx, villageID, action, object, detail string) error {
	return m.d.Audit.Record(c, m.d.Store.Village(villageID), action, object, detail)
}

func (m *Module) actor(c *fiber.Ctx) (Actor, error) {
	villageID, residentNo, err := m.d.Resident(c)
	if err != nil {
		return Actor{}, err
	}
	g := web.GrantOf(c)
	return Actor{AccountID: g.Actor, VillageID: villageID, ResidentNo: residentNo, Role: g.Role}, nil
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
	cat, err := m.d.Service.SetCatalogue(c.UserContext(), cityID, web.GrantOf(c).Actor, in)
	if err != nil {
		return err
	}
	names := make([]string, len(cat.Entries))
	for i, e := range cat.Entries {
		names[i] = e.Zh
	}
	if err := m.d.Audit.Record(c, m.d.Store.Shared(), "certificate_catalogue.set", cityID, strings.Join(names, "；")); err != nil {
		return err
	}
	return m.catalogueView(c, cat)
}

func (m *Module) file(c *fiber.Ctx) error {
	var in NewRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	return m.created(c, func(villageID string, who Actor) (Request, error) {
		return m.d.Service.File(c.UserContext(), villageID, who, in)
	})
}

func (m *Module) certificate(c *fiber.Ctx) error {
	var in NewCertificateRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	return m.created(c, func(villageID string, who Actor) (Request, error) {
		return m.d.Service.RequestCertificate(c.UserContext(), villageID, who, in)
	})
}

func (m *Module) created(c *fiber.Ctx, file func(villageID string, who Actor) (Request, error)) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	who, err := m.actor(c)
	if err != nil {
		return err
	}
	r, err := file(villageID, who)
	if err != nil {
		return err
	}
	if err := m.record(c, villageID, "service_request.create", r.ID, r.Kind+" "+r.Service+r.Certificate); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (m *Module) mine(c *fiber.Ctx) error {
	villageID, err := m.d.Village(c)
	if err != nil {
		return err
	}
	who, err := m.actor(c)
	if err != nil {
		return err
	}
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

func (m *Module) step(c *fiber.Ctx, from []string, to, by, action string, needText bool) error {
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
	who, err := m.actor(c)
	if err != nil {
		return err
	}
	r, err := m.d.Service.Step(c.UserContext(), villageID, c.Params("req"), who, from, to, by, in.Text)
	if err != nil {
		return err
	}
	if err := m.record(c, villageID, action, r.ID, to); err != nil {
		return err
	}
	m.tellStep(c, villageID, r, by)
	return c.JSON(r)
}

func (m *Module) answer(c *fiber.Ctx) error {
	return m.step(c, []string{StatusFiled}, StatusAnswered, "village", "service_request.handle", true)
}

func (m *Module) forward(c *fiber.Ctx) error {
	return m.step(c, []string{StatusFiled}, StatusForwarded, "", "service_request.handle", true)
}

func (m *Module) streetAnswer(c *fiber.Ctx) error {
	return m.step(c, []string{StatusForwarded}, StatusAnswered, "street", "service_request.answer", true)
}

func (m *Module) close(c *fiber.Ctx) error {
	return m.step(c, []string{StatusAnswered}, StatusClosed, "", "service_request.create", false)
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
	g := web.GrantOf(c)
	t, err := m.d.Service.Assign(c.UserContext(), villageID, Actor{AccountID: g.Actor, Role: g.Role}, in)
	if err != nil {
		return err
	}
	if err := m.record(c, villageID, "task.assign", t.ID, t.Kind); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}
