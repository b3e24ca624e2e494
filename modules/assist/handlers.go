package assist

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Orgs      *org.Service
	Store     *store.Store
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
	Audit     *audit.Log
	// Caller is the logged-in account: its ID, name, village and resident number.
	Caller func(c *fiber.Ctx) (id, name, villageID, residentNo string, err error)
}

// Module is the HTTP side of assisted participation.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Get("/orgs/:id/assist/choices", g.Require("assist", "record", dom), m.choices)
	r.Get("/orgs/:id/assist/residents", g.Require("assist", "record", dom), m.residents)
	r.Post("/orgs/:id/assist", g.Require("assist", "record", dom), m.create)
	r.Post("/orgs/:id/assist/:aid/cancel", g.Require("assist", "record", dom), m.cancel)
	r.Get("/orgs/:id/assist/pending", g.Require("assist", "confirm", dom), m.pending)
	r.Post("/orgs/:id/assist/:aid/confirm", g.Require("assist", "confirm", dom), m.confirm)
	r.Get("/orgs/:id/assisted-for-me", g.Require("assist", "read", dom), m.mine)
}

// who is the village of :id and the caller as a Person of it.
func (m *Module) who(c *fiber.Ctx) (org.Org, Person, error) {
	v, err := m.d.Orgs.Village(c.UserContext(), c.Params("id"))
	if err != nil {
		return org.Org{}, Person{}, err
	}
	id, name, villageID, residentNo, err := m.d.Caller(c)
	if err != nil {
		return org.Org{}, Person{}, err
	}
	p := Person{Account: id, Name: name}
	if villageID == v.ID {
		p.ResidentNo = residentNo
	}
	return v, p, nil
}

func (m *Module) record(c *fiber.Ctx, villageID, action, object, detail string) error {
	return m.d.Audit.Record(c, m.d.Store.Village(villageID), action, object, detail)
}

func (m *Module) choices(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	cs, err := m.d.Service.Choices(c.UserContext(), v)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"kinds": Kinds, "choices": cs})
}

// ResidentMatch is a resident of the register as the helper's list shows
// them: enough to tell two of one name apart.
type ResidentMatch struct {
	ResidentNo  string `json:"resident_no"`
	Name        string `json:"name"`
	HouseholdNo string `json:"household_no"`
	Group       string `json:"group,omitempty"`
	BirthYear   string `json:"birth_year,omitempty"`
}

const maxMatches = 20

// residents finds residents of the register by a part of their name.
func (m *Module) residents(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.Query("q"))
	if q == "" || utf8.RuneCountInString(q) > 20 {
		return invalid("q", "请输入居民姓名（1到20个字）", "type the resident's name (1 to 20 characters)")
	}
	rs, err := m.d.Orgs.Residents(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	out := []ResidentMatch{}
	for _, r := range rs {
		if len(out) == maxMatches {
			break
		}
		if strings.Contains(r.Name, q) {
			out = append(out, ResidentMatch{ResidentNo: r.No, Name: r.Name, HouseholdNo: r.HouseholdNo, Group: r.Group, BirthYear: birthYear(r.BirthDate)})
		}
	}
	return c.JSON(fiber.Map{"residents": out})
}

func birthYear(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

func (m *Module) create(c *fiber.Ctx) error {
	v, helper, err := m.who(c)
	if err != nil {
		return err
	}
	var in NewAction
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	a, err := m.d.Service.Create(c.UserContext(), v, helper, in)
	if err != nil {
		return err
	}
	if err := m.record(c, v.ID, "assist.record", a.ID, fmt.Sprintf("%s %s for resident %s (pending a second person)", a.Kind, a.Target, a.ResidentNo)); err != nil {
		return err
	}
	a.Mine = true
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (m *Module) cancel(c *fiber.Ctx) error {
	v, helper, err := m.who(c)
	if err != nil {
		return err
	}
	a, err := m.d.Service.Cancel(c.UserContext(), v.ID, helper, c.Params("aid"))
	if err != nil {
		return err
	}
	if err := m.record(c, v.ID, "assist.cancel", a.ID, fmt.Sprintf("%s %s for resident %s", a.Kind, a.Target, a.ResidentNo)); err != nil {
		return err
	}
	a.Mine = true
	return c.JSON(a)
}

func (m *Module) pending(c *fiber.Ctx) error {
	v, p, err := m.who(c)
	if err != nil {
		return err
	}
	as, err := m.d.Service.Pending(c.UserContext(), v.ID, p.Account)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"actions": as})
}

func (m *Module) confirm(c *fiber.Ctx) error {
	v, confirmer, err := m.who(c)
	if err != nil {
		return err
	}
	a, already, err := m.d.Service.Confirm(c.UserContext(), v, confirmer, c.Params("aid"))
	if err != nil {
		return err
	}
	if !already {
		detail := fmt.Sprintf("assisted %s %s for resident %s: helper %s, confirmer %s, record %s",
			a.Kind, a.Target, a.ResidentNo, a.HelperName, a.ConfirmerName, a.Record)
		if err := m.record(c, v.ID, "assist.confirm", a.ID, detail); err != nil {
			return err
		}
	}
	return c.JSON(fiber.Map{"action": a, "already": already})
}

func (m *Module) mine(c *fiber.Ctx) error {
	v, p, err := m.who(c)
	if err != nil {
		return err
	}
	as, err := m.d.Service.OfResident(c.UserContext(), v.ID, p.ResidentNo)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"actions": as})
}
