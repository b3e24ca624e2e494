package main

import (
	"github.com/chromedp/chromedp"
)

// bodyTextPx is the smallest computed font size of the page's body text:
// the body itself and its paragraphs and list items (hints and small
// print excepted), in px.
const bodyTextPx = `(() => {
	const sizes = [document.body, ...document.querySelectorAll('#view p, #view li')]
		.filter((e) => e.offsetParent !== null || e === document.body)
		.filter((e) => !e.closest('.hint, .line-meta, .line-basis, .scope, small, .tag, .meta, footer'))
		.map((e) => parseFloat(getComputedStyle(e).fontSize));
	return Math.min(...sizes);
})()`

// fitsAThumb checks the page as it stands on a phone (journeys.md, "Mobile
// first"): every visible tappable target and input is at least 44 × 44 px
// and body text is at least 18 px. The tours of the axe tests call it on
// every page they visit at 390 px, so the main pages of every role are
// measured.
func (a *actor) fitsAThumb(page string) {
	a.t.Helper()
	if small, err := runStep(a.browser, chromedp.Evaluate[[]string](smallTargets)); err != nil {
		a.t.Errorf("%s: measuring targets: %v", page, err)
	} else if len(small) > 0 {
		a.t.Errorf("%s: targets under 44 px: %v", page, small)
	}
	if px, err := runStep(a.browser, chromedp.Evaluate[float64](bodyTextPx)); err != nil {
		a.t.Errorf("%s: measuring type: %v", page, err)
	} else if px < 18 {
		a.t.Errorf("%s: body text %.1f px, want at least 18", page, px)
	}
}
