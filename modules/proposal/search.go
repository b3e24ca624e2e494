package proposal

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
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
func visibleTo(a Actor) bson.M {
	return bson.M{"$or": bson.A{bson.M{"status": bson.M{"$ne": StatusDraft}}, bson.M{"proposer": a.AccountID}}}
}

// List returns a page of a village's proposals or topics.
func (s *Service) List(ctx context.Context, villageID string, a Actor, in ListInput) (ListPage, error) {
	filter := visibleTo(a)
	filter["kind"] = in.Kind
	if in.BodyID != "" {
		filter["body_id"] = in.BodyID
	}
	if in.Status != "" {
		filter["status"] = in.Status
		if in.Status == StatusDraft {
			filter["proposer"] = a.AccountID
		}
	}
	if in.Category != "" {
		filter["category"] = in.Category
	}
	sort := bson.D{{Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	switch in.Sort {
	case "support":
		sort = bson.D{{Key: "counts.signatures", Value: -1}, {Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	case "created":
		sort = bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}
	}
	if s.cache != nil {
		db, err := s.db(ctx, villageID)
		if err != nil {
			return ListPage{}, err
		}
		v, err := s.cache.village(ctx, db, villageID)
		if err != nil {
			return ListPage{}, err
		}
		return pageOf(v.list(a, in), in.Limit, in.Offset), nil
	}
	return s.page(ctx, villageID, filter, sort, in.Limit, in.Offset)
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

func (s *Service) page(ctx context.Context, villageID string, filter bson.M, sort bson.D, limit, offset int64) (ListPage, error) {
	limit, offset = bounds(limit, offset)
	db, err := s.db(ctx, villageID)
	if err != nil {
		return ListPage{}, err
	}
	cur, err := db.Collection(collProposals).Find(ctx, filter,
		options.Find().SetSort(sort).SetSkip(offset).SetLimit(limit+1).SetProjection(listProjection))
	if err != nil {
		return ListPage{}, fmt.Errorf("list proposals: %w", err)
	}
	items := []Proposal{}
	if err := cur.All(ctx, &items); err != nil {
		return ListPage{}, fmt.Errorf("list proposals: %w", err)
	}
	page := ListPage{Items: items}
	if int64(len(items)) > limit {
		page.Items, page.HasMore = items[:limit], true
	}
	return page, nil
}

// MaxQueryRunes bounds a search, so a query cannot make the store do
// unbounded regular-expression work.
const MaxQueryRunes = 50

// Search finds a village's proposals and topics whose title or text holds
// the query as a substring. The store has no $text, and Chinese has no
// spaces to split words on, so a substring match is what works; the query is
// quoted so that it is matched literally, never as a pattern.
func (s *Service) Search(ctx context.Context, villageID string, a Actor, q string, limit, offset int64) (ListPage, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return ListPage{}, invalid("q", "请输入要找的字词", "type what to look for")
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return ListPage{}, invalid("q", fmt.Sprintf("最多%d个字", MaxQueryRunes), fmt.Sprintf("at most %d characters", MaxQueryRunes))
	}
	pattern := regexp.QuoteMeta(q)
	if s.cache != nil {
		db, err := s.db(ctx, villageID)
		if err != nil {
			return ListPage{}, err
		}
		v, err := s.cache.village(ctx, db, villageID)
		if err != nil {
			return ListPage{}, err
		}
		// The same pattern and option as the query below.
		return pageOf(v.search(a, regexp.MustCompile("(?i)"+pattern)), limit, offset), nil
	}
	match := bson.A{
		bson.M{"title": bson.M{"$regex": pattern, "$options": "i"}},
		bson.M{"body": bson.M{"$regex": pattern, "$options": "i"}},
	}
	filter := bson.M{"$and": bson.A{visibleTo(a), bson.M{"$or": match}}}
	sort := bson.D{{Key: "activity_at", Value: -1}, {Key: "_id", Value: -1}}
	return s.page(ctx, villageID, filter, sort, limit, offset)
}
