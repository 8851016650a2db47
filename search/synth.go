package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search/analyzer"
)

// SyntheticPages returns n content pages of made-up but plausible
// Vietnamese administrative text (documents, procedures, news and Q&A),
// the same for the same n and seed. Benchmarks index them: topics follow
// a Zipf law, so a few words are in most pages and most words in few, as
// in real text; numbers and codes are unique.
func SyntheticPages(n int, seed int64) []*model.Page {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(synthTopics)-1))
	g := &synthGen{r: r, topic: func() synthTopic { return synthTopics[zipf.Uint64()] }}
	pages := make([]*model.Page, n)
	for i := range pages {
		pages[i] = g.page(i)
	}
	return pages
}

// SyntheticQueries returns n queries for benchmarks over pages (from
// SyntheticPages): topics with and without diacritics, questions, places,
// numbers and codes of the pages, typos, in a fixed mix.
func SyntheticQueries(pages []*model.Page, n int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed)+1, uint64(seed)))
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(synthTopics)-1))
	topic := func() string { return synthTopics[zipf.Uint64()].phrase }
	out := make([]string, n)
	for i := range out {
		switch i % 10 {
		case 0, 1, 2:
			out[i] = topic()
		case 3:
			out[i] = analyzer.Fold(topic())
		case 4:
			out[i] = synthQuestionStarts[r.IntN(len(synthQuestionStarts))] + " " + topic() + " " + synthQuestionEnds[r.IntN(len(synthQuestionEnds))]
		case 5:
			out[i] = topic() + " " + synthPlaces[r.IntN(len(synthPlaces))]
		case 6:
			out[i] = "1.000000"
			for k := 0; k < 20 && len(pages) > 0; k++ { // a page with a number or code
				p := pages[r.IntN(len(pages))]
				if p.Document != nil {
					out[i] = p.Document.Number
					break
				}
				if p.Procedure != nil {
					out[i] = p.Procedure.Code
					break
				}
			}
		case 7:
			out[i] = typo(r, analyzer.Fold(topic()))
		case 8:
			out[i] = topic() + " " + topic()
		default:
			out[i] = synthKinds[r.IntN(len(synthKinds))].name + " " + topic()
		}
	}
	return out
}

type synthGen struct {
	r     *rand.Rand
	topic func() synthTopic
}

func (g *synthGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *synthGen) page(i int) *model.Page {
	t1, t2 := g.topic(), g.topic()
	date := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(22*365))
	p := &model.Page{
		Kind:   model.KindPage,
		Fields: []string{t1.field},
		Date:   date,
		Tags:   []string{t1.phrase, t2.phrase},
	}
	if t2.field != t1.field {
		p.Fields = append(p.Fields, t2.field)
	}
	switch k := g.r.IntN(20); {
	case k < 8:
		kind := synthKinds[g.r.IntN(len(synthKinds))]
		year := 2005 + i%22
		num := synthNumber(i, year)
		p.Type, p.Section = model.TypeDocument, "van-ban"
		p.Title = fmt.Sprintf("%s %s về %s", kind.name, num, t1.phrase)
		if g.r.IntN(2) == 0 {
			p.Title += " và " + t2.phrase
		}
		doc := &model.Document{
			Number:  num,
			Kind:    kind.name,
			Issuers: []string{kind.issuer},
			Signer:  g.name(),
			Issued:  date,
		}
		switch s := g.r.IntN(10); {
		case s < 7:
			doc.Status = model.StatusInForce
		case s < 9:
			doc.Status = model.StatusExpired
		default:
			doc.Status = model.StatusPartlyExpired
		}
		p.Document = doc
	case k < 14:
		p.Type, p.Section = model.TypeProcedure, "thu-tuc"
		p.Title = fmt.Sprintf("%s %s", g.pick(synthProcVerbs), t1.phrase)
		if g.r.IntN(3) == 0 {
			p.Title += " " + g.pick(synthLevels)
		}
		p.Procedure = &model.Procedure{
			Code:   synthCode(i),
			Levels: []string{g.pick([]string{"Cấp tỉnh", "Cấp huyện", "Cấp xã"})},
			Agency: g.pick(synthAgencies),
			Result: "Quyết định " + g.pick(synthVerbs) + " " + t1.phrase,
		}
		p.Date = time.Time{}
	case k < 17:
		p.Type, p.Section = model.TypeNews, "tin-tuc"
		p.Title = fmt.Sprintf("%s %s tại %s", g.pick(synthNewsStarts), t1.phrase, g.pick(synthPlaces))
	default:
		p.Type, p.Section = model.TypePage, "hoi-dap"
		p.Title = fmt.Sprintf("%s %s %s?", g.pick(synthQuestionStarts), t1.phrase, g.pick(synthQuestionEnds))
	}
	p.URL = fmt.Sprintf("/%s/synth-%d/", p.Section, i)
	p.Description = g.sentence(t1, t2)
	var b strings.Builder
	for range 8 + g.r.IntN(14) {
		other := t2
		if g.r.IntN(4) == 0 {
			other = g.topic()
		}
		b.WriteString(g.sentence(t1, other))
		b.WriteByte(' ')
	}
	p.Text = strings.TrimSpace(b.String())
	return p
}

