package household

import (
	"regexp"
	"testing"
)

var token = regexp.MustCompile(`^[a-z2-7]{32}$`)

// Codes are random, of the printed shape, and typed codes are read the way
// people type them (small letters, spaces, a dash); anything else is no code.
func TestCodesAndTypedShortCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		tok, short := newCodes()
		if !token.MatchString(tok) || NormalizeShort(short) != short || seen[tok] || seen[short] {
			t.Fatalf("codes %q %q (repeated: %v)", tok, short, seen[tok] || seen[short])
		}
		seen[tok], seen[short] = true, true
		printed := PrintedShort(short)
		for _, typed := range []string{printed, short, " " + printed[:4] + " " + printed[5:] + " "} {
			if NormalizeShort(typed) != short {
				t.Fatalf("%q read as %q, want %q", typed, NormalizeShort(typed), short)
			}
		}
	}
	for _, bad := range []string{"", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGI", "ABCD;EFGH", "ＡＢＣＤ-ＥＦＧＨ"} {
		if got := NormalizeShort(bad); got != "" {
			t.Errorf("%q read as %q", bad, got)
		}
	}
	if Surname("陈建国") != "陈" || Surname("") != "" {
		t.Fatal("surname")
	}
}
