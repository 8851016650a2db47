package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var vnDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// ParseDate accepts the two forms staff write: ISO "2013-11-29" (also as
// a TOML or YAML date value) and the Vietnamese "29/11/2013". A date that
// does not exist, like 31/02/2021, is an error, never a silent zero.
func ParseDate(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	case string:
		return parseDateString(strings.TrimSpace(t))
	}
	return time.Time{}, fmt.Errorf("cần một ngày như 2013-11-29 hoặc 29/11/2013 / want a date like 2013-11-29 or 29/11/2013")
}

func parseDateString(s string) (time.Time, error) {
	if m := vnDate.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		return validDate(s, y, mo, d)
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return ParseDate(t)
		}
		// Only a whole ISO date reaches here (time.Parse refused it, e.g.
		// 2021-02-31), so that "2013-11-29 hôm qua" is an error, not a date.
		if m := isoDate.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			return validDate(s, y, mo, d)
		}
	}
	return time.Time{}, fmt.Errorf("%q không phải là ngày; viết 2013-11-29 hoặc 29/11/2013 / %q is not a date; write 2013-11-29 or 29/11/2013", s, s)
}

func validDate(s string, y, mo, d int) (time.Time, error) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, fmt.Errorf("ngày %q không tồn tại / date %q does not exist", s, s)
	}
	return t, nil
}
