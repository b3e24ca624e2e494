package web

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// TestMetricsSeriesByRoutePattern: requests are counted under the route's
// pattern, not the path sent (so a thousand org IDs make one series), an
// error's status is the one the error handler writes, and a path no route
// knows is counted as "other".
func TestMetricsSeriesByRoutePattern(t *testing.T) {
	m := NewMetrics()
	h := fiber.New(fiber.Config{ErrorHandler: ErrorHandler(nil)})
	h.Use(m.Middleware)
	h.Get("/metrics", m.Handler)
	h.Get("/orgs/:id", func(c *fiber.Ctx) error {
		if c.Params("id") == "gone" {
			return ErrNotFound
		}
		return c.SendString("ok")
	})
	for _, p := range []string{"/orgs/a", "/orgs/b", "/orgs/gone", "/nowhere/1", "/nowhere/2"} {
		if _, err := h.Test(httptest.NewRequest("GET", p, nil)); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := h.Test(httptest.NewRequest("GET", "/metrics", nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	for _, want := range []string{
		`yishi_http_requests_total{method="GET",route="/orgs/:id",status="200"} 2`,
		`yishi_http_errors_total{method="GET",route="/orgs/:id",status="404"} 1`,
		`yishi_http_requests_total{method="GET",route="other",status="404"} 2`,
		`yishi_http_request_duration_seconds_bucket{method="GET",route="/orgs/:id",status="200",le="+Inf"} 2`,
		`yishi_http_request_duration_seconds_count{method="GET",route="/orgs/:id",status="200"} 2`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, `"/orgs/a"`) || strings.Contains(text, `/nowhere/1`) {
		t.Errorf("a path sent became a series:\n%s", text)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want Prometheus text", ct)
	}
}
