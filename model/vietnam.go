package model

import "time"

// Vietnam is the country's time, UTC+7 all year (no daylight saving):
// the day a law takes effect, a comment period ends or a citizen's
// deadline falls is a day in Vietnam, whatever zone the server runs in.
var Vietnam = time.FixedZone("ICT", 7*3600)

// Today is the day it is in Vietnam at the instant now, as midnight UTC
// of that date: the form every whole-day comparison in the model uses.
func Today(now time.Time) time.Time {
	v := now.In(Vietnam)
	return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
}
