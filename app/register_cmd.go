package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// registerPart is how many rows one write takes, as the page sends them:
// the embedded store writes a batch of this size in well under a second.
const registerPart = 2500

// runRegister imports register files from the command line, as the
// operator's page does (issue 15 (6)): every file is read and checked whole
// first, every bad row named by its line, field and reason; the good rows
// are then written in parts with progress. With -dir, every village under
// -under whose code names a file <code>.csv in the folder is imported: a
// whole county in one command. -check stops after the checking.
func runRegister(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("yishi register", flag.ContinueOnError)
	cfg := storeFlags(fs)
	village := fs.String("village", "", "path of the village, e.g. /gz/hd/hs/dt (with -in)")
	in := fs.String("in", "", "the village's register file (CSV, the header of README's 'Importing a register')")
	dir := fs.String("dir", "", "a folder of register files named <village code>.csv (with -under)")
	under := fs.String("under", "", "path of the county, district or street whose villages -dir holds")
	check := fs.Bool("check", false, "check the files and name every bad row; store nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*in == "") == (*dir == "") || (*in != "" && *village == "") || (*dir != "" && *under == "") {
		return errors.New("register: give -village and -in, or -dir and -under")
	}
	st, err := store.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		return err
	}
	jobs := map[string]string{} // village path → file
	if *in != "" {
		jobs[*village] = *in
	} else {
		all, err := orgs.List(ctx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Level != org.LevelVillage || !strings.HasPrefix(o.Path, strings.TrimSuffix(*under, "/")+"/") {
				continue
			}
			f := filepath.Join(*dir, o.Code+".csv")
			if _, err := os.Stat(f); err == nil {
				jobs[o.Path] = f
			}
		}
		if len(jobs) == 0 {
			return fmt.Errorf("register: no file in %s is named for a village under %s", *dir, *under)
		}
	}
	refused := 0
	for _, path := range slices.Sorted(maps.Keys(jobs)) { // one order, so two runs print alike
		n, err := importRegisterFile(ctx, orgs, path, jobs[path], *check, stdout)
		if err != nil {
			return err
		}
		refused += n
	}
	if refused > 0 {
		return fmt.Errorf("register: %d refused row(s), named above; fix them and import again (the rows stored stay as they are)", refused)
	}
	return nil
}

// importRegisterFile checks one village's file and, unless only checking,
// writes its good rows in parts; it answers how many rows were refused.
func importRegisterFile(ctx context.Context, orgs *org.Service, path, file string, checkOnly bool, stdout io.Writer) (int, error) {
	v, err := orgs.ByPath(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("register: village %s: %w", path, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return 0, fmt.Errorf("register: %w", err)
	}
	defer f.Close()
	rc, err := org.CheckRegister(f, time.Now(), 0, 500_000)
	if err != nil {
		return 0, fmt.Errorf("register: %s: %w", file, err)
	}
	for _, b := range rc.Bad {
		fmt.Fprintf(stdout, "%s line %d, %s: %s\n", file, b.Line, b.Field, b.Message)
	}
	fmt.Fprintf(stdout, "%s (%s): %d rows, %d good, %d refused\n", v.Name, path, rc.Rows, len(rc.Good), rc.Refused)
	if checkOnly {
		return rc.Refused, nil
	}
	var total org.ImportReport
	for i := 0; i < len(rc.Good); i += registerPart {
		part := rc.Good[i:min(i+registerPart, len(rc.Good))]
		r, err := orgs.ImportResidents(ctx, registerActor, v.ID, part)
		if err != nil {
			return 0, fmt.Errorf("register: %s rows %d–%d: %w", path, i+1, i+len(part), err)
		}
		total.Created, total.Updated, total.Unchanged = total.Created+r.Created, total.Updated+r.Updated, total.Unchanged+r.Unchanged
		fmt.Fprintf(stdout, "  %d of %d rows written\n", i+len(part), len(rc.Good))
	}
	fmt.Fprintf(stdout, "%s: %d added, %d updated, %d unchanged, %d refused\n", v.Name, total.Created, total.Updated, total.Unchanged, rc.Refused)
	return rc.Refused, nil
}

// registerActor is who the command-line import writes as in the village's
// audit chain: an operator at the machine, not an account.
var registerActor = web.Actor{AccountID: "register-command", Role: "operator"}
