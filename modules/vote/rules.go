// Package vote is the statutory vote engine shared by every body: the rule
// tables of each meeting kind, eligibility frozen when a vote opens, one
// ballot per voter, proxies, secret ballots that cannot be linked to their
// voters, paper and show-of-hands channels, and the tally.
package vote

import (
	"fmt"
)

// MeetingKind says which rules a vote follows.
type MeetingKind string

// Meeting kinds.
const (
	VillagersMeeting       MeetingKind = "villagers_meeting"       // 村民会议
	RepresentativesMeeting MeetingKind = "representatives_meeting" // 村民代表会议
	GroupMeeting           MeetingKind = "group_meeting"           // 村民小组会议
	ResidentsMeeting       MeetingKind = "residents_meeting"       // 居民会议 (urban)
	CouncilVote            MeetingKind = "council"                 // 议事会
	BoardVote              MeetingKind = "board"                   // 评议会 and associations
)

// Unit is what a threshold counts.
type Unit string

// Counting units.
const (
	Adults     Unit = "adults"     // persons aged 18 and over
	Households Unit = "households" // households represented
	Members    Unit = "members"    // members of the body or meeting
	Present    Unit = "present"    // those present (for decisions)
)

// Threshold is "Num/Den of Unit", either "more than" (Strict) or "or more".
// Arithmetic is on integers: more than half of n is 2*x > n, never a float.
type Threshold struct {
	Unit   Unit `json:"unit" bson:"unit"`
	Num    int  `json:"num" bson:"num"`
	Den    int  `json:"den" bson:"den"`
	Strict bool `json:"strict" bson:"strict"`
}

// Met reports whether x out of n meets the threshold.
func (t Threshold) Met(x, n int) bool {
	if t.Strict {
		return t.Den*x > t.Num*n
	}
	return t.Den*x >= t.Num*n
}

// Needed is the smallest x out of n that meets the threshold.
func (t Threshold) Needed(n int) int {
	x := t.Num * n / t.Den
	for x > 0 && t.Met(x-1, n) {
		x--
	}
	for !t.Met(x, n) {
		x++
	}
	return x
}

// AtLeastAsStrict reports whether t demands at least what s demands, for
// every n: a village may tighten a statutory rule, never loosen it.
func (t Threshold) AtLeastAsStrict(s Threshold) bool {
	// A fraction of all members demands at least that fraction of those
	// present, since those present are never more than all of them.
	if t.Unit != s.Unit && (s.Unit != Present || t.Unit == Households) {
		return false
	}
	// Compare t.Num/t.Den with s.Num/s.Den without division.
	l, r := t.Num*s.Den, s.Num*t.Den
	return l > r || l == r && (t.Strict || !s.Strict)
}

func (t Threshold) String() string {
	op := ">="
	if t.Strict {
		op = ">"
	}
	return fmt.Sprintf("%s %d/%d of %s", op, t.Num, t.Den, t.Unit)
}

// valid accepts only a proper fraction of a known unit: a zero or negative
// term would turn "more than half" into "fewer than half" or divide by zero.
func (t Threshold) valid() error {
	switch t.Unit {
	case Adults, Households, Members, Present, CollectiveMembers, CollectiveRepresentatives:
	default:
		return fmt.Errorf("unknown unit %q", t.Unit)
	}
	if t.Num < 1 || t.Den < 1 || t.Num > t.Den || t.Den > 100 {
		return fmt.Errorf("threshold %d/%d must be a fraction between 1/100 and 1", t.Num, t.Den)
	}
	return nil
}

func derefThreshold(t *Threshold) []Threshold {
	if t == nil {
		return nil
	}
	return []Threshold{*t}
}

// Rule is the attendance and decision rule of a meeting kind. Attendance is
// met if any one of its alternatives is met.
type Rule struct {
	Kind       MeetingKind `json:"kind" bson:"kind"`
	Basis      string      `json:"basis" bson:"basis"`
	Attendance []Threshold `json:"attendance" bson:"attendance"`
	Decision   Threshold   `json:"decision" bson:"decision"`
	// Recall marks the rule of a recall vote (recall.go).
	Recall bool `json:"recall,omitempty" bson:"recall,omitempty"`
}

var (
	moreThanHalf = func(u Unit) Threshold { return Threshold{Unit: u, Num: 1, Den: 2, Strict: true} }
	twoThirds    = func(u Unit) Threshold { return Threshold{Unit: u, Num: 2, Den: 3} }
)

