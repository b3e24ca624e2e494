package main

import (
	"context"
	"testing"
)

// The served document (openapi.json and the modules' fragments) is a valid
// OpenAPI 3 document: kin-openapi finds no error in it.
func TestOpenAPIIsValid(t *testing.T) {
	doc, err := apiDoc()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI: %v", err)
	}
}
