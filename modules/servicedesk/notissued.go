package servicedesk

import "strings"

// CertificatesDocZh is the national guidance on certificates issued by
// villages and communities, whose annex lists the 20 certificates they
// should no longer issue.
const (
	CertificatesDocZh = "民政部等《关于改进和规范基层群众性自治组织出具证明工作的指导意见》（民发〔2020〕20号）"
	CertificatesDocEn = "the 2020 guidance of the Ministry of Civil Affairs and others on certificates issued by grass-roots self-governing organisations (民发〔2020〕20号)"
)

// Listed is one certificate of that national list.
type Listed struct {
	Key string `json:"key"`
	Zh  string `json:"zh"`
	En  string `json:"en"`
	// stems are the words by which a catalogue entry's name matches it.
	stems []string
}

// NotIssued is the national list of 民发〔2020〕20号: certificates villages
// and communities do not issue. A catalogue entry that matches one must name
// the exception that lets this city's villages issue it and the document that
// makes the exception (Catalogue.check).
var NotIssued = []Listed{
	{"kinship", "亲属关系证明", "Family relationship", []string{"亲属关系"}},
	// A proof of residence certifies who lives where: the identity
	// information a village must not certify.
	{"identity", "居民身份信息证明", "Resident identity information", []string{"居民身份", "身份信息", "居住"}},
	{"hukou_change", "户口登记项目内容变更申请证明", "Change of household registration entries", []string{"户口登记", "户口变更"}},
	{"dog", "居民养犬证明", "Keeping a dog", []string{"养犬"}},
	{"no_crime", "无犯罪记录证明", "No criminal record", []string{"无犯罪"}},
	{"drug_rehab", "社区戒毒社区康复人员情况证明", "Community drug rehabilitation", []string{"戒毒", "社区康复"}},
	{"missing", "人员失踪证明", "A missing person", []string{"失踪"}},
	{"marital", "婚姻状况证明", "Marital status", []string{"婚姻状况", "未婚", "离婚", "已婚"}},
	{"birth", "出生证明", "Birth", []string{"出生"}},
	{"alive", "健在证明", "Being alive", []string{"健在", "生存"}},
	{"death", "死亡证明", "Death", []string{"死亡"}},
	{"illness", "疾病状况证明", "State of illness", []string{"疾病"}},
	{"disability", "残疾状况证明", "Disability", []string{"残疾"}},
	{"childbearing", "婚育状况证明", "Marriage and childbearing", []string{"婚育", "生育"}},
	{"employment", "居民就业状况证明", "Employment status", []string{"就业", "失业"}},
	{"personal_file", "居民个人档案证明", "A resident's personal file", []string{"个人档案"}},
	{"property", "居民财产证明", "A resident's property", []string{"财产"}},
	{"inheritance", "遗产继承权证明", "Right of inheritance", []string{"继承"}},
	{"business_address", "市场主体住所证明", "Registered address of a business", []string{"市场主体", "住所"}},
	{"lost_document", "证件遗失证明", "A lost document", []string{"遗失", "丢失"}},
}

// listedMatch is the listed certificate a name matches, if any.
func listedMatch(zh string) (Listed, bool) {
	for _, l := range NotIssued {
		for _, s := range l.stems {
			if strings.Contains(zh, s) {
				return l, true
			}
		}
	}
	return Listed{}, false
}

// ListedByKey finds a certificate of the national list.
func ListedByKey(key string) (Listed, bool) {
	for _, l := range NotIssued {
		if l.Key == key {
			return l, true
		}
	}
	return Listed{}, false
}
