package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"yishi/modules/vote"
)

// boxVote opens a secret vote in 东田社区 and has six residents cast one
// after another in a known order: yes, yes, yes, no, no, abstain. It
// returns the vote and the receipt codes in the order of casting.
func boxVote(t *testing.T, k *propKit) (*client, vote.Vote, []string) {
	t.Helper()
	k.ta.votes.RegisterSubjects("case", tamperSubjects{})
	secretary := k.ta.login(t, "13800000002")
	var v vote.Vote
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/votes", map[string]any{"subject_kind": "case", "subject_id": "c1",
		"meeting_kind": "residents_meeting", "secret": true}, 201, &v)
	var codes []string
	for i, choice := range []string{"yes", "yes", "yes", "no", "no", "abstain"} {
		voter := k.account("/gz/hd/hs/dt", []string{"R006", "R007", "R009", "R010", "R011", "R013"}[i])
		var r vote.Receipt
		voter.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{choice}}, 201, &r)
		codes = append(codes, r.Code)
		// Nothing of the box is published while the vote runs.
		voter.mustError("GET", "/api/v1/orgs/"+k.dt+"/votes/"+v.ID+"/box", nil, 409, "vote_not_closed")
	}
	return secretary, v, codes
}

// recountFile writes a document and runs the documented command on it.
func recountFile(t *testing.T, doc []byte, args ...string) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "box.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := runRecount(append([]string{"-in", path}, args...), &out)
	return out.String(), err
}

// TestPublishedBoxRecountsByTheDocumentedCommand (issue 21 (6)): after the
// close, the downloaded box lists every receipt of the casts and the
// ballots, each list sorted by value and not in the order of casting;
// `yishi recount -in box.json` recomputes the counts and the final hash,
// which are the result's and the audit chain's; a resident's receipt is
// found in it. Nothing pairs a receipt with a choice: not the box, not
// /published, not the receipt check.
func TestPublishedBoxRecountsByTheDocumentedCommand(t *testing.T) {
	k := newPropKit(t)
	secretary, v, codes := boxVote(t, k)
	base := "/api/v1/orgs/" + k.dt + "/votes/" + v.ID
	secretary.mustError("GET", base+"/published", nil, 409, "vote_not_closed")
	secretary.mustJSON("POST", base+"/close", nil, 200, &v)

	resident := k.ta.login(t, demoResidentPhone)
	status, doc := resident.do("GET", base+"/box?download=1", nil)
	if status != 200 {
		t.Fatalf("download the box: %d %s", status, doc)
	}
	var box vote.Box
	if err := json.Unmarshal(doc, &box); err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(codes))
	for i, c := range codes {
		want[i] = vote.ReceiptHash(v.ID, c)
	}
	castOrder := slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(box.Receipts, want) {
		t.Fatalf("receipts %v, want the casts' receipts sorted %v", box.Receipts, want)
	}
	if slices.Equal(castOrder, want) {
		t.Log("the casts' receipts happened to be in sorted order")
	}
	lines := make([]string, len(box.Ballots))
	for i, b := range box.Ballots {
		lines[i] = strings.Join(b, ",")
	}
	if got := strings.Join(lines, " "); got != "abstain no no yes yes yes" {
		t.Fatalf("ballots %q, want sorted by value (cast as yes yes yes no no abstain)", got)
	}
	if box.BoxHash != v.Result.BallotsHash || !strings.HasPrefix(box.BoxHash, "box1:") || !box.Chained || box.Scheme != "box1" {
		t.Fatalf("box hash %s (scheme %s, chained %v), result %s", box.BoxHash, box.Scheme, box.Chained, v.Result.BallotsHash)
	}
	if bytes.Contains(doc, []byte(`"receipt_hash"`)) {
		t.Fatal("the box pairs a receipt hash with something")
	}

	out, err := recountFile(t, doc, "-receipt", strings.ToLower(codes[2][:4]+" "+codes[2][4:]))
	if err != nil {
		t.Fatalf("recount of the downloaded box: %v\n%s", err, out)
	}
	for _, line := range []string{"ballots 6, receipts 6 (box1)", "  yes: 3 passed=", "  no: 2 ", "  abstain: 1 ", "final hash " + v.Result.BallotsHash + ": recomputed", "receipt " + codes[2] + ": in the box", "OK"} {
		if !strings.Contains(out, line) {
			t.Errorf("recount output lacks %q:\n%s", line, out)
		}
	}
	if _, err := recountFile(t, doc, "-receipt", "AAAAAAAAAAAAAAAAAAAA"); err == nil || !strings.Contains(err.Error(), "is not in the box") {
		t.Errorf("a receipt not in the box: %v", err)
	}

	// Nothing else pairs a receipt with a choice.
	_, pub := resident.do("GET", base+"/published", nil)
	if bytes.Contains(pub, []byte("receipt_hash")) {
		t.Errorf("/published pairs receipts with ballots: %s", pub)
	}
	var rc vote.ReceiptCheck
	resident.mustJSON("GET", base+"/receipts/"+codes[0], nil, 200, &rc)
	if !rc.Found || rc.Choices != nil {
		t.Errorf("the receipt check of a secret ballot after the close: %+v, want found without choices", rc)
	}
	var report vote.BallotsReport
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/audit/ballots", nil, 200, &report)
	if !report.OK {
		t.Errorf("the closed box does not verify against the chain: %+v", report)
	}
}

