package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"yishi/modules/audit"
	"yishi/modules/web"

	"yishi/modules/org"
	"yishi/modules/store"
)

// BenchmarkRegisterCounty runs `yishi register -dir -under` for a county:
// three streets, 60 villages of 1,500 residents and one urban community of
// 30,000 (120,000 rows), the first time and then the same files again.
// It reports the process's peak RSS.
//
//	go test ./app -run '^$' -bench RegisterCounty -benchtime 1x
func BenchmarkRegisterCounty(b *testing.B) {
	ctx := context.Background()
	dir, files := b.TempDir(), b.TempDir()
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		b.Fatal(err)
	}
	city, err := orgs.Create(ctx, web.Actor{}, org.NewOrg{Code: "bc", Name: "基准市", Level: org.LevelCity})
	if err != nil {
		b.Fatal(err)
	}
	county, err := orgs.Create(ctx, web.Actor{}, org.NewOrg{Code: "bx", Name: "基准县", Level: org.LevelDistrict, ParentID: city.ID})
	if err != nil {
		b.Fatal(err)
	}
	header := "resident_no,household_no,name,gender,birth_date,phone,group,household_head\n"
	village := func(street org.Org, code string, n int) {
		if _, err := orgs.Create(ctx, web.Actor{}, org.NewOrg{Code: code, Name: "村" + code, Level: org.LevelVillage, Kind: org.KindVillage, ParentID: street.ID}); err != nil {
			b.Fatal(err)
		}
		var f bytes.Buffer
		f.WriteString(header)
		for i := range n {
			fmt.Fprintf(&f, "R%06d,H%06d,村民%d,%s,19%02d-%02d-%02d,139%08d,%d组,%d\n",
				i, i/3, i, [2]string{"男", "女"}[i%2], 30+i%70, 1+i%12, 1+i%28, i, 1+i%9, map[bool]int{true: 1}[i%3 == 0])
		}
		if err := os.WriteFile(filepath.Join(files, code+".csv"), f.Bytes(), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	rows := 0
	for s := range 3 {
		street, err := orgs.Create(ctx, web.Actor{}, org.NewOrg{Code: fmt.Sprintf("s%d", s), Name: fmt.Sprintf("街道%d", s), Level: org.LevelStreet, ParentID: county.ID})
		if err != nil {
			b.Fatal(err)
		}
		for v := range 20 {
			village(street, fmt.Sprintf("v%d%02d", s, v), 1500)
			rows += 1500
		}
		if s == 0 {
			village(street, "big", 30000)
			rows += 30000
		}
	}
	if err := st.Close(ctx); err != nil {
		b.Fatal(err)
	}
	args := []string{"-data", dir, "-mongodb-uri", "", "-dir", files, "-under", "/bc/bx"}
	for _, run := range []string{"first", "again"} {
		b.Run(run, func(b *testing.B) {
			for b.Loop() {
				var out bytes.Buffer
				if err := runRegister(ctx, args, io.MultiWriter(&out)); err != nil {
					b.Fatalf("%v\n%s", err, out.String())
				}
				if want := map[string]string{"first": "30000 added", "again": "30000 unchanged"}[run]; !strings.Contains(out.String(), want) {
					b.Fatalf("no %q in\n%s", want, out.String())
				}
			}
			b.ReportMetric(float64(rows), "rows")
			var ru syscall.Rusage
			if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
				b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
			}
		})
	}
}
