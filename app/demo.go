package main

import (
	"context"
	"fmt"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/policies"
)

// demoPassword is the password of every demo account; it is in the README.
const demoPassword = "yishi-demo"

type demoAccount struct {
	Phone string
	What  string
}

var demoVillages = []struct{ code, name, kind string }{
	{"dt", "东田社区", org.KindCommunity},
	{"xl", "小罗村", org.KindVillage},
	{"ph", "平和村", org.KindVillage},
}

var (
	demoSurnames = []string{"陈", "李", "黄", "张", "梁"}
	demoGiven    = []string{"建国", "秀英", "志强", "小明", "桂芳", "伟", "丽华", "子涵", "国强", "淑珍", "海燕", "俊杰", "玉兰", "家豪", "美玲", "德明", "翠花", "浩然", "春梅", "文轩"}
)

// demoResidents is one village's register: 5 households of 4 (two adults,
// an elder, a child), so the 18+ rule has someone on each side.
func demoResidents(village int) []org.Resident {
	births := []string{"1978-03-%02d", "1981-07-%02d", "1950-11-%02d", "2014-05-%02d"}
	var out []org.Resident
	for h := 0; h < 5; h++ {
		for m := 0; m < 4; m++ {
			i := h*4 + m
			gender := "M"
			if m == 1 || (m == 2 && h%2 == 0) {
				gender = "F"
			}
			phone := ""
			if m < 3 {
				phone = fmt.Sprintf("139%02d%02d%04d", village, h, i)
			}
			out = append(out, org.Resident{
				No:            fmt.Sprintf("R%03d", i+1),
				HouseholdNo:   fmt.Sprintf("H%02d", h+1),
				Name:          demoSurnames[h] + demoGiven[(i+village*3)%len(demoGiven)],
				Gender:        gender,
				BirthDate:     fmt.Sprintf(births[m], 1+(i+village)%27),
				Phone:         phone,
				Group:         fmt.Sprintf("第%d组", h/3+1),
				HouseholdHead: m == 0,
			})
		}
	}
	return out
}

// seedDemo creates the demo township and its accounts. Every step finds what
// exists before creating it, so running it twice changes nothing.
func (a *app) seedDemo(ctx context.Context) ([]demoAccount, error) {
	city, err := a.orgs.Ensure(ctx, org.NewOrg{Code: "gz", Name: "广州市", Level: org.LevelCity})
	if err != nil {
		return nil, err
	}
	district, err := a.orgs.Ensure(ctx, org.NewOrg{Code: "hd", Name: "花都区", Level: org.LevelDistrict, ParentID: city.ID})
	if err != nil {
		return nil, err
	}
	street, err := a.orgs.Ensure(ctx, org.NewOrg{Code: "hs", Name: "花山镇", Level: org.LevelStreet, ParentID: district.ID})
	if err != nil {
		return nil, err
	}
	var first org.Org
	for i, v := range demoVillages {
		village, err := a.orgs.Ensure(ctx, org.NewOrg{Code: v.code, Name: v.name, Level: org.LevelVillage, Kind: v.kind, ParentID: street.ID})
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = village
		}
		residents := demoResidents(i)
		if i == 0 {
			residents[2].Phone = "13800000001"
			residents[4].Phone = "13800000002"
		}
		if err := a.orgs.SeedResidents(ctx, village.ID, residents); err != nil {
			return nil, err
		}
		bodies := []org.NewBody{
			{ID: "council", Kind: org.BodyCouncil, Name: "村民议事会", Members: []org.Member{
				{ResidentNo: "R001", Role: org.MemberChair}, {ResidentNo: "R005", Role: org.MemberSecretary},
				{ResidentNo: "R009", Role: org.MemberMember}, {ResidentNo: "R013", Role: org.MemberMember}, {ResidentNo: "R017", Role: org.MemberMember}}},
			{ID: "moralboard", Kind: org.BodyMoralBoard, Name: "道德评议会", Members: []org.Member{
				{ResidentNo: "R002", Role: org.MemberChair}, {ResidentNo: "R006", Role: org.MemberMember},
				{ResidentNo: "R010", Role: org.MemberMember}, {ResidentNo: "R014", Role: org.MemberMember}, {ResidentNo: "R018", Role: org.MemberMember}}},
			{ID: "hall", Kind: org.BodyHall, Name: "村民议事堂", Members: []org.Member{}},
		}
		if v.kind == org.KindCommunity {
			bodies[0].Name, bodies[2].Name = "居民议事会", "居民议事堂"
		}
		for _, b := range bodies {
			if err := a.orgs.EnsureBody(ctx, village.ID, b); err != nil {
				return nil, err
			}
		}
	}

	accounts := []struct {
		account.NewAccount
		what string
	}{
		{account.NewAccount{Phone: "13800000001", Name: demoResidents(0)[2].Name, VillageID: first.ID, ResidentNo: "R003",
			Roles: []policies.Assignment{{Role: "resident", Scope: first.Path}}}, "居民 resident of " + first.Name + " " + first.Path},
		{account.NewAccount{Phone: "13800000002", Name: demoResidents(0)[4].Name, VillageID: first.ID, ResidentNo: "R005",
			Roles: []policies.Assignment{{Role: "resident", Scope: first.Path}, {Role: "council_member", Scope: first.Path}, {Role: "secretary", Scope: first.Path}}},
			"议事会秘书 council secretary of " + first.Name + " " + first.Path},
		{account.NewAccount{Phone: "13800000003", Name: "周干事",
			Roles: []policies.Assignment{{Role: "street_official", Scope: street.Path}}}, "街道干部 street official of " + street.Name + " " + street.Path},
		{account.NewAccount{Phone: "13800000004", Name: "平台管理员",
			Roles: []policies.Assignment{{Role: "operator", Scope: "/"}}}, "平台管理员 operator"},
	}
	var out []demoAccount
	for _, d := range accounts {
		d.Password = demoPassword
		if _, err := a.accounts.Ensure(ctx, d.NewAccount); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", d.Phone, err)
		}
		out = append(out, demoAccount{Phone: d.Phone, What: d.what})
	}
	return out, nil
}
