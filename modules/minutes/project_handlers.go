package minutes

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// mountProjects adds implementation and the publication calendar. Only the
// village manages a project (the negative list denies government roles);
// council members remark as supervisors; residents read.
func (m *Module) mountProjects(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/projects", g.Require("implementation", "manage", dom), m.startProject)
	r.Get("/orgs/:id/projects", g.Require("implementation", "read", dom), m.projects)
	r.Get("/orgs/:id/projects/:project", g.Require("implementation", "read", dom), m.getProject)
	r.Post("/orgs/:id/projects/:project/milestones/:index/done", g.Require("implementation", "manage", dom), m.milestoneDone)
	r.Post("/orgs/:id/projects/:project/notes", g.Require("implementation", "manage", dom), m.addProgress)
	r.Get("/orgs/:id/projects/:project/photos/:photo", g.Require("implementation", "read", dom), m.photo)
	r.Post("/orgs/:id/projects/:project/remarks", g.Require("implementation", "remark", dom), m.addRemark)
	r.Post("/orgs/:id/projects/:project/result", g.Require("implementation", "manage", dom), m.publishResult)
	r.Get("/orgs/:id/publication-calendar", g.Require("outcome", "read", dom), m.calendar)
}

func (m *Module) startProject(c *fiber.Ctx) error {
	var in ProjectInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.d.Service.StartProject(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) projects(c *fiber.Ctx) error {
	ps, err := m.d.Service.Projects(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"projects": ps})
}

func (m *Module) getProject(c *fiber.Ctx) error {
	p, err := m.d.Service.Project(c.UserContext(), c.Params("id"), c.Params("project"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) milestoneDone(c *fiber.Ctx) error {
	i, err := strconv.Atoi(c.Params("index"))
	if err != nil {
		return ErrNoMilestone
	}
	p, err := m.d.Service.CompleteMilestone(c.UserContext(), c.Params("id"), c.Params("project"), i, web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) addProgress(c *fiber.Ctx) error {
	var in ProgressInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.d.Service.AddProgress(c.UserContext(), c.Params("id"), c.Params("project"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) photo(c *fiber.Ctx) error {
	ctype, data, err := m.d.Service.PhotoData(c.UserContext(), c.Params("id"), c.Params("project"), c.Params("photo"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, "private, max-age=3600")
	c.Set(fiber.HeaderContentDisposition, "inline")
	return c.Send(data)
}

func (m *Module) addRemark(c *fiber.Ctx) error {
	var in textInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.d.Service.AddRemark(c.UserContext(), c.Params("id"), c.Params("project"), web.ActorOf(c), in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

type resultInput struct {
	NoticeID string `json:"notice_id" validate:"required,max=64"`
}

func (m *Module) publishResult(c *fiber.Ctx) error {
	var in resultInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.d.Service.PublishResult(c.UserContext(), c.Params("id"), c.Params("project"), in.NoticeID, web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) calendar(c *fiber.Ctx) error {
	v, err := m.d.Service.Calendar(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}
