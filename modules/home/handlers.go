package home

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Deps are what the module needs.
type Deps struct {
	Guard   web.Guard
	Viewer  func(c *fiber.Ctx) (Viewer, error)
	Sources []Source
	// Unread is the viewer's unread notifications, for the bell.
	Unread func(c *fiber.Ctx, v Viewer) (int64, error)
}

// Module is home's HTTP side.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds GET /home under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	r.Get("/home", m.d.Guard.RequireLogin(), m.home)
}

// allowed asks the policy, without turning a refusal into the answer: a
// line the viewer may not read is simply not shown.
func (m *Module) allowed(c *fiber.Ctx, path, obj, act string) bool {
	return m.d.Guard.Check(c, path, obj, act) == nil
}

func (m *Module) home(c *fiber.Ctx) error {
	v, err := m.d.Viewer(c)
	if err != nil {
		return err
	}
	// Home itself is a policy line (home, read) wherever the person is.
	var places []Place
	for _, p := range v.Places {
		if m.allowed(c, p.Path, "home", "read") {
			places = append(places, p)
		}
	}
	if len(places) == 0 && len(v.Places) > 0 {
		return web.ErrForbidden
	}
	out := Home{Waiting: []Line{}, Village: []Line{}, VillageID: v.VillageID}
	for _, p := range places {
		if p.OrgID == v.VillageID {
			out.VillageName = p.Name
		}
	}
	for _, s := range m.d.Sources {
		for _, p := range places {
			if p.Level != s.Level || !m.allowed(c, p.Path, s.Obj, s.Act) {
				continue
			}
			lines, err := s.Lines(c.UserContext(), v, p)
			if err != nil {
				return fmt.Errorf("home lines %s.%s at %s: %w", s.Obj, s.Act, p.Path, err)
			}
			for i := range lines {
				lines[i].OrgID, lines[i].OrgName = p.OrgID, p.Name
			}
			if s.Group == Waiting {
				out.Waiting = append(out.Waiting, lines...)
			} else {
				out.Village = append(out.Village, lines...)
			}
		}
	}
	if out.Unread, err = m.d.Unread(c, v); err != nil {
		return err
	}
	// The grant recorded for the request is home's own line, not the last
	// line asked about.
	if len(places) > 0 {
		_ = m.d.Guard.Check(c, places[0].Path, "home", "read")
	}
	return c.JSON(out)
}
