// Package analyzer provides Vietnamese text analysis for the portal's Bleve
// search index and the pure string functions behind it.
//
// Vietnamese text reaches the site in several equivalent spellings: composed
// (NFC) or decomposed (NFD) Unicode, old-style ("hoà", "thuỷ") or new-style
// ("hòa", "thủy") tone placement, with or without diacritics, and full
// phrases or their abbreviations ("UBND", "TN&MT"). The functions here map
// those spellings to one form so that a reader finds a document however
// either of them typed it:
//
//   - [NFC], [NormalizeTone] and [Normalize] give the exact form of a term;
//   - [Fold] removes diacritics for accent-insensitive matching;
//   - [Identifier] normalises document numbers and procedure codes;
//   - [Dictionary] expands abbreviations and everyday synonyms in a query.
//
// Importing the package registers Bleve token filters ([ToneFilter],
// [FoldFilter], [IdentifierFilter], [CombineFilter]) and analyzers ([Exact], [Folded],
// [Pairs], [ExactPairs], [Keyword], [Combined]) in Bleve's global registry;
// [AddTo] also writes the analyzer definitions into an index mapping.
//
// The analysis is done by token filters, never char filters, so token
// offsets always point into the original text and highlighting marks the
// bytes the reader actually sees.
package analyzer
