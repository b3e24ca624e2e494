package law

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Citation names one provision of an embedded law (Law is its code), or
// one document of Documents (Doc is its number, and the rest is zero).
type Citation struct {
	Law       string
	Version   int // the version in force; a citation may leave it unwritten
	Article   int
	Paragraph int // 0: the whole article, or, with Item, the paragraph that has items
	Item      int // 0: no item
	Doc       string
}

// Errors of citations; each returned error wraps one and names the citation.
var (
	ErrSyntax          = errors.New("not a citation as domain.md writes them")
	ErrUnknownLaw      = errors.New("no such law")
	ErrVersion         = errors.New("not the version in force")
	ErrNoSuchArticle   = errors.New("no such article")
	ErrNoSuchParagraph = errors.New("no such paragraph")
	ErrNoSuchItem      = errors.New("no such item")
	ErrUnknownDocument = errors.New("no such document")
)

// The grammar, once, as domain.md writes citations: a law code, optionally
// its version, "Art.", then one or more articles separated by ", ". An
// article is a number or a range (27–28), optionally a paragraph (¶4), and
// optionally an item: 19(3), "item 4", or "items 1, 3, 8" and "items 8–10".
const (
	lawPattern     = `(?:V|U|LC|LA|CEO)(?:\d{4})?`
	articlePattern = `\d+(?:[–-]\d+)?(?: ¶\d+)?(?:\(\d+\)| items? \d+(?:(?:, |[–-])\d+)*)?`
	citePattern    = lawPattern + ` Art\. ` + articlePattern + `(?:, ` + articlePattern + `)*`
)

var (
	citeInProse = regexp.MustCompile(`\b` + citePattern)
	oneLaw      = regexp.MustCompile(`^(V|U|LC|LA|CEO)(\d{4})? Art\. (.*)$`)
	oneArticle  = regexp.MustCompile(`^(\d+)(?:[–-](\d+))?(?: ¶(\d+))?(?:\((\d+)\)| items? (\d+(?:(?:, |[–-])\d+)*))?`)
	lawStart    = regexp.MustCompile(`, (?:` + lawPattern + `) Art\. `)
	docNumber   = regexp.MustCompile(`\p{Han}+〔\d{4}〕\d+号`)
	docTitle    = regexp.MustCompile(`《([^》]+)》`)
)

// Parse reads a string that cites exactly one provision or document.
func Parse(s string) (Citation, error) {
	cs, err := ParseAll(s)
	if err != nil {
		return Citation{}, err
	}
	if len(cs) != 1 {
		return Citation{}, fmt.Errorf("%q names %d provisions, not one: %w", s, len(cs), ErrSyntax)
	}
	return cs[0], nil
}

// ParseAll reads a string of citations as a rule table's basis column holds
// them: several separated by "; " (or "；"), each a law citation that may
// list or range articles and items ("V Art. 25, 26", "CEO Art. 26 items
// 8–10", "V Art. 8, U Art. 8"), or a document cited by its number, alone or
// with its 《title》. Runs of white space count as one space, as in prose.
// It checks the form only; Lookup checks that the provisions exist.
func ParseAll(s string) ([]Citation, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil, fmt.Errorf("empty citation: %w", ErrSyntax)
	}
	var out []Citation
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		var cs []Citation
		var err error
		if docNumber.MatchString(seg) {
			cs, err = parseDocument(seg)
		} else {
			cs, err = parseLaws(seg)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty citation %q: %w", s, ErrSyntax)
	}
	return out, nil
}

// parseLaws reads "V Art. 8, U Art. 8 ¶2": one or more law citations.
func parseLaws(seg string) ([]Citation, error) {
	var out []Citation
	starts := append(lawStart.FindAllStringIndex(seg, -1), []int{len(seg), len(seg)})
	from := 0
	for _, st := range starts {
		cs, err := parseLaw(seg[from:st[0]])
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
		from = st[0] + len(", ")
	}
	return out, nil
}

