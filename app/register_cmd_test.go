package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
)

// TestRegisterCommandImportsAStreetsVillages: `yishi register -dir -under`
// imports every village's file named by its code, names each bad row by
// line and field, stores the good rows, and a second run changes nothing.
func TestRegisterCommandImportsAStreetsVillages(t *testing.T) {
	dir := t.TempDir()
	ta := startTestAppIn(t, dir)
	ta.stop()
	files := t.TempDir()
	header := "resident_no,household_no,name,gender,birth_date,phone,group,household_head\n"
	write := func(name, rows string) {
		if err := os.WriteFile(filepath.Join(files, name), []byte(header+rows), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("xl.csv", "R101,H51,王五,男,1970-05-01,13900000101,一组,是\nR102,H51,赵六,女,1972-08-09,,一组,否\n")
	write("ph.csv", "R201,H61,钱七,男,1960-01-01,,二组,是\nR202,H61,孙八,女,not-a-date,,二组,否\n")
	args := []string{"register", "-data", dir, "-mongodb-uri", "", "-dir", files, "-under", "/gz/hd/hs"}
	var out bytes.Buffer
	err := runRegister(context.Background(), args[1:], &out)
	if err == nil || !strings.Contains(err.Error(), "1 refused row(s)") {
		t.Fatalf("a file with a bad row: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ph.csv line 3, birth_date:") {
		t.Errorf("the bad row is not named by its line and field:\n%s", out.String())
	}
	out.Reset()
	_ = runRegister(context.Background(), args[1:], &out)
	for _, want := range []string{"小罗村: 0 added, 0 updated, 2 unchanged", "平和村: 0 added, 0 updated, 1 unchanged"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("a second run: no %q in\n%s", want, out.String())
		}
	}

	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	orgs := org.NewService(st, audit.New())
	for path, want := range map[string]string{"/gz/hd/hs/xl": "R102", "/gz/hd/hs/ph": "R201"} {
		v, err := orgs.ByPath(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := orgs.Resident(context.Background(), v.ID, want); err != nil {
			t.Errorf("%s: resident %s not stored: %v", path, want, err)
		}
	}
}
