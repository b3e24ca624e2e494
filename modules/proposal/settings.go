package proposal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

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
// the representatives' meeting to decide V2026 Art. 28 matters (¶2) and, with
// Revocations, to revoke or change the committee's improper decisions
// (V2026 Art. 27 ¶2). The resolution is picked from the villagers' meeting's
// adopted decisions (ResolutionID), or named with its date and reference. A
// new record replaces the last; an empty record withdraws every authorisation.
type AuthorisationInput struct {
	Categories   []string `json:"categories" validate:"max=8,dive,required,max=32"`
	Revocations  bool     `json:"revocations"`
	ResolutionID string   `json:"resolution_id" validate:"omitempty,len=24,hexadecimal"`
	ResolvedOn   string   `json:"resolved_on" validate:"required_without=ResolutionID,omitempty,datetime=2006-01-02,window=past"`
	// ResolutionRef is the resolution's number or title.
	ResolutionRef string `json:"resolution_ref" validate:"required_without=ResolutionID,max=100"`
}

// authorising reads the villagers' (residents') meeting decision an
// authorisation rests on: its title and the day it was adopted.
func (s *Service) authorising(ctx context.Context, villageID, id string) (ref, day string, err error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return "", "", err
	}
	p, err := s.fetch(ctx, villageID, db, id)
	if errors.Is(err, ErrNotFound) || err == nil && p.Status == StatusDraft {
		return "", "", invalid("resolution_id", "本村没有这项决定", "no such decision in this village")
	}
	if err != nil {
		return "", "", err
	}
	meeting, at, ok := decided(p)
	if !ok || meeting != MeetingVillagers && meeting != MeetingResidents {
		return "", "", invalid("resolution_id", "授权要由村民会议（居民会议）表决通过（村委会组织法2026年版第二十七条第二款）", "the authorisation is a decision the villagers' (residents') meeting adopted (V2026 Art. 27 ¶2)")
	}
	return p.Title, web.LocalDay(at), nil
}

// Authorise records the authorisation; every record is kept.
func (s *Service) Authorise(ctx context.Context, v org.Org, a web.Actor, in AuthorisationInput) (Settings, error) {
	for i, c := range in.Categories {
		cat, ok := CategoryByKey(c)
		if !ok || !cat.Art24 {
			return Settings{}, invalid(fmt.Sprintf("categories[%d]", i), "只能授权村委会组织法2026年版第二十八条所列事项", "only V2026 Art. 28 matters can be authorised")
		}
	}
	if in.ResolutionID != "" {
		ref, day, err := s.authorising(ctx, v.ID, in.ResolutionID)
		if err != nil {
			return Settings{}, err
		}
		in.ResolutionRef, in.ResolvedOn = ref, day
	}
	// Both days are China's calendar days (the decision's is web.LocalDay).
	if in.ResolvedOn > web.LocalDay(s.now()) {
		return Settings{}, invalid("resolved_on", "决议日期不能晚于今天", "cannot be in the future")
	}
	slices.Sort(in.Categories)
	auth := Authorisation{Categories: slices.Compact(nonNil(in.Categories)), Revocations: in.Revocations, ResolutionID: in.ResolutionID,
		ResolvedOn: in.ResolvedOn, ResolutionRef: in.ResolutionRef, RecordedBy: a.AccountID, RecordedAt: s.now()}
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
	return st, s.write(ctx, v.ID, a, "authorisation.record", st.Authorisation.ResolutionRef, authorisedWhat(in))
}

// authorisedWhat is the audit line's detail: the categories, and
// "revocations" when the authorisation covers them.
func authorisedWhat(in AuthorisationInput) string {
	what := joinSpace(in.Categories)
	if in.Revocations {
		what = strings.TrimSpace(what + " revocations")
	}
	return what
}

// Authorising are the villagers' (residents') meeting's adopted decisions,
// newest first: an authorisation is recorded from one of them.
func (s *Service) Authorising(ctx context.Context, villageID string) ([]Decision, error) {
	return s.decisions(ctx, villageID, func(m string) bool { return m == MeetingVillagers || m == MeetingResidents })
}
