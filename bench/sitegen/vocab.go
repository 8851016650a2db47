package sitegen

// The vocabulary is the language of a provincial department of
// agriculture and environment: land, water, minerals, waste, complaints,
// administrative reform. Text made from it has the byte and word shape
// of real portal pages (two-syllable words with stacked diacritics, đ,
// long compound nouns), which is what Markdown, templates and the
// Vietnamese analyzer spend their time on.

// section is a content folder with its Vietnamese title.
type section struct {
	dir, title, topic string
}

// sections are the 20 sections of the synthetic site. None is one of
// minhbach's typed sections (van-ban, thu-tuc, ...), so every page has
// the plain "page" type and the same keys in minhbach and Hugo.
var sections = []section{
	{"dat-dai", "Đất đai", "quản lý đất đai"},
	{"moi-truong", "Môi trường", "bảo vệ môi trường"},
	{"tai-nguyen-nuoc", "Tài nguyên nước", "quản lý tài nguyên nước"},
	{"khoang-san", "Khoáng sản", "quản lý hoạt động khoáng sản"},
	{"do-dac-ban-do", "Đo đạc và bản đồ", "đo đạc, lập bản đồ địa chính"},
	{"bien-hai-dao", "Biển và hải đảo", "quản lý tổng hợp tài nguyên biển"},
	{"khi-tuong-thuy-van", "Khí tượng thủy văn", "dự báo khí tượng thủy văn"},
	{"bien-doi-khi-hau", "Biến đổi khí hậu", "ứng phó với biến đổi khí hậu"},
	{"quy-hoach", "Quy hoạch sử dụng đất", "lập quy hoạch, kế hoạch sử dụng đất"},
	{"boi-thuong", "Bồi thường, hỗ trợ, tái định cư", "bồi thường, hỗ trợ và tái định cư"},
	{"dang-ky-dat-dai", "Đăng ký đất đai", "đăng ký đất đai, tài sản gắn liền với đất"},
	{"gia-dat", "Giá đất", "xây dựng bảng giá đất"},
	{"thanh-tra", "Thanh tra", "thanh tra, kiểm tra chuyên ngành"},
	{"khieu-nai-to-cao", "Khiếu nại, tố cáo", "giải quyết khiếu nại, tố cáo"},
	{"tiep-cong-dan", "Tiếp công dân", "tiếp công dân định kỳ"},
	{"cai-cach-hanh-chinh", "Cải cách hành chính", "cải cách thủ tục hành chính"},
	{"chuyen-doi-so", "Chuyển đổi số", "xây dựng cơ sở dữ liệu đất đai"},
	{"dan-chu-co-so", "Dân chủ cơ sở", "thực hiện dân chủ ở cơ sở"},
	{"chat-thai-ran", "Quản lý chất thải rắn", "thu gom, xử lý chất thải rắn sinh hoạt"},
	{"danh-gia-tac-dong", "Đánh giá tác động môi trường", "thẩm định báo cáo đánh giá tác động môi trường"},
}

// tags are the 50 keywords of the tag taxonomy. Their slugs are all
// different in minhbach and in Hugo.
var tags = []string{
	"quy hoạch", "kế hoạch sử dụng đất", "giấy chứng nhận", "sổ đỏ", "thu hồi đất",
	"giao đất", "cho thuê đất", "chuyển mục đích", "bồi thường", "tái định cư",
	"giá đất", "bảng giá đất", "đấu giá", "đo đạc", "bản đồ địa chính",
	"cơ sở dữ liệu", "nước thải", "khí thải", "chất thải rắn", "rác sinh hoạt",
	"phân loại rác", "quan trắc", "giấy phép môi trường", "ĐTM", "nước dưới đất",
	"giếng khoan", "khai thác cát", "mỏ đá", "hành lang bảo vệ", "lũ lụt",
	"hạn hán", "xâm nhập mặn", "sạt lở", "rừng phòng hộ", "đất nông nghiệp",
	"đất ở", "đất công", "thanh tra", "xử phạt", "khiếu nại",
	"tố cáo", "tiếp công dân", "dịch vụ công", "một cửa", "trực tuyến",
	"hồ sơ", "lệ phí", "thời hạn", "cấp xã", "cấp tỉnh",
}

var titlePrefixes = []string{
	"Hướng dẫn", "Thông báo về", "Kế hoạch", "Báo cáo kết quả", "Công khai",
	"Quy định về", "Tổng hợp ý kiến về", "Kết luận thanh tra về", "Giải đáp vướng mắc về",
	"Triển khai", "Tăng cường", "Đẩy mạnh", "Tổ chức lấy ý kiến về", "Phương án",
}

