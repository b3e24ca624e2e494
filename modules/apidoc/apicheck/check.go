// Package apicheck checks an answer of the app against the API document
// (modules/apidoc): the request must be an operation the document
// describes, and the response (status, headers, body) must match that
// operation's schema. Every HTTP test uses it, the app's through its
// server's handler and each module's through its test site's middleware, so
// the document cannot drift from the code. It is for tests: the app does not
// link it.
package apicheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"yishi/modules/apidoc"
)

// Doc is the served document, parsed by kin-openapi.
var Doc = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(apidoc.Merged())
	if err != nil {
		return nil, fmt.Errorf("load openapi.json: %w", err)
	}
	return doc, nil
})

// Router finds a request's operation in the served document.
var Router = sync.OnceValues(func() (routers.Router, error) {
	doc, err := Doc()
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.json is invalid: %w", err)
	}
	// Attachments are served as the type they were uploaded as.
	for _, t := range []string{"image/png", "image/jpeg", "application/pdf"} {
		openapi3filter.RegisterBodyDecoder(t, openapi3filter.FileBodyDecoder)
	}
	return gorillamux.NewRouter(doc)
})

// Check checks one answer against its operation in the document and says
// which operation it was ("GET /api/v1/me"; empty when the request is no
// operation, e.g. an unknown path answered 404).
func Check(router routers.Router, ctx *fasthttp.RequestCtx) (string, error) {
	method := string(ctx.Method())
	req, err := http.NewRequest(method, "http://"+string(ctx.Host())+string(ctx.RequestURI()), nil)
	if err != nil {
		return "", err
	}
	ctx.Request.Header.VisitAll(func(k, v []byte) { req.Header.Add(string(k), string(v)) })
	status := ctx.Response.StatusCode()
	route, params, err := router.FindRoute(req)
	if err != nil {
		// A path or method the app has no route for either: its catch-all
		// answers 404 (405 for a known path), which is right. The app's
		// TestOpenAPIDescribesEveryRoute keeps routes and document equal.
		if (errors.Is(err, routers.ErrPathNotFound) && status == http.StatusNotFound) ||
			(errors.Is(err, routers.ErrMethodNotAllowed) && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed)) {
			return "", nil
		}
		return "", fmt.Errorf("the request is no operation of openapi.json: %w", err)
	}
	op := strings.ToUpper(route.Method) + " " + route.Path
	// A streamed answer (the live tally's events, a backup) is checked by
	// status and headers: reading its body here would hold it back until
	// the stream ends.
	stream := ctx.Response.IsBodyStream()
	var body []byte
	if !stream {
		// The compress middleware may have encoded it (gzip, br, deflate).
		if body, err = ctx.Response.BodyUncompressed(); err != nil {
			return op, fmt.Errorf("decode the %s answer: %w", ctx.Response.Header.ContentEncoding(), err)
		}
	}
	header := http.Header{}
	ctx.Response.Header.VisitAll(func(k, v []byte) { header.Add(string(k), string(v)) })
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: stream,
			// The reason and the field, not the whole schema and value.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return op, fmt.Errorf("the response does not match openapi.json (%s): %s: %.300s", op, err, body)
	}
	return op, nil
}

// Middleware checks every answer of a module's test site (a Fiber app
// served through app.Test) and fails t on a mismatch. It goes first: it
// lets the app's error handler write an error's answer, then checks it.
func Middleware(t testing.TB, errorHandler fiber.ErrorHandler) fiber.Handler {
	router, err := Router()
	if err != nil {
		t.Fatal(err)
	}
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			if herr := errorHandler(c, err); herr != nil {
				return herr
			}
		}
		if m := c.Method(); m == http.MethodHead || m == http.MethodOptions {
			return nil
		}
		if _, err := Check(router, c.Context()); err != nil {
			t.Errorf("%s %s → %d: %v", c.Method(), c.OriginalURL(), c.Response().StatusCode(), err)
		}
		return nil
	}
}
