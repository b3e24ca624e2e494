// Package servicedesk is the service desk and the two norms of the 2022
// national guidance on village work matters and certificates (中共中央办公厅、
// 国务院办公厅《关于规范村级组织工作事务、机制牌子和证明事项的意见》, 2022):
// residents request services on the published service list and are answered
// by the village desk or, once forwarded, by the street; a task a government
// role assigns to a village is admitted only with a powers-list basis, a
// county-level deployment and a funding source; a village issues only the
// certificates on its whitelist.
package servicedesk

// Guidance is how refusals cite the 2022 national guidance.
const (
	GuidanceZh = "中共中央办公厅、国务院办公厅《关于规范村级组织工作事务、机制牌子和证明事项的意见》（厅字〔2022〕28号）"
	GuidanceEn = "the 2022 opinion of the General Offices of the CPC Central Committee and the State Council on village work matters, mechanisms, signboards and certificates (厅字〔2022〕28号)"
)

// TaskKind is a kind of work a government role may assign to a village: one
// the law makes the village assist with (V2026 Art. 6 ¶2; V2026 Art. 43).
type TaskKind struct {
	Key   string `json:"key"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Basis string `json:"basis"`
	// Power is the powers-list line (obj.act) the assigning role must hold.
	Power string `json:"power"`
}

// PowerAssign is the powers-list line every task kind relies on.
const PowerAssign = "task.assign"

// TaskKinds is the whitelist of tasks a village may be assigned.
var TaskKinds = []TaskKind{
	{Key: "population_census", Zh: "协助开展人口普查", En: "Assist the population census", Basis: "《全国人口普查条例》", Power: PowerAssign},
	{Key: "military_registration", Zh: "协助开展兵役登记", En: "Assist military service registration", Basis: "《中华人民共和国兵役法》", Power: PowerAssign},
	{Key: "emergency_response", Zh: "协助开展突发事件应对和防灾减灾", En: "Assist emergency response and disaster prevention", Basis: "《中华人民共和国突发事件应对法》", Power: PowerAssign},
	{Key: "social_assistance", Zh: "协助受理和核查社会救助申请", En: "Assist taking in and checking social assistance applications", Basis: "《社会救助暂行办法》", Power: PowerAssign},
	{Key: "public_health", Zh: "协助开展公共卫生和预防接种宣传", En: "Assist public health work and vaccination outreach", Basis: "《中华人民共和国基本医疗卫生与健康促进法》", Power: PowerAssign},
}

// TaskKindByKey finds a task kind on the whitelist.
func TaskKindByKey(key string) (TaskKind, bool) {
	for _, k := range TaskKinds {
		if k.Key == key {
			return k, true
		}
	}
	return TaskKind{}, false
}

// ForbiddenProof are kinds of proof of work the guidance forbids asking a
// village for (留痕: forms, screenshots, photos of attendance).
var ForbiddenProof = []string{"form", "screenshot", "photo", "app_checkin"}

// Certificate is a certificate a village may still issue.
type Certificate struct {
	Key   string `json:"key"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Basis string `json:"basis"`
	// Register is true when it is issued only for a resident of the register.
	Register bool `json:"register"`
	// ListedAs is the certificate of the national list (NotIssued) that a
	// city's entry is an exception to, and Exception the exception's words.
	ListedAs  string `json:"listed_as,omitempty" bson:"listed_as,omitempty"`
	Exception string `json:"exception,omitempty" bson:"exception,omitempty"`
}

// Certificates is the national default of what a village may issue: none of
// the 20 of 民发〔2020〕20号 (proof of residence, family relationship and a
// death at home were here, each matching one; a city whose published list
// keeps one enters it with its exception, catalogue.go).
var Certificates = []Certificate{
	{Key: "household_hardship", Zh: "家庭困难情况说明（协助社会救助核查）", En: "Statement of a household's hardship, to help check social assistance", Basis: "《社会救助暂行办法》；" + GuidanceZh, Register: true},
}

// retiredCertificates are the names of certificates the default once held,
// for the requests filed for them before 民发〔2020〕20号 took them off
// (those requests carry no name of their own).
var retiredCertificates = map[string][2]string{
	"residence":           {"居住证明（限村民名册内的村民）", "Proof of residence, for a resident in the register"},
	"family_relationship": {"亲属关系证明（限无法通过户籍等公共记录查证的）", "Family relationship, where no public record shows it"},
	"death_at_home":       {"居民在家中死亡的情况证明（未在医疗机构死亡的）", "Statement of a death at home, outside a medical institution"},
}
