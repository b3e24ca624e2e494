package proposal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Settings returns the village's settings, with defaults for what it has
// not set.
func (s *Service) Settings(ctx context.Context, villageID string) (Settings, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Settings{}, err
	}
	var set Settings
	err = db.Collection(collSettings).FindOne(ctx, bson.M{"_id": settingsID}).Decode(&set)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return Settings{}, fmt.Errorf("load settings: %w", err)
	}
	if set.ConveneDeadlineDays <= 0 || set.ConveneDeadlineDays > DefaultConveneDeadlineDays {
		set.ConveneDeadlineDays = DefaultConveneDeadlineDays
	}
	if set.Authorisations == nil {
		set.Authorisations = []Authorisation{}
	}
	return set, nil
}

// SettingsInput is what a village may choose. Both only tighten a rule in
// residents' favour: a shorter deadline to convene, a lower hall threshold.
type SettingsInput struct {
	ConveneDeadlineDays int `json:"convene_deadline_days" validate:"min=1,max=30"`
	// HallSupportThreshold 0 means the default rule.
	HallSupportThreshold int `json:"hall_support_threshold" validate:"min=0,max=10"`
}

// SaveSettings stores the village's choices.
func (s *Service) SaveSettings(ctx context.Context, v org.Org, a web.Actor, in SettingsInput) (Settings, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	_, err = db.Collection(collSettings).UpdateOne(ctx, bson.M{"_id": settingsID},
		bson.M{"$set": bson.M{"convene_deadline_days": in.ConveneDeadlineDays, "hall_support_threshold": in.HallSupportThreshold}},
		options.Update().SetUpsert(true))
	if err != nil {
		return Settings{}, fmt.Errorf("save settings: %w", err)
	}
	st, err := s.Settings(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	return st, s.write(ctx, v.ID, a, "proposal.settings", v.ID, "")
}

// AuthorisationInput records a villagers' meeting resolution authorising
// the representatives' meeting to decide V2026 Art. 28 matters (¶2). A new record
// replaces the last; an empty list withdraws every authorisation (V2026 Art. 28 ¶2).
type AuthorisationInput struct {
	Categories    []string `json:"categories" validate:"max=8,dive,required,max=32"`
	ResolvedOn    string   `json:"resolved_on" validate:"required,datetime=2006-01-02,window=past"`
	ResolutionRef string   `json:"resolution_ref" validate:"required,max=100"`
}

// Authorise records the authorisation; every record is kept.
func (s *Service) Authorise(ctx context.Context, v org.Org, a web.Actor, in AuthorisationInput) (Settings, error) {
	for i, c := range in.Categories {
		cat, ok := CategoryByKey(c)
		if !ok || !cat.Art24 {
			return Settings{}, invalid(fmt.Sprintf("categories[%d]", i), "只能授权村委会组织法2026年版第二十八条所列事项", "only V2026 Art. 28 matters can be authorised")
		}
	}
	day, _ := time.Parse(time.DateOnly, in.ResolvedOn)
	if day.After(s.now()) {
		return Settings{}, invalid("resolved_on", "决议日期不能晚于今天", "cannot be in the future")
	}
	slices.Sort(in.Categories)
	auth := Authorisation{Categories: slices.Compact(nonNil(in.Categories)), ResolvedOn: in.ResolvedOn,
		ResolutionRef: in.ResolutionRef, RecordedBy: a.AccountID, RecordedAt: s.now()}
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	_, err = db.Collection(collSettings).UpdateOne(ctx, bson.M{"_id": settingsID},
		bson.M{"$set": bson.M{"authorisation": auth}, "$push": bson.M{"authorisations": auth}},
		options.Update().SetUpsert(true))
	if err != nil {
		return Settings{}, fmt.Errorf("record authorisation: %w", err)
	}
	st, err := s.Settings(ctx, v.ID)
	if err != nil {
		return Settings{}, err
	}
	return st, s.write(ctx, v.ID, a, "authorisation.record", in.ResolutionRef, joinSpace(in.Categories))
}
