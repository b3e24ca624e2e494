package notify

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Inbox is one org whose notifications the caller reads: the village it
// lives in, or an org it holds a role in. The root (an operator's scope) has
// no OrgID: it holds no notifications, but the policy is asked there too.
type Inbox struct {
	OrgID string
	Path  string
}

// ModuleDeps are what the HTTP side needs.
type ModuleDeps struct {
	Service   *Service
	Guard     web.Guard
	Validator *web.Validator
	// Inboxes are the caller's candidate inboxes; each is read only where
	// the policy lets the caller read notifications (notification, read).
	Inboxes func(c *fiber.Ctx) (account string, inboxes []Inbox, err error)
}

// Module is the notifications' HTTP side: account-wide, not per village,
// so a street official has a bell too.
type Module struct{ d ModuleDeps }

// New makes the module.
func New(d ModuleDeps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	login := m.d.Guard.RequireLogin()
	r.Get("/notifications", login, m.list)
	r.Get("/notifications/unread", login, m.unread)
	r.Post("/notifications/read", login, m.markRead)
	// Deprecated: the bell of today's page asks here; it answers the
	// account-wide count (the :id is not used) until the page asks above.
	r.Get("/orgs/:id/notifications/unread", login, m.unread)
}

// allowed is the caller and the inboxes the policy lets it read; none is a
// 403 naming the missing line.
func (m *Module) allowed(c *fiber.Ctx) (string, []string, error) {
	account, all, err := m.d.Inboxes(c)
	if err != nil {
		return "", nil, err
	}
	out := []string{}
	var refused error = web.ErrForbidden
	ok := false
	for _, in := range all {
		if err := m.d.Guard.Check(c, in.Path, "notification", "read"); err != nil {
			refused = err
			continue
		}
		ok = true
		if in.OrgID != "" { // the root holds no notifications
			out = append(out, in.OrgID)
		}
	}
	if !ok {
		return "", nil, refused
	}
	return account, out, nil
}

func (m *Module) list(c *fiber.Ctx) error {
	account, inboxes, err := m.allowed(c)
	if err != nil {
		return err
	}
	limit := 20
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return fieldError("limit", "每页条数应为 1 到 100", "must be a whole number from 1 to 100")
		}
		limit = n
	}
	before, err := ParseCursor(c.Query("before"))
	if errors.Is(err, ErrBadCursor) {
		return fieldError("before", "翻页位置不正确，请从第一页重新打开", "is not a cursor this API gave; start again from the first page")
	}
	p, err := m.d.Service.List(c.UserContext(), account, inboxes, before, limit)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) unread(c *fiber.Ctx) error {
	account, inboxes, err := m.allowed(c)
	if err != nil {
		return err
	}
	n, err := m.d.Service.Unread(c.UserContext(), account, inboxes)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"unread": n})
}

// MarkReadInput names notifications to mark read, or all of them.
type MarkReadInput struct {
	IDs []string `json:"ids" validate:"max=100,dive,len=24,hexadecimal"`
	All bool     `json:"all"`
}

func (m *Module) markRead(c *fiber.Ctx) error {
	account, inboxes, err := m.allowed(c)
	if err != nil {
		return err
	}
	var in MarkReadInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	ids := in.IDs
	switch {
	case in.All && len(ids) > 0:
		return fieldError("all", "要么全部标为已读，要么指明哪几条", "either all, or name the notifications, not both")
	case in.All:
		ids = nil
	case len(ids) == 0:
		return fieldError("ids", "请指明要标为已读的通知，或选择全部", "name the notifications, or choose all")
	}
	n, err := m.d.Service.MarkRead(c.UserContext(), account, inboxes, ids)
	if err != nil {
		return err
	}
	unread, err := m.d.Service.Unread(c.UserContext(), account, inboxes)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"marked": n, "unread": unread})
}

func fieldError(field, zh, en string) error {
	out := *web.ErrInvalid
	out.Fields = map[string]web.FieldError{field: {Message: zh, MessageEn: en}}
	return &out
}
