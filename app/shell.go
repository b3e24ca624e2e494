package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"

	"yishi/static"
)

// The web shell (static/) is served from memory, prepared once at start so
// that a village phone on a weak link downloads each file once:
//
//   - every file is also served at a hashed address (js/app.js at
//     js/app.<hash>.js) that never changes content, so it is cached for a
//     year (immutable); the plain address stays, revalidated (no-cache) with
//     a strong ETag, for anything that asks for it by name (the dictionaries);
//   - text is compressed once, brotli and gzip, and picked by Accept-Encoding;
//   - index.html is rewritten to point at the hashed addresses, with an
//     import map that sends each module's plain address (which is what the
//     modules import each other by: './api.js') to its hashed one, and
//     modulepreload links for the modules the first screen imports, found by
//     following the static imports from the entry module, so the browser
//     fetches them all in one round trip instead of one per import level.
//
// The modules are not touched: renaming a file changes nothing here.

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// shellFile is one representation set of a file: the bytes as they are and,
// for text, compressed.
type shellFile struct {
	ctype     string
	hash      string // hex SHA-256 of the bytes, the first 12 digits
	raw       []byte
	gz, br    []byte // nil when compressing does not make it smaller
	immutable bool
}

// shell is the prepared web shell: the files by address (plain and hashed)
// and the import map's hash the CSP must allow.
type shell struct {
	files map[string]*shellFile
	// hashed maps a plain address to its hashed one.
	hashed map[string]string
	// scriptHash is the CSP source of the inline import map
	// ('sha256-...'), the one inline script the page has.
	scriptHash string
}

// embeddedShell is the shell of the embedded files, prepared once per
// process: the files cannot change while it runs.
var embeddedShell = sync.OnceValues(func() (*shell, error) { return newShell(static.FS) })

// textTypes are the content types of the shell's files, all compressible.
var textTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// newShell reads every file of fsys, hashes and compresses it, and rewrites
// index.html.
func newShell(fsys fs.FS) (*shell, error) {
	s := &shell{files: map[string]*shellFile{}, hashed: map[string]string{}}
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		raw["/"+p] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web shell: %w", err)
	}
	index, ok := raw["/index.html"]
	if !ok {
		return nil, fmt.Errorf("web shell: no index.html")
	}
	for p, b := range raw {
		if p == "/index.html" {
			continue
		}
		f, err := prepareFile(p, b)
		if err != nil {
			return nil, err
		}
		s.files[p] = f
		h := hashedAddress(p, f.hash)
		s.hashed[p] = h
		im := *f
		im.immutable = true
		s.files[h] = &im
	}
	page, scriptHash, err := s.rewriteIndex(index, raw)
	if err != nil {
		return nil, err
	}
	s.scriptHash = scriptHash
	f, err := prepareFile("/index.html", page)
	if err != nil {
		return nil, err
	}
	s.files["/index.html"] = f
	s.files["/"] = f
	return s, nil
}

// hashedAddress puts the hash before the extension: /js/app.js →
// /js/app.0123456789ab.js. The folder stays, so './x.js' imported from a
// hashed module still resolves to the plain /js/x.js the import map knows.
func hashedAddress(p, hash string) string {
	ext := path.Ext(p)
	return strings.TrimSuffix(p, ext) + "." + hash + ext
}

