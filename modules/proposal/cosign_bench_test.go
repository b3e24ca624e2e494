package proposal

import (
	"fmt"
	"testing"
)

// BenchmarkCosign is one co-signature (the signature, its count, the
// follow) on a proposal far from its threshold, one resident after another.
// With YISHI_TEST_MONGODB_URI set it measures the server store's path.
func BenchmarkCosign(b *testing.B) {
	f := newFixture(b, 2000, 0)
	v := f.village
	var id string
	for i := 0; i < b.N; i++ {
		n := 2 + i%1999
		if n == 2 {
			b.StopTimer()
			id = f.submitted(v, resident(v, 1), ProposalInput{BodyID: "council", Title: fmt.Sprint("压测", i), Category: "other"}).ID
			b.StartTimer()
		}
		if _, err := f.svc.Cosign(f.ctx, v, resident(v, n), id); err != nil {
			b.Fatal(err)
		}
	}
}
