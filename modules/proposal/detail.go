package proposal

import (
	"context"
	"errors"

	"yishi/modules/web"
)

// Ref names another proposal: the topic a proposal came from, or the
// proposal a topic became.
type Ref struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
}

// Viewer is what the page needs to know about the one reading it.
type Viewer struct {
	Proposer  bool `json:"proposer"`
	Signed    bool `json:"signed"`
	Following bool `json:"following"`
}

// Detail is a proposal with everything its page shows but the comments.
type Detail struct {
	Proposal    Proposal     `json:"proposal"`
	Viewer      Viewer       `json:"viewer"`
	Amendments  []Amendment  `json:"amendments"`
	Attachments []Attachment `json:"attachments"`
	Topic       *Ref         `json:"topic,omitempty"`
	Escalated   *Ref         `json:"escalated,omitempty"`
	// RevokedBy is the adopted proposal that revoked or changed this
	// decision (V2026 Art. 27).
	RevokedBy *Revoked `json:"revoked_by,omitempty"`
}

// Detail gathers a proposal's page.
func (s *Service) Detail(ctx context.Context, villageID string, a web.Actor, id string) (Detail, error) {
	p, err := s.Get(ctx, villageID, a, id)
	if err != nil {
		return Detail{}, err
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Proposal: p, Viewer: Viewer{Proposer: p.Proposer == a.AccountID}}
	if a.VillageID == villageID {
		if d.Viewer.Signed, err = s.signed(ctx, db, id, a.ResidentNo); err != nil {
			return Detail{}, err
		}
	}
	if d.Viewer.Following, err = s.following(ctx, db, id, a.AccountID); err != nil {
		return Detail{}, err
	}
	if d.Amendments, err = s.Amendments(ctx, villageID, id); err != nil {
		return Detail{}, err
	}
	d.Attachments = nonNil(p.Files)
	link := func(other string) (*Ref, error) {
		if other == "" {
			return nil, nil
		}
		o, err := s.fetch(ctx, villageID, db, other)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &Ref{ID: o.ID, Title: o.Title, Status: o.Status}, nil
	}
	if d.Topic, err = link(p.FromTopic); err != nil {
		return Detail{}, err
	}
	if d.Escalated, err = link(p.EscalatedTo); err != nil {
		return Detail{}, err
	}
	if d.RevokedBy, err = s.RevokedBy(ctx, villageID, db, id); err != nil {
		return Detail{}, err
	}
	return d, nil
}