// Rules is the one table of statutory rules (domain.md section 2). Basis
// holds the citations as modules/law reads them; the rules page quotes them.
var Rules = map[MeetingKind]Rule{
	// V2026 Art. 26 ¶1: more than half of villagers aged 18+, or 2/3 of
	// households; decisions by more than half of those present.
	VillagersMeeting: {Kind: VillagersMeeting, Basis: "V2026 Art. 26 ¶1",
		Attendance: []Threshold{moreThanHalf(Adults), twoThirds(Households)}, Decision: moreThanHalf(Present)},
	// V2026 Art. 30 ¶2: 2/3 or more of its members; more than half of those present.
	RepresentativesMeeting: {Kind: RepresentativesMeeting, Basis: "V2026 Art. 30 ¶2",
		Attendance: []Threshold{twoThirds(Members)}, Decision: moreThanHalf(Present)},
	// V2026 Art. 32 ¶2: 2/3 or more of the group's adults, or of its households.
	GroupMeeting: {Kind: GroupMeeting, Basis: "V2026 Art. 32 ¶2",
		Attendance: []Threshold{twoThirds(Adults), twoThirds(Households)}, Decision: moreThanHalf(Present)},
	// U2026 Art. 27: more than half of adult residents or of household
	// representatives; more than half of those present.
	ResidentsMeeting: {Kind: ResidentsMeeting, Basis: "U2026 Art. 27",
		Attendance: []Threshold{moreThanHalf(Adults), moreThanHalf(Households)}, Decision: moreThanHalf(Present)},
	// A council is a form of consultation (V2026 Art. 33 ¶2) and a board
	// serves self-governance with morality (V2026 Art. 4 ¶1); neither law
	// sets numbers, so these are the charter's defaults: more than half of
	// members, and more than half of those present.
	CouncilVote: {Kind: CouncilVote, Basis: "V2026 Art. 33 ¶2",
		Attendance: []Threshold{moreThanHalf(Members)}, Decision: moreThanHalf(Present)},
	BoardVote: {Kind: BoardVote, Basis: "V2026 Art. 4 ¶1",
		Attendance: []Threshold{moreThanHalf(Members)}, Decision: moreThanHalf(Present)},
	// The collective economic organisation's assemblies (ceo_rules.go).
	MemberAssembly:                ceoRules[MemberAssembly],
	MemberRepresentativesAssembly: ceoRules[MemberRepresentativesAssembly],
}

// urbanBases are the articles a community's meeting rests on where it shares
// a kind with the village law and its numbers: the residents'
// representatives' meeting opens with 2/3 of its members and decides by more
// than half of the members present (U2026 Art. 29).
var urbanBases = map[MeetingKind]string{RepresentativesMeeting: "U2026 Art. 29"}

// RuleFor is the statutory rule of a meeting kind in a rural village or,
// with community, in an urban community.
func RuleFor(kind MeetingKind, community bool) Rule {
	r := Rules[kind]
	if b, ok := urbanBases[kind]; ok && community {
		r.Basis = b
	}
	return r
}

// Tighten returns the statutory rule of kind with a village's stricter
// thresholds; an override that would loosen the rule is refused.
func Tighten(kind MeetingKind, attendance []Threshold, decision *Threshold) (Rule, error) {
	base, ok := Rules[kind]
	if !ok {
		return Rule{}, fmt.Errorf("unknown meeting kind %q", kind)
	}
	r := base
	for _, t := range append(append([]Threshold{}, attendance...), derefThreshold(decision)...) {
		if err := t.valid(); err != nil {
			return Rule{}, err
		}
	}
	if attendance != nil {
		// Every alternative the village allows must be at least as strict as
		// some statutory alternative on the same unit.
		for _, a := range attendance {
			ok := false
			for _, s := range base.Attendance {
				if a.AtLeastAsStrict(s) {
					ok = true
				}
			}
			if !ok {
				return Rule{}, fmt.Errorf("attendance %s loosens %s", a, base.Basis)
			}
		}
		if len(attendance) == 0 {
			return Rule{}, fmt.Errorf("attendance rule cannot be empty")
		}
		r.Attendance = attendance
	}
	if decision != nil {
		if !decision.AtLeastAsStrict(base.Decision) {
			return Rule{}, fmt.Errorf("decision %s loosens %s", *decision, base.Basis)
		}
		r.Decision = *decision
	}
	return r, nil
}

// AttendanceMet checks the attendance alternatives against what was counted.
func (r Rule) AttendanceMet(present, eligible, householdsPresent, households int) (bool, string) {
	for _, t := range r.Attendance {
		switch t.Unit {
		case Households:
			if households > 0 && t.Met(householdsPresent, households) {
				return true, t.String()
			}
		default:
			if eligible > 0 && t.Met(present, eligible) {
				return true, t.String()
			}
		}
	}
	return false, ""
}
