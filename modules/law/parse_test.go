package law

import (
	"strings"
	"testing"
)

// Each text has the number of articles its last article says, numbered
// without a gap (parseText refuses a gap), and starts with its title.
func TestTextsHaveTheirArticles(t *testing.T) {
	want := map[string]int{"V": 50, "U": 50, "LC": 70, "LA": 87, "CEO": 67}
	laws, err := Laws()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range laws {
		if got := len(l.Articles); got != want[l.Code] {
			t.Errorf("%s has %d articles, want %d", l.Code, got, want[l.Code])
		}
		text, err := l.Text()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, l.Title) {
			t.Errorf("%s: the text does not carry its title %s", l.File, l.Title)
		}
		last := l.Articles[len(l.Articles)-1]
		if !strings.Contains(last.Words(), "施行") {
			t.Errorf("%s: the last article is not the one on entry into force: %s", l.Code, last.Words())
		}
		for _, a := range l.Articles {
			if len(a.Paragraphs) == 0 || a.Paragraphs[0].Text == "" {
				t.Errorf("%s Art. %d has no words", l.Code, a.Number)
			}
		}
	}
}

// The source notes above the first article stay in the copy, and are not
// read as part of any article.
func TestSourceHeaderKeptAndSkipped(t *testing.T) {
	v, err := ByCode("V")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := v.Text()
	if !strings.HasPrefix(text, "来源 SOURCE:") {
		t.Errorf("the source header of %s is gone", v.File)
	}
	if got := v.Articles[0].Words(); !strings.HasPrefix(got, "为了健全基层群众自治制度") || strings.Contains(got, "SOURCE") {
		t.Errorf("V Art. 1 = %q", got)
	}
}

// Paragraphs and items are split as the texts split them: V Art. 28 has the
// six matters in its first paragraph, then three more paragraphs; chapter
// headings between articles belong to none.
func TestParagraphsAndItemsAsInTheText(t *testing.T) {
	v, _ := ByCode("V")
	a := v.Articles[27]
	if len(a.Paragraphs) != 4 || len(a.Paragraphs[0].Items) != 6 {
		t.Fatalf("V Art. 28: %d paragraphs, %d items in the first; want 4 and 6", len(a.Paragraphs), len(a.Paragraphs[0].Items))
	}
	if a.Paragraphs[0].Items[4] != "（五）本村重点帮扶人员、帮扶方案；" {
		t.Errorf("V Art. 28 item 5 = %q", a.Paragraphs[0].Items[4])
	}
	if !strings.HasPrefix(a.Paragraphs[2].Text, "需由村民会议或者村民代表会议决定的重要事项，应当先经村党组织研究讨论") {
		t.Errorf("V Art. 28 ¶3 = %q", a.Paragraphs[2].Text)
	}
	// V Art. 7 ends chapter 1; the heading of chapter 2 is not its paragraph.
	if got := v.Articles[6].Paragraphs; len(got) != 1 {
		t.Errorf("V Art. 7 has %d paragraphs, want 1: %q", len(got), got)
	}
	// The .md layout: LC Art. 22 has its list of terms in its second paragraph.
	lc, _ := ByCode("LC")
	if p := lc.Articles[21].Paragraphs; len(p) != 2 || len(p[0].Items) != 0 || len(p[1].Items) != 6 {
		t.Errorf("LC Art. 22 paragraphs = %q", p)
	}
	// CEO Art. 26: thirteen powers in ¶1, the Party step in ¶2.
	ceo, _ := ByCode("CEO")
	if p := ceo.Articles[25].Paragraphs; len(p) != 2 || len(p[0].Items) != 13 {
		t.Errorf("CEO Art. 26 paragraphs = %q", p)
	}
}

func TestChineseNumbers(t *testing.T) {
	for s, n := range map[string]int{"一": 1, "九": 9, "十": 10, "十二": 12, "二十": 20, "二十六": 26, "五十": 50,
		"八十七": 87, "一百": 100, "一百零五": 105, "一百一十": 110, "一百二十三": 123, "九百九十九": 999} {
		got, err := ParseChineseNumber(s)
		if err != nil || got != n {
			t.Errorf("ParseChineseNumber(%q) = %d, %v; want %d", s, got, err, n)
		}
		if f := FormatChineseNumber(n); f != s {
			t.Errorf("FormatChineseNumber(%d) = %q, want %q", n, f, s)
		}
	}
	for _, s := range []string{"", "零", "〇", "一十二", "二二", "十十", "百", "一百五", "一千", "二十六条", "26"} {
		if n, err := ParseChineseNumber(s); err == nil {
			t.Errorf("ParseChineseNumber(%q) = %d, want an error", s, n)
		}
	}
}

// A text whose articles skip a number, or whose items do, is refused.
func TestParseRefusesGaps(t *testing.T) {
	for name, text := range map[string]string{
		"article gap": "第一条　甲。\n第三条　乙。\n",
		"item gap":    "第一条　下列事项：\n　　（一）甲；\n　　（三）乙。\n",
		"item first":  "第一条　（一）甲；\n",
		"no article":  "标题\n",
	} {
		if _, err := parseText(text); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
