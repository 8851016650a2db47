package generator

import (
	"fmt"
	"strings"
	"time"
)

// Scaffold returns a new content file of the given kind (document,
// procedure, disclosure, news or page) with every key of its type,
// commented in Vietnamese. Required keys are left empty so that `check`
// names each one until staff fill it in; optional keys are commented out.
func Scaffold(kind string, today time.Time) (string, error) {
	body, ok := scaffoldKeys[kind]
	if !ok {
		return "", fmt.Errorf("loại %q không có; dùng một trong: document, procedure, disclosure, news, page / unknown kind %q; use one of: document, procedure, disclosure, news, page", kind, kind)
	}
	date := today.Format("2006-01-02")
	var b strings.Builder
	b.WriteString("+++\n")
	b.WriteString(strings.ReplaceAll(scaffoldCommon, "{{date}}", date))
	fmt.Fprintf(&b, "# Loại trang: document, procedure, disclosure, news, page\ntype = %q\n", kind)
	b.WriteString(strings.ReplaceAll(body, "{{date}}", date))
	b.WriteString("+++\n\n")
	b.WriteString(scaffoldBodies[kind])
	return b.String(), nil
}

const scaffoldCommon = `# Tiêu đề trang (bắt buộc)
title = ""
# Tóm tắt một câu: hiện trong kết quả tìm kiếm và khi chia sẻ
description = ""
# Ngày đăng, dạng 2024-08-01 hoặc "01/08/2024"
date = {{date}}
# Ngày cập nhật gần nhất
# lastmod = {{date}}
# Lĩnh vực, ví dụ ["Đất đai", "Môi trường", "Tài nguyên nước", "Khoáng sản"]
fields = []
# Từ khóa tự do
tags = []
# Đường dẫn tới trang riêng của văn bản, thủ tục trên nguồn chính thức
# (vbpl.vn, congbao.chinhphu.vn, dichvucong.gov.vn), không phải trang chủ;
# chưa xác nhận được thì để trống
# source_url = ""
# Đặt false nếu thông tin chưa được đối chiếu với nguồn chính thức: trang sẽ ghi rõ
verified = false
# Ngày rà soát nội dung với nguồn chính thức lần gần nhất (trang ghi "Cập nhật lần cuối")
# reviewed = {{date}}
# Tên đường dẫn (mặc định lấy từ tiêu đề, bỏ dấu)
# slug = ""
# Địa chỉ cũ cần chuyển hướng về trang này
# aliases = []
# Thứ tự trong danh sách (số nhỏ đứng trước)
# weight = 0
# true: bản nháp, chỉ hiện khi xem trước (minhbach dev)
draft = false
`

var scaffoldKeys = map[string]string{
	"page": "",
	"news": "",
	"document": `# Số ký hiệu, ví dụ "31/2024/QH15" (bắt buộc, không trùng)
number = ""
# Loại văn bản: Luật, Nghị định, Thông tư, Quyết định, Chỉ thị, Kế hoạch (bắt buộc)
kind = ""
# Cơ quan ban hành; văn bản liên tịch ghi danh sách (bắt buộc)
issuer = []
# Người ký
signer = ""
# Ngày ban hành (bắt buộc)
issued = {{date}}
# Ngày có hiệu lực
effective = {{date}}
# Ngày hết hiệu lực toàn bộ (nếu có)
# expired = 2030-01-01
# true nếu đã hết hiệu lực một phần
# partly_expired = false
# Văn bản bị văn bản này thay thế: số ký hiệu trên cổng, ví dụ ["45/2013/QH13"]
replaces = []
# Văn bản thay thế văn bản này
replaced_by = []
# Văn bản được văn bản này sửa đổi, bổ sung
amends = []
# Căn cứ ban hành; văn bản không có trên cổng ghi { number = "...", title = "..." }
basis = []
# Văn bản được nhắc đến nhưng không phải căn cứ ban hành (ví dụ luật được tuyên truyền)
# mentions = []
`,
	"procedure": `# Mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ "1.012753" (để trống nếu chưa xác nhận)
code = ""
# Cấp thực hiện: ["Cấp tỉnh"] hoặc ["Cấp xã"] (bắt buộc)
level = []
# Cơ quan thực hiện (bắt buộc)
agency = ""
# Đối tượng thực hiện
subjects = ["Cá nhân", "Tổ chức"]
# Cách thức thực hiện
channels = ["Trực tiếp", "Bưu chính", "Trực tuyến"]
# Mức độ dịch vụ công trực tuyến: "toàn trình" hoặc "một phần" (bỏ nếu không có)
# online = "toàn trình"
# Địa chỉ nộp hồ sơ trực tuyến: trang của chính thủ tục, không phải trang chủ của cổng
# online_url = ""
# Thời hạn giải quyết, số ngày làm việc
processing_days = 0
# Thời hạn giải quyết, mô tả đầy đủ
processing_time = ""
# Kết quả thực hiện
result = ""
# Yêu cầu, điều kiện
requirements = ""
# Căn cứ pháp lý: số ký hiệu văn bản trên cổng
basis = []
# Phí, lệ phí: amount là số đồng (0 = miễn phí); chưa rõ mức thì bỏ amount và ghi note
fees = [
  { name = "", amount = 0, note = "" },
]
# Thành phần hồ sơ: số bản chính, bản sao, mẫu đơn (tên mẫu hoặc tệp trong thư mục trang)
dossier = [
  { name = "", original = 1, copies = 0, form = "" },
]
`,
	"disclosure": `# Ngày bắt đầu niêm yết (bắt buộc)
posted = {{date}}
# Ngày kết thúc niêm yết, lấy ý kiến (bắt buộc)
until = {{date}}
# Nơi niêm yết
place = ""
# Dự án liên quan
project = ""
# Căn cứ pháp lý: số ký hiệu văn bản trên cổng
basis = []
`,
}

var scaffoldBodies = map[string]string{
	"page":       "Nội dung trang.\n",
	"news":       "Nội dung tin.\n",
	"document":   "## Văn bản này quy định gì?\n\nTóm tắt bằng lời dễ hiểu: văn bản có ý nghĩa gì với người dân, doanh nghiệp.\n",
	"procedure":  "## Trình tự thực hiện\n\n1. Bước 1: chuẩn bị và nộp hồ sơ.\n2. Bước 2: tiếp nhận, giải quyết.\n3. Bước 3: trả kết quả.\n",
	"disclosure": "## Nội dung công khai\n\nNội dung niêm yết, cách góp ý, thời hạn góp ý.\n",
}
