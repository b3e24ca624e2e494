package dashboard

// Link names the page of the app that shows an evidence record: a view and
// its parameters, as notifications and home lines name theirs; the page
// maps the view to its address. An alert never sends the reader to a JSON
// document: Path is for programs, Link for people.
type Link struct {
	View   string            `json:"view"`
	Params map[string]string `json:"params,omitempty"`
}

// Parts of a village's drill-down a link may open at: the figures that
// show evidence no other page of the street's shows (the street does not
// read a village's meetings or its publication calendar page).
const (
	PartMeetings    = "meetings"
	PartDisclosures = "disclosures"
	PartComplaints  = "complaints"
)

// evidence is the record kind at the village's API path rest, with the page
// that shows it to the street.
func evidence(villageID, kind, id, rest string) Evidence {
	return Evidence{Kind: kind, ID: id, Path: apiPath(villageID, rest), Link: pageOf(villageID, kind, id)}
}

// pageOf is the page that shows one kind of evidence.
func pageOf(vid, kind, id string) Link {
	figures := func(part string) Link {
		return Link{View: "village-figures", Params: map[string]string{"vid": vid, "part": part}}
	}
	switch kind {
	case "vote":
		return Link{View: "vote-result", Params: map[string]string{"vid": vid, "vote": id}}
	case "proposal":
		return Link{View: "proposal", Params: map[string]string{"vid": vid, "pid": id}}
	case "filing":
		return Link{View: "filing", Params: map[string]string{"vid": vid, "filing": id}}
	case "complaint":
		return Link{View: "complaint", Params: map[string]string{"vid": vid, "complaint": id}}
	case "case_outcome", "warning_list":
		return Link{View: "moral-lists", Params: map[string]string{"vid": vid}}
	case "audit_demand": // the village's petitions and the audits they demanded
		return Link{View: "petitions", Params: map[string]string{"vid": vid}}
	case "evaluations":
		return Link{View: "evaluations", Params: map[string]string{"vid": vid}}
	case "meeting_alerts", "meetings":
		return figures(PartMeetings)
	default: // the publication calendar, a project
		return figures(PartDisclosures)
	}
}
