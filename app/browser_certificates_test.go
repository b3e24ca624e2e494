package main

import (
	"testing"
	"time"
)

// TestBrowserOperatorEntersTheCityCertificateListAndAResidentAsksForIt: the
// operator opens 广州市's certificate catalogue from the org tree and enters
// a family-relationship certificate the city's list keeps. Without the
// exception it is refused next to the field, quoting 民发〔2020〕20号; with
// it, it is listed. A resident of 东田社区 then finds it at the desk and
// asks for it, and the request names it.
func TestBrowserOperatorEntersTheCityCertificateListAndAResidentAsksForIt(t *testing.T) {
	allowStatus(t, 422) // the entry without its exception, refused in view
	execPath := findBrowser(t)
	ta := startTestApp(t)
	b := newBrowserWithin(t, execPath, 3*time.Minute)
	zh := dictionary(t, ta, "zh")

	const name = "亲属关系证明（限无法通过户籍等公共记录查证的）"
	op := newActor(t, b, "operator")
	op.logIn(ta.URL, "13800000004")
	op.tap("#link-op-tree")
	op.tap(`#op-tree li[data-org="广州市"] .op-certificates`)
	op.see("#view-title", "广州市")
	op.typeIn("#cert-zh", name)
	op.typeIn("#cert-basis", "《广州市村（居）民委员会证明事项保留清单》")
	op.tap("#cert-add")
	op.see("#cert-exception-error", "亲属关系证明")
	op.see("#cert-error", "民发〔2020〕20号")
	op.choose("#cert-listed_as", "亲属关系证明")
	op.typeIn("#cert-exception", "当事人确无户籍等公共记录可查的，由村（居）委会据实出具情况说明")
	op.tap("#cert-add")
	op.see("#action-said", name)
	op.see("#cert-entries li .cert-exception", "确无户籍")
	if got := op.eval(`document.getElementById('cert-error').textContent`); got != "" {
		t.Errorf("the error stays after the entry was listed: %q", got)
	}

	resident := newActor(t, b, "resident")
	resident.logIn(ta.URL, demoResidentPhone)
	resident.tap("#link-desk")
	resident.choose("#certificate-key", "亲属关系证明")
	resident.typeIn("#certificate-purpose", "办理继承公证")
	resident.tap("#certificate-submit")
	resident.see("#my-requests", name)
	resident.see("#my-requests", zh["desk.status.filed"])
	t.Logf("taps: operator %d, resident %d", op.taps, resident.taps)
}
