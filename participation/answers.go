package participation

// AnswersView is what layouts/participation/answers.html shows: the
// answers about one page, or on the feedback page (All) every answer,
// filtered by topic and commune. The build renders it into pages from
// the store's answers as of the build, and the server renders it live,
// so a page shows its answers whether or not the server is in front.
type AnswersView struct {
	Items          []Public
	All            bool
	Topic, Commune string
	Topics         []Topic
	Communes       []string
}

// NewAnswersView lays out published answers for a page: target's own,
// or all of them (filtered) on FeedbackPath. Topics show by their labels.
func NewAnswersView(items []Public, target, topic, commune string, communes []string) AnswersView {
	v := AnswersView{All: target == FeedbackPath, Topic: topic, Commune: commune}
	if v.All {
		v.Topics, v.Communes = Topics, communes
	}
	for _, it := range items {
		if !v.All && it.Target != target {
			continue
		}
		if (topic == "" || it.Topic == topic) && (commune == "" || it.Commune == commune) {
			it.Topic = TopicLabel(it.Topic)
			v.Items = append(v.Items, it)
		}
	}
	return v
}
