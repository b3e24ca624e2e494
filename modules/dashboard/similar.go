package dashboard

import (
	"unicode"
)

// bigrams are the pairs of adjacent letters or digits of a text, with
// punctuation and spaces dropped: Chinese has no word boundaries, and
// character bigrams are enough to tell "修缮村道" from "安装路灯". A text of
// one character is its own "bigram".
func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	out := map[string]bool{}
	if len(rs) == 1 {
		out[string(rs)] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

// jaccard is |a ∩ b| / |a ∪ b|; two empty sets are not similar.
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Similarity is the character-bigram Jaccard similarity of two texts.
func Similarity(a, b string) float64 { return jaccard(bigrams(a), bigrams(b)) }

// cluster groups texts by single link: two texts are in one group when a
// chain of pairs at least threshold similar joins them. It returns, for each
// text, the index of its group's first text. n is small (the hall topics of
// a street), so the n² comparisons are fine.
func cluster(texts []string, threshold float64) []int {
	grams := make([]map[string]bool, len(texts))
	for i, t := range texts {
		grams[i] = bigrams(t)
	}
	parent := make([]int, len(texts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			if jaccard(grams[i], grams[j]) >= threshold {
				ri, rj := find(i), find(j)
				if ri != rj {
					parent[max(ri, rj)] = min(ri, rj)
				}
			}
		}
	}
	out := make([]int, len(texts))
	for i := range texts {
		out[i] = find(i)
	}
	return out
}
