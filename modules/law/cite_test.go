package law

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseCitationForms(t *testing.T) {
	for s, want := range map[string][]Citation{
		"V2026 Art. 26":     {{Law: "V", Version: 2026, Article: 26}},
		"V Art. 26":         {{Law: "V", Version: 2026, Article: 26}},
		"V2026 Art. 18 ¶4":  {{Law: "V", Version: 2026, Article: 18, Paragraph: 4}},
		"U2026 Art. 27":     {{Law: "U", Version: 2026, Article: 27}},
		"LC Art. 52":        {{Law: "LC", Version: 2018, Article: 52}},
		"LC2018 Art. 19(3)": {{Law: "LC", Version: 2018, Article: 19, Item: 3}},
		"LA Art. 63 ¶2":     {{Law: "LA", Version: 2019, Article: 63, Paragraph: 2}},
		"CEO Art. 27":       {{Law: "CEO", Version: 2024, Article: 27}},
		"V Art. 35 item 4":  {{Law: "V", Version: 2026, Article: 35, Item: 4}},
		"V Art. 35 ¶2(4)":   {{Law: "V", Version: 2026, Article: 35, Paragraph: 2, Item: 4}},
		"CEO Art. 27–28":    {{Law: "CEO", Version: 2024, Article: 27}, {Law: "CEO", Version: 2024, Article: 28}},
		"V Art. 25, 26":     {{Law: "V", Version: 2026, Article: 25}, {Law: "V", Version: 2026, Article: 26}},
		"V Art. 8, U Art. 8 ¶2": {{Law: "V", Version: 2026, Article: 8},
			{Law: "U", Version: 2026, Article: 8, Paragraph: 2}},
		"CEO Art. 26 items 1, 3, 8–10": {{Law: "CEO", Version: 2024, Article: 26, Item: 1}, {Law: "CEO", Version: 2024, Article: 26, Item: 3},
			{Law: "CEO", Version: 2024, Article: 26, Item: 8}, {Law: "CEO", Version: 2024, Article: 26, Item: 9},
			{Law: "CEO", Version: 2024, Article: 26, Item: 10}},
		"V2026 Art. 43 ¶2; 厅字〔2022〕28号": {{Law: "V", Version: 2026, Article: 43, Paragraph: 2}, {Doc: "厅字〔2022〕28号"}},
		"V Art. 28\n  ¶4":               {{Law: "V", Version: 2026, Article: 28, Paragraph: 4}},
	} {
		got, err := ParseAll(s)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseAll(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
}

// A string that is not written as domain.md writes citations is refused:
// the 2018 numbering without a version, the Chinese form and loose spacing
// are what the stale places hold.
func TestParseRefusesOtherForms(t *testing.T) {
	for s, want := range map[string]error{
		"":                       ErrSyntax,
		"Art. 26":                ErrSyntax,
		"Urban Art. 10":          ErrSyntax,
		"村委会组织法第二十二条":            ErrSyntax,
		"V Art 26":               ErrSyntax,
		"V Art.26":               ErrSyntax,
		"V Art. 26 ¶":            ErrSyntax,
		"V Art. 26,27":           ErrSyntax,
		"V Art. 28–27":           ErrSyntax,
		"V Art. 27–28 ¶2":        ErrSyntax,
		"CEO Art. 26 items 10–8": ErrSyntax,
		"X Art. 1":               ErrSyntax,
		"V2018 Art. 22":          ErrVersion,
		"U2018 Art. 10":          ErrVersion,
		"LC2019 Art. 52":         ErrVersion,
		"民发〔2021〕1号":             ErrUnknownDocument,
		"《关于规范村级组织工作事务的意见》（厅字〔2022〕28号）": ErrUnknownDocument,
	} {
		if got, err := ParseAll(s); !errors.Is(err, want) {
			t.Errorf("ParseAll(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := Parse("V Art. 25, 26"); !errors.Is(err, ErrSyntax) {
		t.Errorf("Parse of two articles: %v", err)
	}
}

// V2026 Art. 26: the quorum of the villagers' meeting, in the text's words.
func TestV2026Art26Words(t *testing.T) {
	p, err := Quote("V2026 Art. 26")
	if err != nil {
		t.Fatal(err)
	}
	want := "召开村民会议，应当有本村十八周岁以上村民的过半数，或者本村三分之二以上的户的代表参加，村民会议所作决定应当经到会人员的过半数通过。法律对召开村民会议及作出决定另有规定的，依照其规定。\n" +
		"召开村民会议，根据需要可以邀请驻本村的企业、事业单位和群众组织派代表列席。"
	if len(p) != 1 || p[0].Words != want {
		t.Errorf("V2026 Art. 26 = %q\nwant %q", p, want)
	}
	if got := p[0].Zh(); got != "《中华人民共和国村民委员会组织法》（2025年修正）第二十六条" {
		t.Errorf("Zh = %q", got)
	}
}

// Paragraphs and items resolve to their own words.
func TestLookupParagraphsAndItems(t *testing.T) {
	for s, prefix := range map[string]string{
		"V2026 Art. 18 ¶4": "登记参加选举的村民，选举期间外出不能参加投票的，可以书面委托本村有选举权的近亲属或者其他村民代为投票。每一村民接受委托不得超过三人。",
		"V2026 Art. 41 ¶3": "乡、民族乡、镇的人民政府干预依法属于村民自治范围事项的，由上一级人民政府责令改正。",
		"U2026 Art. 26 ¶2": "居民会议由居民委员会召集。有十分之一以上的年满十八周岁居民、户的代表或者三分之一以上的居民代表提议",
		"LC Art. 19(3)":    "（三）承包方案应当按照本法第十三条的规定，依法经本集体经济组织成员的村民会议三分之二以上成员或者三分之二以上村民代表的同意；",
		"LA Art. 63 ¶2":    "前款规定的集体经营性建设用地出让、出租等，应当经本集体经济组织成员的村民会议三分之二以上成员或者三分之二以上村民代表的同意。",
		"CEO Art. 27 ¶3":   "成员大会实行一人一票的表决方式。成员大会作出决定，应当经本农村集体经济组织成员大会全体成员三分之二以上同意",
		"CEO Art. 26(10)":  "（十）决定土地补偿费等的分配、使用办法；",
		"V Art. 35 item 4": "（四）村民委员会组织协商确定的事项及其落实情况；",
		"V Art. 28 ¶1":     "涉及村民利益的下列事项，经村民会议讨论决定方可办理：\n（一）涉及村庄规划、建设等乡村建设重要事项；",
	} {
		p, err := Quote(s)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if !strings.HasPrefix(p[0].Words, prefix) {
			t.Errorf("%s = %q, want it to start %q", s, p[0].Words, prefix)
		}
	}
	// An item cited without its paragraph is found in the paragraph that has items.
	p, _ := Quote("V Art. 35 item 4")
	if p[0].Paragraph != 2 || p[0].String() != "V2026 Art. 35 ¶2(4)" || p[0].Zh() != "《中华人民共和国村民委员会组织法》（2025年修正）第三十五条第二款第四项" {
		t.Errorf("V Art. 35 item 4 resolves to %s, %s", p[0], p[0].Zh())
	}
	if p, _ := Quote("LC Art. 19(3)"); p[0].String() != "LC Art. 19(3)" || p[0].Zh() != "《中华人民共和国农村土地承包法》（2018年修正）第十九条第三项" {
		t.Errorf("LC Art. 19(3) resolves to %s, %s", p[0], p[0].Zh())
	}
}

// The edges: V2026 has 50 articles, so Art. 51 does not exist; nor does a
// third paragraph of Art. 26, a seventh item of Art. 28, or an item of an
// article without items.
func TestLookupEdges(t *testing.T) {
	for s, want := range map[string]error{
		"V2026 Art. 50":       nil,
		"V2026 Art. 51":       ErrNoSuchArticle,
		"V Art. 0":            ErrNoSuchArticle,
		"U2026 Art. 51":       ErrNoSuchArticle,
		"LC Art. 71":          ErrNoSuchArticle,
		"LA Art. 88":          ErrNoSuchArticle,
		"CEO Art. 67":         nil,
		"CEO Art. 68":         ErrNoSuchArticle,
		"V2026 Art. 26 ¶2":    nil,
		"V2026 Art. 26 ¶3":    ErrNoSuchParagraph,
		"V2026 Art. 50 ¶2":    ErrNoSuchParagraph,
		"V2026 Art. 28(6)":    nil,
		"V2026 Art. 28(7)":    ErrNoSuchItem,
		"V2026 Art. 28 ¶2(1)": ErrNoSuchItem,
		"V2026 Art. 26(1)":    ErrNoSuchItem,
		"LC Art. 19(5)":       ErrNoSuchItem,
		"CEO Art. 26(13)":     nil,
		"CEO Art. 26(14)":     ErrNoSuchItem,
		"CEO Art. 27–29":      nil,
		"CEO Art. 66–68":      ErrNoSuchArticle,
	} {
		_, err := Quote(s)
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("Quote(%q): %v, want %v", s, err, want)
		}
	}
	if _, err := Lookup(Citation{Law: "V", Version: 2018, Article: 22}); !errors.Is(err, ErrVersion) {
		t.Errorf("a 2018 citation built by hand: %v", err)
	}
}

func TestDocumentsRecognised(t *testing.T) {
	for _, s := range []string{
		"民发〔2020〕20号",
		"厅字〔2022〕28号",
		"国办发〔2020〕45号",
		"《关于改进和规范基层群众性自治组织出具证明工作的指导意见》（民发〔2020〕20号）",
		"中共中央办公厅、国务院办公厅《关于规范村级组织工作事务、机制牌子和证明事项的意见》(厅字〔2022〕28号)",
	} {
		p, err := Quote(s)
		if err != nil || len(p) != 1 || p[0].Doc == "" {
			t.Errorf("Quote(%q) = %v, %v", s, p, err)
			continue
		}
		d, _ := DocumentByNumber(p[0].Doc)
		if !strings.Contains(p[0].Zh(), d.Title) {
			t.Errorf("%s: Zh = %q", s, p[0].Zh())
		}
	}
}

// The helper a rule table's test calls: good citations pass, and each bad
// one is reported with its index.
func TestCheckAll(t *testing.T) {
	good := []string{"V2026 Art. 26", "V2026 Art. 30 ¶2", "U2026 Art. 29", "LC Art. 52", "CEO Art. 27 ¶3", "V2026 Art. 43 ¶2; 厅字〔2022〕28号"}
	if errs := CheckAll(good); len(errs) != 0 {
		t.Errorf("CheckAll(good) = %v", errs)
	}
	bad := append(slices.Clone(good), "村委会组织法第二十二条 Art. 22", "V2026 Art. 51", "", "V2026 Art. 18 ¶6")
	errs := CheckAll(bad)
	if len(errs) != 4 {
		t.Fatalf("CheckAll(bad) = %v, want 4 errors", errs)
	}
	for i, want := range []string{`citation 6 "村委会组织法第二十二条 Art. 22"`, `citation 7 "V2026 Art. 51"`, `citation 8 ""`, `citation 9 "V2026 Art. 18 ¶6"`} {
		if !strings.HasPrefix(errs[i].Error(), want) {
			t.Errorf("error %d = %v, want it to name %s", i, errs[i], want)
		}
	}
}

// Every citation in domain.md (the package's copy in testdata) parses and
// resolves; none is missed by Find, except the two numbers of the 2018 law
// domain.md names as gone and the bare "Art. 27–28" that V Art. 35 names
// (item 1: matters decided under V Art. 27–28). The bare "(¶2)" and
// "(¶3 …)" after V Art. 28 are its paragraphs.
func TestDomainCitationsResolve(t *testing.T) {
	b, err := os.ReadFile("testdata/domain.md")
	if err != nil {
		t.Fatal(err)
	}
	prose := strings.Join(strings.Fields(string(b)), " ")
	found := Find(prose)
	if len(found) < 50 {
		t.Fatalf("Find found %d citations in domain.md, want every one: %q", len(found), found)
	}
	for _, s := range append(found, "V Art. 28 ¶2", "V Art. 28 ¶3", "V Art. 27–28") {
		if _, err := Quote(s); err != nil {
			t.Errorf("domain.md cites %q: %v", s, err)
		}
	}
	// Every "Art." of domain.md is inside a citation Find returned.
	covered := citeInProse.ReplaceAllString(prose, "")
	var left []string
	for _, m := range regexp.MustCompile(`.{0,20}Art\. \d+.{0,10}`).FindAllString(covered, -1) {
		left = append(left, m)
	}
	wantLeft := []string{"the old quorum Art. 22", "the old Art. 24 list", "decided under Art. 27–28"}
	if len(left) != len(wantLeft) {
		t.Fatalf("Art. outside a citation: %q", left)
	}
	for i, w := range wantLeft {
		if !strings.Contains(left[i], w) {
			t.Errorf("Art. outside a citation: %q, want only %q", left, wantLeft)
		}
	}
	// And the documents it cites are recognised.
	for _, d := range []string{"民发〔2020〕20号", "厅字〔2022〕28号"} {
		if !strings.Contains(prose, d) {
			t.Errorf("domain.md no longer cites %s", d)
		}
		if _, err := Quote(d); err != nil {
			t.Error(err)
		}
	}
	for _, title := range docTitle.FindAllStringSubmatch(prose, -1) {
		if !slices.ContainsFunc(Documents, func(d Document) bool { return d.Title == title[1] }) {
			t.Errorf("domain.md cites 《%s》, not in Documents", title[1])
		}
	}
}
