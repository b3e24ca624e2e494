package minutes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/store"
	"yishi/modules/web"
)

// Publishing the first version of minutes that hold an adopted vote opens
// that resolution's notice on the public board in the same request, with
// the village's notice period (V2026 Art. 35: the setting, never a number
// written here). One notice per adopted vote: each is filed with the street
// on its own. A correction (version 2 on) opens none; the notice already on
// the board stands and the correction is read beside it.

// PublishedMinutes is the answer of a publication: the minutes and the
// notices it opened.
type PublishedMinutes struct {
	Minutes
	Notices []Notice `json:"notices"`
}

// ErrNoticeExists refuses a second resolution notice of the same vote.
var ErrNoticeExists = web.New(409, "notice_exists", "这项决议已经在公开栏公示了", "This resolution is already on the public board")

// resolutionNoticeID is the notice's id, fixed by the minutes and the vote
// so that a retried publication opens it once.
func resolutionNoticeID(minutesID, voteID string) string {
	sum := sha256.Sum256([]byte("resolution:" + minutesID + ":" + voteID))
	return hex.EncodeToString(sum[:12])
}

// openResolutionNotices opens the notice of each adopted vote of version 1.
func (s *Service) openResolutionNotices(ctx context.Context, villageID string, m Minutes, account string) ([]Notice, error) {
	out := []Notice{}
	if m.Version != 1 {
		return out, nil
	}
	set, err := s.Settings(ctx, villageID)
	if err != nil {
		return nil, err
	}
	coll := s.store.Village(villageID).Collection(collNotices)
	for _, r := range m.Votes {
		if !r.Adopted {
			continue
		}
		v, _, err := s.votes.Get(ctx, villageID, r.VoteID)
		if err != nil {
			return nil, err
		}
		n := Notice{ID: resolutionNoticeID(m.ID, r.VoteID), VillageID: villageID, Kind: NoticeResolution, Title: r.Title,
			Text: resolutionText(m, r), MeetingID: m.MeetingID, MinutesID: m.ID, VoteID: r.VoteID,
			PublishedBy: account, PublishedAt: m.PublishedAt, NoticeDays: set.NoticeDays}
		if v.SubjectKind == "proposal" {
			n.ProposalID = v.SubjectID
		}
		n.Deadline = n.PublishedAt.Add(time.Duration(set.NoticeDays) * 24 * time.Hour)
		if _, err := coll.InsertOne(ctx, n); err != nil && !store.IsDuplicate(err) {
			return nil, fmt.Errorf("open resolution notice: %w", err)
		}
		out = append(out, n)
	}
	return out, nil
}

// resolutionText is the notice's text, from the minutes: what was decided,
// by which meeting, the counts and the ballots hash anyone can check.
func resolutionText(m Minutes, r VoteRecord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s（%s）表决通过：%s。\n", m.Title, web.DateZh(m.Date), r.Title)
	fmt.Fprintf(&b, "应到 %d 人，投票 %d 人；", r.Eligible, r.Voters)
	var parts []string
	for _, k := range []string{"yes", "no", "abstain"} {
		if n, ok := r.Counts[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %d 票", optionZh[k], n))
		}
	}
	b.WriteString(strings.Join(parts, "，"))
	fmt.Fprintf(&b, "。\n选票校验码：%s", r.BallotsHash)
	return b.String()
}

var optionZh = map[string]string{"yes": "同意", "no": "反对", "abstain": "弃权"}

// hasResolutionNotice says whether a resolution notice of the minutes is
// on the board already.
func (s *Service) hasResolutionNotice(ctx context.Context, db *mongo.Database, minutesID string) (bool, error) {
	n, err := db.Collection(collNotices).CountDocuments(ctx, bson.M{"kind": NoticeResolution, "minutes_id": minutesID})
	if err != nil {
		return false, fmt.Errorf("find resolution notice: %w", err)
	}
	return n > 0, nil
}