// TestTamperedBoxFailsTheRecount: a downloaded box changed in any of its
// parts fails the documented command with a message naming what changed.
func TestTamperedBoxFailsTheRecount(t *testing.T) {
	k := newPropKit(t)
	secretary, v, _ := boxVote(t, k)
	base := "/api/v1/orgs/" + k.dt + "/votes/" + v.ID
	secretary.mustJSON("POST", base+"/close", nil, 200, &v)
	var box vote.Box
	secretary.mustJSON("GET", base+"/box", nil, 200, &box)
	cases := []struct {
		name, want string
		tamper     func(b *vote.Box)
	}{
		{"a no turned yes", `"no" has 2 votes in the result but 1`, func(b *vote.Box) { b.Ballots[1] = []string{"yes"}; sortBallots(b) }},
		{"a ballot dropped", "6 receipts but 5 ballots", func(b *vote.Box) { b.Ballots = b.Ballots[1:] }},
		{"a ballot and its receipt dropped", `"abstain" has 1 votes in the result but 0`, func(b *vote.Box) { b.Ballots, b.Receipts = b.Ballots[1:], b.Receipts[1:] }},
		{"receipts out of order", "the receipts are not sorted", func(b *vote.Box) { b.Receipts[0], b.Receipts[1] = b.Receipts[1], b.Receipts[0] }},
		{"a receipt replaced", "the receipts hash to", func(b *vote.Box) { b.Receipts[5] = strings.Repeat("f", 64) }},
		{"ballots in cast order", "the ballots are not sorted", func(b *vote.Box) { slices.Reverse(b.Ballots) }},
		{"a choice that is no option", `chooses "maybe", which is not an option`, func(b *vote.Box) { b.Ballots[0] = []string{"maybe"} }},
		{"the final hash replaced", "the ballots hash to", func(b *vote.Box) { b.Vote.Result.BallotsHash = "box1:" + strings.Repeat("0", 64) }},
		{"the adoption flipped", "the result says adopted=", func(b *vote.Box) { b.Vote.Result.Adopted = !b.Vote.Result.Adopted }},
		{"not a box", "not a Yishi ballot box", func(b *vote.Box) { b.Format = "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := json.Marshal(box)
			var b vote.Box
			if err := json.Unmarshal(doc, &b); err != nil {
				t.Fatal(err)
			}
			c.tamper(&b)
			doc, _ = json.Marshal(b)
			out, err := recountFile(t, doc)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "does not recount") {
				t.Fatalf("recount of a box with %s: %v, want %q\n%s", c.name, err, c.want, out)
			}
		})
	}
	if out, err := recountFile(t, []byte("{")); err == nil || !strings.Contains(err.Error(), "is not a ballot box document") {
		t.Fatalf("a broken file: %v\n%s", err, out)
	}
}

func sortBallots(b *vote.Box) {
	slices.SortFunc(b.Ballots, func(x, y []string) int { return strings.Compare(strings.Join(x, ","), strings.Join(y, ",")) })
}

// TestNamedVoteBoxRecounts: a named vote's box recounts too, from its
// named ballots (public with their voters in such a vote).
func TestNamedVoteBoxRecounts(t *testing.T) {
	ta := startTestApp(t)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	village, v := closedVote(t, ta, false)
	status, doc := ta.login(t, demoResidentPhone).do("GET", "/api/v1/orgs/"+village+"/votes/"+v.ID+"/box", nil)
	if status != 200 {
		t.Fatalf("box: %d %s", status, doc)
	}
	out, err := recountFile(t, doc)
	if err != nil || !strings.Contains(out, "ballots 2, receipts 2 (mu1)") || !strings.Contains(out, "final hash "+v.Result.BallotsHash+": recomputed") {
		t.Fatalf("recount of a named vote: %v\n%s", err, out)
	}
}
