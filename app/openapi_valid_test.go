package main

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadOpenAPI parses the served document with kin-openapi.
func loadOpenAPI(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPI)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	return doc
}

// The served document (openapi.json and the modules' fragments) is a valid
// OpenAPI 3 document: kin-openapi finds no error in it.
func TestOpenAPIIsValid(t *testing.T) {
	doc := loadOpenAPI(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI: %v", err)
	}
}
