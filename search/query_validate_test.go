package search

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestValidateRequestErrors(t *testing.T) {
	long := strings.Repeat("đ", MaxQueryLength+1)
	tests := []struct {
		name string
		req  Request
	}{
		{"empty query", Request{Query: ""}},
		{"blank query", Request{Query: " \t\n "}},
		{"control characters only", Request{Query: "\x00\x01"}},
		{"query over the limit", Request{Query: long}},
		{"invalid UTF-8", Request{Query: "đất\xff"}},
		{"unknown filter", Request{Query: "đất", Filters: map[string][]string{"color": {"red"}}}},
		{"filter value not UTF-8", Request{Query: "đất", Filters: map[string][]string{"type": {"\xfe"}}}},
		{"filter value too long", Request{Query: "đất", Filters: map[string][]string{"type": {strings.Repeat("a", 201)}}}},
		{"too many filter values", Request{Query: "đất", Filters: map[string][]string{"fields": slices.Repeat([]string{"x"}, 21)}}},
		{"year not a number", Request{Query: "đất", Filters: map[string][]string{"year": {"2024x"}}}},
		{"size over the cap", Request{Query: "đất", Size: MaxSize + 1}},
		{"negative size", Request{Query: "đất", Size: -1}},
		{"negative page", Request{Query: "đất", Page: -3}},
		{"page too deep", Request{Query: "đất", Page: 100000, Size: 10}},
		{"page overflowing", Request{Query: "đất", Page: 1 << 62, Size: 50}},
		{"unknown sort", Request{Query: "đất", Sort: "title"}},
	}
	for _, tt := range tests {
		req := tt.req
		err := ValidateRequest(&req)
		var rerr *RequestError
		if !errors.As(err, &rerr) {
			t.Errorf("%s: ValidateRequest = %v, want a *RequestError", tt.name, err)
			continue
		}
		if rerr.VI == "" || rerr.EN == "" {
			t.Errorf("%s: message missing a language: %+v", tt.name, rerr)
		}
	}
}

func TestValidateRequestNormalises(t *testing.T) {
	nfd := norm.NFD.String
	req := Request{
		Query:   "  " + nfd("Đường   đất") + "\n",
		Filters: map[string][]string{"fields": {nfd(" Đất đai "), "", "Đất đai"}, "type": {" "}},
	}
	if err := ValidateRequest(&req); err != nil {
		t.Fatal(err)
	}
	want := Request{
		Query:   "Đường đất",
		Filters: map[string][]string{"fields": {"Đất đai"}},
		Page:    1,
		Size:    DefaultSize,
		Sort:    SortRelevance,
	}
	if req.Query != want.Query || req.Page != want.Page || req.Size != want.Size || req.Sort != want.Sort {
		t.Errorf("normalised to %+v, want %+v", req, want)
	}
	if !maps.EqualFunc(req.Filters, want.Filters, slices.Equal) {
		t.Errorf("filters normalised to %q, want %q", req.Filters, want.Filters)
	}
	for _, ok := range []Request{
		{Query: strings.Repeat("đ", MaxQueryLength)},
		{Query: "x", Size: MaxSize, Page: 200},
		{Query: "x", Sort: SortDate},
		{Query: "x", Sort: SortDateDesc},
		{Query: "x", Filters: map[string][]string{"year": {"2024"}, "status": {"còn hiệu lực"}}},
	} {
		if err := ValidateRequest(&ok); err != nil {
			t.Errorf("ValidateRequest(%+v) = %v, want nil", ok, err)
		}
	}
}
