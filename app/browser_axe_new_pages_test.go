package main

import (
	"testing"
	"time"
)

// newPagesTours are the pages added for issues 14–16 after the first axe
// tour: complaints, implementation projects, the publication calendar, the
// print views, the points page, the street official's complaint queue and
// the operator's screens, each reached from home by taps.
func newPagesTours() map[string][]axeStop {
	board := axeStep{tap: "#link-board", view: "board"}
	notice := axeStep{tap: "#board-list a", view: "notice"}
	projects := axeStep{tap: "#link-projects", view: "projects"}
	opVillage := []axeStep{{tap: "#link-op-tree", view: "op-tree"}, {tap: "#op-tree a.card-title", view: "op-bodies"}}
	return map[string][]axeStop{
		demoResidentPhone: {
			{"complaint form", []axeStep{board, {tap: "#board-complain", view: "complaint-new"}}},
			{"complaint form from a notice", []axeStep{board, notice, {tap: "#notice-complain", view: "complaint-new"}}},
			{"my complaints", []axeStep{{tap: "#link-complaints", view: "complaints"}}},
			{"print view of a notice", []axeStep{board, notice, {tap: "#notice-print", view: "print-notice"}}},
			{"done for me (代办)", []axeStep{{tap: "#link-assisted", view: "assisted"}}},
			{"my household's points", []axeStep{{tap: "#link-moral", view: "moral"}, {tap: "#link-points", view: "moral-points"}}},
		},
		"13800000002": {
			{"projects", []axeStep{projects}},
			{"new project", []axeStep{projects, {tap: "#proj-new", view: "project-start"}}},
			{"publication calendar", []axeStep{{tap: "#link-calendar", view: "publication-calendar"}}},
			{"publish on the board", []axeStep{board, {tap: "#board-publish", view: "notice-new"}}},
			{"household cards", []axeStep{{tap: "#link-household-cards", view: "household-cards"}}},
			{"the representatives' authorisation", []axeStep{{tap: "#link-authorisation", view: "authorisation"}}},
			{"the flows", []axeStep{{tap: "#link-flows", view: "flows"}}},
			{"help a resident (代办)", []axeStep{{tap: "#link-assist", view: "assist"}}},
		},
		"13800000003": {
			{"complaint queue", []axeStep{{tap: "#link-street-complaints", view: "complaint-queue"}}},
			{"a complaint, to answer", []axeStep{{tap: "#link-street-complaints", view: "complaint-queue"}, {tap: "#complaint-list li a", view: "complaint"}}},
			{"a village's figures", []axeStep{{tap: "#link-dashboard", view: "dashboard"}, {tap: "#dash-table .dash-village-link", view: "dashboard-village"}}},
			{"forwarded requests", []axeStep{{tap: "#link-street-desk", view: "desk-street"}, {tap: "#street-villages .link-forwarded", view: "desk-forwarded"}}},
		},
		"13800000004": {
			{"org tree", opVillage[:1]},
			{"a village's bodies", opVillage},
			{"register import", append(append([]axeStep{}, opVillage...), axeStep{tap: "#op-nav-register", view: "op-register"})},
			{"accounts and roles", append(append([]axeStep{}, opVillage...), axeStep{tap: "#op-nav-accounts", view: "op-accounts"})},
			{"village rules", append(append([]axeStep{}, opVillage...), axeStep{tap: "#op-nav-settings", view: "op-settings"})},
			{"the city's certificate catalogue", []axeStep{opVillage[0], {tap: "#op-tree .op-certificates", view: "op-certificates"}}},
		},
	}
}

// TestBrowserNewPagesPassAxe checks the newer pages as TestBrowserPagesPassAxe
// checks the main ones: each role, at 390 px and at 1280 px, no serious or
// critical axe-core violation. The village has a notice on its board and a
// resident's report on it.
func TestBrowserNewPagesPassAxe(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 6*time.Minute)
	k := propKitOn(t, ta)
	secretary := ta.login(t, "13800000002")
	var n struct{ ID string }
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/notices", map[string]any{"kind": "finance", "title": "第三季度社区财务公开",
		"text": "收入 12,000 元；支出 9,750 元。"}, 201, &n)
	// A resident's report on it, for the street's complaint page.
	ta.login(t, demoResidentPhone).mustJSON("POST", "/api/v1/orgs/"+k.dt+"/complaints", map[string]any{"kind": "untrue",
		"subject": "第三季度社区财务公开", "text": "支出 9,750 元没有明细", "notice_id": n.ID}, 201, nil)

	tally := &axeTally{}
	tours := newPagesTours()
	for _, phone := range demoRoles {
		tourAtBothWidths(t, root, ta, phone, tours[phone], tally)
	}
	t.Logf("axe: %s", tally)
}
