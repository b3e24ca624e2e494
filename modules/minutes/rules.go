package minutes

import (
	"time"

	"yishi/modules/vote"
	"yishi/modules/web"
)

// AnnounceAhead is how long before it a meeting must be announced, by kind.
// A villagers' meeting is announced 10 days ahead (Art. 21).
var AnnounceAhead = map[vote.MeetingKind]time.Duration{
	vote.VillagersMeeting: 10 * 24 * time.Hour,
	vote.ResidentsMeeting: 10 * 24 * time.Hour, // U2026 Art. 26
}

// DefaultNoticeDays is the notice period of a published resolution where the
// village has set none; there is no national number (domain.md section 4).
const DefaultNoticeDays = 7

// MajorMatterDays is how soon a passed resolution must be on the board.
// Art. 30 says major matters touching villagers' interests are published at
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
	ErrAnnouncedLate     = web.New(422, "announced_late", "依照村委会组织法第二十一条，村民会议应当提前十天通知", "Under Art. 21 a villagers' meeting is announced at least 10 days ahead")
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
)

// art25 checks a representatives' meeting's roster (Art. 25): at least 4/5
// of its members are representatives and at least 1/3 of the representatives
// are women. It only warns: the roster is the village's to fix.
func art25(representatives, members, women int) []Warning {
	var w []Warning
	if representatives == 0 {
		return []Warning{{Code: "art25_no_representatives", Message: "本村还没有村民代表名单（编号为 representatives 的议事机构）",
			MessageEn: "The village has no representatives (a body with ID \"representatives\")"}}
	}
	if 5*representatives < 4*members {
		w = append(w, Warning{Code: "art25_representatives", Message: "依照村委会组织法第二十五条，村民代表应当占村民代表会议组成人员的五分之四以上",
			MessageEn: "Under Art. 25 representatives must be at least 4/5 of the representatives' meeting"})
	}
	if 3*women < representatives {
		w = append(w, Warning{Code: "art25_women", Message: "依照村委会组织法第二十五条，妇女村民代表应当占村民代表会议组成人员的三分之一以上",
			MessageEn: "Under Art. 25 women must be at least 1/3 of the representatives"})
	}
	return w
}
