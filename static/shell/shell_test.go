package shell

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"
)

var (
	importMapRe = regexp.MustCompile(`<script type="importmap">(.*?)</script>`)
	preloadRe   = regexp.MustCompile(`<link rel="modulepreload" href="([^"]+)">`)
)

// TestShellAddressFollowsContent: a changed file gets a new address and the
// files that did not change keep theirs; the preloads follow the static
// imports from the entry (not a module loaded later by import()), and the
// import map names every module.
func TestShellAddressFollowsContent(t *testing.T) {
	files := func(b string) fstest.MapFS {
		return fstest.MapFS{
			"index.html":  {Data: []byte(`<html><head><link rel="stylesheet" href="/css/s.css"><script type="module" src="/js/main.js"></script></head></html>`)},
			"css/s.css":   {Data: []byte(`body{color:red}`)},
			"js/main.js":  {Data: []byte("import { a } from './a.js';\nimport {\n  x,\n} from \"./sub/x.js\";\nconst lazy = () => import('./lazy.js');\n")},
			"js/a.js":     {Data: []byte("import './b.js';\nexport const a = 1;\n")},
			"js/b.js":     {Data: []byte(b)},
			"js/sub/x.js": {Data: []byte("export { a as x } from '../a.js';\n")},
			"js/lazy.js":  {Data: []byte("export const l = 1;\n")},
		}
	}
	one, err := New(files("export const b = 1;\n"))
	if err != nil {
		t.Fatal(err)
	}
	two, err := New(files("export const b = 2;\n"))
	if err != nil {
		t.Fatal(err)
	}
	if one.hashed["/js/b.js"] == two.hashed["/js/b.js"] {
		t.Errorf("b.js changed but kept its address %s", one.hashed["/js/b.js"])
	}
	for _, p := range []string{"/js/a.js", "/js/main.js", "/css/s.css"} {
		if one.hashed[p] != two.hashed[p] {
			t.Errorf("%s did not change but moved: %s → %s", p, one.hashed[p], two.hashed[p])
		}
	}
	page := string(one.files["/index.html"].raw)
	var im struct{ Imports map[string]string }
	m := importMapRe.FindStringSubmatch(page)
	if m == nil || json.Unmarshal([]byte(m[1]), &im) != nil {
		t.Fatalf("no import map: %s", page)
	}
	for _, p := range []string{"/js/main.js", "/js/a.js", "/js/b.js", "/js/sub/x.js", "/js/lazy.js"} {
		if im.Imports[p] != one.hashed[p] {
			t.Errorf("import map %s → %q, want %s", p, im.Imports[p], one.hashed[p])
		}
	}
	var pre []string
	for _, p := range preloadRe.FindAllStringSubmatch(page, -1) {
		pre = append(pre, p[1])
	}
	want := []string{one.hashed["/js/a.js"], one.hashed["/js/sub/x.js"], one.hashed["/js/b.js"]}
	if strings.Join(pre, " ") != strings.Join(want, " ") {
		t.Errorf("preloads %v, want %v (not the entry, not the lazy module)", pre, want)
	}
	if !strings.Contains(page, `href="`+one.hashed["/css/s.css"]+`"`) || !strings.Contains(page, `src="`+one.hashed["/js/main.js"]+`"`) {
		t.Errorf("the page's own references are not hashed: %s", page)
	}
	if strings.Index(page, "importmap") > strings.Index(page, "modulepreload") || strings.Index(page, "importmap") > strings.Index(page, `type="module"`) {
		t.Errorf("the import map must come before any module load: %s", page)
	}
}

// TestShellRefineKeepsClientsCurrent: the best-level brotli bytes swapped in
// after start get their own ETag, and a client holding the fast-level bytes
// is told 304, not sent the file again.
func TestShellRefineKeepsClientsCurrent(t *testing.T) {
	sh, err := New(fstest.MapFS{
		"index.html": {Data: []byte(`<html><head><script type="module" src="/js/m.js"></script></head></html>`)},
		"js/m.js":    {Data: bytes.Repeat([]byte("export const greeting = 'hello, village';\n"), 200)},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := fiber.New()
	h.Use(sh.Serve)
	get := func(inm string) *http.Response {
		req := httptest.NewRequest("GET", sh.hashed["/js/m.js"], nil)
		req.Header.Set("Accept-Encoding", "br")
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := h.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	fast := get("").Header.Get("ETag")
	sh.refine()
	best := get("")
	if best.Header.Get("ETag") == fast || best.Header.Get("Content-Encoding") != "br" {
		t.Errorf("after refine: ETag %q (before %q), Content-Encoding %q", best.Header.Get("ETag"), fast, best.Header.Get("Content-Encoding"))
	}
	if r := get(fast); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the fast-level tag %s: %d, want 304", fast, r.StatusCode)
	}
	if r := get(`"0000-br11"`); r.StatusCode != 200 {
		t.Errorf("another file's tag: %d, want 200", r.StatusCode)
	}
}
