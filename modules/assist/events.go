package assist

import (
	"context"
	"fmt"

	"yishi/modules/notify"
)

// What each kind is, in words, for notifications.
var kindWords = map[string][2]string{
	KindSignIn:      {"会议签到", "sign-in at the meeting"},
	KindCosign:      {"联名", "co-signature"},
	KindCertificate: {"申请证明", "certificate request"},
}

// tellConfirmers tells those who may confirm (never the helper) that an
// action waits for them. The pending list on their home shows it anyway,
// so a failure to tell is logged, never undoing the record.
func (s *Service) tellConfirmers(ctx context.Context, villageID string, a Action) {
	w := kindWords[a.Kind]
	err := s.notifier.Send(ctx, notify.Event{Key: "assist_to_confirm:" + a.ID, Kind: notify.KindAssistToConfirm, Org: villageID,
		Holders: []notify.Action{{Obj: "assist", Act: "confirm"}}, Except: a.Helper,
		Link:     notify.Link{View: "home", Params: map[string]string{"vid": villageID}},
		Title:    a.ResidentName + " · " + a.TargetTitle,
		DetailZh: fmt.Sprintf("%s代办%s，等你确认", a.HelperName, w[0]), DetailEn: fmt.Sprintf("%s helped with a %s; waits for your confirmation", a.HelperName, w[1]),
		At: a.CreatedAt})
	if err != nil {
		s.log.Warn("notify confirmers", "action", a.ID, "err", err)
	}
}

// tellResident tells the resident what was done for them, by whom. A
// failure is answered as one: the retried confirmation acts not again but
// sends the same event again, which completes it (notify.Sender).
func (s *Service) tellResident(ctx context.Context, villageID string, a Action) error {
	w := kindWords[a.Kind]
	return s.notifier.Send(ctx, notify.Event{Key: "assisted:" + a.ID, Kind: notify.KindAssisted, Org: villageID,
		Residents: []string{a.ResidentNo},
		Link:      notify.Link{View: "assisted", Params: map[string]string{"vid": villageID}},
		Title:     a.TargetTitle,
		DetailZh:  fmt.Sprintf("%s：%s代办，%s确认", w[0], a.HelperName, a.ConfirmerName),
		DetailEn:  fmt.Sprintf("%s: helped by %s, confirmed by %s", w[1], a.HelperName, a.ConfirmerName),
		At:        a.ConfirmedAt})
}
