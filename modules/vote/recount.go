package vote

import (
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Recount recomputes a published box (published.go) from its lists alone,
// as anyone holding the downloaded document can (`yishi recount -in
// box.json`): the lists must be sorted, every ballot must choose options of
// the vote, a secret vote must have as many receipts as ballots, and the
// counts, the decision and the final hash recomputed from the ballots must
// be the ones the close stored. The first thing that does not hold is the
// error, in words.

// Recounted is what a recount found.
type Recounted struct {
	VoteID   string          `json:"vote_id"`
	Title    string          `json:"title"`
	Scheme   string          `json:"scheme"`
	Ballots  int             `json:"ballots"`
	Receipts int             `json:"receipts"`
	Counts   map[string]int  `json:"counts"`
	Passed   map[string]bool `json:"passed"`
	Adopted  bool            `json:"adopted"`
	BoxHash  string          `json:"box_hash"`
	// HashChecked is false for a vote closed before the box, whose hash
	// covered receipts paired with choices.
	HashChecked bool `json:"hash_checked"`
}

// RecountError says what in a published box does not recompute.
type RecountError struct{ What string }

func (e *RecountError) Error() string { return "the ballot box does not recount: " + e.What }

func bad(format string, args ...any) error { return &RecountError{What: fmt.Sprintf(format, args...)} }

// Recount checks a published box and returns what it recomputes to.
func Recount(b Box) (Recounted, error) {
	v := b.Vote
	if b.Format != BoxFormat {
		return Recounted{}, bad("the document is not a Yishi ballot box (format %q, want %q)", b.Format, BoxFormat)
	}
	if v.Status != StatusClosed || v.Result == nil {
		return Recounted{}, bad("the vote %s is not closed: a box is published only after the close", v.ID)
	}
	if err := checkLists(b); err != nil {
		return Recounted{}, err
	}
	k := counted{online: map[string]int{}, ballots: len(b.Ballots)}
	lines := make([]string, len(b.Ballots))
	for i, ballot := range b.Ballots {
		lines[i] = strings.Join(ballot, ",")
		for _, ch := range ballot {
			k.online[ch]++
		}
	}
	k.voters = len(b.Turnout)
	// Households are not published with a secret vote's turnout: the count
	// present online is taken from the stored result.
	k.households = v.Result.HouseholdsPresent
	for _, e := range countingEntries(b.Channels) {
		k.households -= e.Households
	}
	hashChecked := true
	switch {
	case b.Scheme == "box1" && v.Secret:
		k.box, k.receipts = true, b.Receipts
		k.set = muSetOfLines(lines).String()
	case b.Scheme == "mu1" && !v.Secret:
		named := make([]string, len(b.Named))
		for i, nb := range b.Named {
			named[i] = openLine(nb)
		}
		k.voters, k.set = len(b.Named), muSetOfLines(named).String()
	default:
		// A secret vote closed before the box: its hash paired receipts
		// with choices, which are no longer published together.
		hashChecked = false
	}
	r, _ := assemble(v, k, b.Channels)
	if err := sameResult(r, *v.Result, false); err != nil {
		return Recounted{}, err
	}
	if k.box && k.set != b.BallotsSet {
		return Recounted{}, bad("the ballots' multiset hash is %s, the document says %s", short(k.set), short(b.BallotsSet))
	}
	if got := receiptsHash(b.Receipts); got != b.ReceiptsHash {
		return Recounted{}, bad("the receipts hash to %s, the document says %s", short(got), short(b.ReceiptsHash))
	}
	if err := sameResult(r, *v.Result, hashChecked); err != nil {
		return Recounted{}, err
	}
	if hashChecked && r.BallotsHash != b.BoxHash {
		return Recounted{}, bad("the box's final hash recomputes to %s, the document says %s", short(r.BallotsHash), short(b.BoxHash))
	}
	return Recounted{VoteID: v.ID, Title: v.Title, Scheme: b.Scheme, Ballots: len(b.Ballots), Receipts: len(b.Receipts),
		Counts: r.Counts, Passed: r.Passed, Adopted: r.Adopted, BoxHash: r.BallotsHash, HashChecked: hashChecked}, nil
}

// checkLists holds the lists to their layout: sorted by value, ballots
// of the vote's options, receipts one per ballot.
func checkLists(b Box) error {
	for i, r := range b.Receipts {
		if _, err := hex.DecodeString(r); err != nil || len(r) != 64 {
			return bad("receipt %d (%q) is not a receipt hash of 64 hex digits", i+1, r)
		}
		if i > 0 && b.Receipts[i-1] >= r {
			return bad("the receipts are not sorted, or one is listed twice: receipt %d (%s) after %s", i+1, r, b.Receipts[i-1])
		}
	}
	options := map[string]bool{}
	for _, o := range b.Vote.Options {
		options[o.Key] = true
	}
	for i, ballot := range b.Ballots {
		if len(ballot) == 0 {
			return bad("ballot %d chooses nothing", i+1)
		}
		if !slices.IsSorted(ballot) {
			return bad("ballot %d's choices %v are not sorted", i+1, ballot)
		}
		for _, ch := range ballot {
			if !options[ch] {
				return bad("ballot %d chooses %q, which is not an option of the vote", i+1, ch)
			}
		}
		if i > 0 && strings.Join(b.Ballots[i-1], ",") > strings.Join(ballot, ",") {
			return bad("the ballots are not sorted: ballot %d (%v) after %v", i+1, ballot, b.Ballots[i-1])
		}
	}
	if len(b.Receipts) != len(b.Ballots) {
		return bad("%d receipts but %d ballots: every counted ballot has one receipt", len(b.Receipts), len(b.Ballots))
	}
	if !b.Vote.Secret {
		return checkNamed(b)
	}
	if !slices.IsSorted(b.Turnout) {
		return bad("the turnout is not sorted")
	}
	return nil
}

// checkNamed holds a named vote's list of ballots to the two lists.
func checkNamed(b Box) error {
	if len(b.Named) != len(b.Ballots) {
		return bad("%d named ballots but %d ballots", len(b.Named), len(b.Ballots))
	}
	var lines, receipts []string
	for _, nb := range b.Named {
		lines = append(lines, ballotLine(nb.Choices))
		receipts = append(receipts, nb.Receipt)
	}
	slices.Sort(lines)
	slices.Sort(receipts)
	for i, l := range lines {
		if l != strings.Join(b.Ballots[i], ",") {
			return bad("the named ballots do not match the list of ballots at ballot %d", i+1)
		}
		if receipts[i] != b.Receipts[i] {
			return bad("the named ballots do not match the list of receipts at receipt %d", i+1)
		}
	}
	return nil
}

// sameResult compares the recomputed result with the stored one.
func sameResult(got, stored Result, hash bool) error {
	keys := slices.Sorted(maps.Keys(stored.Counts))
	for _, k := range keys {
		if got.Counts[k] != stored.Counts[k] {
			return bad("%q has %d votes in the result but %d in the published ballots", k, stored.Counts[k], got.Counts[k])
		}
	}
	for k, n := range got.Counts {
		if _, ok := stored.Counts[k]; !ok && n > 0 {
			return bad("the published ballots count %d for %q, which the result does not have", n, k)
		}
	}
	if got.Voters != stored.Voters {
		return bad("%d voters in the result but %d in the published turnout and counts", stored.Voters, got.Voters)
	}
	if got.Adopted != stored.Adopted {
		return bad("the result says adopted=%v, the ballots give adopted=%v", stored.Adopted, got.Adopted)
	}
	if hash && got.BallotsHash != stored.BallotsHash {
		return bad("the ballots hash to %s, the result stored at the close says %s", short(got.BallotsHash), short(stored.BallotsHash))
	}
	return nil
}

// HasReceipt says whether the box lists the ballot of a receipt code.
func (b Box) HasReceipt(code string) bool {
	_, found := slices.BinarySearch(b.Receipts, ReceiptHash(b.Vote.ID, code))
	return found
}

// short is a hash as a message quotes it.
func short(h string) string {
	if len(h) > 21 {
		return h[:21] + "…"
	}
	return h
}
