package analyzer

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed dictionary.txt
var defaultDictionary string

// DefaultDictionary returns the dictionary shipped with the package (the
// file dictionary.txt next to its source): common abbreviations and everyday
// words of land, resources and environment administration. It is parsed once
// and shared; a Dictionary is never modified after parsing.
func DefaultDictionary() *Dictionary {
	return parseDefault()
}

var parseDefault = sync.OnceValue(func() *Dictionary {
	d, err := ParseDictionary(strings.NewReader(defaultDictionary), "dictionary.txt")
	if err != nil {
		// The file is compiled in and covered by the tests.
		panic(err)
	}
	return d
})
