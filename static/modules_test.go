package static

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"testing"
)

var (
	staticImport  = regexp.MustCompile(`(?m)^import .* from '\./([\w-]+\.js)';$`)
	dynamicImport = regexp.MustCompile(`\(\) => import\('\./([\w-]+\.js)'\)`) // not JSDoc's import('./x.js').Type
	modulePreload = regexp.MustCompile(`<link rel="modulepreload" href="/js/([\w-]+\.js)">`)
)

func readJS(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(FS, "js/"+name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(b)
}

// closure is every module reached from roots by static imports.
func closure(t *testing.T, roots ...string) []string {
	t.Helper()
	var seen []string
	queue := slices.Clone(roots)
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		if slices.Contains(seen, f) {
			continue
		}
		seen = append(seen, f)
		for _, m := range staticImport.FindAllStringSubmatch(readJS(t, f), -1) {
			queue = append(queue, m[1])
		}
	}
	return seen
}

// TestEveryModuleIsLoadedFromTheRouteTable: each page module is named once
// in router.js's table (its dynamic import), and every file of js/ is
// reached from app.js or a page: no module lies unused, none is loaded
// by a path the table does not show.
func TestEveryModuleIsLoadedFromTheRouteTable(t *testing.T) {
	pages := map[string]int{}
	for _, m := range dynamicImport.FindAllStringSubmatch(readJS(t, "router.js"), -1) {
		pages[m[1]]++
	}
	if len(pages) < 30 {
		t.Fatalf("router.js imports only %d page modules: is the pattern still right?", len(pages))
	}
	roots := []string{"app.js"}
	for p, n := range pages {
		roots = append(roots, p)
		// proposal-form.js draws both the new and the edit page;
		// dashboard-village.js a village's figures, whole or opened at the
		// part an alert's evidence is in.
		if n > 1 && p != "proposal-form.js" && p != "dashboard-village.js" {
			t.Errorf("router.js imports %s %d times", p, n)
		}
	}
	reached := closure(t, roots...)
	files, err := fs.Glob(FS, "js/*.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.Contains(reached, path.Base(f)) {
			t.Errorf("%s is reached neither from app.js nor from a page of the route table", f)
		}
	}
	for _, f := range files {
		// A page's parts live in files of their own (vote-ballot.js of
		// vote-page.js): no module reaches into another page.
		for _, m := range staticImport.FindAllStringSubmatch(readJS(t, path.Base(f)), -1) {
			if pages[m[1]] > 0 {
				t.Errorf("%s imports the page module %s", f, m[1])
			}
		}
		for _, m := range dynamicImport.FindAllStringSubmatch(readJS(t, path.Base(f)), -1) {
			if path.Base(f) != "router.js" {
				t.Errorf("%s imports %s dynamically: only the route table loads pages", f, m[1])
			}
		}
	}
}

// TestFirstScreenIsPreloaded: index.html preloads every module the first
// screen (login or home) needs, and nothing that does not exist.
func TestFirstScreenIsPreloaded(t *testing.T) {
	html, err := fs.ReadFile(FS, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	var preloaded []string
	for _, m := range modulePreload.FindAllStringSubmatch(string(html), -1) {
		preloaded = append(preloaded, m[1])
	}
	need := closure(t, "app.js", "login.js", "home.js")
	for _, f := range need {
		if f != "app.js" && !slices.Contains(preloaded, f) {
			t.Errorf("index.html does not preload %s, which the first screen imports", f)
		}
	}
	for _, f := range preloaded {
		if !slices.Contains(need, f) {
			t.Errorf("index.html preloads %s, which the first screen does not need", f)
		}
	}
}
