package proposal

import (
	"context"
	"fmt"
	"slices"
	"yishi/modules/web"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
)

// Collective matters: land contracting, homesteads, land compensation and
// collective property belong to the collective economic organisation (CEO
// Art. 26 ¶1), not to the villagers' meeting's six matters (V2026 Art. 28
// ¶1). Where the village has its own organisation its member assembly (or,
// outside the reserved items, its member representatives' assembly)
// decides them; where it has none the villagers' committee acts for it
// (V2026 Art. 28 ¶4, CEO Art. 64) and the villagers' meeting or the
// authorised representatives' meeting decides them under the same rules:
// 2/3 of all members. The vote engine holds the numbers (vote ceo_rules.go);
// this file holds which category is which item, the village's setting and
// the routing of a proposal's outcome.

// Meeting kinds of the collective's assemblies, as flows and outcomes name them.
const (
	MeetingMemberAssembly  = "member_assembly"
	MeetingMemberReps      = "member_representatives_assembly"
	collectiveSettingField = "collective_organisation"
)

// CollectiveItems is the item of CEO Art. 26 ¶1 of each collective category.
// 处分村集体财产 is read as a major matter such as investment (item 11);
// contracting to outsiders and readjusting contracted land are land
// contracting (item 8).
var CollectiveItems = map[string]int{
	"ceo_charter":          1,
	"ceo_membership":       3,
	"land_contracting":     8,
	"land_readjustment":    8,
	"outsider_contracting": 8,
	"homestead":            8,
	"construction_land":    9,
	"land_compensation":    10,
	"collective_property":  11,
	"ceo_merger":           12,
}

// reservedItems are those the member representatives' assembly may not
// decide (CEO Art. 28 ¶4).
var reservedItems = []int{1, 3, 8, 10, 12}

// CollectiveItem is the CEO Art. 26 ¶1 item of a category, 0 if none.
func CollectiveItem(category string) int { return CollectiveItems[category] }

// collectiveMeetings are the meetings that may decide a collective matter in
// a rural village: organisation says the village has its own collective
// economic organisation.
func collectiveMeetings(item int, organisation, authorised bool) []string {
	out := []string{MeetingMemberAssembly}
	if !slices.Contains(reservedItems, item) {
		out = append(out, MeetingMemberReps)
	}
	if organisation {
		return out
	}
	out = append(out, MeetingVillagers)
	if authorised {
		out = append(out, MeetingRepresentatives)
	}
	return out
}

// CategoryView is a category as the proposal form shows it: with, for a
// collective matter, one line saying where it must be decided and why.
type CategoryView struct {
	Category
	CEOItem int    `json:"ceo_item,omitempty"`
	WhereZh string `json:"where_zh,omitempty"`
	WhereEn string `json:"where_en,omitempty"`
}

// CategoriesFor are the categories with their line, for a village.
func CategoriesFor(v org.Org, set Settings) []CategoryView {
	out := make([]CategoryView, 0, len(Categories))
	for _, c := range Categories {
		cv := CategoryView{Category: c}
		if item := CollectiveItem(c.Key); item > 0 && v.Kind != org.KindCommunity {
			cv.CEOItem = item
			cv.WhereZh, cv.WhereEn = whereDecided(item, set.CollectiveOrganisation)
		}
		out = append(out, cv)
	}
	return out
}

func whereDecided(item int, organisation bool) (zh, en string) {
	reps, repsEn := "或成员代表大会", " or its member representatives' assembly"
	if slices.Contains(reservedItems, item) {
		reps, repsEn = "（成员代表大会不能决定，农村集体经济组织法第二十八条第四款）", " (never its member representatives' assembly, CEO Art. 28 ¶4)"
	}
	if organisation {
		return fmt.Sprintf("此事项属于农村集体经济组织的职权（农村集体经济组织法第二十六条第一款第%d项），须由本村集体经济组织成员大会%s决定，须经全体成员三分之二以上同意", item, reps),
			fmt.Sprintf("This is a matter of the collective economic organisation (CEO Art. 26 ¶1 item %d): its member assembly%s decides it, with 2/3 of all members", item, repsEn)
	}
	return fmt.Sprintf("此事项属于集体经济组织的职权（农村集体经济组织法第二十六条第一款第%d项）；本村未设集体经济组织，由村民委员会代行（村委会组织法2026年版第二十八条第四款、农村集体经济组织法第六十四条），须由村民会议或成员大会决定，须经全体成员三分之二以上同意", item),
		fmt.Sprintf("This is a matter of the collective economic organisation (CEO Art. 26 ¶1 item %d); the village has none of its own, so the villagers' committee acts for it (V2026 Art. 28 ¶4, CEO Art. 64): the villagers' meeting or the member assembly decides it, with 2/3 of all members", item)
}

// SetCollectiveOrganisation records whether the village has its own
// collective economic organisation.
func (s *Service) SetCollectiveOrganisation(ctx context.Context, who web.Actor, v org.Org, organisation bool) (Settings, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	if _, err := db.Collection(collSettings).UpdateOne(ctx, bson.M{"_id": settingsID},
		bson.M{"$set": bson.M{collectiveSettingField: organisation}}, options.Update().SetUpsert(true)); err != nil {
		return Settings{}, fmt.Errorf("save collective setting: %w", err)
	}
	st, err := s.Settings(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	return st, s.write(ctx, v.ID, who, "collective.settings", v.ID, fmt.Sprintf("organisation=%v", organisation))
}

// collectiveStandsIn lets the collective's assemblies decide a collective
// matter at a flow's step that names the villagers' meeting: the flows were
// written before the assemblies were meeting kinds, and at such a step the
// assembly decides in the villagers' meeting's place (V2026 Art. 28 ¶4).
func collectiveStandsIn(category string, st Step, meeting string) bool {
	return CollectiveItem(category) > 0 && (meeting == MeetingMemberAssembly || meeting == MeetingMemberReps) &&
		slices.Contains(st.Meetings, MeetingVillagers)
}
