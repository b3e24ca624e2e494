package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"yishi/modules/backup"
	"yishi/modules/store"
	"yishi/policies"
)

// The backup subcommands, run with the server stopped (the embedded store's
// files belong to one process) or against MONGODB_URI:
//
//	yishi export --village ID --out FILE            the village's whole record (.tar.gz)
//	yishi export --village ID --public --out DIR    its open data, no personal data (CSV and JSON)
//	yishi import --in FILE                          restore an archive into an empty village
//
// A full archive holds names, phone numbers, birth dates, open ballots and
// password hashes: it is as sensitive as the store (see docs/privacy.md).

// storeFlags adds the store's flags, with the same defaults and environment
// variables as the server's.
func storeFlags(fs *flag.FlagSet) *store.Config {
	var c store.Config
	fs.StringVar(&c.DataDir, "data", envOr("YISHI_DATA", "data"), "data folder of the embedded store (env YISHI_DATA)")
	fs.StringVar(&c.URI, "mongodb-uri", os.Getenv("MONGODB_URI"), "MongoDB URI; empty opens the embedded store (env MONGODB_URI)")
	fs.StringVar(&c.Prefix, "db-prefix", envOr("YISHI_DB_PREFIX", "yishi"), "prefix of database names (env YISHI_DB_PREFIX)")
	return &c
}

func runExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("yishi export", flag.ContinueOnError)
	cfg := storeFlags(fs)
	village := fs.String("village", "", "ID of the village to export")
	out := fs.String("out", "", "archive file to write (with --public: a folder)")
	public := fs.Bool("public", false, "write only public records, without personal data, as CSV and JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *village == "" || *out == "" {
		return errors.New("export: --village and --out are required")
	}
	st, err := store.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if *public {
		e, err := policies.New()
		if err != nil {
			return err
		}
		set, err := backup.CollectPublic(ctx, st, *village, e.Published())
		if err != nil {
			return err
		}
		files, err := backup.WritePublic(*out, set)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "open data of %s (%s) in %s: %v\n", set.Org.Name, set.Org.Path, *out, files)
		return nil
	}
	// Written beside the target and renamed, so a failed export leaves no
	// half archive under the name; readable by its owner only.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".yishi-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	m, err := backup.Export(ctx, st, *village, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	docs := 0
	for _, f := range m.Files {
		docs += f.Documents
	}
	fmt.Fprintf(stdout, "exported %s (%s): %d files, %d documents to %s\n", m.VillageName, m.VillagePath, len(m.Files), docs, *out)
	fmt.Fprintln(stdout, "the archive holds personal data and password hashes: keep it encrypted and private")
	return nil
}

func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("yishi import", flag.ContinueOnError)
	cfg := storeFlags(fs)
	in := fs.String("in", "", "archive file written by yishi export")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("import: --in is required")
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	// Checksums first: nothing is written from an archive that fails them.
	a, err := backup.Read(f)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	r, err := backup.Import(ctx, st, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s (%s): %d collections, %d documents (%d shared documents already present)\n",
		a.Manifest.VillageName, a.Manifest.VillagePath, r.Collections, r.Documents, r.Skipped)
	return nil
}
