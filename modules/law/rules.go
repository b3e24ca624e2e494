package law

import "fmt"

// Rule is one line of a rule table as the rules page shows it: which table
// holds it, what it says in both languages, the citations it rests on
// (as ParseAll reads them) and, for a threshold, the number it divides by.
// Each feature keeps its own table and lists it as Rules; the page and the
// test that every rule cites the texts in force read those lists.
type Rule struct {
	Table       string `json:"table"`
	Key         string `json:"key"`
	Zh          string `json:"zh"`
	En          string `json:"en"`
	Basis       string `json:"basis"`
	Denominator string `json:"denominator,omitempty"`
}

// QuotedRule is a rule with the words of every provision it cites.
type QuotedRule struct {
	Rule
	Provisions []Quoted `json:"provisions"`
}

// Quoted is one provision as the page shows it: the citation as domain.md
// writes it, as a Chinese text writes it, and the text's words.
type Quoted struct {
	Citation string `json:"citation"`
	Zh       string `json:"zh"`
	Words    string `json:"words"`
}

// QuoteRules finds the words of every rule's citations; a rule whose basis
// does not resolve is an error naming it, since a rule table must only cite
// provisions the texts in force have.
func QuoteRules(rules []Rule) ([]QuotedRule, error) {
	out := make([]QuotedRule, 0, len(rules))
	for _, r := range rules {
		ps, err := Quote(r.Basis)
		if err != nil {
			return nil, fmt.Errorf("rule %s/%s: %w", r.Table, r.Key, err)
		}
		q := QuotedRule{Rule: r, Provisions: make([]Quoted, 0, len(ps))}
		for _, p := range ps {
			q.Provisions = append(q.Provisions, Quoted{Citation: p.Citation.String(), Zh: p.Citation.Zh(), Words: p.Words})
		}
		out = append(out, q)
	}
	return out, nil
}

// CheckRules is CheckAll over rule tables: one error per rule whose basis is
// missing or cites what the texts in force do not have.
func CheckRules(rules []Rule) []error {
	var errs []error
	for _, r := range rules {
		if _, err := Quote(r.Basis); err != nil {
			errs = append(errs, fmt.Errorf("rule %s/%s basis %q: %w", r.Table, r.Key, r.Basis, err))
		}
	}
	return errs
}
