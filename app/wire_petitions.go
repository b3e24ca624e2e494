package main

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/dashboard"
	"yishi/modules/evaluation"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/today"
	"yishi/modules/web"
)

// mountEvaluation wires the democratic evaluation (V2026 Art. 38; U2026
// Art. 37): its votes are the vote engine's, its subjects registered there.
func (a *app) mountEvaluation(api fiber.Router, accounts *account.Module, orgs *org.Module) *evaluation.Service {
	svc := evaluation.NewService(a.store, a.orgs, a.votes, a.audit, a.clock.now)
	evaluation.New(evaluation.Deps{Service: svc, Guard: accounts, Domain: orgs.Path, Validator: a.validator}).Mount(api)
	return svc
}

// Today's lines the petitions and the evaluation owe.
const (
	lineAuditDemanded     = "audit_demanded"
	lineEvaluationOverdue = "evaluation_overdue"
)

// petitionLines are the secretary's and the supervision committee's lines: an
// audit petition that reached its threshold and whose result is not yet
// published (V2026 Art. 40; U2026 Art. 38), and a year that passed without an
// evaluation (V2026 Art. 38 ¶1; U2026 Art. 37).
func petitionLines(proposals *proposal.Service, evals *evaluation.Service, orgs *org.Service) []today.Source {
	audits := func(ctx context.Context, villageID string) ([]today.Line, error) {
		ds, err := proposals.AuditDemands(ctx, villageID)
		if err != nil {
			return nil, err
		}
		out := []today.Line{}
		for _, d := range ds {
			if d.ResultPosted {
				continue
			}
			out = append(out, today.Line{Kind: lineAuditDemanded, Title: d.Title, At: d.ReachedAt,
				DetailZh: fmt.Sprintf("审计要求已达法定人数（%d人联名）：%s。已报街道（乡镇）组织审计（%s）", d.Signatures, d.StatusZh, d.BasisZh),
				DetailEn: fmt.Sprintf("An audit demand reached its threshold (%d signatures): %s. Reported to the street (township), which organises the audit (%s)", d.Signatures, d.StatusEn, d.BasisEn),
				Link:     today.LinkTo("petitions", "#/v/"+villageID+"/petitions", map[string]string{"vid": villageID})})
		}
		return out, nil
	}
	overdue := func(ctx context.Context, villageID string) ([]today.Line, error) {
		v, err := orgs.Village(ctx, villageID)
		if err != nil {
			return nil, err
		}
		year, late, err := evals.Overdue(ctx, v)
		if err != nil || !late {
			return nil, err
		}
		zh, en := evaluationOverdueWords(year, v.Kind == org.KindCommunity)
		return []today.Line{{Kind: lineEvaluationOverdue, Title: fmt.Sprintf("%d年民主评议", year), DetailZh: zh, DetailEn: en,
			Link: today.LinkTo("evaluations", "#/v/"+villageID+"/evaluations", map[string]string{"vid": villageID})}}, nil
	}
	return []today.Source{{Obj: "audit_demand", Act: "read", Lines: audits}, {Obj: "evaluation", Act: "read", Lines: overdue}}
}

func evaluationOverdueWords(year int, community bool) (zh, en string) {
	if community {
		return fmt.Sprintf("%d年没有进行民主评议：居民委员会成员每年至少评议一次，由居务监督委员会主持（居委会组织法2026年版第三十七条），已告知街道", year),
			fmt.Sprintf("No democratic evaluation in %d: committee members are evaluated at least once a year, hosted by the supervision committee (U2026 Art. 37); the street is alerted", year)
	}
	return fmt.Sprintf("%d年没有进行民主评议：村民委员会成员每年至少评议一次，由村务监督机构主持（村委会组织法2026年版第三十八条第一款），已告知街道", year),
		fmt.Sprintf("No democratic evaluation in %d: committee members are evaluated at least once a year, hosted by the supervision body (V2026 Art. 38 ¶1); the street is alerted", year)
}

// petitionAlerts are the street's alerts: an audit it is to organise and
// has not published the result of, and a year without an evaluation.
func petitionAlerts(proposals *proposal.Service, evals *evaluation.Service) func(ctx context.Context, v org.Org, now time.Time) ([]dashboard.Alert, error) {
	return func(ctx context.Context, v org.Org, now time.Time) ([]dashboard.Alert, error) {
		community := v.Kind == org.KindCommunity
		out := []dashboard.Alert{}
		ds, err := proposals.AuditDemands(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if d.ResultPosted {
				continue
			}
			zh, en := "须由乡镇人民政府或县级农业农村、财政部门组织审计，审计结果应当公布", "the township or the county's agriculture or finance department organises the audit; its result is published"
			if community {
				zh, en = "由街道办事处负责组织审计，审计结果应当公布", "the street office organises the audit; its result is published"
			}
			out = append(out, dashboard.Alert{Code: dashboard.AlertAuditDemanded, Village: dashboard.Ref(v),
				Message:   fmt.Sprintf("“%s”：%d人联名要求审计，已达法定人数（%s起）；%s。%s", d.Title, d.Signatures, web.DateZh(d.ReachedAt), zh, d.StatusZh),
				MessageEn: fmt.Sprintf("“%s”: %d signatures demand an audit, reaching the threshold on %s; %s. %s", d.Title, d.Signatures, web.DateEn(d.ReachedAt), en, d.StatusEn),
				Basis:     d.BasisZh, Evidence: []dashboard.Evidence{dashboard.EvidenceOf(v.ID, "audit_demand", d.ProposalID, "/audit-demands"),
					dashboard.EvidenceOf(v.ID, "proposal", d.ProposalID, "/proposals/"+d.ProposalID)}})
		}
		year, late, err := evals.Overdue(ctx, v)
		if err != nil {
			return nil, err
		}
		if late {
			zh, en := evaluationOverdueWords(year, community)
			basis := "村委会组织法2026年版第三十八条第一款"
			if community {
				basis = "居委会组织法2026年版第三十七条"
			}
			out = append(out, dashboard.Alert{Code: dashboard.AlertEvaluationOverdue, Village: dashboard.Ref(v), Message: zh, MessageEn: en,
				Basis: basis, Evidence: []dashboard.Evidence{dashboard.EvidenceOf(v.ID, "evaluations", "", "/evaluations")}})
		}
		return out, nil
	}
}
