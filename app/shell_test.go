package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"

	"yishi/static"
)

// rawGet fetches an address with the given request headers and returns the
// response and its body as sent (not decompressed).
func rawGet(t *testing.T, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Set explicitly, Accept-Encoding keeps the transport from decoding.
	req.Header.Set("Accept-Encoding", "identity")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// decode undoes the response's Content-Encoding.
func decode(t *testing.T, resp *http.Response, body []byte) []byte {
	t.Helper()
	var r io.Reader
	switch resp.Header.Get("Content-Encoding") {
	case "":
		return body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		t.Fatalf("unknown Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	importMapRe  = regexp.MustCompile(`<script type="importmap">(.*?)</script>`)
	preloadRe    = regexp.MustCompile(`<link rel="modulepreload" href="([^"]+)">`)
	entryRe      = regexp.MustCompile(`<script type="module" src="([^"]+)">`)
	stylesheetRe = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`)
)

// TestShellTransfer: through the app's HTTP server, the page and every
// module are compressed (brotli or gzip, as asked), carry strong ETags that
// answer 304, the page is revalidated every time while the hashed addresses
// are immutable, the import map covers every module file and the CSP allows
// exactly that import map.
func TestShellTransfer(t *testing.T) {
	ta := startTestApp(t)

	for _, enc := range []string{"br", "gzip"} {
		resp, body := rawGet(t, ta.URL+"/", map[string]string{"Accept-Encoding": enc})
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != enc {
			t.Fatalf("GET / with Accept-Encoding %s: %d, Content-Encoding %q", enc, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		if got := resp.Header.Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
			t.Errorf("GET / (%s): Vary %q", enc, got)
		}
		if len(body) >= len(decode(t, resp, body)) {
			t.Errorf("GET / (%s): %d bytes sent, not smaller than the page", enc, len(body))
		}
	}
	resp, body := rawGet(t, ta.URL+"/", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	page := string(decode(t, resp, body))
	if resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("a browser's Accept-Encoding got %q, want br", resp.Header.Get("Content-Encoding"))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("index.html Cache-Control %q, want no-cache", cc)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" || strings.HasPrefix(etag, "W/") {
		t.Fatalf("index.html ETag %q, want a strong one", etag)
	}
	again, rest := rawGet(t, ta.URL+"/", map[string]string{"Accept-Encoding": "gzip, deflate, br", "If-None-Match": etag})
	if again.StatusCode != http.StatusNotModified || len(rest) != 0 {
		t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and none", etag, again.StatusCode, len(rest))
	}
	plainResp, _ := rawGet(t, ta.URL+"/", nil)
	if plainResp.Header.Get("Content-Encoding") != "" || plainResp.Header.Get("ETag") == etag {
		t.Errorf("identity: Content-Encoding %q, ETag %q (the br one is %s)", plainResp.Header.Get("Content-Encoding"), plainResp.Header.Get("ETag"), etag)
	}

	// The import map: every module file of the shell, to a hashed address
	// that serves the same bytes, immutable.
	m := importMapRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no import map in the page:\n%s", page)
	}
	var im struct{ Imports map[string]string }
	if err := json.Unmarshal([]byte(m[1]), &im); err != nil {
		t.Fatalf("import map %s: %v", m[1], err)
	}
	sum := sha256.Sum256([]byte(m[1]))
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Errorf("the CSP does not allow the import map by its hash: %s", csp)
	}
	modules := 0
	err := fs.WalkDir(static.FS, "js", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") {
			return err
		}
		modules++
		want, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		hashed, ok := im.Imports["/"+p]
		if !ok {
			t.Errorf("the import map misses /%s", p)
			return nil
		}
		r, b := rawGet(t, ta.URL+hashed, map[string]string{"Accept-Encoding": "br"})
		if r.StatusCode != 200 || !bytes.Equal(decode(t, r, b), want) {
			t.Errorf("%s: %d, not the bytes of %s", hashed, r.StatusCode, p)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", hashed, cc)
		}
		if r.Header.Get("Content-Encoding") != "br" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("%s: Content-Encoding %q, Content-Type %q", hashed, r.Header.Get("Content-Encoding"), r.Header.Get("Content-Type"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if modules == 0 || len(im.Imports) != modules {
		t.Errorf("import map has %d entries for %d module files", len(im.Imports), modules)
	}
	// The entry, the preloads and the stylesheet are at hashed addresses.
	entry := entryRe.FindStringSubmatch(page)
	if entry == nil || entry[1] != im.Imports["/js/app.js"] {
		t.Errorf("entry script %v, want %s", entry, im.Imports["/js/app.js"])
	}
	preloads := preloadRe.FindAllStringSubmatch(page, -1)
	if len(preloads) == 0 {
		t.Error("no modulepreload")
	}
	hashedValues := map[string]bool{}
	for _, v := range im.Imports {
		hashedValues[v] = true
	}
	for _, p := range preloads {
		if !hashedValues[p[1]] {
			t.Errorf("modulepreload %s is not a hashed module address", p[1])
		}
	}
	if !strings.Contains(page, `href="`+im.Imports["/js/api.js"]+`"`) {
		t.Error("api.js, imported by app.js, is not preloaded")
	}
	css := stylesheetRe.FindStringSubmatch(page)
	if css == nil || css[1] == "/css/app.css" {
		t.Fatalf("stylesheet %v: want a hashed address", css)
	}
	r, _ := rawGet(t, ta.URL+css[1], map[string]string{"Accept-Encoding": "gzip"})
	if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("%s: %d, Cache-Control %q, Content-Encoding %q", css[1], r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("Content-Encoding"))
	}

	// The plain addresses still work, revalidated.
	r, _ = rawGet(t, ta.URL+"/i18n/zh.json", map[string]string{"Accept-Encoding": "br"})
	if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "no-cache" || r.Header.Get("Content-Encoding") != "br" {
		t.Errorf("/i18n/zh.json: %d, Cache-Control %q, Content-Encoding %q", r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("Content-Encoding"))
	}
	r2, b2 := rawGet(t, ta.URL+"/i18n/zh.json", map[string]string{"Accept-Encoding": "br", "If-None-Match": r.Header.Get("ETag")})
	if r2.StatusCode != http.StatusNotModified || len(b2) != 0 {
		t.Errorf("/i18n/zh.json revalidated: %d with %d bytes", r2.StatusCode, len(b2))
	}
	if r, _ := rawGet(t, ta.URL+"/js/nothing.js", nil); r.StatusCode != 404 {
		t.Errorf("an unknown file: %d, want 404", r.StatusCode)
	}

	// API answers are compressed on the way out.
	for _, enc := range []string{"br", "gzip"} {
		r, b := rawGet(t, ta.URL+"/api/openapi.json", map[string]string{"Accept-Encoding": enc})
		if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != enc || !json.Valid(decode(t, r, b)) {
			t.Errorf("/api/openapi.json (%s): %d, Content-Encoding %q", enc, r.StatusCode, r.Header.Get("Content-Encoding"))
		}
	}
}

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
	one, err := newShell(files("export const b = 1;\n"))
	if err != nil {
		t.Fatal(err)
	}
	two, err := newShell(files("export const b = 2;\n"))
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
	sh, err := newShell(fstest.MapFS{
		"index.html": {Data: []byte(`<html><head><script type="module" src="/js/m.js"></script></head></html>`)},
		"js/m.js":    {Data: bytes.Repeat([]byte("export const greeting = 'hello, village';\n"), 200)},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := fiber.New()
	h.Use(sh.serve)
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
