package participation

// Topic is what a feedback is about. The keys are stable (the API and
// the database use them); the labels are what citizens read.
type Topic struct{ Key, Label string }

// Topics are the feedback topics: the matters of land and environment
// citizens most often raise, the agency's procedures and documents, and
// anything else.
var Topics = []Topic{
	{"dat-dai", "Đất đai (cấp sổ, ranh giới, tranh chấp)"},
	{"lan-chiem", "Lấn chiếm đất, sử dụng đất sai mục đích"},
	{"o-nhiem", "Ô nhiễm môi trường (khói bụi, nước thải, tiếng ồn, rác)"},
	{"khai-thac-trai-phep", "Khai thác cát, khoáng sản trái phép"},
	{"tai-nguyen-nuoc", "Tài nguyên nước"},
	{"boi-thuong", "Bồi thường, hỗ trợ, tái định cư"},
	{"thu-tuc", "Thủ tục hành chính"},
	{"van-ban", "Văn bản pháp luật"},
	{"khac", "Việc khác"},
}

// TopicLabel gives the label of a topic key, or "" if there is none.
func TopicLabel(key string) string {
	for _, t := range Topics {
		if t.Key == key {
			return t.Label
		}
	}
	return ""
}
