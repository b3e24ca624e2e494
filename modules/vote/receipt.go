package vote

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// Receipts. The voter's receipt code R is derived from the idempotency key
// of their cast, which the server sees only while the request lasts. The
// store keeps two hashes: H("idem"|…|key) with the voter's participation, so
// a retried cast is recognised, and H("ballot"|vote|R) with the ballot, so the
// voter can find their ballot in the published list. Without the key, the
// first hash says nothing about R, so nobody holding the store can join them.

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func sum(parts ...string) []byte {
	h := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return h[:]
}

// newIdemKey is used when the client sent none.
func newIdemKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// receiptCode is what the voter keeps: 20 characters, easy to read aloud.
func receiptCode(voteID, voter, idemKey string) string {
	return codeEncoding.EncodeToString(sum("receipt", voteID, voter, idemKey))[:20]
}

func idemHash(voteID, voter, idemKey string) string {
	return hex.EncodeToString(sum("idem", voteID, voter, idemKey))
}

// ReceiptHash is what the published ballot list shows for a receipt code.
func ReceiptHash(voteID, code string) string {
	return hex.EncodeToString(sum("ballot", voteID, strings.ToUpper(strings.TrimSpace(code))))
}
