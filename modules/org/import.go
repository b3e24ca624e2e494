package org

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// RegisterHeader is the header a register CSV must start with, in this order.
var RegisterHeader = []string{"resident_no", "household_no", "name", "gender", "birth_date", "phone", "group", "household_head"}

// MaxImportRows bounds one file, so a mistaken upload cannot swamp a village.
const MaxImportRows = 20000

// ImportReport says what an import did.
type ImportReport struct {
	Rows       int `json:"rows"`
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Households int `json:"households"`
}

// ParseRegister reads and checks a whole register file. Any bad row makes the
// whole file fail, with every bad row named by its line number.
func ParseRegister(r io.Reader, today time.Time) ([]Resident, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(RegisterHeader)
	cr.ReuseRecord = false
	bad := map[string]web.FieldError{}
	fail := func(line int, field, zh, en string) {
		if len(bad) < 100 {
			bad[fmt.Sprintf("line %d: %s", line, field)] = web.FieldError{Message: zh, MessageEn: en}
		}
	}
	header, err := cr.Read()
	if err != nil {
		return nil, registerError(map[string]web.FieldError{"line 1": {Message: "文件为空或不是CSV", MessageEn: "the file is empty or not CSV"}})
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel's UTF-8 BOM
	}
	for i, h := range RegisterHeader {
		if i >= len(header) || strings.TrimSpace(header[i]) != h {
			return nil, registerError(map[string]web.FieldError{"line 1": {
				Message:   "表头应为：" + strings.Join(RegisterHeader, ","),
				MessageEn: "the header must be: " + strings.Join(RegisterHeader, ","),
			}})
		}
	}
	var out []Resident
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos is only valid after a successful read.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "row", "这一行的格式不对（列数或引号）", "this row is malformed (column count or quotes)")
			if pe == nil || pe.Err != csv.ErrFieldCount {
				break // after a quoting error the rest of the file cannot be trusted
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(out) >= MaxImportRows {
			fail(line, "row", fmt.Sprintf("一次最多导入%d行", MaxImportRows), fmt.Sprintf("at most %d rows per file", MaxImportRows))
			break
		}
		for i := range rec {
			// The text rule of every request (web.CleanText): NFC, one line,
			// no control character, no U+FFFD.
			clean, problem := web.CleanText(strings.TrimSpace(rec[i]), false)
			if problem != web.TextOK {
				fail(line, RegisterHeader[i], "含有无法识别的字符、控制字符或换行", "holds an unreadable or control character, or a line break")
			}
			rec[i] = clean
		}
		res := Resident{No: rec[0], HouseholdNo: rec[1], Name: rec[2], BirthDate: rec[4], Phone: rec[5], Group: rec[6]}
		if !validNo(res.No) {
			fail(line, "resident_no", "编号只能用字母、数字和短横线，1到32位", "must be 1-32 letters, digits or '-'")
		} else if prev, dup := seen[res.No]; dup {
			fail(line, "resident_no", fmt.Sprintf("与第%d行重复", prev), fmt.Sprintf("repeats line %d", prev))
		} else {
			seen[res.No] = line
		}
		if !validNo(res.HouseholdNo) {
			fail(line, "household_no", "户号只能用字母、数字和短横线，1到32位", "must be 1-32 letters, digits or '-'")
		}
		if n := utf8.RuneCountInString(res.Name); n == 0 || n > 32 {
			fail(line, "name", "姓名必须填写，最多32个字", "is required, at most 32 characters")
		}
		switch rec[3] {
		case "M", "m", "男":
			res.Gender = "M"
		case "F", "f", "女":
			res.Gender = "F"
		default:
			fail(line, "gender", "性别填 男 或 女（或 M、F）", "must be M or F (or 男, 女)")
		}
		if b, err := time.Parse(time.DateOnly, res.BirthDate); err != nil || !web.InWindow("birth", b, today) {
			fail(line, "birth_date", "出生日期应为 1950-01-31 这样的日期", "must be a date such as 1950-01-31")
		}
		if res.Phone != "" && !web.IsPhone(res.Phone) {
			fail(line, "phone", "请填写11位手机号码或留空", "must be an 11-digit mobile number or empty")
		}
		if utf8.RuneCountInString(res.Group) > 32 {
			fail(line, "group", "最多32个字", "at most 32 characters")
		}
		switch rec[7] {
		case "1", "yes", "y", "true", "是":
			res.HouseholdHead = true
		case "", "0", "no", "n", "false", "否":
		default:
			fail(line, "household_head", "填 是 或 否（或 1、0）", "must be yes or no (or 1, 0)")
		}
		out = append(out, res)
	}
	if len(bad) > 0 {
		return nil, registerError(bad)
	}
	if len(out) == 0 {
		return nil, registerError(map[string]web.FieldError{"line 2": {Message: "文件里没有村民", MessageEn: "the file holds no residents"}})
	}
	return out, nil
}

