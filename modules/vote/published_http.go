package vote

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// box serves a closed vote's published ballot box (published.go); with
// ?download=1 as a file to keep and recount.
func (m *Module) box(c *fiber.Ctx) error {
	b, err := m.d.Service.PublishBox(c.UserContext(), c.Params("id"), c.Params("vote"))
	if err != nil {
		return err
	}
	if c.Query("download") != "" {
		c.Attachment(fmt.Sprintf("ballot-box-%s.json", b.Vote.ID))
	}
	return c.JSON(b)
}
