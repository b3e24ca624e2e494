package apicheck

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// recorder keeps what the middleware would fail a test with.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// The middleware passes a documented answer and fails a body that is not
// the schema, a status the operation does not list, and an operation the
// document does not describe; an error returned by a handler is checked as
// the error handler wrote it.
func TestMiddlewareFailsWhatTheDocumentDoesNotSay(t *testing.T) {
	for _, c := range []struct {
		name    string
		path    string
		handler fiber.Handler
		fails   bool
	}{
		{"documented", "/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok", "store": "embedded"}) }, false},
		{"wrong body", "/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": 5}) }, true},
		{"undocumented status", "/healthz", func(c *fiber.Ctx) error { return c.Status(418).JSON(fiber.Map{"status": "ok"}) }, true},
		{"undocumented path", "/api/v1/undocumented", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{}) }, true},
		{"error through the handler", "/healthz", func(c *fiber.Ctx) error { return fiber.NewError(418, "teapot") }, true},
	} {
		rec := &recorder{TB: t}
		app := fiber.New()
		app.Use(Middleware(rec, fiber.DefaultErrorHandler))
		app.Get(c.path, c.handler)
		if _, err := app.Test(httptest.NewRequest("GET", c.path, nil)); err != nil {
			t.Fatal(err)
		}
		if failed := len(rec.errs) > 0; failed != c.fails {
			t.Errorf("%s: failed %v, want %v: %v", c.name, failed, c.fails, rec.errs)
		}
	}
}