func parseLaw(s string) ([]Citation, error) {
	m := oneLaw.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	l, err := ByCode(m[1])
	if err != nil {
		return nil, err
	}
	if m[2] != "" && m[2] != strconv.Itoa(l.Version) {
		return nil, fmt.Errorf("%q: %w: the text in force is %s%d", s, ErrVersion, l.Code, l.Version)
	}
	var out []Citation
	rest := m[3]
	for {
		a := oneArticle.FindStringSubmatch(rest)
		if a == nil {
			return nil, fmt.Errorf("%q: %w", s, ErrSyntax)
		}
		cs, err := expand(l, a)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", s, err)
		}
		out = append(out, cs...)
		rest = rest[len(a[0]):]
		if rest == "" {
			return out, nil
		}
		if !strings.HasPrefix(rest, ", ") {
			return nil, fmt.Errorf("%q: %w", s, ErrSyntax)
		}
		rest = rest[len(", "):]
	}
}

// expand turns one matched article (a range, or a list of items) into
// citations of single provisions.
func expand(l *Law, a []string) ([]Citation, error) {
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	first, last := num(a[1]), num(a[1])
	if a[2] != "" {
		last = num(a[2])
		if last <= first || a[3] != "" || a[4] != "" || a[5] != "" {
			return nil, fmt.Errorf("%w: a range runs upwards over whole articles", ErrSyntax)
		}
	}
	base := Citation{Law: l.Code, Version: l.Version, Paragraph: num(a[3]), Item: num(a[4])}
	var out []Citation
	if a[5] != "" {
		items, err := numberList(a[5])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			c := base
			c.Article, c.Item = first, it
			out = append(out, c)
		}
		return out, nil
	}
	for n := first; n <= last; n++ {
		c := base
		c.Article = n
		out = append(out, c)
	}
	return out, nil
}

