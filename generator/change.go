package generator

// Change is one batch of edits to a site's sources: the paths touched,
// relative to the source folder, slash-separated and sorted.
type Change struct {
	Paths []string
}
