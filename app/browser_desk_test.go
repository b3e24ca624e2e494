package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDeskRequestAnsweredAndTaskRefused: a resident of 东田社区
// files a request for a service on the list; the secretary answers it at
// the village desk; the resident sees the answer and closes the request.
// The street official answers a request the desk forwarded (through the
// API); the resident who asked is notified and reads the street's answer
// from the bell; and the task form shows the rule that refuses an unfunded task
// before it admits the funded one.
func TestBrowserDeskRequestAnsweredAndTaskRefused(t *testing.T) {
	allowStatus(t, 422) // the unfunded task, refused in view
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	s := &serviceKit{propKit: propKitOn(t, ta), resident: ta.login(t, demoResidentPhone), secretary: ta.login(t, "13800000002"),
		official: ta.login(t, "13800000003")}

	const ask = "希望街道为议事会成员安排一次议事规则培训"
	browserLoginHome(b, ta.URL, demoResidentPhone)
	b.do("file a request",
		chromedp.Click(chromedp.ID("link-desk")),
		chromedp.WaitVisible(chromedp.ID("service-form")),
		chromedp.SetValue(chromedp.ID("service-key"), "street_official:training.provide"),
		chromedp.SendKeys(chromedp.ID("service-text"), ask),
		chromedp.Click(chromedp.ID("service-submit")),
		chromedp.WaitVisible(chromedp.CSS("#my-requests li")),
	)
	b.waitText("#my-requests li .request-text", ask)
	b.waitText("#my-requests li .status", zh["desk.status.filed"])
	id := b.eval(`document.querySelector('#my-requests li').dataset.id`)
	browserLogout(b, ta.URL)

	const answer = "下月10日在村委会会议室培训，请准时参加"
	browserLoginHome(b, ta.URL, "13800000002")
	row := `#desk-queue li[data-id="` + id + `"]`
	b.do("answer at the desk",
		chromedp.Click(chromedp.ID("link-desk")),
		chromedp.WaitVisible(chromedp.ID("link-desk-queue")),
		chromedp.Click(chromedp.ID("link-desk-queue")),
		chromedp.WaitVisible(chromedp.CSS(row+" .reply-text")),
	)
	b.waitText(row+" .request-text", ask)
	b.do("write the answer", chromedp.SendKeys(chromedp.CSS(row+" .reply-text"), answer))
	b.pressAndHear("answer at the desk", row+" .reply-answer", zh["desk.said.answer"])
	b.do("the queue emptied", chromedp.WaitVisible(chromedp.ID("desk-queue-empty")))
	browserLogout(b, ta.URL)

	browserLoginHome(b, ta.URL, demoResidentPhone)
	mine := `#my-requests li[data-id="` + id + `"]`
	b.do("see the answer", chromedp.Click(chromedp.ID("link-desk")), chromedp.WaitVisible(chromedp.CSS(mine+" .request-answer")))
	b.waitText(mine+" .request-answer", answer)
	b.waitText(mine+" .request-answered-by", zh["desk.answeredBy.village"])
	b.waitText(mine+" .status", zh["desk.status.answered"])
	b.do("close it", chromedp.Click(chromedp.CSS(mine+" .request-close")))
	b.waitText(mine+" .status", zh["desk.status.closed"])
	browserLogout(b, ta.URL)

	// A request the desk forwards by a tap reaches the street, which answers it.
	fwd := s.file("street_official:service_request.answer")
	browserLoginHome(b, ta.URL, "13800000002")
	frow := `#desk-queue li[data-id="` + fwd.ID + `"]`
	b.do("forward to the street",
		chromedp.Click(chromedp.ID("link-desk")),
		chromedp.WaitVisible(chromedp.ID("link-desk-queue")),
		chromedp.Click(chromedp.ID("link-desk-queue")),
		chromedp.WaitVisible(chromedp.CSS(frow+" .reply-text")),
		chromedp.SendKeys(chromedp.CSS(frow+" .reply-text"), "需要街道协调"),
		chromedp.Click(chromedp.CSS(frow+" .reply-forward")),
	)
	b.waitText("#action-said", zh["desk.said.forward"])
	browserLogout(b, ta.URL)
	unfunded := map[string]any{"kind": "population_census", "title": "协助人口普查入户登记", "basis": "《全国人口普查条例》",
		"deployment": "海淀区人民政府办公室关于人口普查的通知", "department": "海淀区统计局"}
	refusal := s.official.mustError("POST", s.path("/tasks"), unfunded, 422, "task_unfunded")

	browserLoginHome(b, ta.URL, "13800000003")
	village := `#street-villages li[data-village="` + s.dt + `"]`
	b.do("the forwarded queue",
		chromedp.WaitVisible(chromedp.ID("link-street-desk")),
		chromedp.Click(chromedp.ID("link-street-desk")),
		chromedp.WaitVisible(chromedp.CSS(village+" .link-forwarded")),
		chromedp.Click(chromedp.CSS(village+" .link-forwarded")),
		chromedp.WaitVisible(chromedp.CSS(`#forwarded-queue li[data-id="`+fwd.ID+`"] .reply-text`)),
		chromedp.SendKeys(chromedp.CSS(`#forwarded-queue li[data-id="`+fwd.ID+`"] .reply-text`), "街道已安排专人联系"),
		chromedp.Click(chromedp.CSS(`#forwarded-queue li[data-id="`+fwd.ID+`"] .reply-street-answer`)),
	)
	b.waitText(`#forwarded-queue li[data-id="`+fwd.ID+`"] .request-answer`, "街道已安排专人联系")
	b.waitText(`#forwarded-queue li[data-id="`+fwd.ID+`"] .request-answered-by`, zh["desk.answeredBy.street"])

	b.do("the task form, from home",
		chromedp.Click(chromedp.ID("nav-home")),
		chromedp.WaitVisible(chromedp.ID("link-street-desk")),
		chromedp.Click(chromedp.ID("link-street-desk")),
		chromedp.WaitVisible(chromedp.CSS(village+" .link-task")),
		chromedp.Click(chromedp.CSS(village+" .link-task")),
		chromedp.WaitVisible(chromedp.ID("task-form")),
		chromedp.SetValue(chromedp.ID("task-kind"), "population_census"),
	)
	// The basis is the entry's: chosen with the kind, not typed.
	runIn(b, "choose the kind", chromedp.Evaluate[bool](`document.getElementById('task-kind').dispatchEvent(new Event('change'))`))
	if basis := b.eval(`document.getElementById('task-basis').value`); basis != unfunded["basis"] {
		t.Errorf("the form fills the basis %q, want %q", basis, unfunded["basis"])
	}
	b.do("submit without funding",
		chromedp.SendKeys(chromedp.ID("task-title"), unfunded["title"].(string)),
		chromedp.SendKeys(chromedp.ID("task-deployment"), unfunded["deployment"].(string)),
		chromedp.SendKeys(chromedp.ID("task-department"), unfunded["department"].(string)),
		chromedp.Click(chromedp.ID("task-submit")),
	)
	b.waitText("#task-error", refusal.Error.Message)
	if !strings.Contains(refusal.Error.Message, "经费来源") {
		t.Errorf("the refusal %q does not say what is missing", refusal.Error.Message)
	}
	b.do("add the funding and submit",
		chromedp.SendKeys(chromedp.ID("task-funding"), "区财政人口普查专项经费"),
		chromedp.Click(chromedp.ID("task-submit")),
		chromedp.WaitVisible(chromedp.ID("task-admitted")),
	)
	b.waitText("#task-error", "")
	// The admitted task says who entrusted it and so bears its cost (V2026 Art. 43 ¶2).
	if said := b.eval(`document.querySelector('#task-done .hint').textContent`); !strings.Contains(said, "海淀区统计局") {
		t.Errorf("the admitted task says %q, not the entrusting department", said)
	}

	// The resident who asked is notified and reads the street's answer.
	var notes struct {
		Notifications []struct {
			ID, Kind string
			Link     struct{ Params map[string]string }
		}
	}
	s.resident.mustJSON("GET", "/api/v1/notifications", nil, 200, &notes)
	noteID := ""
	for _, n := range notes.Notifications {
		if n.Kind == "request_answered" && n.Link.Params["request"] == fwd.ID {
			noteID = n.ID
		}
	}
	if noteID == "" {
		t.Fatalf("the resident has no notification of the street's answer: %+v", notes)
	}
	browserLogout(b, ta.URL)
	browserLoginHome(b, ta.URL, demoResidentPhone)
	note := `#notification-list li.unread[data-id="` + noteID + `"] a`
	b.do("the bell, then the street's answer", chromedp.Click(chromedp.ID("bell")), chromedp.WaitVisible(chromedp.CSS(note)))
	b.do("open it", chromedp.Click(chromedp.CSS(note)))
	fmine := `#my-requests li[data-id="` + fwd.ID + `"]`
	b.do("the answer on the desk", chromedp.WaitVisible(chromedp.CSS(fmine+" .request-answer")))
	b.waitText(fmine+" .request-answer", "街道已安排专人联系")
	b.waitText(fmine+" .request-answered-by", zh["desk.answeredBy.street"])
}