// numberList reads "1, 3, 8–10".
func numberList(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ", ") {
		lo, hi, isRange := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if isRange {
			b, _ = strconv.Atoi(hi)
			if b <= a {
				return nil, fmt.Errorf("%w: a range runs upwards: %q", ErrSyntax, part)
			}
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out, nil
}

// parseDocument reads a document citation: its number, with or without an
// issuer and a 《title》, which must then be the document's own.
func parseDocument(seg string) ([]Citation, error) {
	nums := docNumber.FindAllString(seg, -1)
	if len(nums) != 1 {
		return nil, fmt.Errorf("%q: %w: one document number per citation", seg, ErrSyntax)
	}
	d, ok := DocumentByNumber(nums[0])
	if !ok {
		return nil, fmt.Errorf("%q: %w: %s", seg, ErrUnknownDocument, nums[0])
	}
	for _, t := range docTitle.FindAllStringSubmatch(seg, -1) {
		if t[1] != d.Title {
			return nil, fmt.Errorf("%q: %w: %s is 《%s》", seg, ErrUnknownDocument, d.Number, d.Title)
		}
	}
	return []Citation{{Doc: d.Number}}, nil
}

// Find returns the law citations in a piece of prose, such as domain.md or
// an error message, in order; each one is a string ParseAll reads. Line
// breaks inside a citation are read as spaces.
func Find(prose string) []string {
	return citeInProse.FindAllString(strings.Join(strings.Fields(prose), " "), -1)
}

// String writes the citation as domain.md does: V2026 Art. 18 ¶4,
// LC Art. 19(3). The two Organic Laws carry their version, as their numbers
// changed in 2026; the other laws have one version in force.
func (c Citation) String() string {
	if c.Doc != "" {
		return c.Doc
	}
	var b strings.Builder
	b.WriteString(c.Law)
	if c.Law == "V" || c.Law == "U" {
		b.WriteString(strconv.Itoa(c.Version))
	}
	fmt.Fprintf(&b, " Art. %d", c.Article)
	if c.Paragraph > 0 {
		fmt.Fprintf(&b, " ¶%d", c.Paragraph)
	}
	if c.Item > 0 {
		fmt.Fprintf(&b, "(%d)", c.Item)
	}
	return b.String()
}

// Zh writes the citation as a Chinese text does:
// 《中华人民共和国村民委员会组织法》（2025年修正）第十八条第四款.
func (c Citation) Zh() string {
	if c.Doc != "" {
		d, _ := DocumentByNumber(c.Doc)
		return "《" + d.Title + "》（" + d.Number + "）"
	}
	l, err := ByCode(c.Law)
	if err != nil {
		return c.String()
	}
	s := "《" + l.Title + "》（" + l.EditionZh + "）第" + FormatChineseNumber(c.Article) + "条"
	if c.Paragraph > 0 {
		s += "第" + FormatChineseNumber(c.Paragraph) + "款"
	}
	if c.Item > 0 {
		s += "第" + FormatChineseNumber(c.Item) + "项"
	}
	return s
}

// Provision is a citation found in its text: the paragraph of an item is
// filled in where the article has more than one, and Words are the text's
// own words (empty for a document).
type Provision struct {
	Citation
	Words string
}

// Lookup finds a citation's provision in the text in force. An item cited
// without its paragraph ("V Art. 35 item 4") is the item of the one
// paragraph of the article that has items.
func Lookup(c Citation) (Provision, error) {
	if c.Doc != "" {
		if _, ok := DocumentByNumber(c.Doc); !ok {
			return Provision{}, fmt.Errorf("%s: %w", c.Doc, ErrUnknownDocument)
		}
		return Provision{Citation: c}, nil
	}
	l, err := ByCode(c.Law)
	if err != nil {
		return Provision{}, err
	}
	if c.Version != 0 && c.Version != l.Version {
		return Provision{}, fmt.Errorf("%s: %w: the text in force is %s%d", c, ErrVersion, l.Code, l.Version)
	}
	c.Version = l.Version
	if c.Article < 1 || c.Article > len(l.Articles) {
		return Provision{}, fmt.Errorf("%s: %w: %s has %d articles", c, ErrNoSuchArticle, l.Title, len(l.Articles))
	}
	a := l.Articles[c.Article-1]
	if c.Paragraph < 0 || c.Paragraph > len(a.Paragraphs) {
		return Provision{}, fmt.Errorf("%s: %w: article %d has %d paragraphs", c, ErrNoSuchParagraph, c.Article, len(a.Paragraphs))
	}
	if c.Item == 0 {
		if c.Paragraph == 0 {
			return Provision{Citation: c, Words: a.Words()}, nil
		}
		return Provision{Citation: c, Words: a.Paragraphs[c.Paragraph-1].Words()}, nil
	}
	para := c.Paragraph
	if para == 0 {
		for i, p := range a.Paragraphs {
			if len(p.Items) == 0 {
				continue
			}
			if para != 0 {
				return Provision{}, fmt.Errorf("%s: %w: article %d has items in more than one paragraph; name the paragraph", c, ErrNoSuchItem, c.Article)
			}
			para = i + 1
		}
		if para == 0 {
			return Provision{}, fmt.Errorf("%s: %w: article %d has no items", c, ErrNoSuchItem, c.Article)
		}
		// As Chinese texts cite: 第十九条第三项 where the article has one
		// paragraph, 第三十五条第二款第四项 where it has more.
		if len(a.Paragraphs) > 1 {
			c.Paragraph = para
		}
	}
	items := a.Paragraphs[para-1].Items
	if c.Item < 1 || c.Item > len(items) {
		return Provision{}, fmt.Errorf("%s: %w: paragraph %d of article %d has %d items", c, ErrNoSuchItem, para, c.Article, len(items))
	}
	return Provision{Citation: c, Words: items[c.Item-1]}, nil
}

// Quote reads a string of citations and finds each in its text.
func Quote(s string) ([]Provision, error) {
	cs, err := ParseAll(s)
	if err != nil {
		return nil, err
	}
	out := make([]Provision, 0, len(cs))
	for _, c := range cs {
		p, err := Lookup(c)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// CheckAll checks a rule table's citations in one go: each string must read
// as citations (ParseAll) of provisions that exist in the texts in force. It
// returns one error per failing string, naming it and its index, and none
// when all are good; an empty string fails, as a rule without a basis.
func CheckAll(citations []string) []error {
	var errs []error
	for i, s := range citations {
		if _, err := Quote(s); err != nil {
			errs = append(errs, fmt.Errorf("citation %d %q: %w", i, s, err))
		}
	}
	return errs
}
