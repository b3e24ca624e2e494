package household

import (
	"context"
	"fmt"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store/storetest"
)

// BenchmarkFindByShortCode: the lookup a secretary's typed code makes, in a
// village of 1,000 households with a card each (the short_hash index).
func BenchmarkFindByShortCode(b *testing.B) {
	st := storetest.Open(b)
	svc := NewService(st, org.NewService(st, audit.New()), audit.New(), nil)
	ctx := context.Background()
	const village = "0123456789abcdef01234567"
	if err := st.PrepareVillage(ctx, village); err != nil {
		b.Fatal(err)
	}
	var shorts []string
	docs := make([]any, 0, 1000)
	for i := range 1000 {
		tok, short := newCodes()
		shorts = append(shorts, short)
		c := Card{HouseholdNo: fmt.Sprintf("H%04d", i), TokenHash: hashOf("token", village, tok), ShortHash: hashOf("short", village, short),
			Gen: 1, IssuedAt: time.Now().UTC()}
		docs = append(docs, c)
		if err := svc.addCodes(ctx, village, c); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := st.Village(village).Collection(collCards).InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := svc.Find(ctx, village, "", shorts[i%len(shorts)]); err != nil {
			b.Fatal(err)
		}
	}
}
