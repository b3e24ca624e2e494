package org

import (
	"strings"
	"testing"
	"time"

	"yishi/modules/web"
)

// FuzzParseRegister: any file either parses into rows that each meet the
// register's rules, or is refused whole with a 422 that names lines; it
// never panics.
func FuzzParseRegister(f *testing.F) {
	head := strings.Join(RegisterHeader, ",") + "\n"
	f.Add(head + "R1,H1,王大山,男,1960-02-29,13900000001,一组,是\n")
	f.Add(head + "R1,H1,\"赵,四\",F,1990-12-31,,,0\nR2,H1,x,M,2000-01-01,,,\n")
	f.Add("\ufeff" + head + "R1,H1,a,M,1970-01-01,,,1\n")
	f.Add(head + "R1,H1,,X,1970-13-01,123,g,maybe\n")
	f.Add(head + "\"unclosed,M\n")
	f.Add("")
	f.Add("resident_no\n")
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, file string) {
		rows, err := ParseRegister(strings.NewReader(file), today)
		if err != nil {
			we, ok := err.(*web.Error)
			if !ok || we.Status != 422 || len(we.Fields) == 0 {
				t.Fatalf("refusal is not a 422 naming lines: %#v", err)
			}
			if rows != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if !validNo(r.No) || !validNo(r.HouseholdNo) || r.Name == "" || (r.Gender != "M" && r.Gender != "F") || seen[r.No] {
				t.Fatalf("accepted a bad row: %+v", r)
			}
			if _, ok := AgeOn(r.BirthDate, today); !ok {
				t.Fatalf("accepted a bad birth date: %+v", r)
			}
			if r.Phone != "" && !web.IsPhone(r.Phone) {
				t.Fatalf("accepted a bad phone: %+v", r)
			}
			seen[r.No] = true
		}
	})
}
