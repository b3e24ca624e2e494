package web

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The text rule, in one place: every string a request carries (in any
// field, nested struct, list or map of a request type bound by Bind) is
// valid Unicode in NFC, so the same words are stored as the same bytes and
// compare, sort and search alike; it holds no control character, which
// would hide text, break a line where none belongs or end a string early in
// another program; and no U+FFFD, which stands where the sender's text was
// not valid UTF-8 (the JSON decoder puts it there), so the text was
// damaged before it arrived.
//
// Newlines: a paragraph field (its validate tag allows 500 characters or
// more, or it is tagged text:"multiline") may hold line breaks, written as
// "\n" ("\r\n" and "\r" become "\n") and tabs; any other field is one line.

// TextProblem says why a string was refused.
type TextProblem int

// Problems a text can have.
const (
	TextOK TextProblem = iota
	TextReplacement
	TextControl
	TextNewline
)

// CleanText returns s in NFC with its line breaks as "\n", or the problem
// that refuses it.
func CleanText(s string, multiline bool) (string, TextProblem) {
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return "", TextReplacement
	}
	if multiline && strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			if !multiline {
				return "", TextNewline
			}
		case unicode.Is(unicode.Cc, r):
			return "", TextControl
		}
	}
	return norm.NFC.String(s), TextOK
}

func (p TextProblem) explain() FieldError {
	switch p {
	case TextReplacement:
		return FieldError{"含有无法识别的字符（�），请重新输入", "holds an unreadable character (U+FFFD): the text was damaged; type it again"}
	case TextNewline:
		return FieldError{"这一项只能写一行，不能换行", "must be one line, without line breaks or tabs"}
	default:
		return FieldError{"含有看不见的控制字符，请删除后重新输入", "holds an invisible control character; remove it and type again"}
	}
}

// cleanStrings applies the text rule to every string reachable from v (a
// pointer to a request), in place, and lists the fields it refuses by
// their JSON path.
func cleanStrings(v any) map[string]FieldError {
	bad := map[string]FieldError{}
	cleanValue(reflect.ValueOf(v), "", false, bad)
	if len(bad) == 0 {
		return nil
	}
	return bad
}

func cleanValue(v reflect.Value, path string, multiline bool, bad map[string]FieldError) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem(), path, multiline, bad)
		}
	case reflect.String:
		out, p := CleanText(v.String(), multiline)
		if p != TextOK {
			bad[path] = p.explain()
			return
		}
		if out != v.String() && v.CanSet() {
			v.SetString(out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				cleanValue(v.Field(i), path, multiline, bad)
				continue
			}
			cleanValue(v.Field(i), join(path, name), isMultiline(f), bad)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i), fmt.Sprintf("%s[%d]", path, i), multiline, bad)
		}
	case reflect.Map:
		cleanMap(v, path, multiline, bad)
	}
}

// cleanMap checks keys and values; a string key or value that NFC changes
// is replaced once the map has been walked.
func cleanMap(v reflect.Value, path string, multiline bool, bad map[string]FieldError) {
	if v.IsNil() {
		return
	}
	type change struct{ from, to, value reflect.Value }
	var changes []change
	iter := v.MapRange()
	for iter.Next() {
		k, val := iter.Key(), iter.Value()
		key := k
		if k.Kind() == reflect.String {
			out, p := CleanText(k.String(), false)
			if p != TextOK {
				bad[join(path, strconv.Quote(k.String()))] = p.explain()
				continue
			}
			key = reflect.ValueOf(out).Convert(k.Type())
		}
		// Map values are not addressable: clean a copy and put it back.
		cp := reflect.New(val.Type()).Elem()
		cp.Set(val)
		cleanValue(cp, join(path, fmt.Sprint(key.Interface())), multiline, bad)
		if !key.Equal(k) || !reflect.DeepEqual(cp.Interface(), val.Interface()) {
			changes = append(changes, change{k, key, cp})
		}
	}
	for _, c := range changes {
		v.SetMapIndex(c.from, reflect.Value{})
		v.SetMapIndex(c.to, c.value)
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// isMultiline says whether a field is a paragraph: text:"multiline", or a
// validate max of 500 characters or more.
func isMultiline(f reflect.StructField) bool {
	if f.Tag.Get("text") == "multiline" {
		return true
	}
	for _, rule := range strings.Split(f.Tag.Get("validate"), ",") {
		if n, ok := strings.CutPrefix(rule, "max="); ok {
			if m, err := strconv.Atoi(n); err == nil && m >= 500 {
				return true
			}
		}
		if rule == "dive" {
			break // the rules after dive are the elements'
		}
	}
	return false
}
