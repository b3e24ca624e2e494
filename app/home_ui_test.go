package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"yishi/static"
)

// TestHomeLineKindsHaveSentencesInBothLanguages: every kind of home line
// the server builds (home.Line{Kind: "…"} in app/ and modules/) has its
// sentence, home.line.<kind>, in zh.json and en.json, so the home page
// never falls back to a bare title for a kind it should know.
func TestHomeLineKindsHaveSentencesInBothLanguages(t *testing.T) {
	re := regexp.MustCompile(`home\.Line\{Kind: *"([a-z_]+)"`)
	var kinds []string
	for _, root := range []string{".", "../modules"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				kinds = append(kinds, m[1])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	if len(kinds) < 15 {
		t.Fatalf("found only %d kinds of home line (%v): is the pattern still right?", len(kinds), kinds)
	}
	for _, lang := range []string{"zh", "en"} {
		data, err := fs.ReadFile(static.FS, "i18n/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var d map[string]string
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatal(err)
		}
		for _, k := range kinds {
			if d["home.line."+k] == "" {
				t.Errorf("%s.json lacks home.line.%s", lang, k)
			}
		}
	}
}
