package review

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/web"
)

// A supervision committee's report of wrongdoing (V2026 Art. 37 ¶3; U2026
// Art. 36 ¶3): finding conduct that harms the people's interests, the body
// reports it to the township (street) or the county (district) government
// and the supervision commission (监察机关). It has the complaint's shape —
// the village's record, the government's finding on it, the reporter
// following the answer — but another sender (a seated supervision member,
// named: they report in office, not as a resident to be shielded) and
// another addressee: a report to the county is answered by the county, not
// the street. The platform keeps the report and the answer; the supervision
// commission is reached through its own channel, which the report says.

const collSupervisionReports = "supervision_reports"

// Addressees of a report.
const (
	ToTownship = "township" // 乡镇人民政府 / 街道办事处
	ToCounty   = "county"   // 县级人民政府 / 区人民政府
)

// Report statuses.
const (
	ReportSubmitted = "submitted"
	ReportAnswered  = "answered"
)

// ReportInput is what a supervision member reports.
type ReportInput struct {
	To      string `json:"to" validate:"required,oneof=township county"`
	Subject string `json:"subject" validate:"required,max=100"`
	Text    string `json:"text" validate:"required,min=4,max=4000"`
}

// ReportAnswerInput is the government's finding after looking into it.
type ReportAnswerInput struct {
	Finding string `json:"finding" validate:"required,oneof=founded unfounded"`
	Facts   string `json:"facts" validate:"required,min=4,max=4000"`
	Action  string `json:"action" validate:"required_if=Finding founded,max=4000"`
}

// Report is one report and its answer.
type Report struct {
	ID           string    `json:"id" bson:"_id"`
	VillageID    string    `json:"village_id" bson:"village_id"`
	VillageName  string    `json:"village_name" bson:"village_name"`
	VillagePath  string    `json:"village_path" bson:"village_path"`
	To           string    `json:"to" bson:"to"`
	Subject      string    `json:"subject" bson:"subject"`
	Text         string    `json:"text" bson:"text"`
	Basis        string    `json:"basis" bson:"basis"`
	Account      string    `json:"-" bson:"account"`
	ReporterName string    `json:"reporter_name" bson:"reporter_name"`
	At           time.Time `json:"at,omitzero" bson:"at"`
	Status       string    `json:"status" bson:"status"`
	Finding      string    `json:"finding,omitempty" bson:"finding,omitempty"`
	Facts        string    `json:"facts,omitempty" bson:"facts,omitempty"`
	Action       string    `json:"action,omitempty" bson:"action,omitempty"`
	AnsweredBy   string    `json:"-" bson:"answered_by,omitempty"`
	AnsweredAt   time.Time `json:"answered_at,omitzero" bson:"answered_at,omitempty"`
}

// Errors of reports.
var (
	ErrReportNotFound = web.New(404, "report_not_found", "找不到该报告", "No such report")
	ErrReportAnswered = web.New(409, "report_answered", "该报告已经答复", "This report has already been answered")
	ErrReportNotHere  = web.New(403, "report_not_addressed", "这份报告是报给另一级政府的，由收件的政府答复", "This report is addressed to another level of government; that government answers it")
)

// reportBasis is the article a report rests on, by the village's kind.
func reportBasis(v org.Org) string {
	if v.Kind == org.KindCommunity {
		return "U2026 Art. 36 ¶3"
	}
	return "V2026 Art. 37 ¶3"
}

func (s *Service) reports(villageID string) *mongo.Collection {
	return s.store.Village(villageID).Collection(collSupervisionReports)
}

// Report records a supervision member's report about their village.
func (s *Service) Report(ctx context.Context, villageID string, who web.Actor, in ReportInput) (Report, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Report{}, err
	}
	r := Report{ID: primitive.NewObjectID().Hex(), VillageID: v.ID, VillageName: v.Name, VillagePath: v.Path, To: in.To,
		Subject: in.Subject, Text: in.Text, Basis: reportBasis(v), Account: who.AccountID, ReporterName: who.Name,
		At: s.minutes.Now(), Status: ReportSubmitted}
	if _, err := s.reports(villageID).InsertOne(ctx, r); err != nil {
		return Report{}, fmt.Errorf("lodge report: %w", err)
	}
	return r, s.write(ctx, villageID, who, "supervision_report.create", "supervision_report/"+r.ID, r.To)
}

func (s *Service) reportList(ctx context.Context, villageID string, filter bson.M) ([]Report, error) {
	cur, err := s.reports(villageID).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	out := []Report{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return out, nil
}

// MyReports are the reports one account made about a village, newest first.
func (s *Service) MyReports(ctx context.Context, villageID, account string) ([]Report, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return nil, err
	}
	return s.reportList(ctx, villageID, bson.M{"account": account})
}

