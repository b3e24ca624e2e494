package dashboard

import (
	"math"
	"testing"
)

func TestSimilarityOfChineseBigrams(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		{"修缮村道", "修缮村道", 1},
		{"修缮村道", "安装路灯", 0},
		// 修缮 缮村 村道 vs 修缮 缮村 村道 道路: 3 of 4.
		{"修缮村道", "修缮村道路", 0.75},
		{"", "修缮", 0},
		{"修缮，村道！", "修缮村道", 1},
	}
	for _, c := range cases {
		if got := Similarity(c.a, c.b); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestSingleLinkClusterJoinsChains(t *testing.T) {
	// a~b and b~c above the threshold, a~c below: one group by single link.
	texts := []string{"今晚村口路灯不亮", "村口路灯不亮了", "路灯不亮了", "垃圾收集点太远"}
	got := cluster(texts, 0.5)
	if got[0] != 0 || got[1] != 0 || got[2] != 0 || got[3] != 3 {
		t.Fatalf("groups %v", got)
	}
	if s := Similarity(texts[0], texts[2]); s >= 0.5 {
		t.Fatalf("the chain's ends are too similar (%v) for the test to mean anything", s)
	}
}
