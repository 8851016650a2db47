package sitegen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// writer builds one page body and counts the words of its text (not of
// its Markdown markup), so that every page has about the same amount of
// prose whatever its shape.
type writer struct {
	r     *rand.Rand
	words int
}

func (w *writer) pick(list []string) string { return pick(w.r, list) }

// count adds the words of s to the page's total and returns s.
func (w *writer) count(s string) string {
	in := false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n'
		if !space && !in {
			w.words++
		}
		in = !space
	}
	return s
}

// sentence makes one sentence from a template chosen at random.
func (w *writer) sentence() string {
	var s string
	switch w.r.IntN(11) {
	case 0:
		s = fmt.Sprintf("%s %s sẽ %s %s tại %s.", w.pick(agencies), w.pick(times), w.pick(actions), w.pick(objects), w.pick(places))
	case 1:
		s = fmt.Sprintf("%s %s %s %s để %s.", upperFirst(w.pick(subjects)), w.pick(modals), w.pick(actions), w.pick(objects), w.pick(purposes))
	case 2:
		s = fmt.Sprintf("Việc %s %s phải bảo đảm %s và %s.", w.pick(actions), w.pick(objects), w.pick(principles), w.pick(principles))
	case 3:
		s = fmt.Sprintf("Trong thời hạn %d ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, %s %s %s.", 3+w.r.IntN(28), w.pick(agencies), w.pick(actions), w.pick(objects))
	case 4:
		s = fmt.Sprintf("Tính đến ngày %s, trên %s đã có %d trường hợp %s.", w.date(), w.pick(places), 10+w.r.IntN(2000), w.pick(results))
	case 5:
		s = fmt.Sprintf("Qua quá trình thực hiện, %s nhận thấy %s.", w.pick(agencies), w.pick(difficulties))
	case 6:
		s = fmt.Sprintf("%s đề nghị %s phối hợp %s %s, %s.", w.pick(agencies), w.pick(subjects), w.pick(actions), w.pick(objects), w.pick(purposes))
	case 7:
		s = fmt.Sprintf("Mọi ý kiến góp ý về %s xin gửi về %s %s.", w.pick(objects), w.pick(agencies), w.pick(times))
	case 8:
		s = fmt.Sprintf("Ông %s %s, đại diện %s, cho biết %s %s %s %s %s.", w.pick(familyNames), w.pick(givenNames), w.pick(agencies), w.pick(subjects), w.pick(modals), w.pick(actions), w.pick(objects), w.pick(times))
	case 9:
		s = fmt.Sprintf("Theo kế hoạch, tổng kinh phí dự kiến là %d.%03d triệu đồng, được bố trí từ ngân sách tỉnh và nguồn thu từ đất.", 1+w.r.IntN(90), w.r.IntN(1000))
	default:
		s = fmt.Sprintf("Nhiều ý kiến cho rằng %s, vì vậy %s cần %s %s.", w.pick(difficulties), w.pick(agencies), w.pick(actions), w.pick(objects))
	}
	return w.count(s)
}

func (w *writer) date() string {
	return fmt.Sprintf("%02d/%02d/%d", 1+w.r.IntN(28), 1+w.r.IntN(12), 2018+w.r.IntN(9))
}

// listItem is a short line for a bulleted or numbered list.
func (w *writer) listItem() string {
	if w.r.IntN(2) == 0 {
		return w.count(fmt.Sprintf("%s %s;", upperFirst(w.pick(actions)), w.pick(objects)))
	}
	return w.count(fmt.Sprintf("%s %s %s %s.", upperFirst(w.pick(subjects)), w.pick(modals), w.pick(actions), w.pick(objects)))
}

// link is the Markdown link to another page.
func (w *writer) link(p *pageMeta) string {
	w.count(p.title)
	return "[" + p.title + "](" + p.url() + ")"
}

// body writes the Markdown of one page: an introduction with a link,
// four H2 sections (one with H3 subsections), a bulleted and a numbered
// list, a table, and a closing list of related pages. Paragraphs then
// grow a sentence at a time until the page reaches target words.
func (w *writer) body(links []*pageMeta, target int) string {
	type block struct {
		text string
		para []string // a paragraph's sentences, grown at the end
	}
	var blocks []*block
	add := func(s string) { blocks = append(blocks, &block{text: s}) }
	para := func(extra ...string) {
		b := &block{para: []string{w.sentence()}}
		b.para = append(b.para, extra...)
		blocks = append(blocks, b)
	}
	heading := func(level int, text string) {
		add(strings.Repeat("#", level) + " " + w.count(text))
	}
	list := func(ordered bool) {
		var b strings.Builder
		n := 4 + w.r.IntN(3)
		for i := 0; i < n; i++ {
			if ordered {
				fmt.Fprintf(&b, "%d. %s\n", i+1, w.listItem())
			} else {
				fmt.Fprintf(&b, "- %s\n", w.listItem())
			}
		}
		add(strings.TrimSuffix(b.String(), "\n"))
	}
	table := func() {
		var b strings.Builder
		row := func(cells ...string) {
			for _, c := range cells {
				b.WriteString("| " + w.count(c) + " ")
			}
			b.WriteString("|\n")
		}
		row("STT", "Nội dung công việc", "Cơ quan thực hiện", "Thời hạn")
		b.WriteString("|---:|---|---|---|\n")
		for i := 1; i <= 4; i++ {
			row(fmt.Sprint(i), upperFirst(w.pick(actions))+" "+w.pick(objects), w.pick(agencies), w.date())
		}
		add(strings.TrimSuffix(b.String(), "\n"))
	}

	para(w.sentence(), w.count("Xem thêm: ")+w.link(links[0])+".")
	h2 := distinct(w.r, h2Headings, 4)
	h3 := distinct(w.r, h3Headings, 2)
	heading(2, h2[0])
	para()
	heading(2, h2[1])
	para()
	list(false)
	para()
	heading(2, h2[2])
	heading(3, h3[0])
	para()
	heading(3, h3[1])
	para()
	list(true)
	heading(2, h2[3])
	para(w.count("Chi tiết tại trang ") + w.link(links[1]) + ".")
	table()
	heading(2, "Trang liên quan")
	var rel strings.Builder
	for _, l := range links[2:] {
		rel.WriteString("- " + w.link(l) + "\n")
	}
	add(strings.TrimSuffix(rel.String(), "\n"))

	var paras []*block
	for _, b := range blocks {
		if b.para != nil {
			paras = append(paras, b)
		}
	}
	for w.words < target {
		b := paras[w.r.IntN(len(paras))]
		b.para = append(b.para, w.sentence())
	}
	var out strings.Builder
	for i, b := range blocks {
		if i > 0 {
			out.WriteString("\n\n")
		}
		if b.para != nil {
			out.WriteString(strings.Join(b.para, " "))
		} else {
			out.WriteString(b.text)
		}
	}
	out.WriteString("\n")
	return out.String()
}

// distinct picks n different entries of list.
func distinct(r *rand.Rand, list []string, n int) []string {
	idx := r.Perm(len(list))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
