package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/account"
	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
	"yishi/modules/web"
	"yishi/policies"
)

type caseSubjects struct{}

func (caseSubjects) Subject(context.Context, string, string) (vote.Subject, error) {
	return vote.Subject{Title: "修缮祠堂", Category: "other"}, nil
}

// personal is every personal value the fixture stores, for the open-data
// test to look for.
type personal struct {
	names, phones, births, residentNos, accountIDs []string
}

// village builds a village with a register, accounts, a council, an open
// vote and a secret vote (both closed), a vote still open, a proposal and
// audit entries, through the modules' own services.
func village(t *testing.T, st *store.Store) (org.Org, personal) {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	city, _ := orgs.Ensure(ctx, org.NewOrg{Code: "gz", Name: "广州市", Level: org.LevelCity})
	district, _ := orgs.Ensure(ctx, org.NewOrg{Code: "hd", Name: "花都区", Level: org.LevelDistrict, ParentID: city.ID})
	street, _ := orgs.Ensure(ctx, org.NewOrg{Code: "hs", Name: "花山镇", Level: org.LevelStreet, ParentID: district.ID})
	v, err := orgs.Ensure(ctx, org.NewOrg{Code: "xl", Name: "小罗村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: street.ID})
	if err != nil {
		t.Fatal(err)
	}
	var p personal
	var rs []org.Resident
	for i := 0; i < 12; i++ {
		r := org.Resident{No: fmt.Sprintf("QX%03d", i), HouseholdNo: fmt.Sprintf("QH%02d", i/3), Name: fmt.Sprintf("罗%s", []string{"建国", "秀英", "志强", "桂兰", "伟明", "淑珍", "国华", "美玲", "德胜", "丽娟", "永福", "翠花"}[i]),
			Gender: "M", BirthDate: fmt.Sprintf("19%02d-0%d-1%d", 50+i, 1+i%9, i%9), Phone: fmt.Sprintf("1397%07d", 1000+i), HouseholdHead: i%3 == 0}
		rs = append(rs, r)
		p.names, p.phones, p.births, p.residentNos = append(p.names, r.Name), append(p.phones, r.Phone), append(p.births, r.BirthDate), append(p.residentNos, r.No)
	}
	if err := orgs.SeedResidents(ctx, v.ID, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.CreateBody(ctx, web.Actor{}, v.ID, org.NewBody{ID: "council", Kind: org.BodyCouncil, Name: "小罗村议事会",
		Members: []org.Member{{ResidentNo: "QX000", Role: org.MemberChair}, {ResidentNo: "QX001", Role: org.MemberSecretary}}}); err != nil {
		t.Fatal(err)
	}
	enforcer, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	accounts := account.NewService(st, enforcer, audit.New(), time.Hour)
	if err := accounts.Init(ctx); err != nil {
		t.Fatal(err)
	}
	for i, r := range rs[:4] {
		a, err := accounts.Create(ctx, web.Actor{}, account.NewAccount{Phone: r.Phone, Name: r.Name, Password: "backup-test-pw",
			Roles: []policies.Assignment{{Role: "resident", Scope: v.Path}}, VillageID: v.ID, ResidentNo: r.No})
		if err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
		p.accountIDs = append(p.accountIDs, a.ID)
	}
	// An account of another village stays out of the archive.
	if _, err := accounts.Create(ctx, web.Actor{}, account.NewAccount{Phone: "13600000000", Name: "外村人", Password: "backup-test-pw",
		Roles: []policies.Assignment{{Role: "street_official", Scope: street.Path}}}); err != nil {
		t.Fatal(err)
	}

	votes := vote.NewService(st, orgs, vote.Config{Audit: audit.New()})
	votes.RegisterSubjects("case", caseSubjects{})
	for _, secret := range []bool{false, true, false} {
		vt, err := votes.Open(ctx, v.ID, web.Actor{AccountID: p.accountIDs[0]}, vote.OpenRequest{SubjectKind: "case", SubjectID: "c1", MeetingKind: vote.VillagersMeeting, Secret: secret})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs[:6] {
			if _, err := votes.Cast(ctx, v.ID, vt.ID, vote.Voter{VillageID: v.ID, ResidentNo: r.No},
				vote.CastRequest{Choices: []string{[]string{"yes", "no"}[i%2]}, IdempotencyKey: fmt.Sprintf("backup-test-key-%04d", i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	list, err := votes.List(ctx, v.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, vt := range list[1:] { // the newest stays open
		// The vote service writes the vote.open and vote.close lines.
		if _, err := votes.Close(ctx, v.ID, vt.ID, web.Actor{AccountID: p.accountIDs[0]}); err != nil {
			t.Fatal(err)
		}
	}
	// A proposal as the proposal module stores it, author and all.
	if _, err := st.Village(v.ID).Collection("proposals").InsertOne(ctx, bson.M{"_id": "p1", "kind": "proposal", "body_id": "council",
		"title": "修缮村道", "body": "罗建国家门口的路", "category": "environment", "status": "submitted", "author": p.accountIDs[0],
		"author_name": rs[0].Name, "created_at": time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	return v, p
}

// dump is every document of a collection as canonical Extended JSON,
// sorted, so two stores compare exactly, types included.
func dump(t *testing.T, st *store.Store, db, coll string, filter bson.M) []string {
	t.Helper()
	d := st.Shared()
	if db != "" {
		d = st.Village(db)
	}
	cur, err := d.Collection(coll).Find(context.Background(), filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for cur.Next(context.Background()) {
		j, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(j))
	}
	return out
}

func collections(t *testing.T, st *store.Store, villageID string) []string {
	names, err := st.Village(villageID).ListCollectionNames(context.Background(), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestExportImportRoundTrip exports a village with votes, ballots, turnout,
// audit entries and accounts, imports the archive into a fresh store, and
// compares every document of every collection, the indexes, the org tree
// and the accounts; then the restored votes and audit chain verify, a
// second import is refused, and a corrupted archive is refused before
// anything is written.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := storetest.Open(t)
	v, p := village(t, src)
	var archive bytes.Buffer
	m, err := Export(ctx, src, v.ID, &archive)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Sensitive || m.VillagePath != v.Path {
		t.Fatalf("manifest %+v", m)
	}

	a, err := Read(bytes.NewReader(archive.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	dst := storetest.Open(t)
	restored, err := Import(ctx, dst, a)
	if err != nil {
		t.Fatal(err)
	}

	names := collections(t, src, v.ID)
	if got := collections(t, dst, v.ID); strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("collections differ:\n%v\n%v", names, got)
	}
	documents := 0
	for _, name := range names {
		want, got := dump(t, src, v.ID, name, bson.M{}), dump(t, dst, v.ID, name, bson.M{})
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Fatalf("collection %s differs after the round trip:\nwant %v\ngot  %v", name, want, got)
		}
		documents += len(want)
		wantIx, _ := listIndexes(ctx, src.Village(v.ID).Collection(name))
		gotIx, _ := listIndexes(ctx, dst.Village(v.ID).Collection(name))
		if fmt.Sprint(wantIx) != fmt.Sprint(gotIx) {
			t.Fatalf("indexes of %s differ: %v vs %v", name, wantIx, gotIx)
		}
	}
	for _, shared := range []struct {
		coll   string
		filter bson.M
		want   int
	}{{"orgs", bson.M{}, 4}, {"accounts", bson.M{"village_id": v.ID}, 4}} {
		want, got := dump(t, src, "", shared.coll, shared.filter), dump(t, dst, "", shared.coll, bson.M{})
		if len(want) != shared.want || strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Fatalf("%s differ: want %d %v\ngot %v", shared.coll, shared.want, want, got)
		}
		documents += len(want)
	}
	if restored.Documents != documents {
		t.Fatalf("import wrote %d documents, the stores hold %d", restored.Documents, documents)
	}
	for _, must := range []string{"votes", "electorates", "audit", "residents", "bodies", "proposals"} {
		if !contains(names, must) {
			t.Fatalf("the fixture has no %s collection: %v", must, names)
		}
	}

	// The restored village works: its chain and its closed votes verify,
	// and people log in with their passwords.
	was, err := audit.Verify(ctx, src.Village(v.ID))
	if err != nil || !was.OK || was.Entries < 5 {
		t.Fatalf("the source chain: %+v %v", was, err)
	}
	if r, err := audit.Verify(ctx, dst.Village(v.ID)); err != nil || !r.OK || r.Entries != was.Entries {
		t.Fatalf("restored chain: %+v %v, want the source's %d entries", r, err, was.Entries)
	}
	dstOrgs := org.NewService(dst, audit.New())
	report, err := vote.NewService(dst, dstOrgs, vote.Config{}).VerifyClosed(ctx, v.ID)
	if err != nil || !report.OK || report.Closed != 2 {
		t.Fatalf("restored votes: %+v %v", report, err)
	}
	enforcer, _ := policies.New()
	if _, err := account.NewService(dst, enforcer, audit.New(), time.Hour).Authenticate(ctx, p.phones[0], "backup-test-pw"); err != nil {
		t.Fatalf("log in after the restore: %v", err)
	}
	t.Logf("round trip: %d collections, %d documents, archive %d bytes", len(names), documents, archive.Len())

	// A second import into the same store is refused.
	if _, err := Import(ctx, dst, a); err == nil || !strings.Contains(err.Error(), ErrNotEmpty.Error()) {
		t.Fatalf("import over a restored village: %v", err)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// TestImportVerifiesChecksumsFirst: an archive whose file was changed after
// the export is refused by Read, before any store is touched.
func TestImportVerifiesChecksumsFirst(t *testing.T) {
	ctx := context.Background()
	src := storetest.Open(t)
	v, _ := village(t, src)
	var archive bytes.Buffer
	if _, err := Export(ctx, src, v.ID, &archive); err != nil {
		t.Fatal(err)
	}
	a, err := Read(bytes.NewReader(archive.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Rewrite the archive with one ballot changed, the manifest untouched.
	var changed bytes.Buffer
	files := map[string][]byte{}
	for name, data := range a.files {
		files[name] = data
	}
	for name, data := range files {
		if strings.HasPrefix(name, "village/ballots_") {
			files[name] = bytes.Replace(data, []byte(`"yes"`), []byte(`"no"`), 1)
		}
	}
	if err := rewrite(&changed, a.Manifest, files); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(&changed); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("a changed archive was read: %v", err)
	}
	if _, err := Read(strings.NewReader("not an archive")); err == nil {
		t.Fatal("garbage was read as an archive")
	}
}

// TestOpenDataHoldsNoPersonalData exports the village's open data and looks
// in every file for every name, phone number, birth date, resident number
// and account ID the store holds: none may appear; the public records do.
func TestOpenDataHoldsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	v, p := village(t, st)
	enforcer, _ := policies.New()
	set, err := CollectPublic(ctx, st, v.ID, enforcer.Published())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WritePublic(dir, set)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
		for kind, values := range map[string][]string{"name": p.names, "phone": p.phones, "birth date": p.births,
			"resident number": p.residentNos, "account ID": p.accountIDs} {
			for _, s := range values {
				if strings.Contains(string(data), s) {
					t.Errorf("%s holds a %s: %q", f, kind, s)
				}
			}
		}
		for _, field := range []string{"phone", "birth_date", "resident_no", "household_no", "voter", "author", "author_name", "password_hash", "receipt_hash", "members"} {
			if field == "members" {
				continue // a count, not who
			}
			if strings.Contains(string(data), `"`+field+`"`) || strings.Contains(string(data), ","+field+",") || strings.Contains(string(data), ","+field+"\n") {
				t.Errorf("%s has a field %s", f, field)
			}
		}
	}
	text := all.String()
	for _, public := range []string{"小罗村", "小罗村议事会", "修缮村道", "修缮祠堂", "ballots_hash", "/gz/hd/hs/xl"} {
		if !strings.Contains(text, public) {
			t.Errorf("the open data lacks %q", public)
		}
	}
	if len(set.Votes) != 2 || len(set.Proposals) != 1 || len(set.Bodies) != 1 || set.Bodies[0].Members != 2 || len(set.Policies) == 0 {
		t.Fatalf("open data: %d votes, %d proposals, %+v bodies, %d policy lines", len(set.Votes), len(set.Proposals), set.Bodies, len(set.Policies))
	}
	if set.Votes[0].Voters != 6 || set.Votes[0].Counts["yes"]+set.Votes[0].Counts["no"] != 6 {
		t.Fatalf("vote results: %+v", set.Votes[0])
	}
	t.Logf("open data: %d files, %d bytes, %d names, %d phones, %d birth dates, %d resident numbers, %d account IDs looked for",
		len(files), all.Len(), len(p.names), len(p.phones), len(p.births), len(p.residentNos), len(p.accountIDs))
}

// rewrite writes an archive of the given files and manifest, as Export
// lays them out.
func rewrite(w io.Writer, m Manifest, files map[string][]byte) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeEntry(tw, n, files[n], m.CreatedAt); err != nil {
			return err
		}
	}
	data, _ := json.Marshal(m)
	if err := writeEntry(tw, manifestName, data, m.CreatedAt); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
