package vote

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// syntheticBox is the published box of a closed secret vote of n ballots,
// made without a store: what Recount receives from a download.
func syntheticBox(tb testing.TB, n int) Box {
	tb.Helper()
	rule, err := Tighten(VillagersMeeting, nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	v := Vote{ID: "v1", Secret: true, Status: StatusClosed, Options: DefaultOptions, MaxChoices: 1, Rule: rule, EligibleCount: n}
	c := collected{}
	for i := range n {
		c.secret = append(c.secret, SecretBallot{Receipt: ReceiptHash(v.ID, fmt.Sprintf("CODE%016d", i)), Choices: []string{DefaultOptions[i%3].Key}})
		c.turnout = append(c.turnout, Participation{Voter: fmt.Sprintf("R%05d", i), Household: fmt.Sprintf("H%05d", i/3)})
	}
	r, _ := compute(v, c)
	v.Result = &r
	return boxOf(v, c)
}

// TestRecountOfASyntheticBox: a box laid out by boxOf recounts to the
// result compute gave, and its lists are sorted by value.
func TestRecountOfASyntheticBox(t *testing.T) {
	b := syntheticBox(t, 30)
	got, err := Recount(b)
	if err != nil || !got.HashChecked || got.BoxHash != b.Vote.Result.BallotsHash || got.Counts["yes"] != 10 {
		t.Fatalf("recount %+v %v", got, err)
	}
	if !slices.IsSorted(b.Receipts) || !strings.HasPrefix(b.BoxHash, boxScheme) {
		t.Fatalf("box %v %s", b.Receipts, b.BoxHash)
	}
}

// BenchmarkRecount10000 recounts a box of 10,000 ballots, as a resident's
// laptop does with `yishi recount`: checking the lists, the multiset hash
// of the ballots, the receipts' hash and the result.
func BenchmarkRecount10000(b *testing.B) {
	box := syntheticBox(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Recount(box); err != nil {
			b.Fatal(err)
		}
	}
}
