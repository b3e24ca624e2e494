package review

import (
	"context"
	"fmt"
	"time"

	"yishi/modules/minutes"
	"yishi/modules/web"
)

// Readiness says whether a notice's outcome can be filed with the street
// now and, if not, why, quoting the rule: the notice page shows it beside
// its one "file" button, disabled until it is true. The reasons of the
// notice itself are the minutes module's (FileBlockers); those of earlier
// filings are this module's.
type Readiness struct {
	NoticeID     string            `json:"notice_id"`
	Kind         string            `json:"kind,omitempty"` // the filing kind the notice files as
	CanFile      bool              `json:"can_file"`
	Reasons      []minutes.Blocker `json:"reasons"`
	Message      string            `json:"message"`
	MessageEn    string            `json:"message_en"`
	PeriodEndsAt time.Time         `json:"period_ends_at,omitzero"`
	EndsOnZh     string            `json:"ends_on_zh"`
	EndsOnEn     string            `json:"ends_on_en"`
	NoticeDays   int               `json:"notice_days"`
	Objections   int               `json:"objections"`
	Unanswered   int               `json:"unanswered"`
	Street       string            `json:"street"`
	// Filing is the latest filing of the notice, if any.
	Filing *Filing `json:"filing"`
}

var fileKindOf = map[string]string{minutes.NoticeResolution: "outcome", minutes.NoticeVillageRules: "village_rules", minutes.NoticeCharter: "charter"}

// Readiness is whether the notice can be filed now, and why not.
func (s *Service) Readiness(ctx context.Context, villageID, noticeID string) (Readiness, error) {
	n, reasons, err := s.minutes.NoticeBlockers(ctx, villageID, noticeID)
	if err != nil {
		return Readiness{}, err
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Readiness{}, err
	}
	street := ""
	if p, err := s.orgs.Get(ctx, v.ParentID); err == nil {
		street = p.Name
	}
	r := Readiness{NoticeID: n.ID, Kind: fileKindOf[n.Kind], PeriodEndsAt: n.Deadline, EndsOnZh: web.DateZh(n.Deadline), EndsOnEn: web.DateEn(n.Deadline),
		NoticeDays: n.NoticeDays, Objections: n.Objections, Unanswered: n.Unanswered, Street: street}
	if r.Kind == "" {
		reasons = append([]minutes.Blocker{{Code: "not_fileable", Basis: "V2026 Art. 31",
			Message:   "这类公开不需要向街道报备：报备的是决议、村规民约和自治章程",
			MessageEn: "This kind of notice is not filed with the street: resolutions, village rules and charters are"}}, reasons...)
	}
	prior, err := s.byNotice(ctx, villageID, noticeID)
	if err != nil {
		return Readiness{}, err
	}
	for i := range prior {
		if r.Filing == nil || prior[i].Attempt > r.Filing.Attempt {
			r.Filing = &prior[i]
		}
	}
	if f := r.Filing; f != nil {
		switch f.Status {
		case StatusFiled:
			reasons = append(reasons, minutes.Blocker{Code: ErrPending.Code, Basis: "V2026 Art. 31",
				Message:   fmt.Sprintf("已报备%s（第 %d 次），%s 前审查", street, f.Attempt, web.DateZh(f.ReviewDue)),
				MessageEn: fmt.Sprintf("Filed with %s (attempt %d), to be reviewed by %s", street, f.Attempt, web.DateEn(f.ReviewDue))})
		case StatusAccepted:
			reasons = append(reasons, minutes.Blocker{Code: "filing_accepted", Basis: "V2026 Art. 31",
				Message:   fmt.Sprintf("%s已于 %s 通过这份报备", street, web.DateZh(f.ReviewedAt)),
				MessageEn: fmt.Sprintf("%s accepted this filing on %s", street, web.DateEn(f.ReviewedAt))})
		}
	}
	r.Reasons, r.CanFile = reasons, len(reasons) == 0
	switch {
	case !r.CanFile:
		r.Message, r.MessageEn = reasons[0].Message, reasons[0].MessageEn
	case r.Filing != nil && r.Filing.Status == StatusReturned:
		r.Message = fmt.Sprintf("%s已退回改正（%s）：改正后可以重新报备", street, r.Filing.Order.Basis)
		r.MessageEn = fmt.Sprintf("%s returned it for correction (%s): file again once corrected", street, r.Filing.Order.Basis)
	default:
		r.Message = fmt.Sprintf("公示期已于 %s 结束，异议都已答复，可以报备%s", web.DateZh(n.Deadline), street)
		r.MessageEn = fmt.Sprintf("The notice period ended on %s and every objection is answered: it can be filed with %s", web.DateEn(n.Deadline), street)
	}
	return r, nil
}