func registerError(fields map[string]web.FieldError) error {
	e := *web.New(422, "bad_register", "名册文件有错误，整份文件都没有导入", "The register file has errors; nothing of it was imported")
	e.Fields = fields
	return &e
}

func validNo(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// ImportResidents writes a checked register into a village: new residents are
// added, known resident numbers are updated. Without transactions, a failure
// half way is undone by hand: new rows are deleted and the previous versions
// of updated rows are put back, so the file lands whole or not at all.
func (s *Service) ImportResidents(ctx context.Context, villageID string, rows []Resident) (ImportReport, error) {
	if _, err := s.Village(ctx, villageID); err != nil {
		return ImportReport{}, err
	}
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return ImportReport{}, err
	}
	coll := s.store.Village(villageID).Collection(collResidents)
	nos := make([]string, len(rows))
	for i, r := range rows {
		nos[i] = r.No
	}
	var before []Resident
	cur, err := coll.Find(ctx, bson.M{"_id": bson.M{"$in": nos}})
	if err == nil {
		err = cur.All(ctx, &before)
	}
	if err != nil {
		return ImportReport{}, fmt.Errorf("read existing residents: %w", err)
	}
	existed := make(map[string]bool, len(before))
	for _, r := range before {
		existed[r.No] = true
	}

	batch := primitive.NewObjectID().Hex()
	now := time.Now().UTC().Truncate(time.Millisecond)
	models := make([]mongo.WriteModel, len(rows))
	for i := range rows {
		rows[i].Batch, rows[i].UpdatedAt = batch, now
		models[i] = mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": rows[i].No}).SetReplacement(rows[i]).SetUpsert(true)
	}
	if _, err := coll.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false)); err != nil {
		s.undoImport(villageID, nos, existed, before)
		return ImportReport{}, fmt.Errorf("import residents: %w", err)
	}
	households, err := s.rebuildHouseholds(ctx, villageID)
	if err != nil {
		s.undoImport(villageID, nos, existed, before)
		return ImportReport{}, err
	}
	rep := ImportReport{Rows: len(rows), Households: households}
	for _, n := range nos {
		if existed[n] {
			rep.Updated++
		} else {
			rep.Created++
		}
	}
	return rep, nil
}

func (s *Service) undoImport(villageID string, nos []string, existed map[string]bool, before []Resident) {
	// A fresh context: the request's may be what failed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	coll := s.store.Village(villageID).Collection(collResidents)
	var added []string
	for _, n := range nos {
		if !existed[n] {
			added = append(added, n)
		}
	}
	if len(added) > 0 {
		_, _ = coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": added}})
	}
	for _, r := range before {
		_, _ = coll.ReplaceOne(ctx, bson.M{"_id": r.No}, r)
	}
	_, _ = s.rebuildHouseholds(ctx, villageID)
}

// rebuildHouseholds derives the households from the register.
func (s *Service) rebuildHouseholds(ctx context.Context, villageID string) (int, error) {
	residents, err := s.Residents(ctx, villageID)
	if err != nil {
		return 0, err
	}
	byNo := map[string]*Household{}
	var order []string
	for _, r := range residents {
		h, ok := byNo[r.HouseholdNo]
		if !ok {
			h = &Household{No: r.HouseholdNo, Group: r.Group}
			byNo[r.HouseholdNo] = h
			order = append(order, r.HouseholdNo)
		}
		h.Members++
		if r.HouseholdHead {
			h.Head = r.No
		}
	}
	coll := s.store.Village(villageID).Collection(collHouseholds)
	if len(order) == 0 {
		return 0, nil
	}
	models := make([]mongo.WriteModel, 0, len(order))
	for _, no := range order {
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": no}).SetReplacement(byNo[no]).SetUpsert(true))
	}
	if _, err := coll.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false)); err != nil {
		return 0, fmt.Errorf("rebuild households: %w", err)
	}
	if _, err := coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$nin": order}}); err != nil {
		return 0, fmt.Errorf("rebuild households: %w", err)
	}
	return len(order), nil
}

// SeedResidents adds the residents the village does not have yet and leaves
// known ones alone, so seeding twice changes nothing.
func (s *Service) SeedResidents(ctx context.Context, villageID string, rows []Resident) error {
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return err
	}
	docs := make([]any, len(rows))
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range rows {
		rows[i].UpdatedAt = now
		docs[i] = rows[i]
	}
	_, err := s.store.Village(villageID).Collection(collResidents).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("seed residents: %w", err)
	}
	_, err = s.rebuildHouseholds(ctx, villageID)
	return err
}
