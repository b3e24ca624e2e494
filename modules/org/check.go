package org

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"yishi/modules/web"
)

// BadCell is one refused cell of a register file: its line in the file, the
// column and why, in words a clerk can act on.
type BadCell struct {
	Line      int    `json:"line"`
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// RegisterCheck is a register file read and checked: the good rows, and
// every bad cell. A row with a bad cell is not among the good ones.
type RegisterCheck struct {
	Good []Resident
	// GoodLines are the file lines of Good, in the same order.
	GoodLines []int
	Bad       []BadCell
	// Rows counts the data rows read, good and bad.
	Rows int
	// Refused counts the rows with at least one bad cell.
	Refused int
}

// CheckRegister reads a register file and checks every row, keeping going
// past bad rows so one reading names them all. offset is added to every line
// number: a part of a longer file (its header repeated) then names the lines
// of the whole file. Only a missing header or unreadable file is an error.
func CheckRegister(r io.Reader, today time.Time, offset, maxRows int) (RegisterCheck, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // set from the header: the collective column is optional
	var out RegisterCheck
	header, err := cr.Read()
	if err != nil {
		return out, registerError(map[string]web.FieldError{"line 1": {Message: "文件为空或不是CSV", MessageEn: "the file is empty or not CSV"}})
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel's UTF-8 BOM
	}
	for i, h := range RegisterHeader {
		if i >= len(header) || strings.TrimSpace(header[i]) != h {
			return out, registerError(map[string]web.FieldError{"line 1": {
				Message:   "表头应为：" + strings.Join(RegisterHeader, ","),
				MessageEn: "the header must be: " + strings.Join(RegisterHeader, ","),
			}})
		}
	}
	cr.FieldsPerRecord = len(RegisterHeader)
	if len(header) > len(RegisterHeader) && strings.TrimSpace(header[len(RegisterHeader)]) == CollectiveColumn {
		cr.FieldsPerRecord++
	} else if len(header) != len(RegisterHeader) {
		return out, registerError(map[string]web.FieldError{"line 1": {
			Message:   "表头应为：" + strings.Join(RegisterHeader, ",") + "（可再加一列 " + CollectiveColumn + "）",
			MessageEn: "the header must be: " + strings.Join(RegisterHeader, ",") + " (and optionally " + CollectiveColumn + ")",
		}})
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			out.Rows++
			out.Refused++
			out.Bad = append(out.Bad, BadCell{Line: line + offset, Field: "row", Message: "这一行的格式不对（列数或引号）", MessageEn: "this row is malformed (column count or quotes)"})
			if pe == nil || pe.Err != csv.ErrFieldCount {
				break // after a quoting error the rest of the file cannot be trusted
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		line += offset
		if out.Rows >= maxRows {
			out.Bad = append(out.Bad, BadCell{Line: line, Field: "row", Message: fmt.Sprintf("一次最多导入%d行", maxRows), MessageEn: fmt.Sprintf("at most %d rows per file", maxRows)})
			break
		}
		out.Rows++
		res, bad := checkRow(rec, line, seen, today)
		if len(bad) > 0 {
			out.Refused++
			out.Bad = append(out.Bad, bad...)
			continue
		}
		out.Good = append(out.Good, res)
		out.GoodLines = append(out.GoodLines, line)
	}
	return out, nil
}

// checkRow checks one row; seen holds the resident numbers of earlier rows
// and their lines.
func checkRow(rec []string, line int, seen map[string]int, today time.Time) (Resident, []BadCell) {
	var bad []BadCell
	fail := func(field, zh, en string) {
		bad = append(bad, BadCell{Line: line, Field: field, Message: zh, MessageEn: en})
	}
	for i := range rec {
		// The text rule of every request (web.CleanText): NFC, one line,
		// no control character, no U+FFFD.
		clean, problem := web.CleanText(strings.TrimSpace(rec[i]), false)
		if problem != web.TextOK {
			fail(columnName(i), "含有无法识别的字符、控制字符或换行", "holds an unreadable or control character, or a line break")
		}
		rec[i] = clean
	}
	res := Resident{No: rec[0], HouseholdNo: rec[1], Name: rec[2], BirthDate: rec[4], Phone: rec[5], Group: rec[6]}
	if !validNo(res.No) {
		fail("resident_no", "编号只能用字母、数字和短横线，1到32位", "must be 1-32 letters, digits or '-'")
	} else if prev, dup := seen[res.No]; dup {
		fail("resident_no", fmt.Sprintf("与第%d行重复", prev), fmt.Sprintf("repeats line %d", prev))
	} else {
		seen[res.No] = line
	}
	if !validNo(res.HouseholdNo) {
		fail("household_no", "户号只能用字母、数字和短横线，1到32位", "must be 1-32 letters, digits or '-'")
	}
	if n := utf8.RuneCountInString(res.Name); n == 0 || n > 32 {
		fail("name", "姓名必须填写，最多32个字", "is required, at most 32 characters")
	}
	switch rec[3] {
	case "M", "m", "男":
		res.Gender = "M"
	case "F", "f", "女":
		res.Gender = "F"
	default:
		fail("gender", "性别填 男 或 女（或 M、F）", "must be M or F (or 男, 女)")
	}
	if b, err := time.Parse(time.DateOnly, res.BirthDate); err != nil || !web.InWindow("birth", b, today) {
		fail("birth_date", "出生日期应为 1950-01-31 这样的日期", "must be a date such as 1950-01-31")
	}
	if res.Phone != "" && !web.IsPhone(res.Phone) {
		fail("phone", "请填写11位手机号码或留空", "must be an 11-digit mobile number or empty")
	}
	if utf8.RuneCountInString(res.Group) > 32 {
		fail("group", "最多32个字", "at most 32 characters")
	}
	switch rec[7] {
	case "1", "yes", "y", "true", "是":
		res.HouseholdHead = true
	case "", "0", "no", "n", "false", "否":
	default:
		fail("household_head", "填 是 或 否（或 1、0）", "must be yes or no (or 1, 0)")
	}
	if len(rec) > len(RegisterHeader) {
		v, ok := parseCollective(rec[len(RegisterHeader)])
		if !ok {
			fail(CollectiveColumn, "填 是 或 否（或 1、0），留空为本村集体经济组织成员", "must be yes or no (or 1, 0); empty means a member")
		}
		res.CollectiveMember = v
	}
	return res, bad
}
