// Package apidoc holds the API description: openapi.json plus one fragment
// per module in openapi/, each holding its "paths" and "components.schemas",
// so modules describe their routes without editing one shared file. The app
// serves the merged document; the tests check every answer against it
// (apicheck).
package apidoc

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

//go:embed openapi.json openapi/*.json
var openAPIFiles embed.FS

// Merged is the whole document, merged once.
var Merged = sync.OnceValue(mustMerge)

func mustMerge() []byte {
	b, err := mergeOpenAPI(openAPIFiles)
	if err != nil {
		panic(err) // the files are embedded: a bad one is a build mistake, caught by the tests
	}
	return b
}

func mergeOpenAPI(files fs.FS) ([]byte, error) {
	base, err := fs.ReadFile(files, "openapi.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	names, err := fs.Glob(files, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		var frag struct {
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for p, item := range frag.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is described twice", name, p)
			}
			paths[p] = item
		}
		for n, sch := range frag.Components.Schemas {
			if _, dup := schemas[n]; dup {
				return nil, fmt.Errorf("%s: schema %s is described twice", name, n)
			}
			schemas[n] = sch
		}
	}
	return json.Marshal(doc)
}