// sentence makes one sentence about the page's topic t and another topic:
// pages keep to their subject, with a few asides.
func (g *synthGen) sentence(t, other synthTopic) string {
	a, b := t.phrase, other.phrase
	if g.r.IntN(8) == 0 {
		a = g.topic().phrase
	}
	switch g.r.IntN(9) {
	case 0:
		return fmt.Sprintf("%s có trách nhiệm %s %s theo quy định của pháp luật.", g.pick(synthAgencies), g.pick(synthVerbs), a)
	case 1:
		return fmt.Sprintf("Tổ chức, cá nhân đề nghị %s phải %s %s.", a, g.pick(synthVerbs), b)
	case 2:
		return fmt.Sprintf("Việc %s được thực hiện tại %s trong thời hạn %d ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", a, g.pick(synthPlaces), 3+g.r.IntN(40))
	case 3:
		return fmt.Sprintf("Hồ sơ gồm đơn đề nghị %s, bản sao giấy tờ về %s và văn bản của %s.", a, b, g.pick(synthAgencies))
	case 4:
		return fmt.Sprintf("Trường hợp %s không đúng quy định thì %s %s %s và thông báo cho %s.", a, g.pick(synthAgencies), g.pick(synthVerbs), b, g.name())
	case 5:
		return fmt.Sprintf("Năm %d, %s đã %s %d hồ sơ về %s, tăng %d%% so với cùng kỳ.", 2010+g.r.IntN(17), g.pick(synthPlaces), g.pick(synthVerbs), 10+g.r.IntN(5000), a, 1+g.r.IntN(60))
	case 6:
		return fmt.Sprintf("Người dân có thể nộp hồ sơ %s trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính hoặc trực tuyến.", a)
	case 7:
		return fmt.Sprintf("Ông %s, %s, cho biết %s là nhiệm vụ trọng tâm gắn với %s.", g.name(), g.pick(synthRoles), a, b)
	default:
		return fmt.Sprintf("Mức thu %s là %d.000 đồng đối với mỗi hồ sơ %s.", g.pick([]string{"phí", "lệ phí", "tiền"}), 50+g.r.IntN(5000), a)
	}
}

func (g *synthGen) name() string {
	return g.pick(synthFamily) + " " + g.pick(synthMiddle) + " " + g.pick(synthGiven)
}

func synthNumber(i, year int) string {
	kind := synthKinds[i%len(synthKinds)]
	return fmt.Sprintf("%d/%d/%s", i+1, year, kind.suffix)
}

func synthCode(i int) string { return fmt.Sprintf("1.%06d", 100000+i) }

// typo changes one letter of the longest word of s.
func typo(r *rand.Rand, s string) string {
	words := strings.Fields(s)
	best := 0
	for i, w := range words {
		if len(w) > len(words[best]) {
			best = i
		}
	}
	w := []byte(words[best])
	if len(w) > 1 {
		w[r.IntN(len(w))] = "aeiouhnt"[r.IntN(8)]
	}
	words[best] = string(w)
	return strings.Join(words, " ")
}

type synthTopic struct{ phrase, field string }

