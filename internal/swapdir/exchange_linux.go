package swapdir

import "golang.org/x/sys/unix"

// exchange swaps the folders at a and b in one step (renameat2 with
// RENAME_EXCHANGE), so that no reader ever finds b missing. It fails on
// file systems that do not support it; the caller then falls back to
// two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
