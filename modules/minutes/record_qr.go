package minutes

import (
	"regexp"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// A printed notice, minutes or result carries a QR code of its address in
// the page, so a villager reading the paper board can open the record (and
// its later versions) on a phone. Only addresses of the village's own pages
// are encoded: the image never points elsewhere.

var recordPath = regexp.MustCompile(`^/v/[0-9a-f]{24}(/[0-9A-Za-z:%._-]{1,64}){1,6}$`)

// ErrRecordPath refuses an address that is not one of the village's pages.
var ErrRecordPath = web.New(422, "invalid_fields", "二维码只能指向本村的页面", "The QR code may only point to a page of this village")

func (m *Module) recordQR(c *fiber.Ctx) error {
	path := c.Query("path")
	if !recordPath.MatchString(path) || path[3:27] != c.Params("id") {
		return ErrRecordPath
	}
	png, err := QRPNG(m.publicURL(c)+"/#"+path, 384)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, max-age=3600")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}
