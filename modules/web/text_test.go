package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/unicode/norm"
)

type textRequest struct {
	Title   string            `json:"title" validate:"required,max=100"`
	Text    string            `json:"text" validate:"max=2000"`
	Items   []string          `json:"items" validate:"max=5,dive,max=64"`
	Labels  map[string]string `json:"labels"`
	Options []struct {
		Label string `json:"label"`
	} `json:"options"`
	Note *string `json:"note" text:"multiline"`
}

func bindText(t *testing.T, body string) (textRequest, *Error) {
	t.Helper()
	val := NewValidator()
	app := fiber.New()
	var got textRequest
	var bindErr *Error
	app.Post("/", func(c *fiber.Ctx) error {
		if err := val.Bind(c, &got); err != nil {
			bindErr = AsError(err)
		}
		return c.SendStatus(204)
	})
	req := httptest.NewRequest("POST", "/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if _, err := app.Test(req, -1); err != nil {
		t.Fatal(err)
	}
	return got, bindErr
}

// TestTextIsNFCWithoutControlCharacters: the text rule of every request
// (text.go) — NUL, other control characters and U+FFFD are refused in any
// field, however deep; newlines only in paragraph fields; everything else
// is stored in NFC.
func TestTextIsNFCWithoutControlCharacters(t *testing.T) {
	for _, c := range []struct {
		body, field string
	}{
		{`{"title":"修路\u0000灯"}`, "title"},
		{`{"title":"a\u001bb"}`, "title"},
		{`{"title":"x\u0085y"}`, "title"},
		{`{"title":"断\ufffd字"}`, "title"},
		{"{\"title\":\"\xff\xfe\"}", "title"},
		{`{"title":"两\n行"}`, "title"},
		{`{"title":"t","items":["ok","b\u0007ad"]}`, "items[1]"},
		{`{"title":"t","labels":{"k\u0001":"v"}}`, `labels."k\x01"`},
		{`{"title":"t","labels":{"k":"v\u0000"}}`, "labels.k"},
		{`{"title":"t","options":[{"label":"\u0000"}]}`, "options[0].label"},
		{`{"title":"t","text":"a\u0000b"}`, "text"},
	} {
		_, err := bindText(t, c.body)
		if err == nil || err.Code != "invalid_fields" || err.Fields[c.field].MessageEn == "" {
			t.Errorf("%s: %+v, want field %q refused", c.body, err, c.field)
		}
	}
	got, err := bindText(t, `{"title":"Cafe\u0301 村","text":"第一行\r\n第二行\r第三行\t完","labels":{"e\u0301":"e\u0301"},"note":"甲\n乙","items":["A\u030a"]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Café 村" || got.Text != "第一行\n第二行\n第三行\t完" || got.Labels["é"] != "é" || len(got.Labels) != 1 || *got.Note != "甲\n乙" || got.Items[0] != "Å" {
		t.Fatalf("not normalised: %+v", got)
	}
}

// FuzzCleanText: whatever comes in, what is accepted is valid UTF-8 in NFC,
// without control characters (newlines and tabs only in paragraphs) or
// U+FFFD, and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "修路灯", "a\x00b", "e\u0301", "\ufffd", "\xff", "x\r\ny", "\u2028", "한국어", "\u1100\u1161\u11a8", "ﬁ", "Å"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		out, p := CleanText(s, multiline)
		if p != TextOK {
			if out != "" {
				t.Fatalf("refused %q but returned %q", s, out)
			}
			return
		}
		if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) || strings.ContainsRune(out, utf8.RuneError) || strings.ContainsRune(out, '\r') {
			t.Fatalf("%q accepted as %q", s, out)
		}
		for _, r := range out {
			if unicode.Is(unicode.Cc, r) && !(multiline && (r == '\n' || r == '\t')) {
				t.Fatalf("%q accepted with control %U", s, r)
			}
			if !multiline && (r == '\u2028' || r == '\u2029') {
				t.Fatalf("%q accepted with a line separator in one line", s)
			}
		}
		if again, p := CleanText(out, multiline); p != TextOK || again != out {
			t.Fatalf("cleaning %q again gave %q (%v)", out, again, p)
		}
	})
}

type dateRequest struct {
	StartsAt time.Time  `json:"starts_at" validate:"required,window=meeting"`
	ClosesAt *time.Time `json:"closes_at" validate:"omitempty,window=closing"`
	Resolved string     `json:"resolved_on" validate:"omitempty,datetime=2006-01-02,window=past"`
}

// TestDatesLieInTheirWindow: the date rule (dates.go) at its edges: a
// meeting within the coming year (9999 refused), a closing likewise, a past
// decision between 1982-12-04 and today; measured from the validator's
// clock.
func TestDatesLieInTheirWindow(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	val := NewValidator()
	val.Now = func() time.Time { return now }
	in := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	for _, c := range []struct {
		req   dateRequest
		field string
	}{
		{dateRequest{StartsAt: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}, "starts_at"},
		{dateRequest{StartsAt: now.AddDate(1, 0, 0).Add(time.Second)}, "starts_at"},
		{dateRequest{StartsAt: now.AddDate(0, 0, -2)}, "starts_at"},
		{dateRequest{StartsAt: now, ClosesAt: in(366 * 24 * time.Hour)}, "closes_at"},
		{dateRequest{StartsAt: now, Resolved: "1982-12-03"}, "resolved_on"},
		{dateRequest{StartsAt: now, Resolved: "2026-03-03"}, "resolved_on"},
	} {
		err := val.Struct(&c.req)
		e := AsError(err)
		if err == nil || e.Fields[c.field].MessageEn == "" {
			t.Errorf("%+v: %v, want %s refused", c.req, err, c.field)
		}
	}
	ok := dateRequest{StartsAt: now.AddDate(1, 0, 0), ClosesAt: in(24 * time.Hour), Resolved: "1982-12-04"}
	if err := val.Struct(&ok); err != nil {
		t.Fatalf("dates at the edges of their windows refused: %v", err)
	}
}
