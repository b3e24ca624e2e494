package proposal

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// ListInput filters and orders a list of proposals or topics.
type ListInput struct {
	Kind     string // proposal or topic
	BodyID   string
	Status   string
	Category string
	// Sort is "recent" (latest activity first, the default), "support"
	// (most signatures first) or "created" (newest first).
	Sort   string
	Limit  int64
	Offset int64
}

// ListPage is one page of a list.
type ListPage struct {
	Items   []Proposal `json:"items"`
	HasMore bool       `json:"has_more"`
}

// listProjection leaves out what a list does not show: the text, the
// history and the flow, which make up most of a proposal's size.
var listProjection = bson.M{"body": 0, "history": 0, "flow": 0}

// visibleTo keeps other people's drafts out of lists and search.
func visibleTo(a web.Actor) bson.M {
	return bson.M{"$or": bson.A{bson.M{"status": bson.M{"$ne": StatusDraft}}, bson.M{"proposer": a.AccountID}}}
}

// List returns a page of a village's proposals or topics.
func (s *Service) List(ctx context.Context, villageID string, a web.Actor, in ListInput) (ListPage, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return ListPage{}, err
	}
	page, err := s.proposals.list(ctx, villageID, db, a, in)
	if err != nil {
		return ListPage{}, err
	}
	return s.markRevoked(ctx, villageID, db, page)
}

func bounds(limit, offset int64) (int64, int64) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	return limit, max(offset, 0)
}

// pageOf cuts a page out of a whole sorted list.
func pageOf(all []Proposal, limit, offset int64) ListPage {
	limit, offset = bounds(limit, offset)
	n := int64(len(all))
	from, to := min(offset, n), min(offset+limit, n)
	return ListPage{Items: all[from:to], HasMore: to < n}
}

// MaxQueryRunes bounds a search, so a query cannot make the store do
// unbounded regular-expression work.
const MaxQueryRunes = 50

// Search finds a village's proposals and topics whose title or text holds
// the query as a substring. The store has no $text, and Chinese has no
// spaces to split words on, so a substring match is what works; the query is
// quoted so that it is matched literally, never as a pattern.
func (s *Service) Search(ctx context.Context, villageID string, a web.Actor, q string, limit, offset int64) (ListPage, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return ListPage{}, invalid("q", "请输入要找的字词", "type what to look for")
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return ListPage{}, invalid("q", fmt.Sprintf("最多%d个字", MaxQueryRunes), fmt.Sprintf("at most %d characters", MaxQueryRunes))
	}
	db, err := s.db(ctx, villageID)
	if err != nil {
		return ListPage{}, err
	}
	page, err := s.proposals.search(ctx, villageID, db, a, regexp.QuoteMeta(q), limit, offset)
	if err != nil {
		return ListPage{}, err
	}
	return s.markRevoked(ctx, villageID, db, page)
}
