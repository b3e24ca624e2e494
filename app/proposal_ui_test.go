package main

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"yishi/modules/proposal"
	"yishi/policies"
	"yishi/static"
)

// Every string the proposal pages show is in both dictionaries: the keys
// written out in the code, and the families the code builds from data
// (statuses, actions, roles, meetings, categories, notifications, ...).
func TestProposalUIStringsInBothLanguages(t *testing.T) {
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
	for _, file := range []string{"js/proposal*.js", "js/hall.js", "js/notifications.js", "js/bell.js", "js/app.js", "js/login.js", "js/home.js", "js/lists.js"} {
		src, err := jsSource(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	family := func(prefix string, names ...string) {
		for _, n := range names {
			keys = append(keys, prefix+n)
		}
	}
	family("status.", proposal.StatusDraft, proposal.StatusSubmitted, proposal.StatusInProgress, proposal.StatusCompleted,
		proposal.StatusNotAdopted, proposal.StatusOpen, proposal.StatusEscalated)
	family("action.", "create", "edit", "submit", "complete", "opinion", "review_passed", "vote_passed", "not_adopted",
		"threshold_reached", "amendment_accepted", "amendment_rejected", "raise", "escalate", "escalated_from_topic")
	for _, r := range policies.Roles {
		family("role.", r.Name)
	}
	family("meeting.", proposal.MeetingVillagers, proposal.MeetingRepresentatives, proposal.MeetingGroup,
		proposal.MeetingResidents, proposal.MeetingCouncil, proposal.MeetingBoard)
	for _, c := range proposal.Categories {
		family("cat.", c.Key)
	}
	family("notify.", proposal.NotifyStep, proposal.NotifyCompleted, proposal.NotifyNotAdopted, proposal.NotifyThreshold,
		proposal.NotifyEscalated, proposal.NotifyComment, proposal.NotifyAmendment, proposal.NotifyDecision)
	family("opinion.", "support", "oppose", "abstain")
	family("step.", "pending", "current", "done", "stopped")
	family("sort.", "recent", "support", "created")
	family("amendment.", proposal.AmendmentPending, proposal.AmendmentAccepted, proposal.AmendmentRejected)
	family("advance.", "members", "present", "approve")
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for lang, d := range dicts {
			if d[k] == "" {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
	for k := range dicts["zh"] {
		if _, ok := dicts["en"][k]; !ok {
			t.Errorf("en.json lacks %q, which zh.json has", k)
		}
	}
	for k := range dicts["en"] {
		if _, ok := dicts["zh"][k]; !ok {
			t.Errorf("zh.json lacks %q, which en.json has", k)
		}
	}
}