var synthTopics = func() []synthTopic {
	groups := []struct {
		field   string
		phrases []string
	}{
		{"Đất đai", []string{
			"quyền sử dụng đất", "giấy chứng nhận quyền sử dụng đất", "thu hồi đất", "bồi thường, hỗ trợ, tái định cư",
			"giải phóng mặt bằng", "chuyển mục đích sử dụng đất", "tách thửa đất", "hợp thửa đất", "đăng ký biến động đất đai",
			"thế chấp quyền sử dụng đất", "giao đất", "cho thuê đất", "bảng giá đất", "quy hoạch sử dụng đất",
			"kế hoạch sử dụng đất", "đất nông nghiệp", "đất ở tại nông thôn", "đất rừng sản xuất", "quỹ đất công ích",
			"tranh chấp đất đai", "hòa giải tranh chấp", "hồ sơ địa chính", "bản đồ địa chính", "đo đạc địa chính",
			"tiền sử dụng đất", "tiền thuê đất", "sang tên sổ đỏ", "thừa kế quyền sử dụng đất", "tặng cho quyền sử dụng đất",
			"chuyển nhượng quyền sử dụng đất", "cấp đổi giấy chứng nhận", "cấp lại giấy chứng nhận bị mất", "đính chính giấy chứng nhận",
			"diện tích tối thiểu được tách thửa", "đất vườn liền kề", "gia hạn sử dụng đất", "đấu giá quyền sử dụng đất",
		}},
		{"Môi trường", []string{
			"giấy phép môi trường", "đánh giá tác động môi trường", "đăng ký môi trường", "chất thải rắn sinh hoạt",
			"chất thải nguy hại", "xử lý nước thải", "khí thải công nghiệp", "phân loại rác tại nguồn", "quan trắc môi trường",
			"ô nhiễm không khí", "bảo vệ môi trường làng nghề", "phí bảo vệ môi trường", "tham vấn cộng đồng",
			"cải tạo, phục hồi môi trường", "ký quỹ phục hồi môi trường", "đa dạng sinh học", "sự cố môi trường",
		}},
		{"Tài nguyên nước", []string{
			"khai thác nước dưới đất", "khai thác nước mặt", "xả nước thải vào nguồn nước", "giếng khoan", "vận hành hồ chứa",
			"công trình thủy điện", "công trình thủy lợi", "an ninh nguồn nước", "tiền cấp quyền khai thác tài nguyên nước",
			"hành lang bảo vệ nguồn nước", "thăm dò nước dưới đất", "nước sinh hoạt nông thôn",
		}},
		{"Khoáng sản", []string{
			"khai thác khoáng sản", "thăm dò khoáng sản", "cát, sỏi lòng sông", "vật liệu xây dựng thông thường", "mỏ đá",
			"đóng cửa mỏ", "đấu giá quyền khai thác khoáng sản", "tiền cấp quyền khai thác khoáng sản", "trữ lượng khoáng sản",
			"khai thác tận thu khoáng sản", "sạt lở bờ sông", "khoáng sản trái phép",
		}},
		{"Khiếu nại, tố cáo", []string{
			"giải quyết khiếu nại", "giải quyết tố cáo", "kiến nghị, phản ánh", "tiếp công dân", "khiếu nại lần hai",
			"bảo vệ người tố cáo", "thời hiệu khiếu nại", "quyết định hành chính", "khởi kiện vụ án hành chính", "đơn thư",
		}},
		{"Cải cách hành chính", []string{
			"thủ tục hành chính", "dịch vụ công trực tuyến", "một cửa liên thông", "kiểm soát thủ tục hành chính",
			"chỉ số cải cách hành chính", "chuyển đổi số", "hồ sơ điện tử", "cơ sở dữ liệu quốc gia", "dữ liệu mở",
			"chữ ký số", "định danh điện tử",
		}},
		{"Dân chủ cơ sở", []string{
			"dân chủ ở cơ sở", "lấy ý kiến nhân dân", "công khai thông tin", "ban thanh tra nhân dân", "đối thoại với người dân",
			"dân vận khéo",
		}},
		{"Biển, khí tượng", []string{
			"biến đổi khí hậu", "khí tượng thủy văn", "biển và hải đảo", "phòng chống thiên tai", "giao khu vực biển",
		}},
	}
	var out []synthTopic
	// Interleave the groups so that the most frequent topics (the first,
	// under the Zipf law) span fields, as a portal's busiest topics do.
	for i := 0; ; i++ {
		added := false
		for _, g := range groups {
			if i < len(g.phrases) {
				out = append(out, synthTopic{g.phrases[i], g.field})
				added = true
			}
		}
		if !added {
			return out
		}
	}
}()

