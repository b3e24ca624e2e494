// Package backup writes a village's whole record to a portable archive and
// restores it into an empty store, and writes the village's open data: its
// public records with every personal field left out.
//
// A full archive is a .tar.gz holding one JSON-lines file per collection, in
// MongoDB Extended JSON (canonical), so every BSON type round-trips, and a
// manifest.json with the format version, the village, each file's document
// count and SHA-256, and each collection's indexes. It holds the village's
// database, its org document and those above it, and the accounts linked to
// it, password hashes included: a restore must let people log in again. The
// archive is therefore as sensitive as the store itself (names, phone
// numbers, birth dates, ballots of open votes, password hashes): keep it
// encrypted and where only the operators can read it. Sessions are not
// included: everyone logs in again after a restore.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/store"
)

// FormatVersion is the archive format this package writes and reads.
const FormatVersion = 1

// A village's archive also takes from two shared collections (see the
// package comment): org.OrgsIn and account.AccountsIn, named by their modules.

// Manifest describes an archive. It is the last file of the archive, so
// the checksums it holds are of files already written.
type Manifest struct {
	Format      int       `json:"format"`
	App         string    `json:"app"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	VillageID   string    `json:"village_id"`
	VillagePath string    `json:"village_path"`
	VillageName string    `json:"village_name"`
	// Sensitive says the archive holds personal data and password hashes.
	Sensitive bool   `json:"sensitive"`
	Files     []File `json:"files"`
}

// File is one collection's documents.
type File struct {
	Name       string  `json:"name"`       // village/<collection>.jsonl or shared/<collection>.jsonl
	Database   string  `json:"database"`   // "village" or "shared"
	Collection string  `json:"collection"` // the collection's name
	Documents  int     `json:"documents"`  // lines in the file
	Bytes      int64   `json:"bytes"`
	SHA256     string  `json:"sha256"`            // of the file's bytes
	Indexes    []Index `json:"indexes,omitempty"` // village collections only
	// Filter says which documents of a shared collection the file holds.
	Filter string `json:"filter,omitempty"`
	// Contains names the personal data the file holds, for a reader of
	// the manifest.
	Contains string `json:"contains,omitempty"`
}

// Index is a secondary index of a village collection.
type Index struct {
	Name   string `json:"name"`
	Keys   bson.D `json:"keys"`
	Unique bool   `json:"unique,omitempty"`
}

const manifestName = "manifest.json"

// Export writes the village's whole record to w as a .tar.gz and returns its
// manifest.
func Export(ctx context.Context, st *store.Store, villageID string, w io.Writer) (Manifest, error) {
	var village bson.M
	if err := org.OrgsIn(st.Shared()).FindOne(ctx, bson.M{"_id": villageID}).Decode(&village); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return Manifest{}, fmt.Errorf("export: no org %s", villageID)
		}
		return Manifest{}, fmt.Errorf("export: read org %s: %w", villageID, err)
	}
	if village["level"] != "village" {
		return Manifest{}, fmt.Errorf("export: org %s is a %v, not a village", villageID, village["level"])
	}
	m := Manifest{Format: FormatVersion, App: "yishi", CreatedAt: time.Now().UTC().Truncate(time.Second), VillageID: villageID,
		Sensitive: true}
	m.VillagePath, _ = village["path"].(string)
	m.VillageName, _ = village["name"].(string)

	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)

	// The village's own database: every collection, whatever module made it.
	db := st.Village(villageID)
	names, err := db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return Manifest{}, fmt.Errorf("export: list collections: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		indexes, err := listIndexes(ctx, db.Collection(name))
		if err != nil {
			return Manifest{}, err
		}
		f, err := writeCollection(ctx, tw, db.Collection(name), bson.M{}, "village", m.CreatedAt)
		if err != nil {
			return Manifest{}, err
		}
		f.Indexes = indexes
		m.Files = append(m.Files, f)
	}

	// From the shared database: the village and the orgs above it (so the
	// tree resolves after a restore), and the accounts linked to it.
	f, err := writeCollection(ctx, tw, org.OrgsIn(st.Shared()), bson.M{"path": bson.M{"$in": ancestors(m.VillagePath)}}, "shared", m.CreatedAt)
	if err != nil {
		return Manifest{}, err
	}
	f.Filter = "the village and the orgs above it"
	m.Files = append(m.Files, f)
	f, err = writeCollection(ctx, tw, account.AccountsIn(st.Shared()), bson.M{"village_id": villageID}, "shared", m.CreatedAt)
	if err != nil {
		return Manifest{}, err
	}
	f.Filter = "accounts whose village_id is the village"
	f.Contains = "names, phone numbers, argon2id password hashes, role assignments"
	m.Files = append(m.Files, f)

	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := writeEntry(tw, manifestName, data, m.CreatedAt); err != nil {
		return Manifest{}, err
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	if err := gz.Close(); err != nil {
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	return m, nil
}

// ancestors lists /a, /a/b, /a/b/c for the path /a/b/c.
func ancestors(p string) []string {
	var out []string
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			out = append(out, p[:i])
		}
	}
	return out
}

func listIndexes(ctx context.Context, coll *mongo.Collection) ([]Index, error) {
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: indexes of %s: %w", coll.Name(), err)
	}
	var specs []struct {
		Name   string `bson:"name"`
		Key    bson.D `bson:"key"`
		Unique bool   `bson:"unique"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, fmt.Errorf("export: indexes of %s: %w", coll.Name(), err)
	}
	var out []Index
	for _, s := range specs {
		if s.Name == "_id_" {
			continue
		}
		out = append(out, Index{Name: s.Name, Keys: s.Key, Unique: s.Unique})
	}
	return out, nil
}

