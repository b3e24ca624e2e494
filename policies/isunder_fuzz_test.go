package policies_test

import (
	"strings"
	"testing"

	"yishi/policies"
)

// FuzzIsUnder checks the domain matching the whole permission model rests
// on: a path is under itself and its ancestors, and never under a sibling
// that merely shares a prefix (the keyMatch leak: /s1 must not hold /s10).
func FuzzIsUnder(f *testing.F) {
	f.Add("/gz/hd/hs/dt", "/gz/hd/hs")
	f.Add("/gz/hd/hs10", "/gz/hd/hs")
	f.Add("/", "/")
	f.Add("/a", "/a/b")
	f.Add("", "/")
	f.Fuzz(func(t *testing.T, path, scope string) {
		got := policies.IsUnder(path, scope)
		// Reference: split into segments and compare segment by segment.
		want := false
		switch {
		case scope == "/":
			want = strings.HasPrefix(path, "/")
		case path == scope:
			want = true
		default:
			ps, ss := strings.Split(path, "/"), strings.Split(scope, "/")
			if len(ps) > len(ss) {
				want = true
				for i := range ss {
					if ps[i] != ss[i] {
						want = false
					}
				}
			}
		}
		if got != want {
			t.Fatalf("IsUnder(%q, %q) = %v, want %v", path, scope, got, want)
		}
		if scope != "/" && strings.HasPrefix(scope, "/") && !strings.HasSuffix(scope, "/") {
			if !policies.IsUnder(scope+"/x", scope) || policies.IsUnder(scope+"x", scope) {
				t.Fatalf("child/sibling rule broken for %q", scope)
			}
		}
	})
}
