package account

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
)

// Preferences are how the account wants the page drawn, kept on the
// account so they follow the person to another phone or the village's
// tablet (issue 21: elder mode remembered per device and per account).
// UpdatedAt is zero until the person first chooses: then the page keeps
// what the device remembers.
type Preferences struct {
	// ElderMode: larger type, fewer items per screen, high contrast,
	// simpler words (长辈模式).
	ElderMode bool      `bson:"elder_mode" json:"elder_mode"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at,omitzero"`
}

// preferencesRequest is the body of PUT /me/preferences: every setting,
// written out (a missing one is refused, not taken as off).
type preferencesRequest struct {
	ElderMode *bool `json:"elder_mode" validate:"required"`
}

// Preferences are the account's settings; the zero value when never set.
func (s *Service) Preferences(ctx context.Context, id string) (Preferences, error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return Preferences{}, err
	}
	if a.Preferences == nil {
		return Preferences{}, nil
	}
	return *a.Preferences, nil
}

// SetPreferences stores the account's settings.
func (s *Service) SetPreferences(ctx context.Context, id string, p Preferences) error {
	res, err := s.accounts().UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"preferences": p}})
	if err != nil {
		return fmt.Errorf("set preferences of %s: %w", id, err)
	}
	s.accountsByID.drop(id)
	if res.MatchedCount == 0 {
		return ErrAccountNotFound
	}
	return nil
}

func (m *Module) preferences(c *fiber.Ctx) error {
	sess, _ := CurrentSession(c)
	p, err := m.svc.Preferences(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) putPreferences(c *fiber.Ctx) error {
	sess, _ := CurrentSession(c)
	var req preferencesRequest
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	p := Preferences{ElderMode: *req.ElderMode, UpdatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := m.svc.SetPreferences(c.UserContext(), sess.AccountID, p); err != nil {
		return err
	}
	return c.JSON(p)
}
