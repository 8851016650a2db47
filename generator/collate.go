package generator

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// vnOrder returns a comparison of Vietnamese text in dictionary order
// (a ă â b c d đ e ê ...). Byte order would put every title starting
// with Đ, Ư or Ơ after Z: "Đất đai" last in a list of lĩnh vực. A
// collator keeps scratch buffers, so each sort gets its own.
func vnOrder() func(a, b string) bool {
	c := collate.New(language.Vietnamese)
	return func(a, b string) bool { return c.CompareString(a, b) < 0 }
}
