package participation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Input is a submission as a citizen sends it, before any check.
type Input struct {
	Kind    string
	Target  string
	Topic   string
	Text    string
	Name    string
	Contact string
	Commune string
	Address string
	Scores  map[string]int
	Consent bool
	// Photos are the raw files, cleaned by Accept (CleanPhoto).
	Photos [][]byte
}

// Limits on one submission, in characters (runes) unless said.
const (
	MaxText      = 5000
	MaxRatingTxt = 2000
	MaxName      = 100
	MaxContact   = 100
	MaxAddress   = 300
	MaxPhotos    = 3
	// MaxBody bounds a whole request: three photos at MaxPhotoBytes and
	// the form around them.
	MaxBody = MaxPhotos*MaxPhotoBytes + 64<<10
	// minText is the shortest comment or feedback worth a code: a
	// question mark alone is not one.
	minText = 5
)

// Error is a submission the portal cannot take, said in Vietnamese and
// English, with the field it concerns ("" for the whole). Closed is set
// when the input is fine but its target does not take it now (a comment
// period that ended): the server answers 409 for those, 400 for others.
type Error struct {
	Field  string
	VI, EN string
	Closed bool
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.VI + " / " + e.EN
	}
	return e.VI + " / " + e.EN
}

func fieldErr(field, vi, en string) *Error { return &Error{Field: field, VI: vi, EN: en} }

// Accept checks in against the catalog on the day now and returns the
// submission to store, with the text in NFC and photos cleaned, but no
// code yet. Every problem is an *Error; nothing is half-accepted.
func Accept(in Input, cat *Catalog, now time.Time) (*Submission, error) {
	kind := Kind(in.Kind)
	if !slices.Contains(Kinds, kind) {
		return nil, fieldErr("kind", "loại ý kiến phải là comment, feedback hoặc rating", "kind must be comment, feedback or rating")
	}
	s := &Submission{Kind: kind, Consent: in.Consent, Status: StatusReceived}
	texts := []struct {
		field string
		val   string
		max   int
		dst   *string
	}{
		{"target", in.Target, 300, &s.Target},
		{"topic", in.Topic, 50, &s.Topic},
		{"text", in.Text, MaxText, &s.Text},
		{"name", in.Name, MaxName, &s.Name},
		{"contact", in.Contact, MaxContact, &s.Contact},
		{"commune", in.Commune, 100, &s.Commune},
		{"address", in.Address, MaxAddress, &s.Address},
	}
	if kind == KindRating {
		texts[2].max = MaxRatingTxt
	}
	for _, f := range texts {
		v, err := cleanField(f.field, f.val, f.max)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}

	t, ok := cat.Targets[s.Target]
	if !ok {
		return nil, fieldErr("target", "không có trang này trên cổng để gửi ý kiến", "no such page on the portal to write about")
	}
	if !slices.Contains(t.Kinds(now), kind) {
		if kind == KindComment && t.Type == "disclosure" {
			return nil, &Error{Field: "target", Closed: true,
				VI: fmt.Sprintf("thời gian lấy ý kiến không còn mở (từ %s đến %s)", vnDate(t.Posted), vnDate(t.Until)),
				EN: fmt.Sprintf("the comment period is not open (%s to %s)", t.Posted, t.Until)}
		}
		return nil, &Error{Field: "target", Closed: true,
			VI: "trang này không nhận loại ý kiến này", EN: "this page does not take this kind of submission"}
	}

	switch kind {
	case KindComment, KindFeedback:
		if utf8.RuneCountInString(strings.TrimSpace(s.Text)) < minText {
			return nil, fieldErr("text", "hãy viết nội dung ý kiến", "write what you want to say")
		}
		if len(in.Scores) > 0 {
			return nil, fieldErr("scores", "chỉ đánh giá mới có điểm", "only a rating has scores")
		}
	case KindRating:
		if err := checkScores(in.Scores); err != nil {
			return nil, err
		}
		s.Scores = in.Scores
	}
	if kind == KindFeedback {
		if TopicLabel(s.Topic) == "" {
			return nil, fieldErr("topic", "hãy chọn nội dung phản ánh trong danh sách", "choose a topic from the list")
		}
	} else if s.Topic != "" {
		return nil, fieldErr("topic", "chỉ phản ánh, kiến nghị mới có chủ đề", "only feedback has a topic")
	}
	if s.Commune != "" && !slices.Contains(cat.Communes, s.Commune) {
		return nil, fieldErr("commune", "xã, phường không có trong danh sách hiện hành", "not a commune or ward of the current list")
	}
	if kind != KindFeedback && (s.Address != "" || len(in.Photos) > 0) {
		return nil, fieldErr("address", "chỉ phản ánh mới kèm địa chỉ hoặc ảnh", "only feedback takes an address or photos")
	}
	if len(in.Photos) > MaxPhotos {
		return nil, fieldErr("photos", fmt.Sprintf("tối đa %d ảnh", MaxPhotos), fmt.Sprintf("at most %d photos", MaxPhotos))
	}
	if !in.Consent {
		return nil, fieldErr("consent",
			"hãy đồng ý để Sở dùng nội dung và thông tin liên hệ bạn gửi vào việc tiếp nhận, xử lý và trả lời ý kiến",
			"agree that the department uses what you send to receive, handle and answer it")
	}
	for i, raw := range in.Photos {
		p, err := CleanPhoto(raw)
		if err != nil {
			var pe *PhotoError
			if errors.As(err, &pe) {
				return nil, &Error{Field: fmt.Sprintf("photos[%d]", i), VI: pe.VI, EN: pe.EN}
			}
			return nil, err
		}
		s.Photos = append(s.Photos, p)
	}
	s.Received = now.UTC()
	s.Updated = s.Received
	return s, nil
}

// cleanField checks one text field: valid UTF-8, no NUL, at most max
// characters once in NFC. The text is kept as typed otherwise; pages
// escape it on output.
func cleanField(field, v string, max int) (string, error) {
	if !utf8.ValidString(v) {
		return "", fieldErr(field, "văn bản không phải UTF-8 hợp lệ", "text is not valid UTF-8")
	}
	if strings.ContainsRune(v, 0) {
		return "", fieldErr(field, "văn bản chứa ký tự NUL", "text contains a NUL character")
	}
	v = strings.TrimSpace(norm.NFC.String(v))
	if n := utf8.RuneCountInString(v); n > max {
		return "", fieldErr(field,
			fmt.Sprintf("dài %d ký tự, tối đa %d", n, max),
			fmt.Sprintf("%d characters long; the limit is %d", n, max))
	}
	return v, nil
}

// checkScores wants every SIPAS criterion scored 1 to 5, and no others.
func checkScores(scores map[string]int) error {
	for k := range scores {
		if !slices.ContainsFunc(Criteria, func(c Criterion) bool { return c.Key == k }) {
			return fieldErr("scores", fmt.Sprintf("không có tiêu chí %q", k), fmt.Sprintf("no criterion %q", k))
		}
	}
	for _, c := range Criteria {
		v, ok := scores[c.Key]
		if !ok {
			return fieldErr("scores."+c.Key, "hãy chấm điểm tiêu chí «"+c.Label+"»", "score the criterion "+c.Key)
		}
		if v < 1 || v > 5 {
			return fieldErr("scores."+c.Key, "điểm phải từ 1 đến 5", "a score is 1 to 5")
		}
	}
	return nil
}

// vnDate writes "2006-01-02" as 02/01/2006.
func vnDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("02/01/2006")
}
