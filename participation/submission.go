package participation

import "time"

// Kind is what a citizen sends.
type Kind string

// The kinds of submission, as the API names them.
const (
	// KindComment is a comment (góp ý) on a disclosure while its comment
	// period is open.
	KindComment Kind = "comment"
	// KindFeedback is feedback or a petition (phản ánh, kiến nghị) on a
	// procedure, a document, or a land or environment matter.
	KindFeedback Kind = "feedback"
	// KindRating rates a procedure on the SIPAS criteria.
	KindRating Kind = "rating"
)

// Kinds lists every kind, in the order forms and reports show them.
var Kinds = []Kind{KindComment, KindFeedback, KindRating}

// Status is where a submission stands. A citizen sees it on the status
// page; staff move it along.
type Status string

// The statuses, in their usual order.
const (
	StatusReceived Status = "received" // đã tiếp nhận
	StatusHandling Status = "handling" // đang xử lý
	StatusAnswered Status = "answered" // đã trả lời
	StatusDeclined Status = "declined" // không xử lý, with a reason
)

// Label is the status in Vietnamese, as the status page shows it.
func (s Status) Label() string {
	switch s {
	case StatusReceived:
		return "Đã tiếp nhận"
	case StatusHandling:
		return "Đang xử lý"
	case StatusAnswered:
		return "Đã trả lời"
	case StatusDeclined:
		return "Không xử lý"
	}
	return string(s)
}

// Criteria are the SIPAS criteria a rating scores, each 1 to 5: access
// to information, the procedure, the civil servant, the result, and how
// feedback is handled. The keys are the API's.
var Criteria = []Criterion{
	{"access", "Tiếp cận thông tin"},
	{"procedure", "Thủ tục hành chính"},
	{"staff", "Công chức giải quyết"},
	{"result", "Kết quả giải quyết"},
	{"feedback", "Tiếp nhận, xử lý góp ý, phản ánh"},
}

// Criterion is one SIPAS criterion: its API key and its Vietnamese name.
type Criterion struct{ Key, Label string }

// Submission is one comment, feedback or rating, as stored.
type Submission struct {
	Code   string // tracking code, see NewCode
	Kind   Kind
	Target string // a page path of the site ("/cong-khai/…/"), or "/phan-anh-kien-nghi/"
	Topic  string // feedback only: one of Topics
	Text   string // as typed (NFC), escaped on every output
	// Commune is a commune or ward of the current list (no district
	// level since 1 July 2025); optional.
	Commune string
	// Scores are a rating's, by Criterion key, each 1..5.
	Scores map[string]int

	// Personal data: optional, asked with consent, never public.
	Name    string
	Contact string // phone or e-mail, for the agency to reach the citizen
	Address string // feedback only: where the matter is
	Consent bool   // the citizen agreed to the stated purpose

	// Photos are a feedback's, cleaned (see CleanPhoto); staff only.
	Photos []Photo

	Status   Status
	Received time.Time // UTC
	Updated  time.Time // UTC, last status change
	// Answer is the agency's public answer; Reason why it was declined.
	Answer string
	Reason string
	// Erased is when the personal fields were erased (retention or the
	// citizen's request); zero while they are kept.
	Erased time.Time

	// The staff's fields: who handles it, whether a comment was taken
	// into account, and the code of the original when it is a duplicate.
	Assignee   string
	Accepted   bool
	MergedInto string
	Answered   time.Time // when the answer was published
}

// Photo is one cleaned photo: re-encoded, without metadata.
type Photo struct {
	Type string // "image/jpeg" or "image/png"
	Data []byte
}

// Public is what anyone may see of a submission, with the code: never
// the name, contact, address or photos.
type Public struct {
	Code     string    `json:"code"`
	Kind     Kind      `json:"kind"`
	Target   string    `json:"target"`
	Topic    string    `json:"topic,omitempty"`
	Commune  string    `json:"commune,omitempty"`
	Status   Status    `json:"status"`
	Label    string    `json:"status_label"`
	Received time.Time `json:"received"`
	Updated  time.Time `json:"updated"`
	Answer   string    `json:"answer,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Answered time.Time `json:"answered,omitzero"`
}

// Public gives the submission's public part.
func (s *Submission) Public() Public {
	return Public{
		Code: s.Code, Kind: s.Kind, Target: s.Target, Topic: s.Topic, Commune: s.Commune,
		Status: s.Status, Label: s.Status.Label(), Received: s.Received, Updated: s.Updated,
		Answer: s.Answer, Reason: reasonLabel(s.Reason), Answered: s.Answered,
	}
}

// reasonLabel shows a decline reason's key as its label; a reason that
// is not a key (written before the list) shows as it is.
func reasonLabel(r string) string {
	if l := DeclineLabel(r); l != "" {
		return l
	}
	return r
}
