package minutes

import (
	"fmt"
	"time"

	"yishi/modules/vote"
	"yishi/modules/web"
)

// AnnounceAhead is how long before it a meeting must be announced, by kind:
// a villagers' meeting 10 days ahead (V2026 Art. 25 ¶2), a residents'
// meeting too (U2026 Art. 26 ¶2). In special circumstances both laws allow
// short notice (遇有特殊情况的，可以临时通知): the secretary records the
// reason, which the meeting then shows.
var AnnounceAhead = map[vote.MeetingKind]time.Duration{
	vote.VillagersMeeting: 10 * 24 * time.Hour,
	vote.ResidentsMeeting: 10 * 24 * time.Hour, // U2026 Art. 26
	// The collective's assemblies: 10 days' notice to all members of the
	// time, place and matters (CEO Art. 27 ¶1; the representatives'
	// assembly under the same charter, ceo_kinds.go).
	vote.MemberAssembly:                10 * 24 * time.Hour,
	vote.MemberRepresentativesAssembly: 10 * 24 * time.Hour,
}

// MinNoticeDays is the statutory floor of a notice period: each published
// item stays posted at least 15 days (V2026 Art. 35 ¶4; U2026 Art. 34 ¶3). A
// village may lengthen its period, never shorten it; DefaultNoticeDays is
// the period of a village that set none.
const (
	MinNoticeDays     = 15
	DefaultNoticeDays = MinNoticeDays
	MaxNoticeDays     = 90
)

// noticeBasis is the provision the floor rests on.
const noticeBasis = "V2026 Art. 35 ¶4; U2026 Art. 34 ¶3"

// MajorMatterDays is how soon a passed resolution must be on the board.
// V2026 Art. 35 ¶3 says major matters touching villagers' interests are published at
// once (随时公布); the calendar reads "at once" as within 3 days of the vote
// closing, so a late one shows as overdue rather than never.
const MajorMatterDays = 3

// SignInWindow is how long one sign-in code is shown before the next; a code
// is accepted in its own window and the one after, so it expires within two.
const SignInWindow = 30 * time.Second

