package web

import (
	"fmt"
	"reflect"
	"time"

	"github.com/go-playground/validator/v10"
)

// The date rule, in one place: a date a request gives lies in a sensible
// window for its kind, so a slip of the keyboard (a meeting in 9999, a
// decision in 1900) is refused with a reason instead of being stored. The
// tag is validate:"window=<kind>", on a time.Time, a *time.Time or a date
// string (2006-01-02).

// DateWindow is the span a kind of date may take, around now.
type DateWindow struct {
	// Earliest and Latest give the bounds for the time now.
	Earliest, Latest func(now time.Time) time.Time
	Zh, En           string
}

// DateWindows are the kinds of dates requests carry.
var DateWindows = map[string]DateWindow{
	// A meeting is announced ahead of time (10 days for a villagers'
	// meeting, V2026 Art. 25) and at most a year ahead.
	"meeting": {
		Earliest: func(now time.Time) time.Time { return now.AddDate(0, 0, -1) },
		Latest:   func(now time.Time) time.Time { return now.AddDate(1, 0, 0) },
		Zh:       "会议时间须在今后一年之内", En: "a meeting must be within the coming year",
	},
	// A vote or a hearing closes within a year of opening.
	"closing": {
		Earliest: func(now time.Time) time.Time { return now.AddDate(0, 0, -1) },
		Latest:   func(now time.Time) time.Time { return now.AddDate(1, 0, 0) },
		Zh:       "结束时间须在今后一年之内", En: "the closing time must be within the coming year",
	},
	// A decision already taken: since villagers' committees were first
	// written into the constitution (1982), and not later than today.
	"past": {
		Earliest: func(time.Time) time.Time { return time.Date(1982, 12, 4, 0, 0, 0, 0, time.UTC) },
		Latest:   func(now time.Time) time.Time { return now.AddDate(0, 0, 1) },
		Zh:       "日期须在1982年12月4日到今天之间", En: "the date must lie between 1982-12-04 and today",
	},
	// A person's birth.
	"birth": {
		Earliest: func(time.Time) time.Time { return time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC) },
		Latest:   func(now time.Time) time.Time { return now },
		Zh:       "出生日期须在1880年到今天之间", En: "the birth date must lie between 1880 and today",
	},
}

// InWindow says whether t is a sensible date of the kind, now being now.
func InWindow(kind string, t, now time.Time) bool {
	w, ok := DateWindows[kind]
	if !ok {
		panic(fmt.Sprintf("web: no date window %q", kind)) // a tag naming no window is a programming mistake
	}
	return !t.Before(w.Earliest(now)) && !t.After(w.Latest(now))
}

// window is the validator function of the tag.
func (val *Validator) window(fl validator.FieldLevel) bool {
	kind := fl.Param()
	f := fl.Field()
	var t time.Time
	switch {
	case f.Type() == reflect.TypeOf(time.Time{}):
		t = f.Interface().(time.Time)
	case f.Kind() == reflect.String:
		d, err := time.Parse(time.DateOnly, f.String())
		if err != nil {
			return false
		}
		t = d
	default:
		return false
	}
	return InWindow(kind, t, val.now())
}

func (val *Validator) now() time.Time {
	if val.Now != nil {
		return val.Now()
	}
	return time.Now()
}
