// Package policies holds who may do what: the Casbin model and the policy
// file that is, line for line, the published powers list, negative list and
// service list. What residents are shown is generated from what is enforced.
package policies

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"yishi/modules/law"
)

//go:embed model.conf policy.csv
var files embed.FS

// The lists a policy line can belong to.
const (
	ListPowers   = "powers"
	ListNegative = "negative"
	ListServices = "services"
	ListRoles    = "roles"
)

// Line is one rule of policy.csv, as enforced and as published.
type Line struct {
	List   string `json:"list"`
	Role   string `json:"role"`
	RoleZh string `json:"role_zh"`
	RoleEn string `json:"role_en"`
	Obj    string `json:"obj"`
	Act    string `json:"act"`
	Effect string `json:"effect"`
	Basis  string `json:"basis"`
	Zh     string `json:"zh"`
	En     string `json:"en"`
	// Provisions are the words of each provision Basis cites, with the
	// citation as a Chinese text writes it, for the published lists.
	Provisions []law.Quoted `json:"provisions,omitempty"`
}

// Assignment gives a role over an org path and everything under it.
type Assignment struct {
	Role  string `bson:"role" json:"role" validate:"required,max=32"`
	Scope string `bson:"scope" json:"scope" validate:"required,orgpath"`
}

// Enforcer decides requests. It is safe for concurrent use.
type Enforcer struct {
	e     *casbin.SyncedEnforcer
	lines []Line
	known decisions
}

// IsUnder reports whether path is scope or lies beneath it. Unlike keyMatch it
// does not let /s1 match /s10. The root "/" holds every path.
func IsUnder(path, scope string) bool {
	if scope == "/" {
		return strings.HasPrefix(path, "/")
	}
	return path == scope || strings.HasPrefix(path, scope+"/")
}

// New loads the model and the policy file.
func New() (*Enforcer, error) {
	modelText, err := files.ReadFile("model.conf")
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m, err := model.NewModelFromString(string(modelText))
	if err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		return nil, fmt.Errorf("new enforcer: %w", err)
	}
	// The domain matching function must be in place before any g line is added.
	e.AddNamedDomainMatchingFunc("g", "isUnder", func(path, scope string) bool { return IsUnder(path, scope) })

	csvText, err := files.ReadFile("policy.csv")
	if err != nil {
		return nil, fmt.Errorf("read policy: %w", err)
	}
	lines, err := ParseLines(bytes.NewReader(csvText))
	if err != nil {
		return nil, err
	}
	rules := make([][]string, 0, len(lines))
	for _, l := range lines {
		rules = append(rules, []string{l.Role, l.Obj, l.Act, l.Effect})
	}
	if _, err := e.AddPolicies(rules); err != nil {
		return nil, fmt.Errorf("load policy lines: %w", err)
	}
	return &Enforcer{e: e, lines: lines}, nil
}

// ParseLines reads policy.csv and checks every line names a known role, list
// and effect, and that negative-list lines deny and other lines allow.
func ParseLines(r io.Reader) ([]Line, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 8
	var out []Line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("policy.csv: %w", err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		l := Line{List: rec[0], Role: rec[1], Obj: rec[2], Act: rec[3], Effect: rec[4], Basis: rec[5], Zh: rec[6], En: rec[7]}
		role, ok := RoleByName(l.Role)
		if !ok {
			return nil, fmt.Errorf("policy.csv: unknown role %q", l.Role)
		}
		l.RoleZh, l.RoleEn = role.Zh, role.En
		wantEffect := "allow"
		switch l.List {
		case ListNegative:
			wantEffect = "deny"
		case ListPowers, ListServices, ListRoles:
		default:
			return nil, fmt.Errorf("policy.csv: unknown list %q", l.List)
		}
		if l.Effect != wantEffect {
			return nil, fmt.Errorf("policy.csv: %s line %s %s.%s must %s", l.List, l.Role, l.Obj, l.Act, wantEffect)
		}
		if l.Zh == "" || l.En == "" {
			return nil, fmt.Errorf("policy.csv: line %s %s.%s lacks a description", l.Role, l.Obj, l.Act)
		}
		if err := l.quote(); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
}

// quote checks a line's basis against the texts in force and keeps the
// words. The government's lists state the law, so each of their lines cites
// it; a role's own permission may have no article (the register, a draft).
func (l *Line) quote() error {
	if l.Basis == "" {
		if l.List != ListRoles {
			return fmt.Errorf("policy.csv: %s line %s %s.%s cites no law", l.List, l.Role, l.Obj, l.Act)
		}
		return nil
	}
	qs, err := law.QuoteRules([]law.Rule{{Table: l.List, Key: l.Role + " " + l.Obj + "." + l.Act, Basis: l.Basis}})
	if err != nil {
		return fmt.Errorf("policy.csv: %w", err)
	}
	l.Provisions = qs[0].Provisions
	return nil
}

// Allowed decides whether subject may do act on obj in the org at dom.
func (e *Enforcer) Allowed(subject, dom, obj, act string) (bool, error) {
	k := decisionKey{subject, dom, obj, act}
	ok, known, gen := e.known.get(k)
	if known {
		return ok, nil
	}
	ok, err := e.e.Enforce(subject, dom, obj, act)
	if err != nil {
		return false, fmt.Errorf("enforce %s %s %s.%s: %w", subject, dom, obj, act, err)
	}
	e.known.put(k, ok, gen)
	return ok, nil
}

// SetAssignments replaces the role assignments of a subject.
func (e *Enforcer) SetAssignments(subject string, as []Assignment) error {
	// Whatever happens below, answers given before it are not kept.
	defer e.known.forget()
	if _, err := e.e.RemoveFilteredGroupingPolicy(0, subject); err != nil {
		return fmt.Errorf("remove assignments of %s: %w", subject, err)
	}
	if len(as) == 0 {
		return nil
	}
	rules := make([][]string, 0, len(as))
	for _, a := range as {
		if _, ok := RoleByName(a.Role); !ok {
			return fmt.Errorf("assign %s: unknown role %q", subject, a.Role)
		}
		rules = append(rules, []string{subject, a.Role, a.Scope})
	}
	if _, err := e.e.AddGroupingPolicies(rules); err != nil {
		return fmt.Errorf("add assignments of %s: %w", subject, err)
	}
	return nil
}

// Lines returns every policy line, in file order.
func (e *Enforcer) Lines() []Line { return slices.Clone(e.lines) }

// Published groups the lines into the lists shown to residents.
func (e *Enforcer) Published() map[string][]Line {
	out := map[string][]Line{ListPowers: {}, ListNegative: {}, ListServices: {}, ListRoles: {}}
	for _, l := range e.lines {
		out[l.List] = append(out[l.List], l)
	}
	return out
}

// PowersOf returns the allow lines of the given roles: what a user holding
// them may do, for their home page.
func (e *Enforcer) PowersOf(roles []string) []Line {
	var out []Line
	for _, l := range e.lines {
		if l.Effect == "allow" && slices.Contains(roles, l.Role) {
			out = append(out, l)
		}
	}
	return out
}

// AssignmentsOf returns the role assignments of a subject.
func (e *Enforcer) AssignmentsOf(subject string) []Assignment {
	rules, _ := e.e.GetFilteredGroupingPolicy(0, subject)
	out := make([]Assignment, 0, len(rules))
	for _, r := range rules {
		if len(r) >= 3 {
			out = append(out, Assignment{Role: r[1], Scope: r[2]})
		}
	}
	return out
}
