package law

import (
	"fmt"
	"regexp"
	"strings"
)

// The two layouts of the texts: the .txt files put an article on one line
// (第N条 then a full-width space) and indent its further paragraphs with two
// full-width spaces; the .md files put every paragraph on its own line
// between blank lines, and chapters under # headings. In both an item is a
// paragraph of its own that starts with （一）, and belongs to the paragraph
// before it, as 第…款第…项 counts them.
var (
	articleLine = regexp.MustCompile(`^第([零〇一二三四五六七八九十百]+)条[ 　]+(.*)$`)
	headingLine = regexp.MustCompile(`^(#|第[零〇一二三四五六七八九十百]+[编章节]([ 　]|$))`)
	itemLine    = regexp.MustCompile(`^（([零〇一二三四五六七八九十百]+)）`)
)

// parseText splits a law's text into its articles. Everything before the
// first article (source notes, title, history) is skipped; articles and
// items must be numbered 1, 2, 3, … as the text has them, so a line lost or
// misread in copying fails here, not in a citation's lookup later.
func parseText(text string) ([]Article, error) {
	var arts []Article
	for n, raw := range strings.Split(text, "\n") {
		line := strings.Trim(raw, " 　\t\r")
		if line == "" || headingLine.MatchString(line) {
			continue
		}
		if m := articleLine.FindStringSubmatch(line); m != nil {
			num, err := ParseChineseNumber(m[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
			if num != len(arts)+1 {
				return nil, fmt.Errorf("line %d: article %d follows article %d", n+1, num, len(arts))
			}
			arts = append(arts, Article{Number: num})
			line = strings.Trim(m[2], " 　")
		}
		if len(arts) == 0 {
			continue // the header
		}
		a := &arts[len(arts)-1]
		if m := itemLine.FindStringSubmatch(line); m != nil {
			if len(a.Paragraphs) == 0 {
				return nil, fmt.Errorf("line %d: article %d opens with an item", n+1, a.Number)
			}
			p := &a.Paragraphs[len(a.Paragraphs)-1]
			num, err := ParseChineseNumber(m[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
			if num != len(p.Items)+1 {
				return nil, fmt.Errorf("line %d: item %d follows item %d in article %d", n+1, num, len(p.Items), a.Number)
			}
			p.Items = append(p.Items, line)
			continue
		}
		a.Paragraphs = append(a.Paragraphs, Paragraph{Text: line})
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("no article found")
	}
	return arts, nil
}

// Words are the paragraph's words with its items, one per line.
func (p Paragraph) Words() string {
	return strings.Join(append([]string{p.Text}, p.Items...), "\n")
}

// Words are the article's words, a paragraph or an item per line, without
// its 第N条 heading.
func (a Article) Words() string {
	ws := make([]string, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		ws[i] = p.Words()
	}
	return strings.Join(ws, "\n")
}

var digits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// ParseChineseNumber reads a number from 1 to 999 as law texts write them:
// 九, 十, 十二, 二十六, 一百, 一百零五, 一百一十. Anything else is an error,
// so a misspelt heading is caught rather than misnumbered.
func ParseChineseNumber(s string) (int, error) {
	n, err := parseChinese([]rune(s))
	if err != nil || n < 1 || n > 999 || FormatChineseNumber(n) != s {
		return 0, fmt.Errorf("not a Chinese number from 1 to 999: %q", s)
	}
	return n, nil
}

func parseChinese(rs []rune) (int, error) {
	total, digit := 0, -1
	for _, r := range rs {
		switch r {
		case '百', '十':
			unit := 100
			if r == '十' {
				unit = 10
			}
			if digit < 0 {
				digit = 1 // 十二: the leading 一 is not written
			}
			total += digit * unit
			digit = -1
		default:
			d, ok := digits[r]
			if !ok {
				return 0, fmt.Errorf("%q is not a Chinese digit", r)
			}
			digit = d
		}
	}
	if digit > 0 {
		total += digit
	}
	return total, nil
}

// FormatChineseNumber writes 1 to 999 as law texts do; other numbers in
// Arabic digits.
func FormatChineseNumber(n int) string {
	const d = "零一二三四五六七八九"
	digit := func(i int) string { return string([]rune(d)[i]) }
	if n < 1 || n > 999 {
		return fmt.Sprint(n)
	}
	h, t, u := n/100, n/10%10, n%10
	var b strings.Builder
	if h > 0 {
		b.WriteString(digit(h) + "百")
	}
	switch {
	case t > 0 && h == 0 && t == 1:
		b.WriteString("十") // 十二, not 一十二
	case t > 0:
		b.WriteString(digit(t) + "十")
	case h > 0 && u > 0:
		b.WriteString("零") // 一百零五
	}
	if u > 0 {
		b.WriteString(digit(u))
	}
	return b.String()
}
