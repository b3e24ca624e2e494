package assist

import (
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Orgs      *org.Service
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
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

// who is the village of :id and the caller, with a resident number only
// if :id is their home village.
func (m *Module) who(c *fiber.Ctx) (org.Org, web.Actor, error) {
	v, err := m.d.Orgs.Village(c.UserContext(), c.Params("id"))
	if err != nil {
		return org.Org{}, web.Actor{}, err
	}
	p := web.ActorOf(c)
	if p.VillageID != v.ID {
		p.ResidentNo = ""
	}
	return v, p, nil
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
	a.Mine = true
	return c.JSON(a)
}

func (m *Module) pending(c *fiber.Ctx) error {
	v, p, err := m.who(c)
	if err != nil {
		return err
	}
	as, err := m.d.Service.Pending(c.UserContext(), v.ID, p.AccountID)
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
