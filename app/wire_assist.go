package main

import (
	"context"
	"slices"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/assist"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/servicedesk"
	"yishi/modules/web"
)

// mountAssist wires assisted participation (代办): the assist module keeps
// the pending actions and the second person's confirmation; each action is
// performed by the module that owns its record, through these adapters.
func (a *app) mountAssist(api fiber.Router, accounts *account.Module, orgs *org.Module, props *proposal.Service, meetings *minutes.Service, desk *servicedesk.Service) {
	performers := map[string]assist.Performer{
		assist.KindSignIn:      assistSignIn{meetings},
		assist.KindCosign:      assistCosign{props},
		assist.KindCertificate: assistCertificate{desk},
	}
	svc := assist.NewService(a.store, a.orgs, a.audit, performers, a.accounts.OfResidents, a.notify, a.log, a.clock.now)
	assist.New(assist.Deps{Service: svc, Orgs: a.orgs, Guard: accounts, Domain: orgs.Path, Validator: a.validator}).Mount(api)
}

// assistSignIn signs a resident in at an open meeting.
type assistSignIn struct{ meetings *minutes.Service }

func (p assistSignIn) Choices(ctx context.Context, v org.Org) ([]assist.Choice, error) {
	ms, err := p.meetings.List(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	out := []assist.Choice{}
	for _, m := range ms {
		if m.Status == minutes.MeetingOpen {
			out = append(out, assist.Choice{ID: m.ID, Title: m.Title, At: m.StartsAt})
		}
	}
	return out, nil
}

func (p assistSignIn) Perform(ctx context.Context, v org.Org, r assist.Resident, target, _ string, mark web.Assisted) (string, error) {
	_, err := p.meetings.SignInAssisted(ctx, v.ID, target, r.No, mark)
	return target, err
}

// assistCosign co-signs a proposal gathering signatures.
type assistCosign struct{ props *proposal.Service }

func (p assistCosign) Choices(ctx context.Context, v org.Org) ([]assist.Choice, error) {
	out := []assist.Choice{}
	for _, status := range []string{proposal.StatusSubmitted, proposal.StatusInProgress} {
		page, err := p.props.List(ctx, v.ID, web.Actor{VillageID: v.ID}, proposal.ListInput{Kind: proposal.KindProposal, Status: status, Sort: "created", Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, x := range page.Items {
			out = append(out, assist.Choice{ID: x.ID, Title: x.Title, At: x.CreatedAt})
		}
	}
	slices.SortFunc(out, func(a, b assist.Choice) int { return b.At.Compare(a.At) })
	return out, nil
}

func (p assistCosign) Perform(ctx context.Context, v org.Org, r assist.Resident, target, _ string, mark web.Assisted) (string, error) {
	_, err := p.props.Cosign(ctx, v, web.Actor{AccountID: r.Account, Name: r.Name, VillageID: v.ID, ResidentNo: r.No,
		Role: "resident", Path: v.Path, Assisted: &mark}, target)
	return target, err
}

// assistCertificate files a certificate request on the whitelist.
type assistCertificate struct{ desk *servicedesk.Service }

// Choices are what the village may issue: the national default and its
// city's catalogue.
func (p assistCertificate) Choices(ctx context.Context, v org.Org) ([]assist.Choice, error) {
	offered, err := p.desk.CertificatesOf(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	out := []assist.Choice{}
	for _, c := range offered {
		out = append(out, assist.Choice{ID: c.Key, Title: c.Zh, TitleEn: c.En})
	}
	return out, nil
}

func (p assistCertificate) Perform(ctx context.Context, v org.Org, r assist.Resident, target, purpose string, mark web.Assisted) (string, error) {
	req, err := p.desk.RequestCertificate(ctx, v.ID, web.Actor{AccountID: r.Account, VillageID: v.ID, ResidentNo: r.No,
		Role: "resident", Path: v.Path, Assisted: &mark}, servicedesk.NewCertificateRequest{Certificate: target, Purpose: purpose})
	return req.ID, err
}
