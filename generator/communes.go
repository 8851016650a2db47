package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"
)

// CommunesFile is the list of the province's communes, wards and special
// zones (cấp xã), relative to the source folder. Forms offer it and the
// server accepts only its names; it changes when the units are
// rearranged, which is a content edit, not a code change.
const CommunesFile = "content/don-vi-hanh-chinh.toml"

// Communes is CommunesFile: the units and where the list comes from.
type Communes struct {
	AsOf     time.Time `toml:"as_of"`
	Verified bool      `toml:"verified"`
	Sources  []Source  `toml:"sources"`
	Units    []Commune `toml:"unit"`
}

// Source is a document a list was taken from.
type Source struct {
	Title string `toml:"title"`
	URL   string `toml:"url"`
}

// Commune is one commune-level unit.
type Commune struct {
	Name           string `toml:"name"` // "Phường Cẩm Thành", type word included
	Kind           string `toml:"kind"` // "xã", "phường" or "đặc khu"
	FormerProvince string `toml:"former_province"`
}

// Names lists the units' names in Vietnamese dictionary order of the
// name after its type word, the order a citizen looks for "Tịnh Khê" in
// a list mixing xã and phường.
func (c *Communes) Names() []string {
	if c == nil {
		return nil
	}
	out := make([]string, len(c.Units))
	for i, u := range c.Units {
		out[i] = u.Name
	}
	less := vnOrder()
	bare := func(n string) string {
		for _, w := range []string{"Xã ", "Phường ", "Đặc khu "} {
			if rest, ok := strings.CutPrefix(n, w); ok {
				return rest
			}
		}
		return n
	}
	sort.SliceStable(out, func(i, j int) bool { return less(bare(out[i]), bare(out[j])) })
	return out
}

// loadCommunes reads CommunesFile; a site without one has no list (the
// commune stays a free choice nobody can make). A name twice, one not in
// NFC, or an unknown kind is a problem naming the line's unit.
func loadCommunes(source string) (*Communes, Problems) {
	b, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(CommunesFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	prob := func(line int, key, vi, en string) Problems {
		return Problems{{File: CommunesFile, Line: line, Key: key, VI: vi, EN: en}}
	}
	if err != nil {
		return nil, prob(0, "", "không đọc được tệp: "+err.Error(), "cannot read the file: "+err.Error())
	}
	var c Communes
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, prob(pe.Position.Line, "", "sai cú pháp TOML: "+pe.Message, "TOML syntax error: "+pe.Message)
		}
		return nil, prob(0, "", "sai cấu trúc: "+err.Error(), "wrong structure: "+err.Error())
	}
	var probs Problems
	for _, k := range md.Undecoded() {
		probs = append(probs, prob(0, k.String(), "khóa không xác định", "unknown key")...)
	}
	seen := map[string]bool{}
	for i, u := range c.Units {
		where := fmt.Sprintf("unit[%d]", i)
		switch {
		case u.Name == "":
			probs = append(probs, prob(0, where+".name", "thiếu tên đơn vị", "the unit has no name")...)
		case !norm.NFC.IsNormalString(u.Name):
			probs = append(probs, prob(0, where+".name", fmt.Sprintf("tên %q chưa chuẩn Unicode NFC", u.Name), fmt.Sprintf("name %q is not in Unicode NFC", u.Name))...)
		case seen[u.Name]:
			probs = append(probs, prob(0, where+".name", fmt.Sprintf("tên %q trùng", u.Name), fmt.Sprintf("name %q is listed twice", u.Name))...)
		}
		seen[u.Name] = true
		if u.Kind != "xã" && u.Kind != "phường" && u.Kind != "đặc khu" {
			probs = append(probs, prob(0, where+".kind", fmt.Sprintf("loại %q phải là xã, phường hoặc đặc khu", u.Kind), fmt.Sprintf("kind %q must be xã, phường or đặc khu", u.Kind))...)
		}
	}
	return &c, probs
}
