package vote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"yishi/modules/audit"
)

// The published ballot box (issue 21 (6)): at the close, anyone who may read
// the vote can download the receipts of the ballots counted and the ballots
// themselves, check that their own receipt is there, and recompute the
// counts, the result and the box's final hash (`yishi recount -in box.json`,
// recount.go). The hash is the one the close stored and the audit chain
// recorded (vote.close ballots_hash=…), so a box changed afterwards no longer
// recounts to it.
//
// A secret vote's receipts and ballots are published as two lists, each
// sorted by its own value, never side by side nor in the order of casting:
// a voter can show a buyer that their receipt is in the one list, which says
// only that they took part (the turnout says so too), and nothing in the
// document says which ballot of the other list is theirs
// (docs/threat-model.md §1, "The published box").

// boxScheme prefixes the final hash of a secret vote closed with the
// published box: sha256 over the vote, the multiset hash of the ballots
// (choices only), the commitment to the sorted receipts and the confirmed
// counts of other channels. Secret votes closed before it keep "mu1:" (the
// multiset hash of receipt:choices lines), which the published box cannot
// recompute, as its receipts are no longer paired with the choices.
const boxScheme = "box1:"

// BoxFormat names the published document's layout.
const BoxFormat = "yishi-ballot-box/1"

// Box is the published ballot box of a closed vote.
type Box struct {
	Format string `json:"format"`
	// Vote is the vote as closed: its options, rule, electorate size and
	// stored result (whose ballots_hash is the box's final hash).
	Vote Vote `json:"vote"`
	// Scheme is how the final hash is made: "box1" (recomputable from this
	// document), "mu1" or "legacy" (votes closed before the box; their
	// counts recompute, their hash does not).
	Scheme string `json:"scheme"`
	// Receipts are the receipt hashes H("ballot"|vote|code) of the ballots
	// counted, sorted. A voter's page computes theirs from their code.
	Receipts []string `json:"receipts"`
	// Ballots are the choices of the ballots counted, each ballot's choices
	// sorted, the ballots sorted: in no order of casting or of receipts.
	Ballots [][]string `json:"ballots"`
	// Named lists a named vote's ballots with their voters (public anyway),
	// sorted by voter; it is what that vote's hash is made from.
	Named []Ballot `json:"named,omitempty"`
	// Turnout lists who took part online, sorted.
	Turnout  []string       `json:"turnout"`
	Channels []ChannelEntry `json:"channels"`
	// BallotsSet is the multiset hash of the ballot lines; ReceiptsHash the
	// SHA-256 commitment to the sorted receipts; BoxHash the final hash.
	BallotsSet   string `json:"ballots_set"`
	ReceiptsHash string `json:"receipts_hash"`
	BoxHash      string `json:"box_hash"`
	// Chained says the audit chain's vote.close entry records BoxHash.
	Chained  bool      `json:"chained"`
	AuditSeq int64     `json:"audit_seq,omitempty"`
	At       time.Time `json:"published_at,omitzero"`
	// Recount is the command that recomputes the document.
	Recount string `json:"recount"`
}

// RecountCommand is what the README and the document name.
const RecountCommand = "go run ./app recount -in box.json"

// boxSchemeOf says whether a vote's hash is (to be) the box's: every secret
// vote closing now, and those closed with it.
func boxSchemeOf(v Vote) bool {
	return v.Secret && (v.Result == nil || v.Result.BallotsHash == "" || strings.HasPrefix(v.Result.BallotsHash, boxScheme))
}

// ballotLine is one ballot in the box: its choices, sorted, so the order a
// voter ticked the options in cannot mark their ballot.
func ballotLine(choices []string) string {
	c := slices.Clone(choices)
	slices.Sort(c)
	return strings.Join(c, ",")
}

