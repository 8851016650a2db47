package participation

// DeclineReason is why a submission is not handled. The list is fixed,
// so reports can count them and citizens read a reason they understand.
type DeclineReason struct{ Key, Label string }

// DeclineReasons are the reasons a submission may be declined for.
var DeclineReasons = []DeclineReason{
	{"spam", "Thư rác, quảng cáo"},
	{"abuse", "Ngôn từ xúc phạm, vi phạm thuần phong mỹ tục"},
	{"out-of-scope", "Không thuộc thẩm quyền giải quyết của Sở"},
	{"duplicate", "Trùng với ý kiến đã gửi"},
	{"personal-data", "Chứa thông tin cá nhân của người khác"},
}

// DeclineLabel gives a reason's label, or "" when the key is not one.
func DeclineLabel(key string) string {
	for _, r := range DeclineReasons {
		if r.Key == key {
			return r.Label
		}
	}
	return ""
}