// Errors of this module.
var (
	ErrMeetingNotFound   = web.New(404, "meeting_not_found", "找不到该会议", "No such meeting")
	ErrMinutesNotFound   = web.New(404, "minutes_not_found", "找不到该会议记录", "No such minutes")
	ErrNoticeNotFound    = web.New(404, "notice_not_found", "找不到该公示", "No such notice")
	ErrObjectionNotFound = web.New(404, "objection_not_found", "找不到该异议", "No such objection")
	ErrAnnouncedLate     = web.New(422, "announced_late", "依照村委会组织法2026年版第二十五条第二款，村民会议应当提前十日通知村民；遇有特殊情况临时通知的，请写明特殊情况", "Under V2026 Art. 25 ¶2 a villagers' meeting is announced at least 10 days ahead; for short notice in special circumstances, record the reason")
	ErrTooEarly          = web.New(409, "too_early", "会议时间还没到，不能开会", "The meeting's time has not come yet")
	ErrNotScheduled      = web.New(409, "not_scheduled", "会议已经开始或结束", "The meeting has already opened or closed")
	ErrNotOpen           = web.New(409, "meeting_not_open", "会议没有在进行中", "The meeting is not open")
	ErrNotClosed         = web.New(409, "meeting_not_closed", "会议结束后才能起草会议记录", "Minutes are drafted after the meeting closes")
	ErrBadCode           = web.New(422, "bad_sign_in_code", "签到码不正确或已过期，请重新扫码", "The sign-in code is wrong or expired; scan again")
	ErrNotAttendee       = web.New(403, "not_attendee", "您不在这次会议的应到名单里", "You are not on this meeting's list")
	ErrNotResident       = web.New(403, "not_resident", "您的账号没有关联本村村民", "Your account is not linked to a resident of this village")
	ErrAlreadySignedIn   = web.New(409, "already_signed_in", "已经签到", "Already signed in")
	ErrSamePerson        = web.New(409, "same_person", "补签须由另一位有权限的人确认", "A marked attendance is confirmed by a second authorised person")
	ErrNothingToConfirm  = web.New(409, "nothing_to_confirm", "没有待确认的补签", "No marked attendance waits for confirmation")
	ErrHolderAbsent      = web.New(422, "holder_absent", "受托人须本人已签到", "The holder must have signed in")
	ErrMinutesPublished  = web.New(409, "minutes_published", "会议记录已公布，不能修改；如需更正请提交新版本并说明理由", "Published minutes never change; submit a correction as a new version with a reason")
	ErrMinutesExist      = web.New(409, "minutes_exist", "这次会议已有会议记录", "This meeting already has minutes")
	ErrNotLatest         = web.New(409, "not_latest", "只能更正最新公布的版本", "Only the latest published version can be corrected")
	ErrNotConfirmed      = web.New(409, "not_confirmed", "须经全体到会人员确认，或主持人和两名到会人员确认后才能公布", "Minutes are published once every attendee, or the chair and two attendees, confirmed them")
	ErrAlreadyConfirmed  = web.New(409, "already_confirmed", "您已经确认过", "You have already confirmed")
	ErrVoteNotClosed     = web.New(409, "vote_not_closed", "表决结束后才能写入会议记录", "A vote enters the minutes only once it is closed")
	ErrNoticeClosed      = web.New(409, "notice_closed", "公示期已过，不能再提出异议", "The notice period has ended")
	ErrAnswered          = web.New(409, "already_answered", "该异议已经答复", "This objection has been answered")
	ErrNoticeUnchanged   = web.New(409, "notice_unchanged", "已公示的内容不能修改", "A published notice never changes")
	ErrChanged           = web.New(409, "conflict", "内容刚被别人修改过，请刷新后再试", "It was changed meanwhile; reload and try again")
	ErrNoticeTooShort    = &web.Error{Status: 422, Code: "notice_period_too_short",
		Message:   fmt.Sprintf("依照村委会组织法2026年版第三十五条第四款（城市社区：居委会组织法2026年版第三十四条第三款），公布的期限不得少于%d日；本村只能延长，不能缩短", MinNoticeDays),
		MessageEn: fmt.Sprintf("Under V2026 Art. 35 ¶4 (communities: U2026 Art. 34 ¶3) an item stays posted at least %d days; a village may lengthen the period, never shorten it", MinNoticeDays),
		Fields: map[string]web.FieldError{"notice_days": {Message: fmt.Sprintf("须在%d到%d日之间", MinNoticeDays, MaxNoticeDays),
			MessageEn: fmt.Sprintf("must be between %d and %d days", MinNoticeDays, MaxNoticeDays)}}}
)

// art25 checks a representatives' meeting's roster (V2026 Art. 29 ¶1): at
// least 4/5 of its members are representatives, and women representatives
// are at least 1/3 of all its members (组成人员, the committee included), not
// of the representatives alone. A community's residents' representatives'
// meeting has the 4/5 rule (U2026 Art. 28 ¶1) and no women quota. It only
// warns: the roster is the village's to fix.
func art25(representatives, members, women int, community bool) []Warning {
	var w []Warning
	if representatives == 0 {
		return []Warning{{Code: "art25_no_representatives", Message: "本村还没有村民代表名单（编号为 representatives 的议事机构）",
			MessageEn: "The village has no representatives (a body with ID \"representatives\")"}}
	}
	if community {
		if 5*representatives < 4*members {
			w = append(w, Warning{Code: "art25_representatives", Message: "依照居委会组织法2026年版第二十八条第一款，居民代表应当占居民代表会议组成人员的五分之四以上",
				MessageEn: "Under U2026 Art. 28 ¶1 representatives must be at least 4/5 of the residents' representatives' meeting"})
		}
		return w
	}
	if 5*representatives < 4*members {
		w = append(w, Warning{Code: "art25_representatives", Message: "依照村委会组织法2026年版第二十九条第一款，村民代表应当占村民代表会议组成人员的五分之四以上",
			MessageEn: "Under V2026 Art. 29 ¶1 representatives must be at least 4/5 of the representatives' meeting"})
	}
	if 3*women < members {
		w = append(w, Warning{Code: "art25_women", Message: fmt.Sprintf("依照村委会组织法2026年版第二十九条第一款，妇女村民代表应当占村民代表会议组成人员的三分之一以上（组成人员%d人，妇女村民代表%d人）", members, women),
			MessageEn: fmt.Sprintf("Under V2026 Art. 29 ¶1 women representatives must be at least 1/3 of all members of the representatives' meeting (%d members, %d women representatives)", members, women)})
	}
	return w
}
