package moralboard

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
}

// Module is the board's HTTP side.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/cases", g.Require("case", "create", dom), m.nominate)
	r.Get("/orgs/:id/cases", g.Require("case", "hear", dom), m.list)
	r.Get("/orgs/:id/my-cases", g.Require("case", "read", dom), m.mine)
	r.Get("/orgs/:id/case-outcomes", g.Require("outcome", "read", dom), m.outcomes)
	r.Get("/orgs/:id/cases/:case", g.Require("case", "read", dom), m.get)
	r.Post("/orgs/:id/cases/:case/response", g.Require("case", "respond", dom), m.respond)
	r.Post("/orgs/:id/cases/:case/notice", g.Require("case", "hear", dom), m.notice)
	r.Post("/orgs/:id/cases/:case/recusals", g.Require("case", "hear", dom), m.declare)
	r.Post("/orgs/:id/cases/:case/hearing", g.Require("case", "hear", dom), m.hearing)
	r.Post("/orgs/:id/cases/:case/verdict", g.Require("case", "decide", dom), m.verdict)
	r.Post("/orgs/:id/cases/:case/appeal", g.Require("case", "appeal", dom), m.appeal)
	r.Get("/orgs/:id/moral-settings", g.Require("outcome", "read", dom), m.settings)
	r.Put("/orgs/:id/moral-settings", g.Require("moral_list", "manage", dom), m.setSettings)
	r.Get("/orgs/:id/points/tables", g.Require("points", "read", dom), m.tables)
	r.Post("/orgs/:id/points/tables", g.Require("points", "manage", dom), m.adoptTable)
	r.Post("/orgs/:id/points/awards", g.Require("points", "manage", dom), m.award)
	r.Get("/orgs/:id/points/households/:household", g.Require("points", "read", dom), m.ledger)
	r.Get("/orgs/:id/my-points", g.Require("points", "read", dom), m.myPoints)
	// Public: the lists are published to everyone (公示), with minimum data.
	r.Get("/orgs/:id/honour-roll", m.honourRoll)
	r.Get("/orgs/:id/warning-list", m.warningList)
	r.Get("/orgs/:id/points/ranking", m.ranking)
}

// village checks :id is a village, for the public routes.
func (m *Module) village(c *fiber.Ctx) (string, error) {
	o, err := m.d.Service.orgs.Village(c.UserContext(), c.Params("id"))
	if err != nil {
		return "", err
	}
	return o.ID, nil
}

func (m *Module) nominate(c *fiber.Ctx) error {
	var in Nomination
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.Nominate(c.UserContext(), c.Params("id"), who, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cs)
}

func (m *Module) list(c *fiber.Ctx) error {
	cases, err := m.d.Service.List(c.UserContext(), c.Params("id"), c.Query("status"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"cases": cases})
}

func (m *Module) mine(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	out, err := m.d.Service.MyCases(c.UserContext(), c.Params("id"), who)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) outcomes(c *fiber.Ctx) error {
	out, err := m.d.Service.Outcomes(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"outcomes": out})
}

func (m *Module) get(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	board := m.d.Guard.Check(c, who.Path, "case", "hear") == nil
	cs, err := m.d.Service.View(c.UserContext(), c.Params("id"), c.Params("case"), who, board)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

type textRequest struct {
	Text string `json:"text" validate:"required,max=4000"`
}

func (m *Module) respond(c *fiber.Ctx) error {
	var in textRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.Respond(c.UserContext(), c.Params("id"), c.Params("case"), who, in.Text)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

type noticeRequest struct {
	How  string `json:"how" validate:"required,oneof=in_person paper phone"`
	Note string `json:"note" validate:"max=500"`
}

func (m *Module) notice(c *fiber.Ctx) error {
	var in noticeRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.RecordNotice(c.UserContext(), c.Params("id"), c.Params("case"), who, in.How, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

type declareRequest struct {
	Note string `json:"note" validate:"required,max=500"`
}

func (m *Module) declare(c *fiber.Ctx) error {
	var in declareRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.Declare(c.UserContext(), c.Params("id"), c.Params("case"), who, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

type hearingRequest struct {
	ClosesAt *time.Time `json:"closes_at" validate:"omitempty,window=closing"`
}

func (m *Module) hearing(c *fiber.Ctx) error {
	var in hearingRequest
	if len(c.Body()) > 0 {
		if err := m.d.Validator.Bind(c, &in); err != nil {
			return err
		}
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.OpenHearing(c.UserContext(), c.Params("id"), c.Params("case"), who, in.ClosesAt)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cs)
}

func (m *Module) verdict(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	cs, err := m.d.Service.Decide(c.UserContext(), c.Params("id"), c.Params("case"), who)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

type appealRequest struct {
	Reason string `json:"reason" validate:"required,max=4000"`
}

func (m *Module) appeal(c *fiber.Ctx) error {
	var in appealRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	cs, err := m.d.Service.AppealCase(c.UserContext(), c.Params("id"), c.Params("case"), who, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (m *Module) settings(c *fiber.Ctx) error {
	st, err := m.d.Service.Settings(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(st)
}

func (m *Module) setSettings(c *fiber.Ctx) error {
	var in Settings
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	if err := m.d.Service.SetSettings(c.UserContext(), c.Params("id"), web.ActorOf(c), in); err != nil {
		return err
	}
	return c.JSON(in)
}

func (m *Module) tables(c *fiber.Ctx) error {
	ts, err := m.d.Service.Tables(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"tables": ts})
}

func (m *Module) adoptTable(c *fiber.Ctx) error {
	var in TableRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	t, err := m.d.Service.AdoptTable(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (m *Module) award(c *fiber.Ctx) error {
	var in AwardRequest
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	e, err := m.d.Service.Award(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(e)
}

// ledger shows a household's points to its own members, and to those who
// keep points or hear cases.
func (m *Module) ledger(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	household := c.Params("household")
	own, err := m.d.Service.HouseholdOf(c.UserContext(), c.Params("id"), who)
	if err != nil {
		return err
	}
	if own != household {
		path := web.ActorOf(c).Path
		if m.d.Guard.Check(c, path, "points", "manage") != nil && m.d.Guard.Check(c, path, "case", "hear") != nil {
			return web.Forbidden("只能查看本户的积分", "You may see only your own household's points")
		}
	}
	l, err := m.d.Service.HouseholdLedger(c.UserContext(), c.Params("id"), household)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

// myPoints is the caller's own household's ledger: a resident does not
// know their household's number, which the register keeps.
func (m *Module) myPoints(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	if !who.Villager(c.Params("id")) {
		return ErrNotVillager
	}
	household, err := m.d.Service.HouseholdOf(c.UserContext(), c.Params("id"), who)
	if err != nil {
		return err
	}
	if household == "" {
		return ErrHouseholdAbsent
	}
	l, err := m.d.Service.HouseholdLedger(c.UserContext(), c.Params("id"), household)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (m *Module) honourRoll(c *fiber.Ctx) error {
	id, err := m.village(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.HonourRoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"entries": out})
}

func (m *Module) warningList(c *fiber.Ctx) error {
	id, err := m.village(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.WarningList(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"entries": out})
}

func (m *Module) ranking(c *fiber.Ctx) error {
	id, err := m.village(c)
	if err != nil {
		return err
	}
	// A village that keeps its ranking private answers so, not with a
	// failed request: the lists page asks every time it loads.
	out, err := m.d.Service.Ranking(c.UserContext(), id)
	if errors.Is(err, ErrRankingPrivate) {
		return c.JSON(fiber.Map{"public": false, "ranking": []RankEntry{}})
	}
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"public": true, "ranking": out})
}
