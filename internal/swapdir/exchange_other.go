//go:build !linux

package swapdir

import "errors"

// exchange is only possible in one step on Linux; elsewhere Replace falls
// back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
