package main

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"yishi/modules/vote"
	"yishi/static"
)

// Every string the vote pages show is in both dictionaries: every key
// written out in the vote pages, js/vote*.js (also those picked by a
// condition, so any quoted key of the pages' families), and the families
// built from data: option keys, statuses, channels, relations, meeting kinds.
func TestVoteUIStringsInBothLanguages(t *testing.T) {
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
	src, err := jsSource("js/vote*.js", "js/proposal-votes.js")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	literal := regexp.MustCompile(`\b(?:t|setTitle|title)\('([A-Za-z0-9_.]+)'`)
	quoted := regexp.MustCompile(`'((?:nav|common|vote|votes|ballot|receipt|check|control|channel|open|proxy|relation|live|result)\.[A-Za-z0-9_.]+)'`)
	for _, re := range []*regexp.Regexp{literal, quoted} {
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the vote pages: is the pattern still right?", len(keys))
	}
	family := func(prefix string, names ...string) {
		for _, n := range names {
			keys = append(keys, prefix+n)
		}
	}
	for _, o := range vote.DefaultOptions {
		family("vote.opt.", o.Key)
	}
	family("vote.status.", vote.StatusOpen, vote.StatusClosed)
	family("channel.", vote.ChannelPaper, vote.ChannelHands)
	family("relation.", "spouse", "parent", "child", "sibling", "grandparent", "grandchild")
	for _, m := range []vote.MeetingKind{vote.VillagersMeeting, vote.RepresentativesMeeting, vote.GroupMeeting,
		vote.ResidentsMeeting, vote.CouncilVote, vote.BoardVote} {
		family("meeting.", string(m))
	}
	// proposal-detail.js links to the votes with this key.
	keys = append(keys, "votes.linkFromProposal")
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for lang, d := range dicts {
			if d[k] == "" {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
	// The confirm step says exactly what was chosen.
	if got := dicts["zh"]["ballot.youChose"]; got != "您选择了：{choice}。确认投票吗？" {
		t.Errorf("zh ballot.youChose = %q", got)
	}
}
