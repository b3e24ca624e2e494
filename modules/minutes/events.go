package minutes

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// What meetings, minutes and notices tell people, through the one
// notification capability. Each event is written in the request that made
// it; one that cannot be written is logged, since what it reports is done.

// Invitees are the resident numbers a meeting invites: its electorate as
// it would be frozen on the meeting's day.
func (s *Service) Invitees(ctx context.Context, villageID string, m Meeting) ([]string, error) {
	e, _, err := s.electorate(ctx, villageID, m, m.StartsAt)
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(e)), nil
}

func (m *Module) send(c *fiber.Ctx, e notify.Event) {
	if m.d.Notify == nil {
		return
	}
	if err := m.d.Notify.Send(c.UserContext(), e); err != nil && m.d.Log != nil {
		m.d.Log.Warn("notify", "kind", e.Kind, "key", e.Key, "err", err)
	}
}

// tellInvited tells those a meeting invites when and where it is. The key
// carries the time and place, so a meeting moved is told again.
func (m *Module) tellInvited(c *fiber.Ctx, mt Meeting) {
	nos, err := m.d.Service.Invitees(c.UserContext(), mt.VillageID, mt)
	if err != nil {
		if m.d.Log != nil {
			m.d.Log.Warn("notify: invitees", "meeting", mt.ID, "err", err)
		}
		return
	}
	zh, en := notify.When(mt.StartsAt)
	m.send(c, notify.Event{Key: "meeting_scheduled:" + mt.ID + ":" + mt.StartsAt.UTC().Format("20060102T1504") + ":" + mt.Place,
		Kind: notify.KindMeetingScheduled, Org: mt.VillageID, Residents: nos, Except: mt.ScheduledBy,
		Link:  notify.Link{View: "meeting", Params: map[string]string{"vid": mt.VillageID, "meeting": mt.ID}},
		Title: mt.Title, DetailZh: zh + " " + mt.Place, DetailEn: en + ", " + mt.Place})
}

// tellStarted tells the meeting's electorate, frozen as it opens, that it
// has begun and they may sign in: the "on the day" notice, sent by the
// opening itself, so no timer is needed.
func (m *Module) tellStarted(c *fiber.Ctx, mt Meeting) {
	nos := slices.Sorted(maps.Keys(mt.Electorate))
	m.send(c, notify.Event{Key: "meeting_today:" + mt.ID, Kind: notify.KindMeetingToday, Org: mt.VillageID,
		Residents: nos, Except: web.ActorOf(c).AccountID,
		Link:  notify.Link{View: "sign-in-code", Params: map[string]string{"vid": mt.VillageID, "meeting": mt.ID}},
		Title: mt.Title, DetailZh: "会议已开始，请签到 " + mt.Place, DetailEn: "the meeting has begun: sign in, " + mt.Place})
}

// tellToConfirm asks those who attended in person (not through a proxy)
// to confirm a version of the minutes.
func (m *Module) tellToConfirm(c *fiber.Ctx, villageID string, out Minutes) {
	var nos []string
	for _, a := range out.Attendance {
		if a.Method != MethodProxy {
			nos = append(nos, a.ResidentNo)
		}
	}
	zh, en := notify.Day(out.Date)
	m.send(c, notify.Event{Key: "minutes_to_confirm:" + out.ID, Kind: notify.KindMinutesToConfirm, Org: villageID,
		Residents: nos, Except: out.DraftedBy,
		Link: notify.Link{View: "minutes", Params: map[string]string{"vid": villageID, "meeting": out.MeetingID,
			"version": strconv.Itoa(out.Version)}},
		Title: out.Title, DetailZh: zh, DetailEn: en})
}

// tellObjection tells those who answer objections (the secretaries) that a
// notice has a new one. The objector is not named.
func (m *Module) tellObjection(c *fiber.Ctx, villageID string, o Objection) {
	n, err := m.d.Service.Notice(c.UserContext(), villageID, o.NoticeID)
	if err != nil {
		return
	}
	m.send(c, notify.Event{Key: "objection_new:" + o.ID, Kind: notify.KindObjectionNew, Org: villageID,
		Holders: []notify.Action{{Obj: "objection", Act: "answer"}}, Except: o.Account,
		Link:  notify.Link{View: "notice", Params: map[string]string{"vid": villageID, "notice": n.ID}},
		Title: n.Title})
}

// tellAnswered tells the objector their objection was answered.
func (m *Module) tellAnswered(c *fiber.Ctx, villageID string, o Objection) {
	n, err := m.d.Service.Notice(c.UserContext(), villageID, o.NoticeID)
	if err != nil {
		return
	}
	m.send(c, notify.Event{Key: "objection_answered:" + o.ID, Kind: notify.KindObjectionAnswered, Org: villageID,
		Recipients: []string{o.Account},
		Link:       notify.Link{View: "notice", Params: map[string]string{"vid": villageID, "notice": n.ID}},
		Title:      n.Title})
}
