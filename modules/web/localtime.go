package web

import (
	"fmt"
	"time"
)

// ChinaTime is the villages' clock (UTC+8, no daylight saving): the dates
// and times a message quotes to a person are written in it, never in UTC.
var ChinaTime = time.FixedZone("CST", 8*3600)

// DateZh writes a date out as a notice does: 2026年3月15日.
func DateZh(t time.Time) string {
	l := t.In(ChinaTime)
	return fmt.Sprintf("%d年%d月%d日", l.Year(), int(l.Month()), l.Day())
}

// DateEn writes a date out in English: 15 March 2026.
func DateEn(t time.Time) string { return t.In(ChinaTime).Format("2 January 2006") }

// ClockTime is the time of day a person reads: 10:05.
func ClockTime(t time.Time) string { return t.In(ChinaTime).Format("15:04") }

// LocalDay is the calendar day in China: 2026-03-15.
func LocalDay(t time.Time) string { return t.In(ChinaTime).Format("2006-01-02") }

// DaysEn is a count of days in English: "1 day", "3 days".
func DaysEn(n int) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d day", n)
	}
	return fmt.Sprintf("%d days", n)
}

// LocalYear is the year of t in China.
func LocalYear(t time.Time) int { return t.In(ChinaTime).Year() }
