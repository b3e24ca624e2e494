package minutes

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain
	Validator *web.Validator
	// Notify tells invitees, attendees, objectors and secretaries what
	// concerns them (events.go); nil notifies nobody.
	Notify notify.Sender
	Log    *slog.Logger
	// PublicURL is the site's address for the sign-in QR code; empty uses
	// the request's scheme and host.
	PublicURL string
	// Published is told of each publication of minutes with the notices
	// it opened: the proposals they decided move on (app/wire_steps.go);
	// nil tells nobody.
	Published func(c *fiber.Ctx, out PublishedMinutes)
}

// Module is the HTTP side of meetings, minutes and the board.
type Module struct {
	d Deps
	// Wrong short codes per account and per address (signin_throttle.go).
	guessesByAccount, guessesByIP *guessCounter
}

// New makes the module.
func New(d Deps) *Module {
	return &Module{d: d, guessesByAccount: newGuessCounter(time.Now, ShortCodeTries), guessesByIP: newGuessCounter(time.Now, ShortCodeTriesIP)}
}

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/meetings", g.Require("meeting", "schedule", dom), m.schedule)
	r.Get("/orgs/:id/meetings", g.Require("minutes", "read", dom), m.list)
	r.Get("/orgs/:id/meeting-kinds", g.Require("meeting", "schedule", dom), m.kinds)
	r.Get("/orgs/:id/meeting-people", g.Require("meeting", "schedule", dom), m.people)
	r.Get("/orgs/:id/meeting-alerts", g.Require("minutes", "read", dom), m.alerts)
	r.Get("/orgs/:id/meetings/:meeting", g.Require("minutes", "read", dom), m.get)
	r.Post("/orgs/:id/meetings/:meeting/open", g.Require("meeting", "schedule", dom), m.open)
	r.Post("/orgs/:id/meetings/:meeting/close", g.Require("meeting", "schedule", dom), m.close)
	r.Get("/orgs/:id/meetings/:meeting/sign-in-code", g.Require("attendance", "record", dom), m.signInCode)
	r.Get("/orgs/:id/meetings/:meeting/sign-in-qr.png", g.Require("attendance", "record", dom), m.signInQR)
	r.Post("/orgs/:id/meetings/:meeting/sign-in", g.Require("attendance", "sign", dom), m.signIn)
	r.Post("/orgs/:id/sign-in", g.Require("attendance", "sign", dom), m.signInByShortCode)
	r.Post("/orgs/:id/meetings/:meeting/marks", g.Require("attendance", "record", dom), m.mark)
	r.Post("/orgs/:id/meetings/:meeting/marks/:resident/confirm", g.Require("attendance", "confirm", dom), m.confirmMark)
	r.Post("/orgs/:id/meetings/:meeting/proxies", g.Require("attendance", "record", dom), m.proxy)
	r.Get("/orgs/:id/meetings/:meeting/attendance", g.Require("minutes", "read", dom), m.attendance)
	r.Get("/orgs/:id/meetings/:meeting/votes", g.Require("minutes", "read", dom), m.meetingVotes)
	r.Get("/orgs/:id/meetings/:meeting/pending", g.Require("attendance", "confirm", dom), m.pending)
	r.Get("/orgs/:id/meetings/:meeting/electorate", g.Require("attendance", "record", dom), m.electorateOf)
	r.Post("/orgs/:id/meetings/:meeting/minutes", g.Require("minutes", "record", dom), m.draft)
	r.Get("/orgs/:id/meetings/:meeting/minutes", g.Require("minutes", "read", dom), m.versions)
	r.Get("/orgs/:id/meetings/:meeting/minutes/:version", g.Require("minutes", "read", dom), m.version)
	r.Put("/orgs/:id/meetings/:meeting/minutes/:version", g.Require("minutes", "record", dom), m.edit)
	r.Post("/orgs/:id/meetings/:meeting/minutes/:version/confirm", g.Require("minutes", "confirm", dom), m.confirm)
	r.Post("/orgs/:id/meetings/:meeting/minutes/:version/publish", g.Require("minutes", "publish", dom), m.publish)
	r.Post("/orgs/:id/meetings/:meeting/minutes/:version/corrections", g.Require("minutes", "record", dom), m.correct)
	r.Get("/orgs/:id/minutes-check", g.Require("minutes", "read", dom), m.verify)
	r.Get("/orgs/:id/publication-settings", g.Require("outcome", "read", dom), m.settings)
	r.Put("/orgs/:id/publication-settings", g.Require("minutes", "publish", dom), m.setSettings)
	// The public board (村务公开栏) is readable without login unless the
	// village chose otherwise; the handler decides.
	r.Get("/orgs/:id/board", m.board)
	r.Post("/orgs/:id/notices", g.Require("minutes", "publish", dom), m.publishNotice)
	r.Get("/orgs/:id/notices/:notice", g.Require("outcome", "read", dom), m.notice)
	r.Put("/orgs/:id/notices/:notice", g.Require("outcome", "edit", dom), m.editNotice)
	r.Get("/orgs/:id/notices/:notice/objections", g.Require("outcome", "read", dom), m.objections)
	r.Post("/orgs/:id/notices/:notice/objections", g.Require("objection", "create", dom), m.object)
	r.Post("/orgs/:id/notices/:notice/objections/:objection/answer", g.Require("objection", "answer", dom), m.answer)
	r.Get("/orgs/:id/record-qr.png", g.Require("outcome", "read", dom), m.recordQR)
	m.mountProjects(r)
	m.mountRecordRemarks(r)
}

