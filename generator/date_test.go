package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/goccy/go-yaml"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      any
		want    string // 2006-01-02; "" for an error
		errWant []string
	}{
		{in: "2013-11-29", want: "2013-11-29"},
		{in: "29/11/2013", want: "2013-11-29"},
		{in: "1/7/2014", want: "2014-07-01"},
		{in: "01/07/2014", want: "2014-07-01"},
		{in: " 29/11/2013 ", want: "2013-11-29"},
		{in: "29/02/2024", want: "2024-02-29"},
		{in: time.Date(2013, 11, 29, 0, 0, 0, 0, time.UTC), want: "2013-11-29"},
		// A date with a time zone keeps its own calendar day, not UTC's.
		{in: time.Date(2014, 7, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600)), want: "2014-07-01"},
		{in: "31/02/2021", errWant: []string{"không tồn tại", "does not exist", "31/02/2021"}},
		{in: "29/02/2023", errWant: []string{"không tồn tại", "does not exist"}},
		{in: "2021-02-31", errWant: []string{"không tồn tại", "does not exist"}},
		{in: "2021-13-01", errWant: []string{"2021-13-01"}},
		{in: "hôm qua", errWant: []string{"không phải là ngày", "is not a date", "hôm qua"}},
		{in: "", errWant: []string{"is not a date"}},
		{in: "2013-11-29 hôm qua", errWant: []string{"2013-11-29 hôm qua"}},
		{in: "2013-11-29abc", errWant: []string{"is not a date"}},
		{in: "2013/11/29", errWant: []string{"is not a date"}},
		{in: "29-11-2013", errWant: []string{"is not a date"}},
		{in: "11/29/2013", errWant: []string{"does not exist"}},
		{in: int64(2013), errWant: []string{"2013-11-29 hoặc 29/11/2013", "want a date"}},
		{in: nil, errWant: []string{"want a date"}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.want != "" {
			if err != nil {
				t.Errorf("ParseDate(%#v): %v", tt.in, err)
				continue
			}
			if s := got.Format("2006-01-02"); s != tt.want || got.Location() != time.UTC || got.Hour() != 0 {
				t.Errorf("ParseDate(%#v) = %v, want %s 00:00 UTC", tt.in, got, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseDate(%#v) = %v, want an error", tt.in, got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseDate(%#v) returned %v with its error", tt.in, got)
		}
		for _, w := range tt.errWant {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseDate(%#v) error %q lacks %q", tt.in, err, w)
			}
		}
	}
}

// TestParseDateFromDecoders feeds ParseDate what the TOML and YAML
// decoders really produce for a date, quoted or not.
func TestParseDateFromDecoders(t *testing.T) {
	tests := []struct {
		name, format, src string
	}{
		{"TOML date", "toml", "d = 2013-11-29"},
		{"TOML datetime with offset", "toml", "d = 2013-11-29T08:00:00+07:00"},
		{"TOML local datetime", "toml", "d = 2013-11-29T23:30:00"},
		{"TOML string ISO", "toml", `d = "2013-11-29"`},
		{"TOML string Vietnamese", "toml", `d = "29/11/2013"`},
		{"YAML date", "yaml", "d: 2013-11-29"},
		{"YAML string Vietnamese", "yaml", "d: 29/11/2013"},
		{"YAML quoted", "yaml", `d: "2013-11-29"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]any{}
			var err error
			if tt.format == "toml" {
				_, err = toml.Decode(tt.src, &m)
			} else {
				err = yaml.Unmarshal([]byte(tt.src), &m)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseDate(m["d"])
			if err != nil {
				t.Fatalf("ParseDate(%T %v): %v", m["d"], m["d"], err)
			}
			if s := got.Format("2006-01-02"); s != "2013-11-29" {
				t.Errorf("ParseDate(%T %v) = %s, want 2013-11-29", m["d"], m["d"], s)
			}
		})
	}
}
