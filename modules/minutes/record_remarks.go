package minutes

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Remarks of the supervision committee on a notice or on published minutes
// (V2026 Art. 37 ¶1–2; U2026 Art. 36 ¶1–2: it supervises publication and may
// attend the meetings). A remark is published with the record: whoever reads
// the record reads its remarks. Remarks are kept, never changed (V2026 Art.
// 39); a project's remarks stay with the project (project.go).

const collRecordRemarks = "record_remarks"

// Kinds of record a remark is on.
const (
	RemarkOnNotice  = "notice"
	RemarkOnMinutes = "minutes"
)

// RecordRemark is one remark on a notice or on one version of minutes.
type RecordRemark struct {
	ID     string    `json:"id" bson:"_id"`
	Kind   string    `json:"kind" bson:"kind"`
	Record string    `json:"record" bson:"record"`
	Text   string    `json:"text" bson:"text"`
	By     string    `json:"-" bson:"by"`
	At     time.Time `json:"at,omitzero" bson:"at"`
}

// ErrMinutesNotPublished: a remark goes on published minutes only.
var ErrMinutesNotPublished = web.New(409, "minutes_not_published", "会议记录公布后才能提出监督意见", "Minutes take remarks once published")

func minutesRecord(meetingID string, version int) string {
	return meetingID + ":" + strconv.Itoa(version)
}

// AddRecordRemark records a remark on a notice or on published minutes.
func (s *Service) AddRecordRemark(ctx context.Context, villageID, kind, record string, who web.Actor, text string) (RecordRemark, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return RecordRemark{}, err
	}
	r := RecordRemark{ID: primitive.NewObjectID().Hex(), Kind: kind, Record: record, Text: text, By: who.AccountID, At: s.Now()}
	if _, err := db.Collection(collRecordRemarks).InsertOne(ctx, r); err != nil {
		return RecordRemark{}, fmt.Errorf("add remark: %w", err)
	}
	action, object := "outcome.remark", "notice/"+record
	if kind == RemarkOnMinutes {
		action, object = "minutes.remark", "minutes/"+record
	}
	return r, s.write(ctx, villageID, who, action, object, "")
}

// RecordRemarks lists a record's remarks, oldest first.
func (s *Service) RecordRemarks(ctx context.Context, villageID, kind, record string) ([]RecordRemark, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collRecordRemarks).Find(ctx, bson.M{"kind": kind, "record": record}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list remarks: %w", err)
	}
	out := []RecordRemark{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list remarks: %w", err)
	}
	return out, nil
}

// mountRecordRemarks adds the remark routes of notices and minutes.
func (m *Module) mountRecordRemarks(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Get("/orgs/:id/notices/:notice/remarks", g.Require("outcome", "read", dom), m.noticeRemarks)
	r.Post("/orgs/:id/notices/:notice/remarks", g.Require("outcome", "remark", dom), m.remarkNotice)
	r.Get("/orgs/:id/meetings/:meeting/minutes/:version/remarks", g.Require("minutes", "read", dom), m.minutesRemarks)
	r.Post("/orgs/:id/meetings/:meeting/minutes/:version/remarks", g.Require("minutes", "remark", dom), m.remarkMinutes)
}

func (m *Module) noticeRemarks(c *fiber.Ctx) error {
	n, err := m.d.Service.Notice(c.UserContext(), c.Params("id"), c.Params("notice"))
	if err != nil {
		return err
	}
	out, err := m.d.Service.RecordRemarks(c.UserContext(), c.Params("id"), RemarkOnNotice, n.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"remarks": out})
}

func (m *Module) remarkNotice(c *fiber.Ctx) error {
	var in textInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	n, err := m.d.Service.Notice(c.UserContext(), c.Params("id"), c.Params("notice"))
	if err != nil {
		return err
	}
	out, err := m.d.Service.AddRecordRemark(c.UserContext(), c.Params("id"), RemarkOnNotice, n.ID, web.ActorOf(c), in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// publishedMinutes finds the minutes version the route names, published.
func (m *Module) publishedMinutes(c *fiber.Ctx) (string, error) {
	v, err := strconv.Atoi(c.Params("version"))
	if err != nil || v < 1 {
		return "", web.ErrNotFound
	}
	mn, err := m.d.Service.Version(c.UserContext(), c.Params("id"), c.Params("meeting"), v)
	if err != nil {
		return "", err
	}
	if mn.Status != MinutesPublished {
		return "", ErrMinutesNotPublished
	}
	return minutesRecord(c.Params("meeting"), v), nil
}

func (m *Module) minutesRemarks(c *fiber.Ctx) error {
	rec, err := m.publishedMinutes(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.RecordRemarks(c.UserContext(), c.Params("id"), RemarkOnMinutes, rec)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"remarks": out})
}

func (m *Module) remarkMinutes(c *fiber.Ctx) error {
	var in textInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	rec, err := m.publishedMinutes(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.AddRecordRemark(c.UserContext(), c.Params("id"), RemarkOnMinutes, rec, web.ActorOf(c), in.Text)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}
