package main

import (
	"testing"
	"time"
)

// TestBrowserSecretaryPublishesAffairsAndAConsultationOnTheBoard: from the
// publication calendar the secretary of 东田社区 opens the form for the
// quarter's village affairs (the kind chosen for them) and publishes it;
// from the board they publish what a residents' forum agreed (V2026 Art. 33,
// Art. 35 ¶2(4)). Each time the page says until when the notice runs and
// links to it; a resident finds both on the board, the second under its kind.
func TestBrowserSecretaryPublishesAffairsAndAConsultationOnTheBoard(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	zh := dictionary(t, ta, "zh")

	S := newActor(t, root, "secretary")
	S.logIn(ta.URL, "13800000002")
	S.tap("#link-calendar")
	S.tap(`#cal-list li[data-kind="affairs"]:not([data-status="done"]) a`)
	S.waitJS("the form", `!!document.getElementById('nnew-kind')`)
	if kind := S.eval(`document.getElementById('nnew-kind').value`); kind != "affairs" {
		t.Errorf("the calendar's affairs line opens the form on %q", kind)
	}
	S.see("#nnew-rule", "第三十五条第三款")
	S.typeIn("#nnew-title", "第四季度居务公开")
	S.typeIn("#nnew-text", "三号楼加装电梯进展；社区活动室维修完成。")
	S.tap("#nnew-submit")
	S.see("#nnew-done", "已发布“第四季度居务公开”，公示至")

	const agreed = "恳谈会商定：小区停车位按楼栋轮换"
	S.tap("#board-link-back")
	S.tap("#board-publish")
	S.choose("#nnew-kind", zh["board.kind.consultation"])
	S.see("#nnew-rule", "第三十三条")
	S.typeIn("#nnew-title", agreed)
	S.typeIn("#nnew-text", "经居民恳谈会协商，停车位每季度按楼栋轮换，物业负责落实。")
	S.tap("#nnew-submit")
	S.see("#nnew-done", agreed)
	S.tap("#nnew-open")
	S.see("#view-title", agreed)

	R := newActor(t, root, "resident")
	R.logIn(ta.URL, demoResidentPhone)
	R.tap("#link-board")
	R.see("#board-list", "第四季度居务公开")
	R.see(`#board-list li:first-child .notice-meta`, zh["board.kind.consultation"])
	if n := R.eval(`String(document.querySelectorAll('#board-publish').length)`); n != "0" {
		t.Errorf("a resident sees the publish button")
	}
	t.Logf("taps: secretary %d", S.taps)
}
