package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"yishi/modules/vote"
)

// runRecount recomputes a closed vote's published ballot box from the
// downloaded document alone (issue 21 (6)): `yishi recount -in box.json`
// checks that the receipts and ballots are sorted lists, one receipt per
// ballot, and that the counts, the decision and the box's final hash
// recompute to those the close stored; with -receipt CODE it also says
// whether that receipt's ballot is in the box. Any mismatch is an error
// naming it. It needs no server, no store and no account.
func runRecount(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("yishi recount", flag.ContinueOnError)
	in := fs.String("in", "", "the ballot box downloaded from the vote's result page (JSON; - for standard input)")
	receipt := fs.String("receipt", "", "a receipt code to look for in the box (20 characters, spaces and dashes allowed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("recount: -in names the downloaded ballot box (e.g. -in ballot-box.json)")
	}
	var r io.Reader = os.Stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fmt.Errorf("recount: %w", err)
		}
		defer f.Close()
		r = f
	}
	var box vote.Box
	dec := json.NewDecoder(r)
	if err := dec.Decode(&box); err != nil {
		return fmt.Errorf("recount: %s is not a ballot box document: %w", *in, err)
	}
	got, err := vote.Recount(box)
	if err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	fmt.Fprintf(stdout, "vote %s %s\n", got.VoteID, got.Title)
	fmt.Fprintf(stdout, "ballots %d, receipts %d (%s)\n", got.Ballots, got.Receipts, got.Scheme)
	for _, k := range slices.Sorted(maps.Keys(got.Counts)) {
		fmt.Fprintf(stdout, "  %s: %d passed=%v\n", k, got.Counts[k], got.Passed[k])
	}
	fmt.Fprintf(stdout, "adopted %v\n", got.Adopted)
	if got.HashChecked {
		fmt.Fprintf(stdout, "final hash %s: recomputed, matches the result stored at the close\n", got.BoxHash)
	} else {
		fmt.Fprintf(stdout, "final hash %s: not recomputable (closed before the published box); counts recomputed\n", got.BoxHash)
	}
	if *receipt != "" {
		code := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(*receipt))
		if !box.HasReceipt(code) {
			return fmt.Errorf("recount: receipt %s is not in the box: its ballot was not counted (object during the notice period, citing the code)", code)
		}
		fmt.Fprintf(stdout, "receipt %s: in the box\n", code)
	}
	fmt.Fprintln(stdout, "OK")
	return nil
}
