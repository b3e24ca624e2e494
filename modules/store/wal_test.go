package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/store"
)

// TestForgetWritesEmptiesTheWriteAheadLog: documents written one at a time
// sit in the SQLite write-ahead log in the order they were written (what a
// reader of the files could pair a turnout record and a ballot by); after
// ForgetWrites the log is empty and every document is still there.
func TestForgetWritesEmptiesTheWriteAheadLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	coll := s.Village("abc").Collection("writes")
	for i := range 5 {
		if _, err := coll.InsertOne(ctx, bson.M{"_id": fmt.Sprintf("doc-%d", i), "marker": fmt.Sprintf("written-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	wal := filepath.Join(dir, s.Village("abc").Name()+".sqlite-wal")
	log, err := os.ReadFile(wal)
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for i := range 5 {
		at := bytes.Index(log, []byte(fmt.Sprintf("written-%d", i)))
		if at <= last {
			t.Fatalf("write %d is not after write %d in the log (at %d, %d)", i, i-1, at, last)
		}
		last = at
	}
	if err := s.ForgetWrites(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(wal); err == nil && info.Size() != 0 {
		t.Fatalf("the write-ahead log holds %d bytes after ForgetWrites", info.Size())
	}
	if n, err := coll.CountDocuments(ctx, bson.M{}); err != nil || n != 5 {
		t.Fatalf("%d documents after ForgetWrites: %v", n, err)
	}
	if err := s.ForgetWrites(ctx, "no-such-village"); err != nil {
		t.Fatalf("a village without a file: %v", err)
	}
}
