package vote

import (
	"fmt"
	"slices"
	"testing"
)

// TestRollFindsEveryVoterAndNoOther: the compact electorate answers like the
// map it is built from, for every voter and for numbers that sort between,
// before and after them.
func TestRollFindsEveryVoterAndNoOther(t *testing.T) {
	voters := map[string]string{}
	for i := 0; i < 2000; i += 2 {
		voters[fmt.Sprintf("R%05d", i)] = fmt.Sprintf("H%04d", i/5)
	}
	voters["甲01"] = "户01"
	r := newRoll(voters)
	for no, h := range voters {
		if got, ok := r.household(no); !ok || got != h {
			t.Fatalf("household(%s) = %q %v, want %q", no, got, ok, h)
		}
	}
	for _, no := range []string{"", "R", "R00001", "R01999", "R99999", "甲", "甲010", "A"} {
		if _, ok := r.household(no); ok {
			t.Errorf("%q is on the roll", no)
		}
	}
	want := make([]string, 0, len(voters))
	for no := range voters {
		want = append(want, no)
	}
	slices.Sort(want)
	if !slices.Equal(r.numbers(), want) {
		t.Error("numbers differ from the electorate")
	}
	if _, ok := newRoll(nil).household("R1"); ok {
		t.Error("an empty roll holds a voter")
	}
}