var titleTopics = []string{
	"cấp giấy chứng nhận quyền sử dụng đất", "thu hồi đất để thực hiện dự án",
	"bồi thường khi Nhà nước thu hồi đất", "bố trí tái định cư", "điều chỉnh bảng giá đất",
	"đấu giá quyền sử dụng đất", "chuyển mục đích sử dụng đất", "tách thửa, hợp thửa",
	"đăng ký biến động đất đai", "lập bản đồ địa chính", "chỉnh lý hồ sơ địa chính",
	"quản lý đất công", "cho thuê đất nông nghiệp", "gia hạn thời hạn sử dụng đất",
	"cấp giấy phép môi trường", "quan trắc nước thải tự động", "xử lý cơ sở gây ô nhiễm",
	"thu gom rác thải sinh hoạt", "phân loại chất thải rắn tại nguồn", "kiểm soát khí thải",
	"cấp phép khai thác nước dưới đất", "bảo vệ hành lang nguồn nước", "trám lấp giếng không sử dụng",
	"cấp phép thăm dò khoáng sản", "khai thác cát lòng sông", "đóng cửa mỏ",
	"phòng chống sạt lở bờ sông", "ứng phó xâm nhập mặn", "dự báo lũ, ngập lụt",
	"tiếp công dân định kỳ", "giải quyết đơn khiếu nại", "xử lý đơn tố cáo",
	"cải cách thủ tục hành chính", "tiếp nhận hồ sơ trực tuyến", "số hóa hồ sơ địa chính",
	"xây dựng cơ sở dữ liệu đất đai", "lấy ý kiến cộng đồng dân cư", "công khai quy hoạch sử dụng đất",
	"kiểm kê đất đai", "thống kê đất đai hằng năm",
}

var places = []string{
	"xã Tịnh Phong", "xã Bình Sơn", "phường Trương Quang Trọng", "xã Nghĩa Hành",
	"xã Đức Phổ", "xã Mộ Đức", "phường Cẩm Thành", "xã Lý Sơn", "xã Ba Tơ",
	"xã Sơn Hà", "xã Trà Bồng", "xã Minh Long", "phường Nghĩa Lộ", "xã Tư Nghĩa",
	"khu kinh tế Dung Quất", "khu công nghiệp Tịnh Phong", "lưu vực sông Trà Khúc",
	"lưu vực sông Vệ", "vùng ven biển", "các xã miền núi", "địa bàn tỉnh",
}

var agencies = []string{
	"Ủy ban nhân dân tỉnh", "Ủy ban nhân dân xã", "Sở Nông nghiệp và Môi trường",
	"Văn phòng Đăng ký đất đai", "Chi nhánh Văn phòng Đăng ký đất đai", "Trung tâm Phát triển quỹ đất",
	"Thanh tra tỉnh", "Ban Tiếp công dân tỉnh", "Trung tâm Phục vụ hành chính công",
	"Chi cục Bảo vệ môi trường", "Phòng Kinh tế", "Hội đồng bồi thường, hỗ trợ và tái định cư",
	"Mặt trận Tổ quốc Việt Nam cấp xã", "Trung tâm Quan trắc tài nguyên và môi trường",
	"Đài Khí tượng thủy văn tỉnh", "công chức địa chính cấp xã",
}

var subjects = []string{
	"người sử dụng đất", "hộ gia đình, cá nhân", "tổ chức kinh tế", "chủ đầu tư dự án",
	"cơ sở sản xuất, kinh doanh", "doanh nghiệp khai thác khoáng sản", "người dân trong vùng dự án",
	"cộng đồng dân cư", "chủ cơ sở chăn nuôi", "người có đất bị thu hồi", "đơn vị thu gom rác",
	"người khiếu nại", "người tố cáo", "tổ chức được giao đất",
}

var actions = []string{
	"tổ chức rà soát", "kiểm tra, đối chiếu", "công khai", "thẩm định", "lấy ý kiến về",
	"hướng dẫn", "tiếp nhận và giải quyết", "cập nhật, chỉnh lý", "xây dựng", "phê duyệt",
	"điều chỉnh", "theo dõi, giám sát", "tổng hợp", "đôn đốc thực hiện", "xác minh",
	"niêm yết công khai", "trả kết quả", "phối hợp triển khai",
}