// residentNo is the caller's resident number when :id is their home
// village, else empty.
func (m *Module) residentNo(c *fiber.Ctx) (string, error) {
	if who := web.ActorOf(c); who.VillageID == c.Params("id") {
		return who.ResidentNo, nil
	}
	return "", nil
}

func versionParam(c *fiber.Ctx) (int, error) {
	v, err := strconv.Atoi(c.Params("version"))
	if err != nil || v < 1 {
		return 0, ErrMinutesNotFound
	}
	return v, nil
}

func (m *Module) schedule(c *fiber.Ctx) error {
	var in MeetingInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	mt, err := m.d.Service.Schedule(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellInvited(c, mt)
	return c.Status(fiber.StatusCreated).JSON(mt)
}

func (m *Module) kinds(c *fiber.Ctx) error {
	kinds, now, err := m.d.Service.MeetingKinds(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"now": now, "kinds": kinds})
}

func (m *Module) people(c *fiber.Ctx) error {
	var q PeopleQuery
	if err := c.QueryParser(&q); err != nil {
		return web.ErrInvalid.Wrap(err)
	}
	if err := m.d.Validator.Struct(&q); err != nil {
		return err
	}
	people, total, err := m.d.Service.People(c.UserContext(), c.Params("id"), q)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"people": people, "total": total})
}

func (m *Module) list(c *fiber.Ctx) error {
	ms, err := m.d.Service.List(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"meetings": ms})
}

func (m *Module) alerts(c *fiber.Ctx) error {
	a, err := m.d.Service.Alerts(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"alerts": a})
}

func (m *Module) get(c *fiber.Ctx) error {
	mt, err := m.d.Service.Get(c.UserContext(), c.Params("id"), c.Params("meeting"))
	if err != nil {
		return err
	}
	return c.JSON(mt)
}

func (m *Module) open(c *fiber.Ctx) error {
	mt, err := m.d.Service.Open(c.UserContext(), c.Params("id"), c.Params("meeting"), web.ActorOf(c))
	if err != nil {
		return err
	}
	m.tellStarted(c, mt)
	return c.JSON(mt)
}

func (m *Module) close(c *fiber.Ctx) error {
	var in CloseInput
	if len(c.Body()) > 0 {
		if err := m.d.Validator.Bind(c, &in); err != nil {
			return err
		}
	}
	mt, err := m.d.Service.CloseAcknowledging(c.UserContext(), c.Params("id"), c.Params("meeting"), web.ActorOf(c), in.AcknowledgeUnconfirmed)
	if err != nil {
		return err
	}
	return c.JSON(mt)
}

func (m *Module) publicURL(c *fiber.Ctx) string {
	if m.d.PublicURL != "" {
		return m.d.PublicURL
	}
	return c.Protocol() + "://" + string(c.Request().Host())
}

