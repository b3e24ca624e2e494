package web

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

type fuzzRequest struct {
	Phone   string   `json:"phone" validate:"required,phone"`
	Code    string   `json:"code" validate:"omitempty,code"`
	Path    string   `json:"path" validate:"omitempty,orgpath"`
	Count   int      `json:"count" validate:"min=0,max=10"`
	Choices []string `json:"choices" validate:"omitempty,max=3,dive,required,max=8"`
	Kind    string   `json:"kind" validate:"omitempty,oneof=a b"`
}

// FuzzBind: any body is either accepted as a valid request or refused with a
// 400 or 422 in the one error shape, never a 500 or a panic.
func FuzzBind(f *testing.F) {
	for _, s := range []string{`{"phone":"13800000001"}`, `{"phone":"1","code":"Bad","count":99}`, `{`, `[]`, `{"x":1}`,
		`{"phone":"13800000001","choices":["a","b","c","d"]}`, `{"phone":5}`, `{} {}`, `null`, `{"path":"/a//b"}`} {
		f.Add(s)
	}
	val := NewValidator()
	app := fiber.New(fiber.Config{ErrorHandler: ErrorHandler(nil)})
	app.Post("/", func(c *fiber.Ctx) error {
		var req fuzzRequest
		if err := val.Bind(c, &req); err != nil {
			return err
		}
		if !IsPhone(req.Phone) || req.Count < 0 || req.Count > 10 || len(req.Choices) > 3 {
			panic("validator let a bad request through")
		}
		return c.SendStatus(204)
	})
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		switch resp.StatusCode {
		case 204:
		case 400, 422:
			if !strings.Contains(string(data), `"message_en"`) {
				t.Fatalf("%d without the error shape: %s", resp.StatusCode, data)
			}
		default:
			t.Fatalf("body %q: status %d %s", body, resp.StatusCode, data)
		}
	})
}

func TestAsErrorKeepsUnknownErrorsOutOfTheMessage(t *testing.T) {
	e := AsError(errors.New("secret database detail"))
	if e.Status != 500 || strings.Contains(e.Message+e.MessageEn, "secret") {
		t.Fatalf("%+v", e)
	}
}
