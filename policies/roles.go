package policies

// Role is a role a user can be assigned over an org path.
type Role struct {
	Name string
	Zh   string
	En   string
	// Government roles guide and review; the negative list binds them.
	Government bool
}

// Roles are all roles, residents' first.
var Roles = []Role{
	{Name: "resident", Zh: "居民", En: "Resident"},
	{Name: "council_member", Zh: "议事会成员", En: "Council member"},
	{Name: "board_member", Zh: "评议会成员", En: "Board member"},
	{Name: "secretary", Zh: "议事会秘书", En: "Council secretary"},
	// The supervision committee's members (V2026 Art. 37; U2026 Art. 36).
	{Name: "supervisor", Zh: "监督委员会成员", En: "Supervision committee member"},
	{Name: "street_official", Zh: "街道干部", En: "Street official", Government: true},
	{Name: "district_official", Zh: "区县干部", En: "District official", Government: true},
	{Name: "city_official", Zh: "市级干部", En: "City official", Government: true},
	{Name: "operator", Zh: "平台管理员", En: "Operator"},
}

// RoleByName finds a role.
func RoleByName(name string) (Role, bool) {
	for _, r := range Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}
