package policies

import "sync"

// decisions remembers the enforcer's answers. Casbin evaluates the model's
// matcher expression for every policy line on each request (about 30-130 µs
// on this machine under load, measured in the cast benchmark's profile: the
// largest cost of a cast request in the server's own code), while the
// answer depends only on the policy lines, which never change after New, and
// on the subject's role assignments, which change only through
// SetAssignments. So an answer is kept until the next SetAssignments of any
// subject, which empties the whole cache (store-facts.md: a cached enforcer
// that is not invalidated keeps refusing or granting a role taken away).
//
// A lookup that raced with SetAssignments must not store the answer it
// computed from the assignments before the change: each answer is stored
// only if no SetAssignments finished since the lookup began (gen).
type decisions struct {
	mu      sync.RWMutex
	gen     uint64
	answers map[decisionKey]bool
}

type decisionKey struct{ subject, dom, obj, act string }

// maxDecisions bounds the cache: a street's officials and a few thousand
// residents, each with their handful of actions.
const maxDecisions = 200_000

func (d *decisions) get(k decisionKey) (answer, ok bool, gen uint64) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	answer, ok = d.answers[k]
	return answer, ok, d.gen
}

func (d *decisions) put(k decisionKey, answer bool, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	if d.answers == nil || len(d.answers) >= maxDecisions {
		d.answers = map[decisionKey]bool{}
	}
	d.answers[k] = answer
}

// forget is called after every change of assignments.
func (d *decisions) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if len(d.answers) > 0 {
		d.answers = map[decisionKey]bool{}
	}
}
