package servicedesk

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// tellStep tells whom a request's step concerns, through the one
// notification capability, in the step's own request: an answer (by the
// village or the street) the resident who asked; a forwarding the
// officials who answer forwarded requests.
func (m *Module) tellStep(c *fiber.Ctx, villageID string, r Request, by string) {
	if m.d.Notify == nil {
		return
	}
	title, _ := m.d.Service.Named(r)
	e := notify.Event{Org: villageID, Title: title, Except: web.ActorOf(c).AccountID,
		Link: notify.Link{View: "desk", Params: map[string]string{"vid": villageID, "request": r.ID}}}
	switch r.Status {
	case StatusAnswered:
		e.Key, e.Kind, e.Recipients = "request_answered:"+r.ID+":"+by, notify.KindRequestAnswered, []string{r.AccountID}
		if by == "street" {
			e.DetailZh, e.DetailEn = "街道已答复", "answered by the street"
		} else {
			e.DetailZh, e.DetailEn = "村里已答复", "answered by the village"
		}
	case StatusForwarded:
		e.Key, e.Kind = "request_forwarded:"+r.ID, notify.KindRequestForwarded
		e.Holders = []notify.Action{{Obj: "service_request", Act: "answer"}}
		e.Link.View = "desk-forwarded"
	default:
		return
	}
	if err := m.d.Notify.Send(c.UserContext(), e); err != nil && m.d.Log != nil {
		m.d.Log.Warn("notify", "kind", e.Kind, "key", e.Key, "err", err)
	}
}
