package vote

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/big"
	"runtime"
	"sync"
)

// The ballots hash is a multiset hash (MuHash, as Bitcoin Core uses for its
// UTXO set): each ballot line is hashed to a number below a 3072-bit prime and
// the numbers are multiplied modulo the prime. The product does not depend on
// the order ballots were written in, and it can be extended one batch at a
// time, so the running tally keeps it while casting and the close needs no
// read of the ballots; a full recount from the published ballots gives the
// same value. Finding another set of lines with the same product is a
// discrete-logarithm-type problem in a 3072-bit group.

// muPrime is 2^3072 - 1103717, the largest prime below 2^3072 (the modulus
// of Bitcoin's MuHash3072).
var (
	muPrime = func() *big.Int {
		p := new(big.Int).Lsh(big.NewInt(1), 3072)
		return p.Sub(p, big.NewInt(1103717))
	}()
	muC    = big.NewInt(1103717)
	muMask = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 3072), big.NewInt(1))
)

// muReduce reduces x (below muPrime squared) modulo muPrime without a
// division: as 2^3072 ≡ c, x = hi·2^3072 + lo ≡ lo + hi·c, twice at most.
func muReduce(x *big.Int) {
	hi := new(big.Int)
	for x.BitLen() > 3072 {
		hi.Rsh(x, 3072)
		x.And(x, muMask)
		hi.Mul(hi, muC)
		x.Add(x, hi)
	}
	if x.Cmp(muPrime) >= 0 {
		x.Sub(x, muPrime)
	}
}

// muElement maps a line to a number modulo muPrime: SHA-256 of the line,
// expanded in counter mode to 384 bytes.
func muElement(line string) *big.Int {
	seed := sha256.Sum256([]byte(line))
	buf := make([]byte, 0, 384)
	var block [36]byte
	copy(block[:32], seed[:])
	for i := uint32(0); len(buf) < 384; i++ {
		binary.BigEndian.PutUint32(block[32:], i)
		sum := sha256.Sum256(block[:])
		buf = append(buf, sum[:]...)
	}
	n := new(big.Int).SetBytes(buf)
	muReduce(n)
	if n.Sign() == 0 { // never in practice; 0 would absorb everything
		n.SetInt64(1)
	}
	return n
}

// muSet is a running product.
type muSet struct{ n *big.Int }

func newMuSet() muSet { return muSet{n: big.NewInt(1)} }

// muSetOf reads a stored product ("" is the empty set).
func muSetOf(stored string) (muSet, error) {
	if stored == "" {
		return newMuSet(), nil
	}
	b, err := hex.DecodeString(stored)
	if err != nil {
		return muSet{}, fmt.Errorf("stored multiset hash: %w", err)
	}
	n := new(big.Int).SetBytes(b)
	if n.Sign() == 0 || n.Cmp(muPrime) >= 0 {
		return muSet{}, fmt.Errorf("stored multiset hash out of range")
	}
	return muSet{n: n}, nil
}

func (m muSet) add(line string) {
	m.n.Mul(m.n, muElement(line))
	muReduce(m.n)
}

// String is the product as stored: hex, "" for the empty set.
func (m muSet) String() string {
	if m.n.Cmp(big.NewInt(1)) == 0 {
		return ""
	}
	return hex.EncodeToString(m.n.Bytes())
}

// muSetOfLines hashes many lines, in as many pieces as there are CPUs: the
// product does not depend on how the lines are grouped.
func muSetOfLines(lines []string) muSet {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(lines)/512))
	parts := make([]muSet, workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = newMuSet()
		wg.Go(func() {
			for i := w; i < len(lines); i += workers {
				parts[w].add(lines[i])
			}
		})
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		all.n.Mul(all.n, p.n)
		muReduce(all.n)
	}
	return all
}
