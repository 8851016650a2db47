// Package dev is `minhbach dev`, the staff's live preview: it builds the
// site with drafts, serves it through package server with search, watches
// the sources (fsnotify, or polling on network drives), rebuilds only
// what an edit touched, keeps the search index in step, and tells open
// tabs to reload or shows the build's problems as an overlay over the
// last good page.
package dev
