package main

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"yishi/modules/moralboard"
	"yishi/modules/servicedesk"
	"yishi/static"
)

// Every string the board's and the desk's pages show is in both
// dictionaries: every quoted key of the moral and desk families in the
// board's and the desk's pages (js/moral*.js, js/desk*.js), and the
// families the pages build from data.
func TestMoralAndDeskUIStringsInBothLanguages(t *testing.T) {
	dicts := map[string]map[string]string{}
	for _, lang := range []string{"zh", "en"} {
		data, err := fs.ReadFile(static.FS, "i18n/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var d map[string]string
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		dicts[lang] = d
	}
	var keys []string
	literal := regexp.MustCompile(`\b(?:t|setTitle|title)\('([A-Za-z0-9_.]+)'`)
	quoted := regexp.MustCompile(`'((?:moral|desk|nav|common)\.[A-Za-z0-9_.]+)'`)
	for _, file := range []string{"js/moral*.js", "js/desk*.js"} {
		src, err := jsSource(file)
		if err != nil {
			t.Fatal(err)
		}
		n := len(keys)
		for _, re := range []*regexp.Regexp{literal, quoted} {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				keys = append(keys, m[1])
			}
		}
		if len(keys)-n < 40 {
			t.Fatalf("found only %d keys in %s: is the pattern still right?", len(keys)-n, file)
		}
	}
	family := func(prefix string, names ...string) {
		for _, n := range names {
			keys = append(keys, prefix+n)
		}
	}
	family("moral.status.", moralboard.StatusNominated, moralboard.StatusHearing, moralboard.StatusNoVerdict, moralboard.StatusDecided,
		moralboard.StatusAppealed, moralboard.StatusAppealHearing, moralboard.StatusFinal)
	family("moral.verdict.", moralboard.VerdictCommendation, moralboard.VerdictCriticism, moralboard.VerdictPersuasion, moralboard.VerdictNoAction)
	// The board's categories (modules/moralboard/rules.go), as moral-kit.js lists them.
	family("moral.cat.", "filial_piety", "neighbourliness", "frugal_ceremonies", "environment", "anti_gambling", "anti_drug", "other")
	// The timeline's actions (modules/moralboard/cases.go) and how a subject was told.
	family("moral.event.", "nominated", "told", "responded", "recused", "hearing_opened", "decided", "appealed", "appeal_opened", "appeal_decided", "final")
	family("moral.how.", "app", "in_person", "paper", "phone")
	family("moral.reason.", moralboard.RecusedNominator, moralboard.RecusedRelative, moralboard.RecusedDeclared)
	family("moral.stage.", "hearing", "appeal")
	// The notices a subject gets (modules/moralboard/cases.go).
	family("moral.notify.", "nominated", "hearing_opened", "appeal_opened", "verdict")
	family("moral.subjectKind.", moralboard.SubjectResident, moralboard.SubjectHousehold)
	family("moral.subjectOf.", moralboard.SubjectResident, moralboard.SubjectHousehold)
	for _, p := range []string{"desk.status.", "desk.event."} {
		family(p, servicedesk.StatusFiled, servicedesk.StatusForwarded, servicedesk.StatusAnswered, servicedesk.StatusClosed)
	}
	family("desk.proof.", servicedesk.ForbiddenProof...)
	family("desk.answeredBy.", "village", "street")
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for lang, d := range dicts {
			if d[k] == "" {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
}
