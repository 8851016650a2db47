package analyzer

import "strings"

// benchText is 500 words of Vietnamese in the portal's register, written
// for the tests, mixing old- and new-style tone placement.
var benchText = func() string {
	words := strings.Fields(benchParagraph)
	return strings.Join(append(words, words...)[:500], " ")
}()

const benchParagraph = `Người dân cần cấp lại giấy chứng nhận quyền sử dụng đất bị mất nộp hồ sơ
tại bộ phận một cửa của Ủy ban nhân dân cấp xã hoặc nộp trực tuyến trên cổng
dịch vụ công. Hồ sơ gồm đơn đề nghị, giấy tờ tùy thân và xác nhận đã niêm yết
thông báo mất giấy. Văn phòng đăng ký đất đai kiểm tra hồ sơ, trích lục bản đồ
địa chính nếu cần, rồi trình cơ quan có thẩm quyền ký cấp giấy mới. Thời gian
giải quyết được công khai trên trang thủ tục hành chính. Khi Nhà nước thu hồi
đất, việc bồi thường, hỗ trợ và tái định cư phải được niêm yết công khai tại
trụ sở xã và nơi sinh hoạt chung của khu dân cư. Người có đất bị thu hồi được
góp ý phương án, được đối thoại và được khiếu nại nếu không đồng ý. Sở Tài
nguyên và Môi trường phối hợp với Ban Dân vận Tỉnh ủy tuyên truyền pháp luật về
đất đai, bảo vệ môi trường, tài nguyên nước và khoáng sản, hoà giải tranh chấp ở
cơ sở, lắng nghe ý kiến người dân và báo cáo kịp thời những vụ việc phức tạp.
Các hộ gia đình được hướng dẫn phân loại rác thải sinh hoạt tại nguồn, giữ gìn
vệ sinh đường làng, ngõ xóm và bảo vệ nguồn nước. Doanh nghiệp khai thác cát,
sỏi phải có giấy phép môi trường, thực hiện đúng đánh giá tác động môi trường
đã được phê duyệt và chịu sự giám sát của cộng đồng. Việc chuyển mục đích sử
dụng đất, tách thửa, hợp thửa và đăng ký biến động khi chuyển nhượng, tặng cho,
thừa kế đều theo quy hoạch, kế hoạch sử dụng đất đã được công bố. Cán bộ tiếp
công dân ghi nhận đầy đủ kiến nghị, chuyển đúng cơ quan giải quyết và trả lời
bằng văn bản trong thời hạn luật định, góp phần nâng cao chỉ số hài lòng của
người dân đối với sự phục vụ của cơ quan hành chính nhà nước. Thuỷ lợi, khoẻ
mạnh và tuỳ theo điều kiện từng địa phương.
`
