package proposal

import (
	"github.com/gofiber/fiber/v2"
)

// subjectCategory is the category a vote on the proposal applies: a recall
// petition's vote follows the recall rule (modules/vote recall.go).
func subjectCategory(p Proposal) string {
	if p.Petition == PetitionRecall {
		return PetitionRecall
	}
	return p.Category
}

// mountPetitions adds the petitions' routes: residents start and sign them
// (signing is the proposal's cosign route), the member a recall names
// responds, the street records the audit a petition demands.
func (m *Module) mountPetitions(r fiber.Router) {
	g := func(obj, act string) fiber.Handler { return m.guard.Require(obj, act, m.dom) }
	r.Get("/orgs/:id/petitions", g("proposal", "read"), m.petitions)
	r.Post("/orgs/:id/petitions", g("proposal", "create"), m.createPetition)
	r.Get("/orgs/:id/committee-members", g("proposal", "read"), m.committeeMembers)
	r.Post("/orgs/:id/proposals/:pid/recall-response", g("recall", "respond"), m.recallResponse)
	r.Get("/orgs/:id/audit-demands", g("audit_demand", "read"), m.auditDemands)
	r.Post("/orgs/:id/audit-demands/:pid/start", g("audit_demand", "record"), m.startAudit)
	r.Post("/orgs/:id/audit-demands/:pid/result", g("audit_demand", "record"), m.auditResult)
}

// petitionView is a petition as its list shows it: with how many more
// signatures it needs.
type petitionView struct {
	Proposal
	StillNeeded int  `json:"still_needed"`
	Reached     bool `json:"reached"`
}

func (m *Module) petitions(c *fiber.Ctx) error {
	ps, err := m.svc.Petitions(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	out := make([]petitionView, 0, len(ps))
	for _, p := range ps {
		n, _ := p.StillNeeded()
		out = append(out, petitionView{Proposal: p, StillNeeded: n, Reached: p.SignaturesLocked})
	}
	return c.JSON(fiber.Map{"petitions": out})
}

func (m *Module) createPetition(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in PetitionInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.CreatePetition(c.UserContext(), v, a, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) committeeMembers(c *fiber.Ctx) error {
	ms, err := m.svc.CommitteeMembers(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"members": ms})
}

// responseInput is the named member's response to a recall demand.
type responseInput struct {
	Text string `json:"text" validate:"required,max=5000"`
}

func (m *Module) recallResponse(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in responseInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.RespondToRecall(c.UserContext(), v, a, c.Params("pid"), in.Text)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) auditDemands(c *fiber.Ctx) error {
	ds, err := m.svc.AuditDemands(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"audits": ds})
}

// auditInput is what the street records of an audit: a note at its start,
// the result when it is done.
type auditInput struct {
	Note   string `json:"note" validate:"max=2000"`
	Result string `json:"result" validate:"max=10000"`
}

func (m *Module) startAudit(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in auditInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	d, err := m.svc.StartAudit(c.UserContext(), v.ID, a, c.Params("pid"), in.Note)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (m *Module) auditResult(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in auditInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	if in.Result == "" {
		return invalid("result", "请填写审计结果", "write the audit's result")
	}
	d, err := m.svc.PublishAuditResult(c.UserContext(), v.ID, a, c.Params("pid"), in.Result)
	if err != nil {
		return err
	}
	return c.JSON(d)
}
