package org

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// NewName is an org's new name; its code and path never change, so every
// record that names the org by path stays right.
type NewName struct {
	Name string `json:"name" validate:"required,max=64"`
}

// Rename changes an org's name for who asked (org.rename, old -> new).
func (s *Service) Rename(ctx context.Context, who web.Actor, id, name string) (Org, error) {
	o, err := s.Get(ctx, id)
	if err != nil {
		return Org{}, err
	}
	before := o.Name
	if _, err := s.orgs().UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"name": name}}); err != nil {
		return Org{}, fmt.Errorf("rename org %s: %w", id, err)
	}
	o.Name = name
	s.cache.Store(id, o)
	return o, s.audit.Write(ctx, s.store.Shared(), who, "org.rename", o.ID, before+" -> "+o.Name)
}

func (m *Module) rename(c *fiber.Ctx) error {
	var req NewName
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	o, err := m.svc.Rename(c.UserContext(), web.ActorOf(c), c.Params("id"), req.Name)
	if err != nil {
		return err
	}
	return c.JSON(o)
}
