package moralboard

import (
	"strings"

	"yishi/modules/org"
)

// boardCategories are the categories of the moral review board.
var boardCategories = []string{"filial_piety", "neighbourliness", "frugal_ceremonies", "environment", "anti_gambling", "anti_drug", "other"}

// associationCategories are an association's own categories, found by the
// words of its name: 禁毒禁赌会 hears drug and gambling cases, 红白理事会
// weddings and funerals (frugal ceremonies). Another association hears
// "other" only until its categories are added here.
var associationCategories = []struct {
	words      []string
	categories []string
}{
	{[]string{"禁毒", "禁赌"}, []string{"anti_drug", "anti_gambling", "other"}},
	{[]string{"红白"}, []string{"frugal_ceremonies", "other"}},
}

// categoriesOf returns the categories a body hears.
func categoriesOf(b org.Body) []string {
	if b.Kind == org.BodyMoralBoard {
		return boardCategories
	}
	for _, a := range associationCategories {
		for _, w := range a.words {
			if strings.Contains(b.Name, w) {
				return a.categories
			}
		}
	}
	return []string{"other"}
}

// compoundSurnames are the two-character surnames still common; any other
// name's surname is its first character.
var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "令狐", "宇文", "端木", "呼延"}

// surname is the least of a name the warning list may show.
func surname(name string) string {
	name = strings.TrimSpace(name)
	for _, s := range compoundSurnames {
		if strings.HasPrefix(name, s) {
			return s
		}
	}
	for _, r := range name {
		return string(r)
	}
	return ""
}
