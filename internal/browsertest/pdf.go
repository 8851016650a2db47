package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// errNoPdftotext names the package to install: the message reaches the
// test log of a machine that lacks poppler, and must say how to fix it.
var errNoPdftotext = errors.New("pdftotext not found: apt-get install poppler-utils (make test installs it)")

// PDFPageTexts returns the text of each page of a PDF, in page order and
// in NFC, so a test can ask what landed on page 1 and compare it with the
// Vietnamese strings of the source. The text comes from poppler's
// pdftotext (Debian package poppler-utils), a real PDF reader, rather
// than from a parser of our own. A missing pdftotext is an error, never a
// reason to skip: callers fail the test with it. Words may come out split
// or joined differently from the HTML; compare with whitespace removed
// (see SquashSpace).
func PDFPageTexts(data []byte) ([]string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoPdftotext, err)
	}
	var stdout, stderr bytes.Buffer
	// The PDF comes in on stdin and the text goes out on stdout, so no
	// temporary file is left behind by a test that dies half way. No
	// -layout: it keeps the physical lines of the page, where the wrapped
	// cells of side-by-side columns interleave; the default reading order
	// keeps each cell whole.
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pdftotext reading a %d-byte PDF: %w: %s", len(data), err, bytes.TrimSpace(stderr.Bytes()))
	}
	// pdftotext ends every page, the last included, with a form feed.
	pages := strings.Split(norm.NFC.String(stdout.String()), "\f")
	if last := len(pages) - 1; pages[last] == "" {
		pages = pages[:last]
	}
	return pages, nil
}

// SquashSpace removes all white space and normalises to NFC, so text from
// a PDF compares with text from HTML whatever the line breaks.
func SquashSpace(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), "")
}