var synthKinds = []struct{ name, suffix, issuer string }{
	{"Quyết định", "QĐ-UBND", "UBND tỉnh"},
	{"Nghị định", "NĐ-CP", "Chính phủ"},
	{"Thông tư", "TT-BTNMT", "Bộ Tài nguyên và Môi trường"},
	{"Chỉ thị", "CT-UBND", "UBND tỉnh"},
	{"Kế hoạch", "KH-STNMT", "Sở Tài nguyên và Môi trường"},
	{"Nghị quyết", "NQ-HĐND", "HĐND tỉnh"},
	{"Luật", "QH15", "Quốc hội"},
	{"Công văn", "STNMT-VP", "Sở Tài nguyên và Môi trường"},
}

var (
	synthProcVerbs      = []string{"Cấp", "Cấp lại", "Gia hạn", "Điều chỉnh", "Thẩm định", "Đăng ký", "Xác nhận", "Phê duyệt", "Thu hồi", "Giải quyết"}
	synthLevels         = []string{"thuộc thẩm quyền cấp tỉnh", "cấp huyện", "tại Ủy ban nhân dân cấp xã", "đối với tổ chức", "cho hộ gia đình, cá nhân"}
	synthNewsStarts     = []string{"Tăng cường", "Hội nghị triển khai", "Kiểm tra", "Đẩy mạnh", "Tổng kết công tác", "Tập huấn về", "Xử lý vi phạm về"}
	synthQuestionStarts = []string{"Làm thế nào để", "Thủ tục", "Hồ sơ", "Ai có thẩm quyền", "Mất bao lâu để", "Chi phí"}
	synthQuestionEnds   = []string{"như thế nào", "ở đâu", "cần giấy tờ gì", "mất bao lâu", "thì làm sao", "có được không"}
	synthVerbs          = []string{"thực hiện", "quản lý", "kiểm tra", "giải quyết", "hướng dẫn", "tổ chức", "phê duyệt", "thẩm định", "công bố", "cập nhật", "theo dõi", "xử lý", "rà soát", "tiếp nhận"}
	synthAgencies       = []string{
		"Ủy ban nhân dân tỉnh", "Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã", "Sở Tài nguyên và Môi trường",
		"Văn phòng Đăng ký đất đai", "Chi cục Bảo vệ môi trường", "Thanh tra Sở", "Bộ phận Một cửa",
		"Trung tâm Phát triển quỹ đất", "Phòng Tài nguyên và Môi trường", "Công an tỉnh", "Sở Xây dựng",
	}
	synthRoles  = []string{"Giám đốc Sở", "Phó Giám đốc Sở", "Chủ tịch UBND huyện", "Chánh Thanh tra", "Trưởng phòng", "cán bộ địa chính xã"}
	synthPlaces = []string{
		"huyện Bình Sơn", "huyện Sơn Tịnh", "huyện Tư Nghĩa", "huyện Nghĩa Hành", "huyện Mộ Đức", "thị xã Đức Phổ",
		"huyện Ba Tơ", "huyện Minh Long", "huyện Sơn Hà", "huyện Sơn Tây", "huyện Trà Bồng", "huyện Lý Sơn",
		"thành phố Quảng Ngãi", "xã Bình Thuận", "xã Tịnh Phong", "phường Trần Phú", "xã Nghĩa Kỳ", "Khu kinh tế Dung Quất",
		"Khu công nghiệp VSIP", "xã Phổ Thạnh", "xã Đức Lợi", "thị trấn Chợ Chùa",
	}
	synthFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh"}
	synthMiddle = []string{"Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Hữu", "Công", "Xuân"}
	synthGiven  = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hòa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Phúc", "Sơn", "Tâm", "Thảo", "Thủy", "Trung", "Tuấn", "Vy", "Yến"}
)