// writeCollection writes the documents matching filter, sorted by _id, one
// canonical Extended JSON document a line. Sorting by _id also means the
// archive does not keep the order in which secret ballots were stored.
func writeCollection(ctx context.Context, tw *tar.Writer, coll *mongo.Collection, filter bson.M, database string, at time.Time) (File, error) {
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetBatchSize(5000))
	if err != nil {
		return File{}, fmt.Errorf("export %s: %w", coll.Name(), err)
	}
	defer cur.Close(ctx)
	var buf strings.Builder
	f := File{Name: database + "/" + coll.Name() + ".jsonl", Database: database, Collection: coll.Name()}
	for cur.Next(ctx) {
		line, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return File{}, fmt.Errorf("export %s: %w", coll.Name(), err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
		f.Documents++
	}
	if err := cur.Err(); err != nil {
		return File{}, fmt.Errorf("export %s: %w", coll.Name(), err)
	}
	data := []byte(buf.String())
	sum := sha256.Sum256(data)
	f.SHA256, f.Bytes = hex.EncodeToString(sum[:]), int64(len(data))
	return f, writeEntry(tw, f.Name, data, at)
}

func writeEntry(tw *tar.Writer, name string, data []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := tw.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// Archive is an archive read whole and checked: every file is listed in
// the manifest with its checksum and count, and nothing else is in it.
type Archive struct {
	Manifest Manifest
	files    map[string][]byte
}

// maxArchiveFile bounds one file of an archive read into memory.
const maxArchiveFile = 4 << 30

// Read reads an archive and verifies it against its manifest before
// anything is written anywhere.
func Read(r io.Reader) (*Archive, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read archive: %w", err)
	}
	tr := tar.NewReader(gz)
	a := &Archive{files: map[string][]byte{}}
	var manifest []byte
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg || h.Size > maxArchiveFile || path.Clean(h.Name) != h.Name {
			return nil, fmt.Errorf("read archive: unexpected entry %q", h.Name)
		}
		data, err := io.ReadAll(io.LimitReader(tr, h.Size))
		if err != nil {
			return nil, fmt.Errorf("read archive %s: %w", h.Name, err)
		}
		if h.Name == manifestName {
			manifest = data
		} else if _, dup := a.files[h.Name]; dup {
			return nil, fmt.Errorf("read archive: %s appears twice", h.Name)
		} else {
			a.files[h.Name] = data
		}
	}
	if manifest == nil {
		return nil, errors.New("read archive: no manifest.json")
	}
	if err := json.Unmarshal(manifest, &a.Manifest); err != nil {
		return nil, fmt.Errorf("read archive: manifest: %w", err)
	}
	if a.Manifest.Format != FormatVersion {
		return nil, fmt.Errorf("read archive: format %d, this program reads %d", a.Manifest.Format, FormatVersion)
	}
	listed := map[string]bool{}
	for _, f := range a.Manifest.Files {
		data, ok := a.files[f.Name]
		if !ok {
			return nil, fmt.Errorf("read archive: %s is in the manifest but not in the archive", f.Name)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			return nil, fmt.Errorf("read archive: checksum of %s does not match the manifest", f.Name)
		}
		if n := strings.Count(string(data), "\n"); n != f.Documents {
			return nil, fmt.Errorf("read archive: %s holds %d documents, the manifest says %d", f.Name, n, f.Documents)
		}
		if f.Name != f.Database+"/"+f.Collection+".jsonl" || f.Database != "village" && f.Database != "shared" {
			return nil, fmt.Errorf("read archive: manifest entry %q does not name its collection", f.Name)
		}
		listed[f.Name] = true
	}
	for name := range a.files {
		if !listed[name] {
			return nil, fmt.Errorf("read archive: %s is not in the manifest", name)
		}
	}
	return a, nil
}

// Documents decodes one file's documents.
func (a *Archive) Documents(f File) ([]bson.Raw, error) {
	var out []bson.Raw
	for i, line := range strings.Split(strings.TrimSuffix(string(a.files[f.Name]), "\n"), "\n") {
		if line == "" {
			continue
		}
		var doc bson.Raw
		if err := bson.UnmarshalExtJSON([]byte(line), true, &doc); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", f.Name, i+1, err)
		}
		out = append(out, doc)
	}
	return out, nil
}

// ErrNotEmpty refuses a restore over existing data.
var ErrNotEmpty = errors.New("the village's database is not empty")

// Restored counts what an import wrote.
type Restored struct {
	Collections int
	Documents   int
	// Skipped are shared documents (orgs above the village) that the store
	// already held, identical.
	Skipped int
}

