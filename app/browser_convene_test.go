package main

import (
	"fmt"
	"testing"
	"time"
)

// TestBrowserDemandToConveneReachesItsThresholdAndTheSecretaryConvenes: in
// 小罗村 a demand for a villagers' meeting has its proposer's signature; a
// second adult co-signs it in the page, which reaches the threshold of
// V2026 Art. 25 ¶2. The secretary's home then names the obligation and its
// deadline; one tap opens the schedule form, where the villagers' meeting is
// scheduled with the matter on its agenda, and the line is gone.
func TestBrowserDemandToConveneReachesItsThresholdAndTheSecretaryConvenes(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	k := propKitOn(t, ta)
	const xlPath = "/gz/hd/hs/xl"
	proposer := k.account(xlPath, "R003")
	adult := browserAccount(k, xlPath, "R002")
	secretary := browserAccount(k, xlPath, "R005", "resident", "council_member", "secretary")
	const title = "要求召开村民会议讨论修路"
	p := submitted(proposer, k.xl, map[string]any{"body_id": "council", "title": title, "category": "other", "convene": "villagers_meeting"})

	R := newActor(t, root, "R002")
	R.logIn(ta.URL, adult)
	R.tap("#link-proposals")
	R.tapText("a", title)
	R.tap("#cosign")
	R.see("#action-said", dictionary(t, ta, "zh")["said.cosigned"])

	S := newActor(t, root, "secretary")
	S.logIn(ta.URL, secretary)
	line := `#sec-today-list li[data-kind="convene_owed"] a`
	S.see(line, title)
	S.see(line, "第二十五条第二款")
	S.tap(line)
	S.choose("#meet-kind", "村民会议")
	S.typeIn("#meet-title", "村民会议：修路")
	S.typeIn("#meet-place", "村委会礼堂")
	S.setValue("#meet-date", ta.clock.now().Add(12*24*time.Hour).Format("2006-01-02"))
	S.tap(fmt.Sprintf(`#meet-agenda input[value="%s"]`, p.ID))
	S.tap("#meet-submit")
	S.see("#meeting-msg", "已安排：村民会议：修路")
	S.home(ta.URL)
	S.waitJS("the today list", `!!document.getElementById('sec-today-list') || !!document.getElementById('sec-today-empty')`)
	if n := S.eval(`String(document.querySelectorAll('#sec-today-list li[data-kind="convene_owed"]').length)`); n != "0" {
		t.Errorf("the obligation is still on the secretary's home after the meeting was scheduled (%s lines)", n)
	}
	t.Logf("taps: resident %d, secretary %d", R.taps, S.taps)
}
