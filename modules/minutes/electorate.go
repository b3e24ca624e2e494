package minutes

import (
	"context"
	"maps"
	"slices"

	"github.com/gofiber/fiber/v2"
)

// Who may attend a meeting, for the console's pickers: the marks and the
// entrustments offer only these people (not the whole register, with its
// children and the members of other bodies). The server still checks each
// mark and entrustment against the same list.

// Electorate is the resident numbers of who may attend and count: frozen
// when the meeting opened, as the server checks marks against it; before
// that, as it would be today.
func (s *Service) Electorate(ctx context.Context, villageID, id string) ([]string, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return nil, err
	}
	who := m.Electorate
	if who == nil {
		if who, _, err = s.electorate(ctx, villageID, m, s.Now()); err != nil {
			return nil, err
		}
	}
	return slices.Sorted(maps.Keys(who)), nil
}

func (m *Module) electorateOf(c *fiber.Ctx) error {
	nos, err := m.d.Service.Electorate(c.UserContext(), c.Params("id"), c.Params("meeting"))
	if err != nil {
		return err
	}
	if nos == nil {
		nos = []string{}
	}
	return c.JSON(fiber.Map{"electorate": nos})
}
