package proposal

import (
	"fmt"
	"reflect"
	"unique"
)

// compactLocked makes a cached proposal share what a village's proposals
// have in common: the copy of the flow each one carries (the same few flows
// for hundreds of proposals) and the short strings of its history (steps,
// actions, roles, names). A hundred villages' proposals held in memory went
// from about 100 MB of mostly repeated strings to a fraction of that; the
// values read are the same. Cached proposals are read-only, so sharing is
// safe: an update replaces the whole document.
func (v *cachedVillage) compactLocked(p *Proposal) {
	if p.Flow != nil {
		key := fmt.Sprintf("%s/%d/%d", p.Flow.Key, p.Flow.Version, p.Flow.SavedAt.UnixNano())
		if f, ok := v.flows[key]; ok && reflect.DeepEqual(f, p.Flow) {
			p.Flow = f
		} else if !ok {
			v.flows[key] = p.Flow
		}
	}
	p.Kind, p.BodyID, p.BodyKind, p.Category = intern(p.Kind), intern(p.BodyID), intern(p.BodyKind), intern(p.Category)
	p.FlowKey, p.Status, p.Convene = intern(p.FlowKey), intern(p.Status), intern(p.Convene)
	p.Proposer, p.ProposerNo, p.ProposerName = intern(p.Proposer), intern(p.ProposerNo), intern(p.ProposerName)
	if p.Current != nil {
		p.Current.Key, p.Current.NameZh, p.Current.NameEn, p.Current.Kind = intern(p.Current.Key), intern(p.Current.NameZh), intern(p.Current.NameEn), intern(p.Current.Kind)
	}
	for i := range p.History {
		h := &p.History[i]
		h.Step, h.Action, h.Actor, h.ActorName = intern(h.Step), intern(h.Action), intern(h.Actor), intern(h.ActorName)
		h.Role, h.Note, h.Meeting, h.Opinion = intern(h.Role), intern(h.Note), intern(h.Meeting), intern(h.Opinion)
	}
}

// intern returns the canonical copy of s: equal strings share one backing
// array while any of them is referenced.
func intern(s string) string {
	if s == "" || len(s) > 256 {
		return s
	}
	return unique.Make(s).Value()
}
