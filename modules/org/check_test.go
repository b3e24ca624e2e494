package org

import (
	"strings"
	"testing"
	"time"
)

// TestCheckRegisterNamesEveryBadRowAndKeepsTheGood: one reading names every
// bad cell by its line in the whole file (a part's offset added), a row
// with a bad cell is not among the good ones, and a repeated number names the
// line it repeats.
func TestCheckRegisterNamesEveryBadRowAndKeepsTheGood(t *testing.T) {
	head := strings.Join(RegisterHeader, ",") + "\n"
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	file := head +
		"R1,H1,王大山,男,1960-02-29,,,是\n" +
		"R2,H1,王小花,X,2099-01-01,,,否\n" +
		"\n" +
		"R1,H2,赵四,男,1970-01-01,,,是\n" +
		"R3,H2,赵五,女,1971-01-01,,,否\n"
	chk, err := CheckRegister(strings.NewReader(file), today, 100, MaxCheckRows)
	if err != nil {
		t.Fatal(err)
	}
	if chk.Rows != 4 || chk.Refused != 2 || len(chk.Good) != 2 || chk.Good[1].No != "R3" || chk.GoodLines[1] != 106 {
		t.Fatalf("check: %+v", chk)
	}
	want := []BadCell{{Line: 103, Field: "gender"}, {Line: 103, Field: "birth_date"}, {Line: 105, Field: "resident_no"}}
	if len(chk.Bad) != len(want) {
		t.Fatalf("bad cells %+v", chk.Bad)
	}
	for i, w := range want {
		if chk.Bad[i].Line != w.Line || chk.Bad[i].Field != w.Field || chk.Bad[i].Message == "" || chk.Bad[i].MessageEn == "" {
			t.Errorf("bad cell %d: %+v, want %+v", i, chk.Bad[i], w)
		}
	}
	if !strings.Contains(chk.Bad[2].MessageEn, "repeats line 102") {
		t.Errorf("the repeat names %q", chk.Bad[2].MessageEn)
	}
	if _, err := CheckRegister(strings.NewReader("name\n"), today, 0, MaxCheckRows); err == nil {
		t.Error("a file without the header was read")
	}
}
