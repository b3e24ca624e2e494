package org

import (
	"context"
	"errors"
	"fmt"
	"time"
	"yishi/modules/web"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

// Who is a member of the village's collective economic organisation (CEO
// Art. 11-12) is the register's to say: the simplest model that is right for
// most villages is that every household member registered in the village is
// one, unless the register records otherwise. The register file may carry a
// ninth column, collective_member (是/否, yes/no, 1/0, empty for the
// default), and the operator may change one resident's entry.

// Values of Resident.CollectiveMember.
const (
	CollectiveDefault = ""
	CollectiveYes     = "yes"
	CollectiveNo      = "no"
)

// IsCollectiveMember says whether the resident is a member of the
// collective: the default is yes.
func (r Resident) IsCollectiveMember() bool { return r.CollectiveMember != CollectiveNo }

// parseCollective reads the register's collective_member cell.
func parseCollective(cell string) (string, bool) {
	switch cell {
	case "":
		return CollectiveDefault, true
	case "1", "yes", "y", "true", "是":
		return CollectiveYes, true
	case "0", "no", "n", "false", "否":
		return CollectiveNo, true
	}
	return "", false
}

// CollectiveInput is the operator's entry for one resident.
type CollectiveInput struct {
	Member bool `json:"member"`
}

// SetCollectiveMember records whether a resident is a member of the
// collective.
func (s *Service) SetCollectiveMember(ctx context.Context, who web.Actor, villageID, no string, member bool) (Resident, error) {
	// A running import keeps the digest it read: wait for it, or it would
	// write the old value back over this one.
	defer lockImport(villageID)()
	val := CollectiveYes
	if !member {
		val = CollectiveNo
	}
	res, err := s.store.Village(villageID).Collection(collResidents).UpdateOne(ctx, bson.M{"_id": no},
		bson.M{"$set": bson.M{"collective_member": val, "updated_at": time.Now().UTC().Truncate(time.Millisecond)}})
	if err != nil {
		return Resident{}, fmt.Errorf("set collective member %s: %w", no, err)
	}
	if res.MatchedCount == 0 {
		return Resident{}, ErrResidentNotFound
	}
	// The import's digest keeps each resident's entry: derive it again.
	if err := s.forgetDigest(ctx, villageID); err != nil {
		return Resident{}, err
	}
	r, err := s.Resident(ctx, villageID, no)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Resident{}, ErrResidentNotFound
	}
	if err != nil {
		return Resident{}, err
	}
	return r, s.audit.Write(ctx, s.store.Village(villageID), who, "register.collective_member", r.No, fmt.Sprintf("member=%v", member))
}

// setCollectiveMember is PUT /orgs/:id/residents/:no/collective-member.
func (m *Module) setCollectiveMember(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	var in CollectiveInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	r, err := m.svc.SetCollectiveMember(c.UserContext(), web.ActorOf(c), v.ID, c.Params("no"), in.Member)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// CollectiveColumn is the register file's optional ninth column.
const CollectiveColumn = "collective_member"

// columnName names a column of the register file by its index.
func columnName(i int) string {
	if i < len(RegisterHeader) {
		return RegisterHeader[i]
	}
	return CollectiveColumn
}
