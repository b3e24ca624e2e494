package policies

import (
	"fmt"
	"slices"
)

// Holder is a subject allowed an action somewhere, and the scope of the
// assignment that allows it (where the holder's own records live).
type Holder struct {
	Subject string
	Scope   string
}

// Holders are the subjects allowed act on obj in the org at dom: whose
// assignment covers dom with a role holding the allow line, and whom no
// deny line refuses there. Notifications go to them ("the secretaries of
// the village", "the officials who review its filings"), so who is told
// follows from the policy, not from a second list.
func (e *Enforcer) Holders(dom, obj, act string) ([]Holder, error) {
	var roles []string
	for _, l := range e.lines {
		if l.Effect == "allow" && l.Obj == obj && l.Act == act {
			roles = append(roles, l.Role)
		}
	}
	rules, err := e.e.GetGroupingPolicy()
	if err != nil {
		return nil, fmt.Errorf("holders of %s.%s: %w", obj, act, err)
	}
	var out []Holder
	seen := map[string]bool{}
	for _, r := range rules {
		if len(r) < 3 || seen[r[0]] || !slices.Contains(roles, r[1]) || !IsUnder(dom, r[2]) {
			continue
		}
		ok, err := e.Allowed(r[0], dom, obj, act)
		if err != nil {
			return nil, err
		}
		if ok {
			seen[r[0]] = true
			out = append(out, Holder{Subject: r[0], Scope: r[2]})
		}
	}
	return out, nil
}
