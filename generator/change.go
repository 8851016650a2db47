package generator

// Change is one batch of edits to a site's sources: the paths touched,
// relative to the source folder, slash-separated and sorted.
type Change struct {
	Paths []string
	// Rescan says edits may have been missed (the watcher's event queue
	// overflowed): Paths is incomplete and the whole site must be built
	// again from what is on disk.
	Rescan bool
}
