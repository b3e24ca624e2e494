package main

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"yishi/modules/dashboard"
	"yishi/modules/servicedesk"
	"yishi/static"
)

// Every string the dashboard pages show is in both dictionaries: every key
// written out in the dashboard pages, js/dash*.js and alerts.js (also
// those picked by a condition, so any quoted key of the dash family), and
// the alert codes and request statuses built from data.
func TestDashboardUIStringsInBothLanguages(t *testing.T) {
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
	src, err := jsSource("js/dash*.js", "js/alerts.js")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	literal := regexp.MustCompile(`\b(?:t|setTitle|title)\('([A-Za-z0-9_.]+)'`)
	quoted := regexp.MustCompile(`'((?:nav|common|dash)\.[A-Za-z0-9_.]+)'`)
	for _, re := range []*regexp.Regexp{literal, quoted} {
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys in the dashboard pages: is the pattern still right?", len(keys))
	}
	for _, c := range []string{dashboard.AlertNoRepresentativesMeeting, dashboard.AlertDisclosureOverdue,
		dashboard.AlertFilingReviewOverdue, dashboard.AlertComplaintRepeated, dashboard.AlertTurnoutLow, dashboard.AlertWarningListExpired} {
		keys = append(keys, "dash.alert."+c)
	}
	for _, s := range []string{servicedesk.StatusFiled, servicedesk.StatusForwarded, servicedesk.StatusAnswered, servicedesk.StatusClosed} {
		keys = append(keys, "dash.requestStatus."+s)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for lang, d := range dicts {
			if d[k] == "" {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
}
