package org

import (
	"strings"
	"testing"
	"time"
)

// TestRegisterFollowsTheTextRule: a register file is held to the text rule
// of every request (web.CleanText): a name with a NUL or a U+FFFD is
// refused, and names are stored in NFC.
func TestRegisterFollowsTheTextRule(t *testing.T) {
	head := strings.Join(RegisterHeader, ",") + "\n"
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"王\x00大山", "王\ufffd山", "王\x1b山"} {
		if _, err := ParseRegister(strings.NewReader(head+"R1,H1,"+name+",男,1960-02-29,,,是\n"), today); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	rows, err := ParseRegister(strings.NewReader(head+"R1,H1,Jose\u0301,男,1960-02-29,,,是\n"), today)
	if err != nil || rows[0].Name != "José" {
		t.Fatalf("rows %+v, %v: the name is not in NFC", rows, err)
	}
}
