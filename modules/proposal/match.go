package proposal

import (
	"fmt"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
)

// The embedded store pushes down a filter only when it is exactly {_id}; a
// filter with a condition makes it decode every proposal of the village
// (0.8 s at 2,000), on the one connection the whole town shares. So with the
// embedded store (one process, every write through this service, the cache
// exact) a conditional update takes the proposal's lock, checks the same
// filter against the cached document here, and updates by _id alone. With
// MongoDB the filter goes to the store as it is.

// proposalLocks serialises the updates of each proposal.
type proposalLocks struct{ m sync.Map }

func (l *proposalLocks) lock(key string) func() {
	mu, _ := l.m.LoadOrStore(key, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}

// matches reports whether the document satisfies the filter. It knows the
// part of the query language this module's filters use: equality, $ne,
// $lt, $lte, $gt, $gte and $exists on (dotted) fields, and $or.
func matches(filter bson.M, p Proposal) (bool, error) {
	raw, err := bson.Marshal(p)
	if err != nil {
		return false, err
	}
	var doc bson.M
	if err := bson.Unmarshal(raw, &doc); err != nil {
		return false, err
	}
	return matchDoc(filter, doc)
}

func matchDoc(filter bson.M, doc bson.M) (bool, error) {
	for key, want := range filter {
		if key == "$or" {
			alts, ok := want.(bson.A)
			if !ok {
				return false, fmt.Errorf("match: $or wants an array, got %T", want)
			}
			any := false
			for _, alt := range alts {
				m, ok := alt.(bson.M)
				if !ok {
					return false, fmt.Errorf("match: $or item %T", alt)
				}
				hit, err := matchDoc(m, doc)
				if err != nil {
					return false, err
				}
				any = any || hit
			}
			if !any {
				return false, nil
			}
			continue
		}
		got, present := lookup(doc, key)
		hit, err := matchValue(want, got, present)
		if err != nil || !hit {
			return false, err
		}
	}
	return true, nil
}

func lookup(doc bson.M, path string) (any, bool) {
	var cur any = doc
	for _, part := range strings.Split(path, ".") {
		switch d := cur.(type) {
		case bson.M:
			v, ok := d[part]
			if !ok {
				return nil, false
			}
			cur = v
		case bson.D:
			found := false
			for _, e := range d {
				if e.Key == part {
					cur, found = e.Value, true
					break
				}
			}
			if !found {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return cur, true
}

func matchValue(want, got any, present bool) (bool, error) {
	ops, isOps := want.(bson.M)
	if !isOps {
		return present && equal(want, got), nil
	}
	for op, arg := range ops {
		var hit bool
		switch op {
		case "$exists":
			hit = present == arg.(bool)
		case "$ne":
			hit = !present || !equal(arg, got)
		case "$lt", "$lte", "$gt", "$gte":
			a, aok := number(got)
			b, bok := number(arg)
			if !present || !aok || !bok {
				return false, nil
			}
			hit = map[string]bool{"$lt": a < b, "$lte": a <= b, "$gt": a > b, "$gte": a >= b}[op]
		default:
			return false, fmt.Errorf("match: operator %s is not supported", op)
		}
		if !hit {
			return false, nil
		}
	}
	return true, nil
}

func equal(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return a == b
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}
