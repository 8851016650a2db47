package generator

import (
	"encoding/json"

	"github.com/minhbach/minhbach/model"
)

// timelineAttr is what a status badge carries in data-timeline for the
// browser (layouts/static/js/site.js): its states over the days as
// [from, key, label] triples, from "" (always) or an ISO date, oldest
// first. "" when the state never changes, so that most badges carry
// nothing. The page says the state on the build's day; the script
// corrects it on the day the page is read.
func timelineAttr(v interface{ Timeline() model.Timeline }) (string, error) {
	t := v.Timeline()
	if len(t) < 2 {
		return "", nil
	}
	rows := make([][3]string, len(t))
	for i, c := range t {
		from := ""
		if !c.From.IsZero() {
			from = c.From.Format("2006-01-02")
		}
		rows[i] = [3]string{from, c.Key, c.Label}
	}
	b, err := json.Marshal(rows)
	return string(b), err
}
