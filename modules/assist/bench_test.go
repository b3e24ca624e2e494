package assist

import (
	"context"
	"testing"
)

// BenchmarkRecordAndConfirm is one assisted action from the helper's
// record to the second person's confirmation (the performer only counts),
// on the embedded store: the cost the module adds to the owning module's.
func BenchmarkRecordAndConfirm(b *testing.B) {
	s, v, c := fixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		a, err := s.Create(ctx, v, helper, NewAction{Kind: KindCosign, ResidentNo: "R001", Target: "open", Present: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Confirm(ctx, v, confirmer, a.ID); err != nil {
			b.Fatal(err)
		}
		<-c.marks
	}
}
