package generator

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with the content, worded for staff who are
// not programmers: where it is (file, line, key) and what is wrong, in
// Vietnamese and in English.
type Problem struct {
	File string // relative to the source folder: "content/van-ban/x.md"
	Line int    // 1-based; 0 when the problem concerns the whole file
	Key  string // front matter key, "" when none
	VI   string
	EN   string
	// Warning marks problems that do not stop a build (a procedure citing
	// an expired law) but that staff must see.
	Warning bool
}

// Error formats the problem as file:line: message, the form editors and
// terminals turn into links.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("cảnh báo / warning: ")
	}
	if p.Key != "" {
		fmt.Fprintf(&b, "khóa %q / key %q: ", p.Key, p.Key)
	}
	b.WriteString(p.VI)
	if p.EN != "" && p.EN != p.VI {
		b.WriteString(" / ")
		b.WriteString(p.EN)
	}
	return b.String()
}

// Problems is every problem a build or check found. As an error it lists
// them all, one a line, so staff fix them in one go rather than one per
// build.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns the problems that are warnings.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// sorted orders problems by file and line so output is stable whatever
// order parallel work found them in.
func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}
