// Package law holds the texts of the laws Yishi's rules come from, parsed
// into articles, paragraphs and items, and reads the project's citation
// strings (`V2026 Art. 26`, `LC Art. 19(3)`, `LA Art. 63 ¶2`) against them:
// a rule table can check that each of its citations names a provision that
// exists in the text in force, and the rules page can quote its words.
//
// The texts are copied verbatim, source header lines included, from the
// project's shared law folder (domain.md names them). Only the text in force
// of each law is held: a citation of another version is refused, so a stale
// 2018 number cannot pass for a 2026 one.
package law

import (
	"embed"
	"fmt"
	"sync"
)

//go:embed texts/*
var texts embed.FS

// Law is one embedded text.
type Law struct {
	Code      string    // V, U, LC, LA, CEO: the code citations use
	Version   int       // the year of the text in force, e.g. 2026
	Title     string    // 中华人民共和国村民委员会组织法
	EditionZh string    // how a Chinese citation names the version, e.g. 2025年修正
	InForce   string    // date in force, YYYY-MM-DD
	File      string    // under texts/
	Articles  []Article // Articles[i] is article i+1
}

// Article is 第N条: its paragraphs (款) in the order of the text.
type Article struct {
	Number     int
	Paragraphs []Paragraph
}

// Paragraph is one 款: its own words and the items (项) that follow it.
type Paragraph struct {
	Text  string
	Items []string // each with its （一） marker, as in the text
}

// catalogue is every law Yishi cites (domain.md, the list at its top).
var catalogue = []Law{
	{Code: "V", Version: 2026, Title: "中华人民共和国村民委员会组织法", EditionZh: "2025年修正", InForce: "2026-01-01", File: "village-committees-2026.txt"},
	{Code: "U", Version: 2026, Title: "中华人民共和国城市居民委员会组织法", EditionZh: "2025年修订", InForce: "2026-01-01", File: "residents-committees-2026.txt"},
	{Code: "LC", Version: 2018, Title: "中华人民共和国农村土地承包法", EditionZh: "2018年修正", InForce: "2019-01-01", File: "rural-land-contracting-2018.md"},
	{Code: "LA", Version: 2019, Title: "中华人民共和国土地管理法", EditionZh: "2019年修正", InForce: "2020-01-01", File: "land-administration-2019.md"},
	{Code: "CEO", Version: 2024, Title: "中华人民共和国农村集体经济组织法", EditionZh: "2024年", InForce: "2025-05-01", File: "collective-economic-organisations-2024.md"},
}

// Document is a normative document cited by number, whose text is not held
// here: a citation of it is recognised, but has no article to check.
type Document struct {
	Number string // 民发〔2020〕20号
	Title  string // 《…》 without the brackets
	Issuer string
	Date   string // YYYY-MM-DD it was issued, where known
}

// Documents are the documents domain.md cites, plus 国办发〔2020〕45号 (the
// State Council's plan for elderly people and smart technology, behind the
// page's large type and plain words), with titles and numbers as published.
var Documents = []Document{
	{Number: "民发〔2020〕20号", Title: "关于改进和规范基层群众性自治组织出具证明工作的指导意见",
		Issuer: "民政部、国家发展改革委、公安部、司法部、人力资源社会保障部、国家卫生健康委"},
	{Number: "厅字〔2022〕28号", Title: "关于规范村级组织工作事务、机制牌子和证明事项的意见",
		Issuer: "中共中央办公厅、国务院办公厅"},
	{Number: "国办发〔2020〕45号", Title: "关于切实解决老年人运用智能技术困难的实施方案",
		Issuer: "国务院办公厅", Date: "2020-11-15"},
}

// DocumentByNumber finds a document by its number.
func DocumentByNumber(number string) (Document, bool) {
	for _, d := range Documents {
		if d.Number == number {
			return d, true
		}
	}
	return Document{}, false
}

// loaded parses the embedded texts once, on first use: no work at start-up
// for a process that never cites.
var loaded = sync.OnceValues(func() (map[string]*Law, error) {
	out := map[string]*Law{}
	for _, l := range catalogue {
		b, err := texts.ReadFile("texts/" + l.File)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", l.File, err)
		}
		arts, err := parseText(string(b))
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", l.File, err)
		}
		l.Articles = arts
		out[l.Code] = &l
	}
	return out, nil
})

// ByCode returns the law cited by code (V, U, LC, LA, CEO), parsed.
func ByCode(code string) (*Law, error) {
	laws, err := loaded()
	if err != nil {
		return nil, err
	}
	l, ok := laws[code]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownLaw, code)
	}
	return l, nil
}

// Laws returns every embedded law, parsed, in the catalogue's order.
func Laws() ([]*Law, error) {
	laws, err := loaded()
	if err != nil {
		return nil, err
	}
	out := make([]*Law, 0, len(catalogue))
	for _, c := range catalogue {
		out = append(out, laws[c.Code])
	}
	return out, nil
}

// Text returns the embedded file of a law as it was copied.
func (l *Law) Text() (string, error) {
	b, err := texts.ReadFile("texts/" + l.File)
	return string(b), err
}
