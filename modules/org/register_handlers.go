package org

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// MaxCheckRows bounds a whole file read for its preview: a county's largest
// village fits, a mistaken upload of something else does not.
const MaxCheckRows = 100000

// previewRows is how many good rows the preview shows.
const previewRows = 10

// maxBadCells bounds the bad cells one answer lists.
const maxBadCells = 2000

// RegisterPreview is what a file would do, before anything is stored.
type RegisterPreview struct {
	Rows    int        `json:"rows"`
	Good    int        `json:"good"`
	Refused int        `json:"refused"`
	First   []Resident `json:"first"`
	Bad     []BadCell  `json:"bad"`
	// More says the bad cells were more than the list holds.
	More bool `json:"more"`
}

// PartReport is what importing one part of a file did: its good rows are
// stored, its bad rows refused and named.
type PartReport struct {
	ImportReport
	Refused int       `json:"refused"`
	Bad     []BadCell `json:"bad"`
}

// checkResidents reads the whole file and stores nothing: the page shows its
// first rows and every bad one before the operator imports.
func (m *Module) checkResidents(c *fiber.Ctx) error {
	if _, err := m.village(c); err != nil {
		return err
	}
	chk, err := CheckRegister(bytes.NewReader(c.Body()), time.Now(), 0, MaxCheckRows)
	if err != nil {
		return err
	}
	p := RegisterPreview{Rows: chk.Rows, Good: len(chk.Good), Refused: chk.Refused, First: chk.Good[:min(previewRows, len(chk.Good))], Bad: chk.Bad}
	if p.First == nil {
		p.First = []Resident{}
	}
	p.Bad, p.More = capBad(chk.Bad)
	return c.JSON(p)
}

// importPart stores the good rows of one part of a file and refuses its bad
// ones. The page sends a file in parts (the header repeated on each) so it
// can show rows done of total; first_line is the file line of the part's
// first data row, so refusals name lines of the whole file.
func (m *Module) importPart(c *fiber.Ctx) error {
	v, err := m.village(c)
	if err != nil {
		return err
	}
	first := c.QueryInt("first_line", 2)
	if first < 2 || first > 10*MaxCheckRows {
		e := *web.ErrInvalid
		e.Fields = map[string]web.FieldError{"first_line": {Message: "应为文件中的行号（从2开始）", MessageEn: "must be a line of the file (from 2)"}}
		return &e
	}
	chk, err := CheckRegister(bytes.NewReader(c.Body()), time.Now(), first-2, MaxImportRows)
	if err != nil {
		return err
	}
	rep, err := m.svc.ImportPart(c.UserContext(), web.ActorOf(c), v.ID, first, chk)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func capBad(bad []BadCell) ([]BadCell, bool) {
	if bad == nil {
		return []BadCell{}, false
	}
	if len(bad) > maxBadCells {
		return bad[:maxBadCells], true
	}
	return bad, false
}