// Import restores an archive read by Read. It refuses when the village's
// database holds any document, or when a shared document of the archive
// (an org, an account) conflicts with one the store holds. Run it with the
// server stopped: a running server caches accounts and role assignments.
func Import(ctx context.Context, st *store.Store, a *Archive) (Restored, error) {
	m := a.Manifest
	db := st.Village(m.VillageID)
	names, err := db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return Restored{}, fmt.Errorf("import: list collections: %w", err)
	}
	for _, n := range names {
		count, err := db.Collection(n).CountDocuments(ctx, bson.M{})
		if err != nil {
			return Restored{}, fmt.Errorf("import: count %s: %w", n, err)
		}
		if count > 0 {
			return Restored{}, fmt.Errorf("import village %s: %w (%s holds %d documents)", m.VillageID, ErrNotEmpty, n, count)
		}
	}
	// Decode everything and check the shared documents before writing.
	docs := map[string][]bson.Raw{}
	for _, f := range m.Files {
		if docs[f.Name], err = a.Documents(f); err != nil {
			return Restored{}, fmt.Errorf("import: %w", err)
		}
	}
	var r Restored
	sharedNew := map[string][]bson.Raw{}
	for _, f := range m.Files {
		if f.Database != "shared" {
			continue
		}
		for _, d := range docs[f.Name] {
			present, err := sharedConflict(ctx, st.Shared().Collection(f.Collection), d)
			if err != nil {
				return Restored{}, err
			}
			if present {
				r.Skipped++
			} else {
				sharedNew[f.Collection] = append(sharedNew[f.Collection], d)
			}
		}
	}

	for _, f := range m.Files {
		if f.Database != "village" {
			continue
		}
		coll := db.Collection(f.Collection)
		if err := db.CreateCollection(ctx, f.Collection); err != nil && !isNamespaceExists(err) {
			return r, fmt.Errorf("import: create %s: %w", f.Collection, err)
		}
		for _, ix := range f.Indexes {
			opts := options.Index().SetName(ix.Name)
			if ix.Unique {
				opts.SetUnique(true)
			}
			if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: ix.Keys, Options: opts}); err != nil {
				return r, fmt.Errorf("import: index %s of %s: %w", ix.Name, f.Collection, err)
			}
		}
		n, err := insertAll(ctx, coll, docs[f.Name])
		r.Documents += n
		if err != nil {
			return r, err
		}
		r.Collections++
	}
	// Shared documents last, the orgs before the accounts: a village whose
	// records are not all back is not yet in the tree.
	for _, c := range []*mongo.Collection{org.OrgsIn(st.Shared()), account.AccountsIn(st.Shared())} {
		n, err := insertAll(ctx, c, sharedNew[c.Name()])
		r.Documents += n
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

// sharedConflict says whether the store holds the document already
// (identical: skip it), and fails when it holds a different document with
// the same _id, or (orgs, accounts) the same path or phone.
func sharedConflict(ctx context.Context, coll *mongo.Collection, d bson.Raw) (bool, error) {
	id := d.Lookup("_id")
	var have bson.Raw
	err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&have)
	switch {
	case err == nil:
		if !sameDocument(have, d) {
			return false, fmt.Errorf("import: %s %v exists with other content", coll.Name(), id)
		}
		return true, nil
	case !errors.Is(err, mongo.ErrNoDocuments):
		return false, fmt.Errorf("import: read %s: %w", coll.Name(), err)
	}
	for _, unique := range []string{"path", "phone"} {
		v, ok := d.Lookup(unique).StringValueOK()
		if !ok {
			continue
		}
		n, err := coll.CountDocuments(ctx, bson.M{unique: v})
		if err != nil {
			return false, fmt.Errorf("import: read %s: %w", coll.Name(), err)
		}
		if n > 0 {
			return false, fmt.Errorf("import: another document of %s has %s %s", coll.Name(), unique, v)
		}
	}
	return false, nil
}

// sameDocument compares two documents field by field, in any order.
func sameDocument(a, b bson.Raw) bool {
	ja, err1 := bson.MarshalExtJSON(sortedDoc(a), true, false)
	jb, err2 := bson.MarshalExtJSON(sortedDoc(b), true, false)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

func sortedDoc(r bson.Raw) bson.D {
	var d bson.D
	_ = bson.Unmarshal(r, &d)
	sort.Slice(d, func(i, j int) bool { return d[i].Key < d[j].Key })
	return d
}

func insertAll(ctx context.Context, coll *mongo.Collection, docs []bson.Raw) (int, error) {
	written := 0
	for start := 0; start < len(docs); start += 1000 {
		batch := make([]any, 0, 1000)
		for _, d := range docs[start:min(start+1000, len(docs))] {
			batch = append(batch, d)
		}
		res, err := coll.InsertMany(ctx, batch)
		if res != nil {
			written += len(res.InsertedIDs)
		}
		if err != nil {
			return written, fmt.Errorf("import: write %s: %w", coll.Name(), err)
		}
	}
	return written, nil
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}
