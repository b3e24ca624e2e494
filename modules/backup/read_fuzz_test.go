package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// FuzzReadArchive: any bytes are either an archive whose every file matches
// its manifest, or refused with an error; Read never panics, and every
// document of an accepted archive decodes or fails with an error.
func FuzzReadArchive(f *testing.F) {
	data := []byte(`{"_id":"a","n":{"$numberInt":"1"}}` + "\n")
	sum := sha256.Sum256(data)
	m := Manifest{Format: FormatVersion, VillageID: "v", Files: []File{{Name: "village/c.jsonl", Database: "village", Collection: "c",
		Documents: 1, SHA256: hex.EncodeToString(sum[:])}}}
	var good bytes.Buffer
	if err := rewrite(&good, m, map[string][]byte{"village/c.jsonl": data}); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte{})
	f.Add([]byte("\x1f\x8b\x08\x00garbage"))
	f.Add(good.Bytes()[:good.Len()/2])
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := Read(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, f := range a.Manifest.Files {
			_, _ = a.Documents(f)
		}
	})
}
