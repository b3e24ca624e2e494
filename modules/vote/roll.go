package vote

import (
	"slices"
	"sort"
)

// roll is a vote's frozen electorate as the engine keeps it in memory:
// resident number → household, for every vote it has loaded, closed ones
// too (their pages ask "was I eligible?"). As a map of strings it is two
// pointers per voter, which the garbage collector follows on every cycle:
// measured on 100 generated villages of 2,000 voters, the electorates were
// 21 MB of the server's 82 MB live heap, and marking that heap took 59 % of
// the server's CPU while it answered reads (BENCHMARKS.md, 2026-12-04). Here
// the numbers and the households are each one string, with the end of every
// entry in an array of integers, sorted by number: the collector sees four
// objects per vote, whatever its size.
type roll struct {
	nos, houses       string
	noEnds, houseEnds []uint32
}

func newRoll(voters map[string]string) *roll {
	keys := make([]string, 0, len(voters))
	for k := range voters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	r := &roll{noEnds: make([]uint32, len(keys)), houseEnds: make([]uint32, len(keys))}
	var nos, houses []byte
	for i, k := range keys {
		nos = append(nos, k...)
		houses = append(houses, voters[k]...)
		r.noEnds[i], r.houseEnds[i] = uint32(len(nos)), uint32(len(houses))
	}
	r.nos, r.houses = string(nos), string(houses)
	return r
}

func (r *roll) no(i int) string {
	start := uint32(0)
	if i > 0 {
		start = r.noEnds[i-1]
	}
	return r.nos[start:r.noEnds[i]]
}

func (r *roll) house(i int) string {
	start := uint32(0)
	if i > 0 {
		start = r.houseEnds[i-1]
	}
	return r.houses[start:r.houseEnds[i]]
}

// household returns the voter's household and whether they are on the roll.
func (r *roll) household(no string) (string, bool) {
	n := len(r.noEnds)
	i := sort.Search(n, func(i int) bool { return r.no(i) >= no })
	if i < n && r.no(i) == no {
		return r.house(i), true
	}
	return "", false
}

// numbers are the resident numbers on the roll, sorted.
func (r *roll) numbers() []string {
	out := make([]string, len(r.noEnds))
	for i := range out {
		out[i] = r.no(i)
	}
	return out
}
