package generator

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/goccy/go-yaml"
)

// frontMatter is a file's decoded front matter, with the line of each
// top-level key so that every problem can point at it.
type frontMatter struct {
	values map[string]any
	lines  map[string]int
	// start is the line of the opening delimiter; bodyLine the first line
	// of the Markdown body.
	bodyLine int
}

var (
	tomlKeyLine   = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=`)
	tomlTableLine = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z_][A-Za-z0-9_-]*)`)
	yamlKeyLine   = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)\s*:`)
	yamlErrLine   = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*(.*)`)
)

// splitFrontMatter separates front matter from body and decodes it: TOML
// between "+++" lines or YAML between "---" lines. A file without front
// matter is an error: every page needs at least a title.
func splitFrontMatter(file string, data []byte) (*frontMatter, string, *Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	var delim string
	switch {
	case strings.HasPrefix(text, "+++\n"):
		delim = "+++"
	case strings.HasPrefix(text, "---\n"):
		delim = "---"
	default:
		return nil, "", &Problem{File: file, Line: 1,
			VI: "thiếu phần thông tin đầu trang (front matter): tệp phải bắt đầu bằng dòng +++ (TOML) hoặc --- (YAML)",
			EN: "missing front matter: the file must start with a +++ (TOML) or --- (YAML) line"}
	}
	lines := strings.SplitAfter(text, "\n")
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == delim {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, "", &Problem{File: file, Line: 1,
			VI: fmt.Sprintf("phần thông tin đầu trang không có dòng %s đóng lại", delim),
			EN: fmt.Sprintf("front matter is not closed by a %s line", delim)}
	}
	src := strings.Join(lines[1:end], "")
	body := strings.Join(lines[end+1:], "")
	fm := &frontMatter{values: map[string]any{}, lines: map[string]int{}, bodyLine: end + 2}
	if delim == "+++" {
		if _, err := toml.Decode(src, &fm.values); err != nil {
			return nil, "", syntaxProblem(file, "TOML", err)
		}
		fm.indexLines(lines[1:end], tomlKeyLine, tomlTableLine)
	} else {
		if err := yaml.Unmarshal([]byte(src), &fm.values); err != nil {
			return nil, "", syntaxProblem(file, "YAML", err)
		}
		if fm.values == nil {
			fm.values = map[string]any{}
		}
		fm.indexLines(lines[1:end], yamlKeyLine, nil)
	}
	return fm, body, nil
}

// indexLines records the line of each top-level key. Lines are counted
// from the file's first line, which holds the opening delimiter.
func (fm *frontMatter) indexLines(lines []string, key, table *regexp.Regexp) {
	inTable := false
	for i, l := range lines {
		if table != nil {
			if m := table.FindStringSubmatch(l); m != nil {
				inTable = true
				if _, seen := fm.lines[m[1]]; !seen {
					fm.lines[m[1]] = i + 2
				}
				continue
			}
		}
		if inTable {
			continue
		}
		if m := key.FindStringSubmatch(l); m != nil {
			if _, seen := fm.lines[m[1]]; !seen {
				fm.lines[m[1]] = i + 2
			}
		}
	}
}

// syntaxProblem turns a parser's error into a problem with the line in
// the file (the parsers count from the front matter's first line).
func syntaxProblem(file, format string, err error) *Problem {
	p := &Problem{File: file, Line: 1}
	msg := err.Error()
	var te toml.ParseError
	if errors.As(err, &te) {
		p.Line = te.Position.Line + 1
		msg = te.Message
	} else if m := yamlErrLine.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
		n, _ := strconv.Atoi(m[1])
		p.Line = n + 1
		msg = strings.SplitN(m[3], "\n", 2)[0]
	}
	p.VI = fmt.Sprintf("lỗi cú pháp %s trong phần thông tin đầu trang: %s", format, msg)
	p.EN = fmt.Sprintf("%s syntax error in front matter: %s", format, msg)
	return p
}
