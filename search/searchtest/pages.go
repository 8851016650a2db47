// Package searchtest holds the small portal that the search and server
// tests index: real pages of each type, shaped as the generator loads
// them, so both packages test against the same content.
package searchtest

import (
	"fmt"
	"time"

	"github.com/minhbach/minhbach/model"
)

// BuiltAt is the build time the fixture index records.
var BuiltAt = time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)

// Day parses a YYYY-MM-DD date, for fixtures written by hand.
func Day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Pages is a small portal: two land laws (one replaced), two
// procedures, a news item whose text looks like markup, and enough news
// about land to need several pages of results.
func Pages(extra ...*model.Page) []*model.Page {
	pages := []*model.Page{
		{Kind: model.KindPage, Type: model.TypeDocument, Title: "Luật Đất đai 2013", URL: "/van-ban/luat-dat-dai-2013/",
			Fields: []string{"Đất đai"}, Date: Day("2013-11-29"),
			Text: "Luật này quy định về chế độ sở hữu đất đai, quyền hạn và trách nhiệm của Nhà nước.",
			Document: &model.Document{Number: "45/2013/QH13", Kind: "Luật", Issuers: []string{"Quốc hội"},
				Issued: Day("2013-11-29"), Status: model.StatusExpired}},
		{Kind: model.KindPage, Type: model.TypeDocument, Title: "Luật Đất đai 2024", URL: "/van-ban/luat-dat-dai-2024/",
			Fields: []string{"Đất đai"}, Date: Day("2024-01-18"),
			Text: "Luật này quy định về chế độ sở hữu đất đai, quyền và nghĩa vụ của người sử dụng đất.",
			Document: &model.Document{Number: "31/2024/QH15", Kind: "Luật", Issuers: []string{"Quốc hội"},
				Issued: Day("2024-01-18"), Status: model.StatusInForce}},
		{Kind: model.KindPage, Type: model.TypeProcedure, Title: "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", URL: "/thu-tuc/cap-giay-chung-nhan/",
			Fields: []string{"Đất đai"}, Text: "Người sử dụng đất nộp hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất.",
			Procedure: &model.Procedure{Code: "1.004227", Levels: []string{"Cấp tỉnh"}}},
		{Kind: model.KindPage, Type: model.TypeProcedure, Title: "Cấp giấy phép môi trường", URL: "/thu-tuc/giay-phep-moi-truong/",
			Fields: []string{"Môi trường"}, Text: "Cơ sở có phát sinh chất thải nộp hồ sơ đề nghị cấp giấy phép môi trường.",
			Procedure: &model.Procedure{Code: "1.010727", Levels: []string{"Cấp tỉnh"}}},
		{Kind: model.KindPage, Type: model.TypeNews, Title: "Hướng dẫn viết <script> trong hồ sơ", URL: "/tin-tuc/huong-dan/",
			Date: Day("2025-03-01"), Fields: []string{"Môi trường"},
			Text: `Không dán mã <script>alert("x")</script> hay ký tự & vào tờ khai môi trường.`},
	}
	for i := 1; i <= 23; i++ {
		pages = append(pages, &model.Page{Kind: model.KindPage, Type: model.TypeNews,
			Title: fmt.Sprintf("Thông báo số %d về đất đai", i), URL: fmt.Sprintf("/tin-tuc/thong-bao-%d/", i),
			Date: Day("2025-01-01").AddDate(0, 0, i), Fields: []string{"Đất đai"},
			Text: fmt.Sprintf("Sở thông báo lịch tiếp công dân về đất đai, đợt %d.", i)})
	}
	return append(pages, extra...)
}

// MarkerPage is a page only the rebuilt index has.
func MarkerPage(word string) *model.Page {
	return &model.Page{Kind: model.KindPage, Type: model.TypeNews, Title: "Tin " + word, URL: "/tin-tuc/" + word + "/",
		Text: "Bài viết có từ " + word + "."}
}
