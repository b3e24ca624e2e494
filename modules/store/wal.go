package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	_ "modernc.org/sqlite" // the driver FerretDB runs on, to reach its files
)

// The embedded store keeps each database in a SQLite file whose
// write-ahead log (the "-wal" file beside it) holds the pages written
// lately, in the order they were written, until SQLite checkpoints it (every
// 1,000 pages, and then overwrites it from the start). That order is a
// record of when things happened: for a secret vote cast one voter at a
// time, a voter's turnout and their ballot follow each other in it. Forget
// lets the vote engine empty the log once a ballot is stored, so the files
// at rest keep no such record (docs/threat-model.md). A MongoDB deployment
// has its own write history (the oplog, the journal), which the app cannot
// empty; Forget does nothing there.

// writeLogs holds one connection per village file, opened beside the store's
// own, and coalesces requests: a Forget arriving while one runs makes one
// more run after it, not one each.
type writeLogs struct {
	dir   string
	mu    sync.Mutex
	files map[string]*writeLog
}

type writeLog struct {
	db      *sql.DB
	mu      sync.Mutex // held while a checkpoint runs
	pending sync.Mutex // guards again
	again   bool
}

func newWriteLogs(dir string) *writeLogs {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &writeLogs{dir: abs, files: map[string]*writeLog{}}
}

// ForgetWrites empties the write-ahead log of a village's database file:
// its pages are written into the file and the log is truncated to nothing.
// It is best effort: with a reader or writer in the way it returns at once,
// and the next call (the next ballot, the close) catches up.
func (s *Store) ForgetWrites(ctx context.Context, villageID string) error {
	if s.writeLogs == nil {
		return nil
	}
	return s.writeLogs.forget(ctx, s.Village(villageID).Name())
}

func (ls *writeLogs) forget(ctx context.Context, database string) error {
	l, err := ls.open(database)
	if err != nil || l == nil {
		return err
	}
	l.pending.Lock()
	l.again = true
	l.pending.Unlock()
	if !l.mu.TryLock() {
		return nil // the checkpoint running sees again and runs once more
	}
	defer l.mu.Unlock()
	for {
		l.pending.Lock()
		again := l.again
		l.again = false
		l.pending.Unlock()
		if !again {
			return nil
		}
		var busy, logged, moved int
		if err := l.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &moved); err != nil {
			return fmt.Errorf("empty the write-ahead log of %s: %w", database, err)
		}
	}
}

// open returns the connection to a database's file, nil when the file does
// not exist (yet).
func (ls *writeLogs) open(database string) (*writeLog, error) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l, ok := ls.files[database]; ok {
		return l, nil
	}
	path := filepath.Join(ls.dir, database+".sqlite")
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	// busy_timeout(0): never wait behind the store's own work.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	l := &writeLog{db: db}
	ls.files[database] = l
	return l, nil
}

func (ls *writeLogs) close() {
	if ls == nil {
		return
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for name, l := range ls.files {
		_ = l.db.Close()
		delete(ls.files, name)
	}
}
