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
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

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