// receiptsHash commits to the receipts: SHA-256 of the sorted hashes, one a
// line.
func receiptsHash(receipts []string) string {
	sorted := slices.Clone(receipts)
	slices.Sort(sorted)
	h := sha256.New()
	h.Write([]byte(BoxFormat + " receipts\n"))
	for _, r := range sorted {
		h.Write([]byte(r + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// boxHash is a secret vote's final hash.
func boxHash(voteID, set, receipts string, channelLines []string) string {
	h := sha256.New()
	h.Write([]byte(BoxFormat + "\nvote:" + voteID + "\nballots:" + set + "\nreceipts:" + receipts + "\n"))
	for _, l := range channelLines {
		h.Write([]byte(l + "\n"))
	}
	return boxScheme + hex.EncodeToString(h.Sum(nil))
}

// PublishBox returns the published box of a closed vote: refused
// (vote_not_closed) while it runs, when nothing of it may be shown.
func (s *Service) PublishBox(ctx context.Context, villageID, voteID string) (Box, error) {
	lv, err := s.load(ctx, villageID, voteID)
	if err != nil {
		return Box{}, err
	}
	v := lv.snapshot()
	if v.Status != StatusClosed {
		return Box{}, ErrNotClosed
	}
	c, err := s.collect(ctx, v)
	if err != nil {
		return Box{}, err
	}
	b := boxOf(v, c)
	// Only this vote's close is read from the chain: every result page asks.
	e, ok, err := closeEntryOf(ctx, s.db(villageID).Collection(audit.Collection), v.ID)
	if err != nil {
		return Box{}, err
	}
	if ok && e.hash == b.BoxHash {
		b.Chained, b.AuditSeq = true, e.seq
	}
	b.At = v.ClosedAt
	return b, nil
}

// boxOf lays the box out from what the store holds.
func boxOf(v Vote, c collected) Box {
	b := Box{Format: BoxFormat, Vote: v, Scheme: "mu1", Receipts: []string{}, Ballots: [][]string{}, Turnout: []string{},
		Channels: c.channels, Recount: RecountCommand}
	if b.Channels == nil {
		b.Channels = []ChannelEntry{}
	}
	var lines []string
	if v.Secret {
		for _, sb := range onePerReceipt(c.secret) {
			b.Receipts = append(b.Receipts, sb.Receipt)
			lines = append(lines, ballotLine(sb.Choices))
		}
		for _, t := range c.turnout {
			b.Turnout = append(b.Turnout, t.Voter)
		}
	} else {
		b.Named = slices.Clone(c.open)
		slices.SortFunc(b.Named, func(x, y Ballot) int { return strings.Compare(x.Voter, y.Voter) })
		for _, nb := range b.Named {
			b.Receipts = append(b.Receipts, nb.Receipt)
			lines = append(lines, ballotLine(nb.Choices))
			b.Turnout = append(b.Turnout, nb.Voter)
		}
	}
	slices.Sort(b.Receipts)
	slices.Sort(lines)
	slices.Sort(b.Turnout)
	for _, l := range lines {
		b.Ballots = append(b.Ballots, splitLine(l))
	}
	r, _ := compute(v, c)
	b.BoxHash = r.BallotsHash
	b.ReceiptsHash = receiptsHash(b.Receipts)
	switch {
	case boxSchemeOf(v):
		b.Scheme = "box1"
		b.BallotsSet = muSetOfLines(lines).String()
	case v.Result != nil && !strings.HasPrefix(v.Result.BallotsHash, muScheme):
		b.Scheme = "legacy"
	}
	return b
}

func splitLine(l string) []string {
	if l == "" {
		return []string{}
	}
	return strings.Split(l, ",")
}

// unpaired is a secret vote's ballots as /published lists them: every
// ballot stored, the receipts left out, sorted by their choices.
func unpaired(ballots []SecretBallot) []SecretBallot {
	out := slices.Clone(ballots)
	for i := range out {
		out[i].Receipt = ""
		out[i].Choices = splitLine(ballotLine(out[i].Choices))
	}
	slices.SortFunc(out, func(a, b SecretBallot) int { return strings.Compare(ballotLine(a.Choices), ballotLine(b.Choices)) })
	return out
}