func (m *Module) signInCode(c *fiber.Ctx) error {
	d, err := m.d.Service.Display(c.UserContext(), c.Params("id"), c.Params("meeting"), m.publicURL(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(d)
}

// signInQR is the QR image alone, for a projector page that shows an img.
func (m *Module) signInQR(c *fiber.Ctx) error {
	d, err := m.d.Service.Display(c.UserContext(), c.Params("id"), c.Params("meeting"), m.publicURL(c))
	if err != nil {
		return err
	}
	png, err := QRPNG(d.SignInURL, 512)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

type shortCodeInput struct {
	ShortCode string `json:"short_code" validate:"required,len=6,numeric"`
}

// signInByShortCode signs the logged-in resident in to the village's open
// meeting showing the six digits typed; wrong codes are counted per account
// and address (signin_throttle.go).
func (m *Module) signInByShortCode(c *fiber.Ctx) error {
	account, ip := web.ActorOf(c).AccountID, c.IP()
	for _, g := range []struct {
		counter *guessCounter
		key     string
	}{{m.guessesByAccount, account}, {m.guessesByIP, ip}} {
		if until, blocked := g.counter.blockedUntil(g.key); blocked {
			return tooManyGuesses(until)
		}
	}
	var in shortCodeInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	no, err := m.residentNo(c)
	if err != nil {
		return err
	}
	a, mt, err := m.d.Service.SignInByShortCode(c.UserContext(), c.Params("id"), no, web.ActorOf(c), in.ShortCode)
	if err != nil && web.AsError(err).Code == ErrBadCode.Code {
		m.guessesByAccount.fail(account)
		m.guessesByIP.fail(ip)
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(SignedInAnswer(a, mt))
}

type signInInput struct {
	Code string `json:"code" validate:"required,max=64"`
}

func (m *Module) signIn(c *fiber.Ctx) error {
	var in signInInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	no, err := m.residentNo(c)
	if err != nil {
		return err
	}
	a, err := m.d.Service.SignIn(c.UserContext(), c.Params("id"), c.Params("meeting"), no, web.ActorOf(c), in.Code)
	if err != nil {
		return err
	}
	mt, err := m.d.Service.Get(c.UserContext(), c.Params("id"), a.MeetingID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(SignedInAnswer(a, mt))
}

type markInput struct {
	ResidentNo string `json:"resident_no" validate:"required,max=32"`
	Note       string `json:"note" validate:"max=200"`
}

func (m *Module) mark(c *fiber.Ctx) error {
	var in markInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	a, err := m.d.Service.Mark(c.UserContext(), c.Params("id"), c.Params("meeting"), in.ResidentNo, web.ActorOf(c), in.Note)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (m *Module) confirmMark(c *fiber.Ctx) error {
	a, err := m.d.Service.ConfirmMark(c.UserContext(), c.Params("id"), c.Params("meeting"), c.Params("resident"), web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(a)
}

func (m *Module) proxy(c *fiber.Ctx) error {
	var in ProxyInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	a, err := m.d.Service.RecordProxy(c.UserContext(), c.Params("id"), c.Params("meeting"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (m *Module) attendance(c *fiber.Ctx) error {
	list, q, err := m.d.Service.Attendance(c.UserContext(), c.Params("id"), c.Params("meeting"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"attendance": list, "quorum": q})
}

func (m *Module) meetingVotes(c *fiber.Ctx) error {
	list, err := m.d.Service.MeetingVotes(c.UserContext(), c.Params("id"), c.Params("meeting"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"votes": list})
}

func (m *Module) pending(c *fiber.Ctx) error {
	p, err := m.d.Service.PendingAt(c.UserContext(), c.Params("id"), c.Params("meeting"), web.ActorOf(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) draft(c *fiber.Ctx) error {
	var in MinutesInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.Draft(c.UserContext(), c.Params("id"), c.Params("meeting"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	m.tellToConfirm(c, c.Params("id"), out)
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (m *Module) versions(c *fiber.Ctx) error {
	all, err := m.d.Service.Versions(c.UserContext(), c.Params("id"), c.Params("meeting"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"versions": all})
}

func (m *Module) version(c *fiber.Ctx) error {
	v, err := versionParam(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.Version(c.UserContext(), c.Params("id"), c.Params("meeting"), v)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) edit(c *fiber.Ctx) error {
	v, err := versionParam(c)
	if err != nil {
		return err
	}
	var in MinutesInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.Edit(c.UserContext(), c.Params("id"), c.Params("meeting"), v, web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) confirm(c *fiber.Ctx) error {
	v, err := versionParam(c)
	if err != nil {
		return err
	}
	no, err := m.residentNo(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.Confirm(c.UserContext(), c.Params("id"), c.Params("meeting"), v, no, web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) publish(c *fiber.Ctx) error {
	v, err := versionParam(c)
	if err != nil {
		return err
	}
	out, err := m.d.Service.Publish(c.UserContext(), c.Params("id"), c.Params("meeting"), v, web.ActorOf(c))
	if err != nil {
		return err
	}
	if m.d.Published != nil {
		m.d.Published(c, out)
	}
	return c.JSON(out)
}

func (m *Module) correct(c *fiber.Ctx) error {
	v, err := versionParam(c)
	if err != nil {
		return err
	}
	var in CorrectionInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.Correct(c.UserContext(), c.Params("id"), c.Params("meeting"), v, web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (m *Module) verify(c *fiber.Ctx) error {
	out, err := m.d.Service.Verify(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (m *Module) settings(c *fiber.Ctx) error {
	s, err := m.d.Service.Settings(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s)
}

func (m *Module) setSettings(c *fiber.Ctx) error {
	var in Settings
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	s, err := m.d.Service.SetSettings(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(s)
}

func (m *Module) board(c *fiber.Ctx) error {
	id := c.Params("id")
	set, err := m.d.Service.Settings(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !set.BoardPublic {
		path, err := m.d.Domain(c)
		if err != nil {
			return err
		}
		if err := m.d.Guard.Check(c, path, "outcome", "read"); err != nil {
			return err
		}
	}
	entries, err := m.d.Service.Board(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"now": m.d.Service.Now(), "notices": entries})
}

func (m *Module) publishNotice(c *fiber.Ctx) error {
	var in NoticeInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	n, err := m.d.Service.PublishNotice(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(n)
}

func (m *Module) notice(c *fiber.Ctx) error {
	n, err := m.d.Service.NoticeShown(c.UserContext(), c.Params("id"), c.Params("notice"))
	if err != nil {
		return err
	}
	return c.JSON(entryOf(n, m.d.Service.Now()))
}

// editNotice exists to be refused: nobody holds outcome.edit, and the
// negative list names it for government roles. A published notice never
// changes.
func (m *Module) editNotice(*fiber.Ctx) error { return ErrNoticeUnchanged }

func (m *Module) objections(c *fiber.Ctx) error {
	list, err := m.d.Service.Objections(c.UserContext(), c.Params("id"), c.Params("notice"))
	if err != nil {
		return err
	}
	// Who objected is the village's business: the street reviewing the
	// outcome reads the objections and the answers, not the register.
	if web.ActorOf(c).VillageID != c.Params("id") {
		for i := range list {
			list[i].ResidentNo = ""
		}
	}
	return c.JSON(fiber.Map{"objections": list})
}

type textInput struct {
	Text string `json:"text" validate:"required,max=2000"`
}

func (m *Module) object(c *fiber.Ctx) error {
	var in objectionInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	in.normalise()
	no, err := m.residentNo(c)
	if err != nil {
		return err
	}
	o, err := m.d.Service.ObjectCiting(c.UserContext(), c.Params("id"), c.Params("notice"), no, web.ActorOf(c), in.Text, in.MissingReceipt)
	if err != nil {
		return err
	}
	m.tellObjection(c, c.Params("id"), o)
	return c.Status(fiber.StatusCreated).JSON(o)
}

type answerInput struct {
	Answer string `json:"answer" validate:"required,max=2000"`
}

func (m *Module) answer(c *fiber.Ctx) error {
	var in answerInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	o, err := m.d.Service.Answer(c.UserContext(), c.Params("id"), c.Params("notice"), c.Params("objection"), web.ActorOf(c), in.Answer)
	if err != nil {
		return err
	}
	m.tellAnswered(c, c.Params("id"), o)
	return c.JSON(o)
}
