package static

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// How the page's code names a dictionary key (static/js):
//   - t('key'), setTitle('key'), title('key'): a key written out;
//   - t(cond ? 'a' : 'b'): either key;
//   - label: 'key' and the like in tables (the route table's menus, the
//     lists' sections, the dashboard's columns): a quoted key in data;
//   - t(`family.${x}`): a key built from data; the family's members are the
//     dictionary keys under "family." (the UI string tests of app/ check
//     each family against the Go constants it comes from).
//
// index.html names keys with data-i18n="key".
var (
	keyCall    = regexp.MustCompile(`\b(?:t|setTitle|title|tNodes)\(\s*'([A-Za-z0-9_.]+)'`)
	keyTernary = regexp.MustCompile(`\bt\([^()']*\?\s*'([A-Za-z0-9_.]+)'\s*:\s*'([A-Za-z0-9_.]+)'`)
	keyInData  = regexp.MustCompile(`\b(?:label|title|intro|key|empty):\s*'([A-Za-z0-9_]+\.[A-Za-z0-9_.]+)'`)
	keyQuoted  = regexp.MustCompile(`'([A-Za-z0-9_]+\.[A-Za-z0-9_.]+)'`)
	keyFamily  = regexp.MustCompile("`([A-Za-z0-9_]+\\.(?:[A-Za-z0-9_]+\\.)*)\\$\\{")
	keyHTML    = regexp.MustCompile(`data-i18n="([A-Za-z0-9_.]+)"`)
)

// source is one file of the web shell, for the key tables.
type source struct {
	name string
	text string
}

func sources(t *testing.T) []source {
	t.Helper()
	files, err := fs.Glob(FS, "js/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no js/*.js in static.FS: %v", err)
	}
	files = append(files, "index.html")
	var out []source
	for _, f := range files {
		b, err := fs.ReadFile(FS, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, source{name: path.Base(f), text: string(b)})
	}
	return out
}

func dictionaries(t *testing.T) map[string]map[string]string {
	t.Helper()
	dicts := map[string]map[string]string{}
	for _, lang := range []string{"zh", "en"} {
		b, err := fs.ReadFile(FS, "i18n/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var d map[string]string
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		dicts[lang] = d
	}
	return dicts
}

// TestI18nKeysUsedExistInBothLanguages: every key the code writes out,
// file by file, has a non-empty text in zh.json and en.json.
func TestI18nKeysUsedExistInBothLanguages(t *testing.T) {
	dicts := dictionaries(t)
	total := 0
	for _, src := range sources(t) {
		var keys []string
		res := []*regexp.Regexp{keyCall, keyTernary, keyInData}
		if src.name == "index.html" {
			res = []*regexp.Regexp{keyHTML}
		}
		for _, re := range res {
			for _, m := range re.FindAllStringSubmatch(src.text, -1) {
				keys = append(keys, m[1:]...)
			}
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		total += len(keys)
		t.Run(src.name, func(t *testing.T) {
			for _, k := range keys {
				for _, lang := range []string{"zh", "en"} {
					if dicts[lang][k] == "" {
						t.Errorf("%s uses %q, which %s.json lacks", src.name, k, lang)
					}
				}
			}
		})
	}
	if total < 500 {
		t.Errorf("found only %d keys in static/js: are the patterns still right?", total)
	}
}

// TestI18nDictionariesMatchAndHaveNoUnusedKey: zh.json and en.json hold the
// same keys, and each is used: written out somewhere in the code, or a
// member of a family the code builds keys of.
func TestI18nDictionariesMatchAndHaveNoUnusedKey(t *testing.T) {
	dicts := dictionaries(t)
	used := map[string]bool{}
	var families []string
	for _, src := range sources(t) {
		re := keyQuoted
		if src.name == "index.html" {
			re = keyHTML
		}
		for _, m := range re.FindAllStringSubmatch(src.text, -1) {
			used[m[1]] = true
		}
		for _, m := range keyFamily.FindAllStringSubmatch(src.text, -1) {
			families = append(families, m[1])
		}
	}
	for _, tc := range []struct{ lang, other string }{{"zh", "en"}, {"en", "zh"}} {
		t.Run(tc.lang, func(t *testing.T) {
			for k := range dicts[tc.lang] {
				if _, ok := dicts[tc.other][k]; !ok {
					t.Errorf("%s.json has %q, %s.json does not", tc.lang, k, tc.other)
				}
				inFamily := slices.ContainsFunc(families, func(f string) bool { return strings.HasPrefix(k, f) })
				if !used[k] && !inFamily {
					t.Errorf("%s.json: %q is used nowhere in static/js or index.html", tc.lang, k)
				}
			}
		})
	}
}
