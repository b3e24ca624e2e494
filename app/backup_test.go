package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/store"
)

// TestExportAndImportCommands runs `yishi export` and `yishi import` as a
// user would, on the data folder of a stopped app: the archive restores into
// an empty folder with the same documents, a second import is refused, and
// the open-data export writes its CSV and JSON files.
func TestExportAndImportCommands(t *testing.T) {
	dir := t.TempDir()
	ta := startTestAppIn(t, dir)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	_, v := closedVote(t, ta, true)
	village := v.VillageID
	ta.stop()

	archive := filepath.Join(t.TempDir(), "dt.tar.gz")
	var out bytes.Buffer
	if err := runExport(context.Background(), []string{"-data", dir, "-mongodb-uri", "", "--village", village, "--out", archive}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "keep it encrypted") {
		t.Fatalf("export does not warn the archive is sensitive: %s", out.String())
	}
	if info, err := os.Stat(archive); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("archive %v mode %v: want readable by its owner only", err, info.Mode())
	}
	restored := t.TempDir()
	out.Reset()
	if err := run([]string{"import", "-data", restored, "-mongodb-uri", "", "--in", archive}); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"import", "-data", restored, "-mongodb-uri", "", "--in", archive})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a second import: %v", err)
	}
	count := func(dir string) map[string]int64 {
		st, err := store.Open(context.Background(), store.Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close(context.Background())
		names, _ := st.Village(village).ListCollectionNames(context.Background(), bson.M{})
		counts := map[string]int64{}
		for _, n := range names {
			counts[n], _ = st.Village(village).Collection(n).CountDocuments(context.Background(), bson.M{})
		}
		return counts
	}
	want, got := count(dir), count(restored)
	if len(want) < 6 || len(want) != len(got) {
		t.Fatalf("collections: %v vs %v", want, got)
	}
	for n, c := range want {
		if got[n] != c {
			t.Fatalf("%s: %d documents, restored %d", n, c, got[n])
		}
	}

	public := filepath.Join(t.TempDir(), "open")
	if err := run([]string{"export", "-data", dir, "-mongodb-uri", "", "--village", village, "--public", "--out", public}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"open-data.json", "votes.csv", "org.csv", "bodies.csv", "policies.csv", "proposals.csv", "index.json"} {
		if _, err := os.Stat(filepath.Join(public, f)); err != nil {
			t.Errorf("open data lacks %s", f)
		}
	}
}
