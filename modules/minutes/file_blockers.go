package minutes

import (
	"context"
	"fmt"
	"time"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Why an outcome cannot be filed with the street yet, in one place: the
// filing itself refuses with the first reason (ReadyToFile), and the notice
// page shows them all beside its disabled button (review's readiness).
// A notice is filed once its period has ended (V2026 Art. 35, U2026 Art. 34:
// each item posted at least 15 days; the village may set longer) and every
// objection has a written answer (villagers may query what is published,
// the same article).

// Blocker is one reason a notice cannot be filed yet.
type Blocker struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Basis     string `json:"basis"`
}

func (b Blocker) err() error { return web.New(409, b.Code, b.Message, b.MessageEn) }

// publicationBasis is the article on publication for the village's kind.
func publicationBasis(kind string) string {
	if kind == org.KindCommunity {
		return "U2026 Art. 34"
	}
	return "V2026 Art. 35"
}

// FileBlockers lists what keeps the notice from being filed at now.
func FileBlockers(n Notice, villageKind string, now time.Time) []Blocker {
	basis := publicationBasis(villageKind)
	out := []Blocker{}
	if now.Before(n.Deadline) {
		out = append(out, Blocker{Code: ErrNoticeRunning.Code, Basis: basis,
			Message:   fmt.Sprintf("公示期到 %s 才结束，结束后才能报备（%s；本村公示期 %d 天）", web.DateZh(n.Deadline), basis, n.NoticeDays),
			MessageEn: fmt.Sprintf("The notice period runs until %s; the outcome can be filed after it (%s; this village's notice period is %d days)", web.DateEn(n.Deadline), basis, n.NoticeDays)})
	}
	if n.Unanswered > 0 {
		out = append(out, Blocker{Code: ErrUnanswered.Code, Basis: basis,
			Message:   fmt.Sprintf("还有 %d 条异议没有书面答复，全部答复后才能报备（%s：村民可以对公开的事项提出意见）", n.Unanswered, basis),
			MessageEn: fmt.Sprintf("%d objection(s) have no written answer yet; answer every one before filing (%s: villagers may query what is published)", n.Unanswered, basis)})
	}
	return out
}

// NoticeBlockers is the notice with what keeps it from being filed now.
func (s *Service) NoticeBlockers(ctx context.Context, villageID, noticeID string) (Notice, []Blocker, error) {
	n, err := s.Notice(ctx, villageID, noticeID)
	if err != nil {
		return Notice{}, nil, err
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Notice{}, nil, err
	}
	return n, FileBlockers(n, v.Kind, s.Now()), nil
}
