package review

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// mountComplaints adds the V2026 Art. 36 complaint routes. The street official
// holds complaint.return and complaint.read, nothing that writes to the
// village: the negative list keeps it that way.
func (m *Module) mountComplaints(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/complaints", g.Require("complaint", "create", dom), m.complain)
	r.Get("/orgs/:id/complaints", g.Require("complaint", "read", dom), m.complaints)
	// Registered before /complaints/:complaint so "mine" is not taken for an ID.
	r.Get("/orgs/:id/complaints/mine", g.Require("complaint", "create", dom), m.myComplaints)
	r.Get("/orgs/:id/complaints/:complaint", g.Require("complaint", "read", dom), m.complaint)
	r.Post("/orgs/:id/complaints/:complaint/return", g.Require("complaint", "return", dom), m.returnComplaint)
	r.Post("/orgs/:id/complaints/:complaint/finding", g.Require("complaint", "answer", dom), m.answerComplaint)
	r.Post("/orgs/:id/complaints/:complaint/carried-out", g.Require("complaint", "comply", dom), m.carryOut)
	r.Get("/orgs/:id/complaint-queue", g.Require("complaint", "return", dom), m.complaintQueue)
}

func (m *Module) complain(c *fiber.Ctx) error {
	var in ComplaintInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	who := web.ActorOf(c)
	if who.VillageID != c.Params("id") {
		return ErrComplaintNotFromIt
	}
	out, err := m.d.Service.Complain(c.UserContext(), who.VillageID, who, who.ResidentNo, in)
	if err != nil {
		return err
	}
	m.tellComplained(c, out)
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (m *Module) complaints(c *fiber.Ctx) error {
	out, err := m.d.Service.Complaints(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"complaints": out})
}

func (m *Module) myComplaints(c *fiber.Ctx) error {
	out, err := m.d.Service.MyComplaints(c.UserContext(), c.Params("id"), web.ActorOf(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"complaints": out})
}

func (m *Module) complaint(c *fiber.Ctx) error {
	out, err := m.d.Service.Complaint(c.UserContext(), c.Params("id"), c.Params("complaint"))
	if err != nil {
		return err
	}
	return c.JSON(out.ForVillage())
}

func (m *Module) complaintQueue(c *fiber.Ctx) error {
	out, err := m.d.Service.ComplaintQueue(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	for i := range out {
		out[i] = out[i].ForVillage()
	}
	return c.JSON(fiber.Map{"complaints": out})
}

func (m *Module) returnComplaint(c *fiber.Ctx) error {
	var in ReturnInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.ReturnComplaint(c.UserContext(), c.Params("id"), c.Params("complaint"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellComplaintAnswered(c, out)
	return c.JSON(out.ForVillage())
}

func (m *Module) answerComplaint(c *fiber.Ctx) error {
	var in FindingInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.AnswerComplaint(c.UserContext(), c.Params("id"), c.Params("complaint"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellComplaintAnswered(c, out)
	m.tellOrdered(c, out)
	return c.JSON(out.ForVillage())
}

func (m *Module) carryOut(c *fiber.Ctx) error {
	var in CarriedOutInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.CarryOut(c.UserContext(), c.Params("id"), c.Params("complaint"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(out.ForVillage())
}
