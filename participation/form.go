package participation

import (
	"html/template"
	"time"
)

// Form is what layouts/participation/form.html shows: one form for one
// kind of submission about one page. The build renders it into pages
// with no values; the server renders it again, with the citizen's
// values and the error, when a form sent without JavaScript needs
// correcting, so both share this one view and one template.
type Form struct {
	Kind   Kind
	Target string // the page the submission is about
	Title  string // that page's title
	// ID prefixes the form's element IDs, so two forms on one page
	// (feedback and rating on a procedure) do not collide.
	ID string
	// Action is where the form posts (SubmitPath).
	Action   string
	Topics   []Topic
	Communes []string
	Criteria []Criterion
	// Until is a disclosure's last day for comments, "02/01/2006".
	Until string
	// Values are what the citizen typed, when the form comes back.
	Values Input
	// Error is why it came back; nil in a built page.
	Error *Error
	// Challenge: the token and bits of the proof of work, and the
	// question asked without JavaScript. A built page has none and
	// carries Slot, the placeholder the server fills at each request.
	Challenge  bool
	Token      string
	Bits       int
	Question   string
	Slot       template.HTML
	RetainDays int
}

// SubmitPath is where forms post, with or without JavaScript.
const SubmitPath = "/api/feedback"

// QuestionSlot is the placeholder a built page carries where the server
// writes the challenge question (an HTML comment, so a page served
// without the server shows nothing there).
const QuestionSlot = "minhbach:question"

// ChallengeAttr marks the hidden input that receives the challenge token
// at each request; the server adds data-bits beside it.
const ChallengeAttr = "data-minhbach-challenge"

// Value is the citizen's value of a field, for the template.
func (f Form) Value(field string) string {
	switch field {
	case "topic":
		return f.Values.Topic
	case "text":
		return f.Values.Text
	case "name":
		return f.Values.Name
	case "contact":
		return f.Values.Contact
	case "commune":
		return f.Values.Commune
	case "address":
		return f.Values.Address
	}
	return ""
}

// Score is the citizen's score of a criterion, 0 when none.
func (f Form) Score(key string) int { return f.Values.Scores[key] }

// ErrorOn reports whether the form's error concerns field.
func (f Form) ErrorOn(field string) bool {
	if f.Error == nil {
		return false
	}
	n := len(field)
	return f.Error.Field == field || len(f.Error.Field) > n && f.Error.Field[:n] == field && (f.Error.Field[n] == '.' || f.Error.Field[n] == '[')
}

// Scale is 1..5, for the rating's radio buttons.
func (Form) Scale() []int { return []int{1, 2, 3, 4, 5} }

// NewForm lays out the form of a kind for a target as of a build, with
// the site's config and communes.
func NewForm(kind Kind, t Target, communes []string, cfg Config, now time.Time) Form {
	cfg = cfg.WithDefaults()
	f := Form{Kind: kind, Target: t.Path, Title: t.Title, ID: "gy-" + string(kind), Action: SubmitPath,
		Communes: communes, Challenge: cfg.ChallengeOn(), Slot: template.HTML("<!--" + QuestionSlot + "-->"),
		RetainDays: cfg.RetentionDays}
	switch kind {
	case KindFeedback:
		f.Topics = Topics
	case KindRating:
		f.Criteria = Criteria
	case KindComment:
		f.Until = vnDate(t.Until)
	}
	return f
}
