//go:build !linux

package search

import "errors"

// exchange is only possible in one step on Linux; elsewhere Build falls
// back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