func prepareFile(p string, b []byte) (*shellFile, error) {
	sum := sha256.Sum256(b)
	f := &shellFile{raw: b, hash: hex.EncodeToString(sum[:6])}
	ext := path.Ext(p)
	text, ok := textTypes[ext]
	if !ok {
		f.ctype = mime.TypeByExtension(ext)
		if f.ctype == "" {
			f.ctype = "application/octet-stream"
		}
		return f, nil
	}
	f.ctype = text
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("web shell: gzip %s: %w", p, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("web shell: gzip %s: %w", p, err)
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	if _, err := bw.Write(b); err != nil {
		return nil, fmt.Errorf("web shell: brotli %s: %w", p, err)
	}
	if err := bw.Close(); err != nil {
		return nil, fmt.Errorf("web shell: brotli %s: %w", p, err)
	}
	if gz.Len() < len(b) {
		f.gz = gz.Bytes()
	}
	if br.Len() < len(b) {
		f.br = br.Bytes()
	}
	return f, nil
}

// attrRef is an href or src attribute naming a file of the shell.
var attrRef = regexp.MustCompile(`(href|src)="(/[^"?#]+)"`)

// staticImport is an import or re-export of a relative module, the only
// kind the shell's modules use; import('./x.js') (loaded later, on a
// screen's demand) does not match.
var staticImport = regexp.MustCompile(`(?m)^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}/[^'"]+)['"]`)

// rewriteIndex points the page's own references at the hashed addresses
// and puts the import map and the modulepreload links before the first
// script. It returns the page and the import map's CSP hash.
func (s *shell) rewriteIndex(page []byte, raw map[string][]byte) ([]byte, string, error) {
	var entries []string
	page = attrRef.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := attrRef.FindSubmatch(m)
		h, ok := s.hashed[string(sub[2])]
		if !ok {
			return m
		}
		return []byte(string(sub[1]) + `="` + h + `"`)
	})
	for _, m := range regexp.MustCompile(`<script type="module" src="(/[^"]+)"`).FindAllSubmatch(page, -1) {
		entries = append(entries, string(m[1]))
	}
	imports := map[string]string{}
	for p, h := range s.hashed {
		if path.Ext(p) == ".js" {
			imports[p] = h
		}
	}
	mapJSON, err := json.Marshal(map[string]any{"imports": imports})
	if err != nil {
		return nil, "", fmt.Errorf("web shell: import map: %w", err)
	}
	sum := sha256.Sum256(mapJSON)
	var head strings.Builder
	head.WriteString(`<script type="importmap">`)
	head.Write(mapJSON)
	head.WriteString("</script>\n")
	plain := map[string]string{}
	for p, h := range s.hashed {
		plain[h] = p
	}
	var roots []string
	for _, e := range entries {
		if p, ok := plain[e]; ok {
			roots = append(roots, p)
		}
	}
	for _, p := range moduleClosure(roots, raw) {
		if slices.Contains(roots, p) {
			continue // the entry is fetched by its own script tag
		}
		fmt.Fprintf(&head, `<link rel="modulepreload" href="%s">`+"\n", s.hashed[p])
	}
	at := bytes.Index(page, []byte("<script"))
	if at < 0 {
		at = bytes.Index(page, []byte("</head>"))
	}
	if at < 0 {
		return nil, "", fmt.Errorf("web shell: index.html has neither a script nor </head>")
	}
	out := slices.Concat(page[:at], []byte(head.String()), page[at:])
	return out, "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'", nil
}

// moduleClosure is every module the roots import statically, directly or
// not, in a stable order (breadth first, then by name), roots included.
func moduleClosure(roots []string, raw map[string][]byte) []string {
	seen := map[string]bool{}
	var out []string
	queue := slices.Clone(roots)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		src, ok := raw[p]
		if !ok {
			continue
		}
		seen[p] = true
		out = append(out, p)
		var next []string
		for _, m := range staticImport.FindAllSubmatch(src, -1) {
			next = append(next, path.Join(path.Dir(p), string(m[1])))
		}
		slices.Sort(next)
		queue = append(queue, next...)
	}
	return out
}

// serve answers GET and HEAD for the shell's addresses and passes anything
// else on (to the 404).
func (s *shell) serve(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return c.Next()
	}
	f, ok := s.files[c.Path()]
	if !ok {
		return c.Next()
	}
	body, enc := f.pick(c.Get(fiber.HeaderAcceptEncoding))
	etag := `"` + f.hash + enc + `"`
	if f.gz != nil || f.br != nil {
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	}
	c.Set(fiber.HeaderETag, etag)
	if f.immutable {
		c.Set(fiber.HeaderCacheControl, cacheImmutable)
	} else {
		c.Set(fiber.HeaderCacheControl, cacheRevalidate)
	}
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.ctype)
	if enc != "" {
		c.Set(fiber.HeaderContentEncoding, strings.TrimPrefix(enc, "-"))
	}
	return c.Send(body)
}

// has says whether the shell answers at this address (the dynamic
// compression of the API leaves those alone: they are compressed already).
func (s *shell) has(p string) bool {
	_, ok := s.files[p]
	return ok
}

// pick is the smallest representation the client accepts, and its ETag
// suffix ("-br", "-gzip" or "" for the bytes as they are): each
// representation has its own strong ETag.
func (f *shellFile) pick(acceptEncoding string) ([]byte, string) {
	if f.br != nil && accepts(acceptEncoding, "br") {
		return f.br, "-br"
	}
	if f.gz != nil && accepts(acceptEncoding, "gzip") {
		return f.gz, "-gzip"
	}
	return f.raw, ""
}

// accepts says whether an Accept-Encoding header takes the coding (a q of
// 0 refuses it).
func accepts(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) && strings.TrimSpace(name) != "*" {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q=")
		if !ok {
			return true
		}
		w, err := strconv.ParseFloat(q, 64)
		return err == nil && w > 0
	}
	return false
}

// etagMatches is If-None-Match's weak comparison: any listed tag, with or
// without W/, or *.
func etagMatches(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		t := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
