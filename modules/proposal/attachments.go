package proposal

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Limits of files kept in the store: the embedded store reads whole
// documents, so files stay small and few.
const (
	MaxAttachmentBytes = 256 << 10
	MaxAttachments     = 5
)

// AttachmentInput is a small file, sent as base64 in JSON.
type AttachmentInput struct {
	Name        string `json:"name" validate:"required,max=100"`
	ContentType string `json:"content_type" validate:"required,oneof=image/png image/jpeg application/pdf text/plain"`
	Data        string `json:"data" validate:"required"`
}

var (
	errAttachmentTooLarge = web.New(413, "attachment_too_large", "附件不能超过 256 KB", "An attachment may be at most 256 KB")
	errTooManyAttachments = web.New(409, "too_many_attachments", fmt.Sprintf("每个议题最多%d个附件", MaxAttachments), fmt.Sprintf("A proposal has at most %d attachments", MaxAttachments))
	errNoAttachment       = web.New(404, "attachment_not_found", "找不到这个附件", "No such attachment")
)

// AddAttachment keeps a small file with a draft. The count is reserved on
// the proposal first, with a condition, so racing uploads cannot pass the cap.
func (s *Service) AddAttachment(ctx context.Context, v org.Org, a web.Actor, id string, in AttachmentInput) (Attachment, error) {
	if base64.StdEncoding.DecodedLen(len(in.Data)) > MaxAttachmentBytes+3 {
		return Attachment{}, errAttachmentTooLarge
	}
	data, err := base64.StdEncoding.DecodeString(in.Data)
	if err != nil {
		return Attachment{}, invalid("data", "文件内容不是有效的 base64", "is not valid base64")
	}
	if len(data) > MaxAttachmentBytes {
		return Attachment{}, errAttachmentTooLarge
	}
	if len(data) == 0 {
		return Attachment{}, invalid("data", "文件是空的", "the file is empty")
	}
	name := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == '/' || r == '\\' || r == '"' {
			return '_'
		}
		return r
	}, in.Name))
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Attachment{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Attachment{}, err
	}
	if p.Proposer != a.AccountID {
		return Attachment{}, ErrNotProposer
	}
	if p.Status != StatusDraft {
		return Attachment{}, ErrNotDraft
	}
	att := Attachment{ID: primitive.NewObjectID().Hex(), ProposalID: id, Name: name, ContentType: in.ContentType,
		Size: len(data), Data: data, By: a.AccountID, At: s.now()}
	// The file goes in first: a proposal never lists a file that is not there.
	if _, err := db.Collection(collAttachments).InsertOne(ctx, att); err != nil {
		return Attachment{}, fmt.Errorf("store attachment: %w", err)
	}
	meta := att
	meta.Data = nil
	_, err = s.modify(ctx, v.ID, db,
		bson.M{"_id": id, "status": StatusDraft, "file_count": bson.M{"$lt": MaxAttachments}},
		bson.M{"$inc": bson.M{"file_count": 1}, "$push": bson.M{"files": meta}})
	if err != nil {
		_, _ = db.Collection(collAttachments).DeleteOne(ctx, bson.M{"_id": att.ID})
		if errors.Is(err, mongo.ErrNoDocuments) {
			return Attachment{}, errTooManyAttachments
		}
		return Attachment{}, fmt.Errorf("list attachment: %w", err)
	}
	return meta, s.write(ctx, v.ID, a, "proposal.attach", meta.ID, meta.ProposalID)
}

// Attachment returns one file with its contents.
func (s *Service) Attachment(ctx context.Context, villageID string, a web.Actor, id, attachmentID string) (Attachment, error) {
	if _, err := s.Get(ctx, villageID, a, id); err != nil {
		return Attachment{}, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Attachment{}, err
	}
	var att Attachment
	err = db.Collection(collAttachments).FindOne(ctx, bson.M{"_id": attachmentID, "proposal_id": id}).Decode(&att)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Attachment{}, errNoAttachment
	}
	if err != nil {
		return Attachment{}, fmt.Errorf("load attachment: %w", err)
	}
	return att, nil
}
