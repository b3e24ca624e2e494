package org

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"yishi/modules/audit"
	"yishi/modules/web"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/store/storetest"
)

func digestVillage(t *testing.T) (*Service, string) {
	t.Helper()
	st := storetest.Open(t)
	svc := NewService(st, audit.New())
	ctx := context.Background()
	if err := svc.Init(ctx); err != nil {
		t.Fatal(err)
	}
	parent := ""
	for _, o := range []NewOrg{{Code: "c", Name: "市", Level: LevelCity}, {Code: "d", Name: "区", Level: LevelDistrict},
		{Code: "s", Name: "街道", Level: LevelStreet}, {Code: "v", Name: "村", Level: LevelVillage}} {
		o.ParentID = parent
		got, err := svc.Create(ctx, web.Actor{}, o)
		if err != nil {
			t.Fatal(err)
		}
		parent = got.ID
	}
	return svc, parent
}

func importText(t *testing.T, svc *Service, village, rows string) ImportReport {
	t.Helper()
	good, err := ParseRegister(strings.NewReader(strings.Join(RegisterHeader, ",")+"\n"+rows), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := svc.ImportResidents(context.Background(), web.Actor{}, village, good)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// checkHouseholds reads the households as stored and as derived from the whole
// register: the two must agree after every import.
func checkHouseholds(t *testing.T, svc *Service, village string, want int) {
	t.Helper()
	ctx := context.Background()
	var stored []Household
	cur, err := svc.store.Village(village).Collection(collHouseholds).Find(ctx, bson.M{})
	if err == nil {
		err = cur.All(ctx, &stored)
	}
	if err != nil {
		t.Fatal(err)
	}
	all, err := svc.allResidents(ctx, village)
	if err != nil {
		t.Fatal(err)
	}
	d := &registerDigest{entries: map[string]digestEntry{}}
	for _, r := range all {
		d.entries[r.No] = entryOf(r)
	}
	wantSet := map[string]bool{}
	for _, r := range all {
		wantSet[r.HouseholdNo] = true
	}
	derived := d.households(wantSet)
	slices.SortFunc(stored, func(a, b Household) int { return strings.Compare(a.No, b.No) })
	var got, exp []string
	for _, h := range stored {
		got = append(got, fmt.Sprint(h))
	}
	for _, no := range slices.Sorted(maps.Keys(derived)) {
		exp = append(exp, fmt.Sprint(derived[no]))
	}
	if !slices.Equal(got, exp) || len(stored) != want {
		t.Fatalf("households stored %v, derived from the register %v, want %d", got, exp, want)
	}
}

// TestImportComparesWithTheDigest: an import compares a file with the
// register's digest, so the same file twice writes nothing; a changed row
// is updated and the households it leaves and joins are derived again; a
// digest that is dirty or wrong is derived again from the register and no
// resident of the register is lost.
func TestImportComparesWithTheDigest(t *testing.T) {
	svc, v := digestVillage(t)
	ctx := context.Background()
	file := "A1,H1,王大山,男,1960-02-01,,一组,1\nA2,H1,王小花,女,1990-06-01,,一组,0\nA3,H2,赵四,男,1990-12-31,,二组,1\n"
	if rep := importText(t, svc, v, file); rep.Created != 3 || rep.Households != 2 {
		t.Fatalf("first import: %+v", rep)
	}
	checkHouseholds(t, svc, v, 2)
	if rep := importText(t, svc, v, file); rep.Unchanged != 3 || rep.Created+rep.Updated != 0 || rep.Households != 2 {
		t.Fatalf("the same file again: %+v", rep)
	}
	// A2 moves to a new household as its head; A3 changes name.
	if rep := importText(t, svc, v, "A2,H3,王小花,女,1990-06-01,,三组,1\nA3,H2,赵四海,男,1990-12-31,,二组,1\nA1,H1,王大山,男,1960-02-01,,一组,1\n"); rep.Updated != 2 || rep.Unchanged != 1 || rep.Households != 3 {
		t.Fatalf("two changed rows: %+v", rep)
	}
	checkHouseholds(t, svc, v, 3)
	// A2 leaves H3 empty: the household goes.
	if rep := importText(t, svc, v, "A2,H1,王小花,女,1990-06-01,,一组,0\n"); rep.Updated != 1 || rep.Households != 2 {
		t.Fatalf("back to H1: %+v", rep)
	}
	checkHouseholds(t, svc, v, 2)

	// A writer that does not keep the digest: it is derived again.
	seed, err := ParseRegister(strings.NewReader(strings.Join(RegisterHeader, ",")+"\nA9,H9,新人,男,1980-01-01,,,0\n"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SeedResidents(ctx, v, seed); err != nil {
		t.Fatal(err)
	}
	if rep := importText(t, svc, v, "A9,H9,新人,男,1980-01-01,,,0\nA4,H2,赵五,男,1992-01-01,,二组,0\n"); rep.Unchanged != 1 || rep.Created != 1 || rep.Households != 3 {
		t.Fatalf("after a seed: %+v", rep)
	}
	checkHouseholds(t, svc, v, 3)

	// A digest that is clean but misses residents (say, a lost write): the
	// import fails rather than delete or double a resident, and the next
	// import derives the digest again.
	if _, err := svc.store.Village(v).Collection(collDigests).DeleteMany(ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	good, _ := ParseRegister(strings.NewReader(strings.Join(RegisterHeader, ",")+"\nA1,H1,王大山,男,1960-02-01,,一组,1\nA5,H5,钱六,女,1970-01-01,,五组,1\n"), time.Now())
	if _, err := svc.ImportResidents(ctx, web.Actor{}, v, good); err == nil {
		t.Fatal("an import against a digest missing A1 succeeded")
	}
	all, err := svc.allResidents(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	var nos []string
	for _, r := range all {
		nos = append(nos, r.No)
	}
	slices.Sort(nos)
	if strings.Join(nos, " ") != "A1 A2 A3 A4 A9" {
		t.Fatalf("after the failed import the register holds %v", nos)
	}
	if rep := importText(t, svc, v, "A1,H1,王大山,男,1960-02-01,,一组,1\nA5,H5,钱六,女,1970-01-01,,五组,1\n"); rep.Unchanged != 1 || rep.Created != 1 || rep.Households != 4 {
		t.Fatalf("after the failure: %+v", rep)
	}
	checkHouseholds(t, svc, v, 4)

	// Past maxChunks imports the digest is written again as one: still exact.
	var all40 strings.Builder
	for i := range maxChunks + 3 {
		row := fmt.Sprintf("B%02d,H5,钱%d,女,1970-01-01,,五组,0\n", i, i)
		all40.WriteString(row)
		if rep := importText(t, svc, v, row); rep.Created != 1 {
			t.Fatalf("row %d: %+v", i, rep)
		}
	}
	if rep := importText(t, svc, v, all40.String()); rep.Unchanged != maxChunks+3 || rep.Households != 4 {
		t.Fatalf("after many small imports, the same rows: %+v", rep)
	}
	checkHouseholds(t, svc, v, 4)
}

// TestImportInPartsMatchesOneImport: a file imported in parts leaves the
// same register and households as one import, and again changes nothing.
func TestImportInPartsMatchesOneImport(t *testing.T) {
	svc, v := digestVillage(t)
	ctx := context.Background()
	file := registerCSV(2500)
	rep, err := importLikeThePage(ctx, svc, v, file)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2500 || rep.Households != 834 {
		t.Fatalf("in parts: %+v", rep)
	}
	checkHouseholds(t, svc, v, 834)
	if rep, err = importLikeThePage(ctx, svc, v, bytes.Clone(file)); err != nil || rep.Unchanged != 2500 {
		t.Fatalf("again: %+v %v", rep, err)
	}
}
