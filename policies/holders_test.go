package policies_test

import (
	"slices"
	"testing"

	"yishi/policies"
)

// Holders are exactly those the enforcer would let through: the street's
// official for a filing in its village, not another street's, not a
// resident; a negative-list line takes a holder out.
func TestHoldersAreThoseTheEnforcerAllows(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	set := func(sub string, as ...policies.Assignment) {
		if err := e.SetAssignments(sub, as); err != nil {
			t.Fatal(err)
		}
	}
	set("official", policies.Assignment{Role: "street_official", Scope: "/c/d/s1"})
	set("other-street", policies.Assignment{Role: "street_official", Scope: "/c/d/s10"})
	set("resident", policies.Assignment{Role: "resident", Scope: "/c/d/s1/v1"})
	set("secretary", policies.Assignment{Role: "secretary", Scope: "/c/d/s1/v1"}, policies.Assignment{Role: "resident", Scope: "/c/d/s1/v1"})
	// A street official who is also a village secretary is still refused what
	// the negative list forbids.
	set("both", policies.Assignment{Role: "street_official", Scope: "/c/d/s1"}, policies.Assignment{Role: "secretary", Scope: "/c/d/s1/v1"})

	names := func(hs []policies.Holder) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Subject+"@"+h.Scope)
		}
		slices.Sort(out)
		return out
	}
	cases := []struct {
		dom, obj, act string
		want          []string
	}{
		{"/c/d/s1/v1", "filing", "review", []string{"both@/c/d/s1", "official@/c/d/s1"}},
		{"/c/d/s1/v1", "objection", "answer", []string{"both@/c/d/s1/v1", "secretary@/c/d/s1/v1"}},
		{"/c/d/s1/v1", "vote", "close", []string{"secretary@/c/d/s1/v1"}},
		{"/c/d/s10/v3", "filing", "review", []string{"other-street@/c/d/s10"}},
	}
	for _, c := range cases {
		hs, err := e.Holders(c.dom, c.obj, c.act)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(hs); !slices.Equal(got, c.want) {
			t.Errorf("holders of %s.%s at %s: %v, want %v", c.obj, c.act, c.dom, got, c.want)
		}
	}
}
