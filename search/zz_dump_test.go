package search

import (
	"fmt"
	"testing"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
)

func TestZZDump(t *testing.T) {
	site, probs, err := generator.Load(generator.Options{Source: "../", Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	_ = probs
	for _, p := range site.Pages {
		if p.Kind != model.KindPage {
			continue
		}
		num, code, st := "", "", ""
		if p.Document != nil {
			num = p.Document.Number
			st = string(p.Document.Status)
		}
		if p.Procedure != nil {
			code = p.Procedure.Code
		}
		fmt.Printf("%s\t%s\t%q\tnum=%s code=%s st=%s draft=%v fields=%v tags=%v textlen=%d\n  desc=%s\n", p.URL, p.Type, p.Title, num, code, st, p.Draft, p.Fields, p.Tags, len(p.Text), p.Description)
	}
}
