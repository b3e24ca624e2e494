// Package shell serves the web shell (the files of package static) from
// memory, hashed, compressed and with the first screen's modules preloaded.
package shell

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
	"sync/atomic"

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
//   - text is compressed once, brotli and gzip, and picked by Accept-Encoding
//     (brotli at a fast level at start, its best level swapped in soon after);
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

// shellFile is a file's representations: the bytes as they are and, for
// text, compressed.
type shellFile struct {
	ctype     string
	hash      string // hex SHA-256 of the bytes, the first 12 digits
	raw       []byte
	enc       *atomic.Pointer[encodings] // nil for files that are not text
	immutable bool
}

// encodings are a file's compressed bytes; nil where compressing does not
// make it smaller.
type encodings struct {
	gz, br  []byte
	brLevel int
}

// Brotli's best level takes 1.5 s for the shell, its level 6 a twentieth of
// that for 9 % more bytes: the app starts with level 6 and refine swaps in
// the best level in the background.
const (
	brotliFast = 6
	brotliBest = brotli.BestCompression
)

// Shell is the prepared web shell: the files by address (plain and hashed)
// and the import map's hash the CSP must allow.
type Shell struct {
	files map[string]*shellFile
	// hashed maps a plain address to its hashed one.
	hashed map[string]string
	// scriptHash is the CSP source of the inline import map
	// ('sha256-...'), the one inline script the page has.
	scriptHash string
}

// Embedded is the shell of the embedded files, prepared once per
// process: the files cannot change while it runs.
var Embedded = sync.OnceValues(func() (*Shell, error) {
	s, err := New(static.FS)
	if err == nil {
		go s.refine()
	}
	return s, err
})

// textTypes are the content types of the shell's files, all compressible.
var textTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// New reads every file of fsys, hashes and compresses it, and rewrites
// index.html.
func New(fsys fs.FS) (*Shell, error) {
	s := &Shell{files: map[string]*shellFile{}, hashed: map[string]string{}}
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
		im := *f // shares the encodings, which refine replaces
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
	e, err := encode(b, brotliFast)
	if err != nil {
		return nil, fmt.Errorf("web shell: compress %s: %w", p, err)
	}
	f.enc = &atomic.Pointer[encodings]{}
	f.enc.Store(e)
	return f, nil
}

// encode compresses b with gzip's best level and brotli's given level.
func encode(b []byte, brLevel int) (*encodings, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brLevel)
	if _, err := bw.Write(b); err != nil {
		return nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, err
	}
	e := &encodings{brLevel: brLevel}
	if gz.Len() < len(b) {
		e.gz = gz.Bytes()
	}
	if br.Len() < len(b) {
		e.br = br.Bytes()
	}
	return e, nil
}

// refine recompresses every text file with brotli's best level, one at a
// time (the machine serves meanwhile), and swaps the result in.
func (s *Shell) refine() {
	seen := map[*atomic.Pointer[encodings]]bool{}
	for _, f := range s.files {
		if f.enc == nil || seen[f.enc] {
			continue
		}
		seen[f.enc] = true
		if e, err := encode(f.raw, brotliBest); err == nil {
			f.enc.Store(e)
		}
	}
}

// attrRef is an href or src attribute naming a file of the shell.
var attrRef = regexp.MustCompile(`(href|src)="(/[^"?#]+)"`)

// staticImport is an import or re-export of a relative module, the only
// kind the shell's modules use; import('./x.js') (loaded later, on a
// screen's demand) does not match.
var staticImport = regexp.MustCompile(`(?m)^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}/[^'"]+)['"]`)

// firstDictionary is the default language's dictionary (Chinese first),
// which the first screen fetches before it draws anything.
const firstDictionary = "/i18n/zh.json"

// rewriteIndex points the page's own references at the hashed addresses,
// puts the import map before the first script and the preloads (the
// modules, the dictionary) before </head>. It returns the page and the import map's CSP hash.
func (s *Shell) rewriteIndex(page []byte, raw map[string][]byte) ([]byte, string, error) {
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
	importMap := `<script type="importmap">` + string(mapJSON) + "</script>\n"
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
	// After the entry script, so the browser asks for the entry first.
	var preloads strings.Builder
	for _, p := range moduleClosure(roots, raw) {
		if slices.Contains(roots, p) {
			continue // the entry is fetched by its own script tag
		}
		if bytes.Contains(page, []byte(`href="`+s.hashed[p]+`"`)) {
			continue // index.html preloads it already (static/modules_test.go keeps that list)
		}
		fmt.Fprintf(&preloads, `<link rel="modulepreload" href="%s">`+"\n", s.hashed[p])
	}
	if _, ok := raw[firstDictionary]; ok {
		// fetch() in i18n.js asks for it only once the modules have run;
		// asked for here it comes with them, one round trip sooner.
		fmt.Fprintf(&preloads, `<link rel="preload" href="%s" as="fetch" crossorigin>`+"\n", firstDictionary)
	}
	at := bytes.Index(page, []byte("<script"))
	end := bytes.Index(page, []byte("</head>"))
	if at < 0 {
		at = end
	}
	if at < 0 {
		return nil, "", fmt.Errorf("web shell: index.html has neither a script nor </head>")
	}
	if end < at {
		end = at
	}
	out := slices.Concat(page[:at], []byte(importMap), page[at:end], []byte(preloads.String()), page[end:])
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

// Serve answers GET and HEAD for the shell's addresses and passes anything
// else on (to the 404).
func (s *Shell) Serve(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return c.Next()
	}
	f, ok := s.files[c.Path()]
	if !ok {
		return c.Next()
	}
	body, coding, etag := f.pick(c.Get(fiber.HeaderAcceptEncoding))
	if f.enc != nil {
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
	if coding != "" {
		c.Set(fiber.HeaderContentEncoding, coding)
	}
	return c.Send(body)
}

// Has says whether the shell answers at this address (the dynamic
// compression of the API leaves those alone: they are compressed already).
func (s *Shell) Has(p string) bool {
	_, ok := s.files[p]
	return ok
}

// ScriptHash is the CSP source of the page's one inline script, the
// import map ('sha256-...').
func (s *Shell) ScriptHash() string { return s.scriptHash }

// pick is the smallest representation the client accepts, its coding and
// its strong ETag: the content hash, the coding and brotli's level, since
// each representation's bytes differ.
func (f *shellFile) pick(acceptEncoding string) (body []byte, coding, etag string) {
	if f.enc != nil {
		e := f.enc.Load()
		if e.br != nil && accepts(acceptEncoding, "br") {
			return e.br, "br", `"` + f.hash + "-br" + strconv.Itoa(e.brLevel) + `"`
		}
		if e.gz != nil && accepts(acceptEncoding, "gzip") {
			return e.gz, "gzip", `"` + f.hash + `-gzip"`
		}
	}
	return f.raw, "", `"` + f.hash + `"`
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

// etagMatches is If-None-Match's weak comparison (any listed tag, with or
// without W/, or *), where brotli's level does not count: bytes from before
// refine decode to the same content, so a client holding them is current.
func etagMatches(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		t := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if t == "*" || withoutLevel(t) == withoutLevel(etag) {
			return true
		}
	}
	return false
}

// withoutLevel drops brotli's level from a "hash-brN" tag.
func withoutLevel(tag string) string {
	if i := strings.LastIndex(tag, "-br"); i >= 0 {
		return tag[:i] + "-br\""
	}
	return tag
}
