// Package swapdir replaces a folder by a newly written one so that a
// reader never finds the folder missing: the build writes the site and
// the search index beside the old ones and swaps them in, while a server
// goes on reading.
package swapdir

import (
	"errors"
	"io/fs"
	"os"
)

// Replace puts the folder tmp at dir, replacing what was there, and
// removes the old folder. Where the system can exchange two paths in one
// step (Linux's renameat2) it does, so dir always exists; elsewhere the
// old folder is renamed aside and the new one renamed in, two renames
// apart, and put back if the second fails. A server with files of the
// old folder open keeps reading them.
func Replace(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if exchange(tmp, dir) == nil {
		return os.RemoveAll(tmp) // tmp now holds the old folder
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir) // put the old folder back
		return err
	}
	return os.RemoveAll(old)
}
