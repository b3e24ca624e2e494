// Package store opens the MongoDB the app uses: an embedded FerretDB (SQLite) by
// default, or a real MongoDB when a URI is given. It is the one place that
// decides where a collection lives: shared data in one database, each village's
// records in a database of its own, because the embedded store scans whole
// collections and a request must not pay for other villages' data.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/mongo/readpref"
)

// Config says which store to use.
type Config struct {
	// URI of a MongoDB deployment; empty starts the embedded store.
	URI string
	// DataDir holds the embedded store's SQLite files.
	DataDir string
	// Prefix is prepended to every database name, so tests and several
	// deployments can share one MongoDB.
	Prefix string
	// StoreLog, when set, receives the embedded store's warnings.
	StoreLog *slog.Logger
}

// Store is the connected store.
type Store struct {
	Client   *mongo.Client
	prefix   string
	Embedded bool

	stopEmbedded func()
	writeLogs    *writeLogs // the embedded store's write-ahead logs (wal.go)

	mu       sync.Mutex
	prepared map[string]bool // village databases whose indexes exist
	indexes  map[string][]mongo.IndexModel
}

// Open connects to cfg.URI or starts the embedded store in cfg.DataDir.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s := &Store{prefix: cfg.Prefix, prepared: map[string]bool{}, indexes: map[string][]mongo.IndexModel{}}
	if s.prefix == "" {
		s.prefix = "yishi"
	}
	uri := cfg.URI
	opts := options.Client().SetTimeout(30 * time.Second)
	if uri == "" {
		embeddedURI, stop, err := startEmbedded(cfg.DataDir, cfg.StoreLog)
		if err != nil {
			return nil, err
		}
		uri, s.stopEmbedded, s.Embedded = embeddedURI, stop, true
		s.writeLogs = newWriteLogs(embeddedDir(cfg.DataDir))
		// One connection: FerretDB loses concurrent updates of one document
		// across connections (store-facts.md); a single connection serialises them.
		opts.SetMaxPoolSize(1)
	}
	client, err := mongo.Connect(ctx, opts.ApplyURI(uri))
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("connect to store: %w", err)
	}
	s.Client = client
	if err := s.Ping(ctx); err != nil {
		_ = s.Close(context.Background())
		return nil, err
	}
	return s, nil
}

// embeddedDir is the folder of the embedded store's files.
func embeddedDir(dir string) string {
	if dir == "" {
		return "data"
	}
	return dir
}

func startEmbedded(dir string, log *slog.Logger) (string, func(), error) {
	abs, err := filepath.Abs(embeddedDir(dir))
	if err != nil {
		return "", nil, fmt.Errorf("data dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return "", nil, fmt.Errorf("create data dir: %w", err)
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	// Every database (one per village) is its own SQLite file with a page
	// cache per connection; at SQLite's default of 2 MB each, a hundred
	// villages held ~150 MB outside the Go heap. The store reads whole
	// collections and the OS caches the files anyway, so a small cache
	// costs copies, not disk reads. Measured on 100 generated villages
	// after reading every village's proposals and board: RSS 440 MB at the
	// default, 370 MB at 256 KB, 196 MB at 64 KB (with the proposal cache
	// compacted); BENCHMARKS.md has the read latencies.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=cache_size(-64)",
		Logger:    log,
	})
	if err != nil {
		return "", nil, fmt.Errorf("start embedded store: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	stop := func() {
		cancel()
		<-done
	}
	return f.MongoDBURI(), stop, nil
}

// Ping checks the store answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.Client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}

// Close disconnects and stops the embedded store, if any.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.Client != nil {
		if err = s.Client.Disconnect(ctx); errors.Is(err, mongo.ErrClientDisconnected) {
			err = nil
		}
	}
	s.writeLogs.close()
	s.stop()
	return err
}

func (s *Store) stop() {
	if s.stopEmbedded != nil {
		s.stopEmbedded()
		s.stopEmbedded = nil
	}
}

// Shared is the database of data that spans villages: the org tree, accounts,
// sessions and the policy.
func (s *Store) Shared() *mongo.Database {
	return s.Client.Database(s.prefix)
}

// Village is the database of one village's records. The village ID is an
// org ID (hex), so the name stays within the 63 characters MongoDB allows.
func (s *Store) Village(villageID string) *mongo.Database {
	return s.Client.Database(s.prefix + "_v_" + villageID)
}

// Street is the database of what a street keeps about its villages (the
// review queue): small, so a street's pages read one collection, not one
// per village.
func (s *Store) Street(streetID string) *mongo.Database {
	return s.Client.Database(s.prefix + "_s_" + streetID)
}

// VillageIndexes registers the indexes a module needs in every village
// database; they are created the first time a village is prepared.
func (s *Store) VillageIndexes(collection string, models ...mongo.IndexModel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.indexes[collection] = append(s.indexes[collection], models...)
}

// PrepareVillage creates the registered indexes in a village database. It is
// idempotent and cheap after the first call for a village.
func (s *Store) PrepareVillage(ctx context.Context, villageID string) error {
	s.mu.Lock()
	if s.prepared[villageID] {
		s.mu.Unlock()
		return nil
	}
	indexes := make(map[string][]mongo.IndexModel, len(s.indexes))
	for k, v := range s.indexes {
		indexes[k] = v
	}
	s.mu.Unlock()

	db := s.Village(villageID)
	for coll, models := range indexes {
		if len(models) == 0 {
			continue
		}
		if err := createIndexes(ctx, db.Collection(coll), models); err != nil {
			return fmt.Errorf("village %s: %w", villageID, err)
		}
	}
	s.mu.Lock()
	s.prepared[villageID] = true
	s.mu.Unlock()
	return nil
}

// EnsureIndexes creates indexes on a shared collection, idempotently.
func (s *Store) EnsureIndexes(ctx context.Context, collection string, models ...mongo.IndexModel) error {
	return createIndexes(ctx, s.Shared().Collection(collection), models)
}

// createIndexes creates indexes one at a time: FerretDB v1.24 panics (and
// drops the connection) on a createIndexes command of two or more indexes
// that all exist already, which is every start after the first.
func createIndexes(ctx context.Context, coll *mongo.Collection, models []mongo.IndexModel) error {
	for _, m := range models {
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("create index on %s: %w", coll.Name(), err)
		}
	}
	return nil
}

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("not found")

// IsDuplicate reports whether err is a unique-index violation.
func IsDuplicate(err error) bool {
	return mongo.IsDuplicateKeyError(err)
}

// Duplicates is, for the error of an unordered InsertMany, how many
// documents were refused as duplicates; ok is false when anything else went
// wrong (another write error, a write concern error, no answer), when the
// caller cannot know what was stored. A nil error is 0, true.
func Duplicates(err error) (n int, ok bool) {
	if err == nil {
		return 0, true
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return 0, false
	}
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return 0, false
		}
	}
	return len(bwe.WriteErrors), true
}