var objects = []string{
	"hồ sơ đề nghị cấp giấy chứng nhận", "phương án bồi thường, hỗ trợ, tái định cư",
	"hiện trạng sử dụng đất", "bảng giá đất", "kế hoạch sử dụng đất hằng năm",
	"danh mục thủ tục hành chính", "kết quả quan trắc môi trường", "báo cáo đánh giá tác động môi trường",
	"giấy phép khai thác nước dưới đất", "hồ sơ địa chính", "bản đồ hiện trạng",
	"đơn khiếu nại, tố cáo", "kiến nghị, phản ánh của người dân", "dự án đầu tư",
	"quỹ đất tái định cư", "tiền sử dụng đất", "số liệu kiểm kê đất đai", "hệ thống xử lý nước thải",
	"bãi chôn lấp chất thải rắn", "điểm mỏ khoáng sản", "hành lang bảo vệ nguồn nước",
	"cơ sở dữ liệu đất đai", "biên bản làm việc", "quyết định thu hồi đất",
}

var purposes = []string{
	"bảo đảm công khai, minh bạch", "bảo vệ quyền và lợi ích hợp pháp của người dân",
	"rút ngắn thời gian giải quyết thủ tục", "tránh phát sinh khiếu nại kéo dài",
	"nâng cao hiệu quả quản lý nhà nước", "phục vụ tốt hơn người dân và doanh nghiệp",
	"bảo đảm đúng quy định của pháp luật", "kịp thời phát hiện, xử lý vi phạm",
	"sử dụng tiết kiệm, hiệu quả tài nguyên", "giảm thiểu ô nhiễm môi trường",
	"ổn định đời sống người dân bị ảnh hưởng", "tạo điều kiện thuận lợi cho nhà đầu tư",
}

var principles = []string{
	"đúng trình tự, thủ tục", "công khai, minh bạch", "dân chủ, khách quan", "công bằng",
	"kịp thời", "đúng thẩm quyền", "tiết kiệm, hiệu quả", "an toàn, bền vững",
	"thống nhất từ tỉnh đến cơ sở", "có sự tham gia của người dân",
}

var times = []string{
	"trong quý I", "trong quý II", "trong quý III", "trước ngày 31 tháng 12",
	"trong năm nay", "trong tháng tới", "ngay sau khi có quyết định", "theo kế hoạch đã phê duyệt",
	"trong thời gian niêm yết", "trước mùa mưa bão", "định kỳ hằng tháng", "định kỳ hằng quý",
}

var modals = []string{"cần", "phải", "được", "có quyền", "có trách nhiệm", "nên"}

var results = []string{
	"hồ sơ được giải quyết đúng hạn", "giấy chứng nhận được cấp", "hộ gia đình nhận tiền bồi thường",
	"cơ sở được kiểm tra", "đơn thư được giải quyết dứt điểm", "thửa đất được chỉnh lý biến động",
	"giếng khoan được trám lấp", "ý kiến góp ý được tiếp thu", "thủ tục được cắt giảm thời gian",
	"hồ sơ được nộp trực tuyến", "mẫu nước được phân tích",
}

var difficulties = []string{
	"hồ sơ địa chính qua nhiều thời kỳ chưa thống nhất", "một số hộ chưa đồng thuận với đơn giá",
	"nguồn kinh phí còn hạn chế", "nhân lực ở cấp xã còn mỏng", "bản đồ đo đạc đã cũ",
	"người dân chưa quen nộp hồ sơ trực tuyến", "thời tiết diễn biến phức tạp",
	"việc xác định nguồn gốc đất mất nhiều thời gian",
}

var h2Headings = []string{
	"Mục đích, yêu cầu", "Phạm vi và đối tượng áp dụng", "Nội dung thực hiện", "Trình tự, thủ tục",
	"Hồ sơ cần chuẩn bị", "Thời gian và địa điểm", "Tổ chức thực hiện", "Kinh phí thực hiện",
	"Kết quả đạt được", "Khó khăn, vướng mắc", "Kiến nghị, đề xuất", "Quyền và nghĩa vụ của người dân",
	"Trách nhiệm của cơ quan chuyên môn", "Thông tin liên hệ",
}

var h3Headings = []string{
	"Đối với hộ gia đình, cá nhân", "Đối với tổ chức", "Ở cấp tỉnh", "Ở cấp xã",
	"Bước chuẩn bị", "Bước thực hiện", "Bước kiểm tra, nghiệm thu", "Những điểm cần lưu ý",
	"Trường hợp hồ sơ chưa đầy đủ", "Trường hợp có tranh chấp",
}

var familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"}
var givenNames = []string{"Văn An", "Thị Bích", "Minh Đức", "Thị Hồng", "Quốc Hùng", "Thanh Tâm", "Đình Phúc", "Thị Lan", "Hữu Nghĩa", "Ngọc Ánh"}