// GetReport returns one report.
func (s *Service) GetReport(ctx context.Context, villageID, id string) (Report, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return Report{}, err
	}
	var r Report
	err := s.reports(villageID).FindOne(ctx, bson.M{"_id": id}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Report{}, ErrReportNotFound
	}
	if err != nil {
		return Report{}, fmt.Errorf("get report: %w", err)
	}
	return r, nil
}

// addressee is whom an org answers for: a street the township's reports, a
// district the county's.
func addressee(o org.Org) string {
	if o.Level == org.LevelStreet {
		return ToTownship
	}
	return ToCounty
}

// ReportQueue is the reports addressed to a street (township) or a district
// (county) from the villages under it, the unanswered first, oldest first.
func (s *Service) ReportQueue(ctx context.Context, orgID string) ([]Report, error) {
	o, err := s.orgs.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if o.Level != org.LevelStreet && o.Level != org.LevelDistrict {
		return nil, ErrNotStreet
	}
	all, err := s.orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	out := []Report{}
	for _, v := range all {
		if v.Level != org.LevelVillage || !isUnder(v.Path, o.Path) {
			continue
		}
		rs, err := s.reportList(ctx, v.ID, bson.M{"to": addressee(o)})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Status == ReportSubmitted) != (out[j].Status == ReportSubmitted) {
			return out[i].Status == ReportSubmitted
		}
		return out[i].At.Before(out[j].At)
	})
	return out, nil
}

func isUnder(path, parent string) bool {
	return len(path) > len(parent) && path[:len(parent)] == parent && path[len(parent)] == '/'
}

// AnswerReport records the addressed government's finding, once.
func (s *Service) AnswerReport(ctx context.Context, villageID, id string, who web.Actor, level string, in ReportAnswerInput) (Report, error) {
	r, err := s.GetReport(ctx, villageID, id)
	if err != nil {
		return Report{}, err
	}
	if r.To != level {
		return Report{}, ErrReportNotHere
	}
	set := bson.M{"status": ReportAnswered, "finding": in.Finding, "facts": in.Facts, "action": in.Action,
		"answered_by": who.AccountID, "answered_at": s.minutes.Now()}
	res, err := s.reports(villageID).UpdateOne(ctx, bson.M{"_id": id, "status": ReportSubmitted}, bson.M{"$set": set})
	if err != nil {
		return Report{}, fmt.Errorf("answer report: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Report{}, ErrReportAnswered
	}
	out, err := s.GetReport(ctx, villageID, id)
	if err != nil {
		return Report{}, err
	}
	return out, s.write(ctx, villageID, who, "supervision_report.answer", "supervision_report/"+out.ID, out.Finding)
}

// mountReports adds the report routes: the supervisor reports and reads
// their own; the addressed government reads its queue and answers.
func (m *Module) mountReports(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Post("/orgs/:id/supervision-reports", g.Require("supervision_report", "create", dom), m.report)
	r.Get("/orgs/:id/supervision-reports/mine", g.Require("supervision_report", "create", dom), m.myReports)
	r.Get("/orgs/:id/supervision-report-queue", g.Require("supervision_report", "answer", dom), m.reportQueue)
	r.Get("/orgs/:id/supervision-reports/:report", g.Require("supervision_report", "read", dom), m.getReport)
	r.Post("/orgs/:id/supervision-reports/:report/answer", g.Require("supervision_report", "answer", dom), m.answerReport)
}

func (m *Module) report(c *fiber.Ctx) error {
	var in ReportInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	out, err := m.d.Service.Report(c.UserContext(), c.Params("id"), web.ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (m *Module) myReports(c *fiber.Ctx) error {
	out, err := m.d.Service.MyReports(c.UserContext(), c.Params("id"), web.ActorOf(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"reports": out})
}

func (m *Module) getReport(c *fiber.Ctx) error {
	out, err := m.d.Service.GetReport(c.UserContext(), c.Params("id"), c.Params("report"))
	if err != nil {
		return err
	}
	// A report to the county may be about the township itself: the street
	// reads only what is addressed to it, as its queue does.
	if who := web.ActorOf(c); who.Role == "street_official" && out.To != ToTownship {
		return ErrReportNotFound
	}
	return c.JSON(out)
}

func (m *Module) reportQueue(c *fiber.Ctx) error {
	out, err := m.d.Service.ReportQueue(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"reports": out})
}

// answerReport: the government the report is addressed to answers it; the
// role that allowed the request says which level that is.
func (m *Module) answerReport(c *fiber.Ctx) error {
	var in ReportAnswerInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	level := ToTownship
	who := web.ActorOf(c)
	if who.Role != "street_official" {
		level = ToCounty
	}
	out, err := m.d.Service.AnswerReport(c.UserContext(), c.Params("id"), c.Params("report"), who, level, in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
