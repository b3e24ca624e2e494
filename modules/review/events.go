package review

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
)

// What filing and complaints tell people, through the one notification
// capability, in the request that made the event. Who is told follows from
// the policy: those who review filings (the street's officials) and those
// who file (the village's secretaries). A complaint's notification to the
// street never names who complained (Art. 31: complainants are not pressed).

func (m *Module) send(c *fiber.Ctx, e notify.Event) {
	if m.d.Notify == nil {
		return
	}
	if err := m.d.Notify.Send(c.UserContext(), e); err != nil && m.d.Log != nil {
		m.d.Log.Warn("notify", "kind", e.Kind, "key", e.Key, "err", err)
	}
}

func filingLink(f Filing) notify.Link {
	return notify.Link{View: "filing", Params: map[string]string{"vid": f.VillageID, "filing": f.ID}}
}

// tellFiled tells the street's officials a filing waits for review, and
// by when.
func (m *Module) tellFiled(c *fiber.Ctx, f Filing) {
	zh, en := notify.Day(f.ReviewDue)
	m.send(c, notify.Event{Key: "filing_new:" + f.ID, Kind: notify.KindFilingNew, Org: f.VillageID,
		Holders: []notify.Action{{Obj: "filing", Act: "review"}}, Except: f.FiledBy, Link: filingLink(f), Title: f.Title,
		DetailZh: zh + " 前审查", DetailEn: "review by " + en})
}

// tellReviewed tells the village's secretaries the street accepted or
// returned their filing.
func (m *Module) tellReviewed(c *fiber.Ctx, f Filing) {
	zh, en := "街道已通过，可以开始实施", "accepted by the street: implementation may start"
	if f.Order != nil {
		zh, en = "街道退回："+f.Order.Basis, "returned by the street: "+f.Order.Basis
	}
	m.send(c, notify.Event{Key: "filing_reviewed:" + f.ID + ":" + f.Status, Kind: notify.KindFilingReviewed, Org: f.VillageID,
		Holders: []notify.Action{{Obj: "outcome", Act: "file"}}, Except: f.ReviewedBy, Link: filingLink(f), Title: f.Title,
		DetailZh: zh, DetailEn: en})
}

func complaintLink(x Complaint) notify.Link {
	return notify.Link{View: "complaint", Params: map[string]string{"vid": x.VillageID, "complaint": x.ID}}
}

// tellComplained tells the officials who take complaints about the
// village. The complainant is not named.
func (m *Module) tellComplained(c *fiber.Ctx, x Complaint) {
	m.send(c, notify.Event{Key: "complaint_new:" + x.ID, Kind: notify.KindComplaintNew, Org: x.VillageID,
		Holders: []notify.Action{{Obj: "complaint", Act: "return"}}, Except: x.Account, Link: complaintLink(x), Title: x.Subject})
}

// tellComplaintAnswered tells the complainant the street's finding.
func (m *Module) tellComplaintAnswered(c *fiber.Ctx, x Complaint) {
	zh, en := "", ""
	switch x.Finding {
	case FindingFounded:
		zh, en = "街道核实属实，已责令村里公开", "found true by the street: the village is ordered to publish"
	case FindingUnfounded:
		zh, en = "街道核实后认为村里的公开没有问题", "verified by the street: the village's disclosure stands"
	}
	m.send(c, notify.Event{Key: "complaint_answered:" + x.ID, Kind: notify.KindComplaintAnswered, Org: x.VillageID,
		Recipients: []string{x.Account}, Link: complaintLink(x), Title: x.Subject, DetailZh: zh, DetailEn: en})
}

// tellOrdered tells the village's secretaries the street's order and its
// deadline; the complainant is not named.
func (m *Module) tellOrdered(c *fiber.Ctx, x Complaint) {
	if x.Finding != FindingFounded {
		return
	}
	zh, en := notify.Day(x.OrderDue)
	m.send(c, notify.Event{Key: "complaint_order:" + x.ID, Kind: notify.KindComplaintOrder, Org: x.VillageID,
		Holders: []notify.Action{{Obj: "complaint", Act: "comply"}}, Except: x.AnsweredBy, Link: complaintLink(x), Title: x.Subject,
		DetailZh: zh + " 前完成", DetailEn: "due " + en})
}
