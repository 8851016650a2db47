package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/minhbach/minhbach/participation"
)

// Config is site.toml. Only Title, BaseURL and LanguageCode are needed;
// everything else has a default that suits a Vietnamese agency portal.
type Config struct {
	Title        string `toml:"title"`
	BaseURL      string `toml:"baseURL"`
	LanguageCode string `toml:"languageCode"`
	// Description is the site's one-line summary (home meta description).
	Description string `toml:"description"`
	// Paginate is how many pages a list page shows.
	Paginate int `toml:"paginate"`
	// UnsafeHTML lets raw HTML in Markdown through; off by default so a
	// pasted fragment cannot inject scripts.
	UnsafeHTML bool `toml:"unsafeHTML"`
	// Typographer turns straight quotes and dashes into typographic ones.
	Typographer bool `toml:"typographer"`
	// Sections maps a content section to the type its pages get.
	Sections map[string]string `toml:"sections"`
	// Taxonomies maps a front matter key to the folder of its pages.
	Taxonomies map[string]string `toml:"taxonomies"`
	// Agency is the publishing agency, shown in the footer and required by
	// the decree on portals.
	Agency Agency `toml:"agency"`
	// Menu is the main navigation.
	Menu []MenuItem `toml:"menu"`
	// TopTasks are what citizens most often come to do, first on the
	// home page (see TopTasks).
	TopTasks []TopTask `toml:"top_tasks"`
	// Search configures the search service.
	Search SearchConfig `toml:"search"`
	// Participation configures citizens' comments, feedback and ratings.
	Participation participation.Config `toml:"participation"`
	// Content configures checks on the content itself (see ContentConfig).
	Content ContentConfig `toml:"content"`
	// Params are free keys for custom layouts.
	Params map[string]any `toml:"params"`
}

// Agency is the agency that publishes the site.
type Agency struct {
	Name    string `toml:"name"`
	Address string `toml:"address"`
	Phone   string `toml:"phone"`
	Email   string `toml:"email"`
	Hours   string `toml:"hours"`
	// Responsible is who is responsible for the portal's content, as the
	// decree on portals requires the footer to say.
	Responsible string `toml:"responsible"`
	// Desk is where citizens hand in and collect the dossiers of
	// administrative procedures ([agency.desk]).
	Desk Desk `toml:"desk"`
}

// Desk is the one-stop desk (Bộ phận Một cửa, at the province a Trung
// tâm Phục vụ hành chính công) that receives procedures' dossiers and
// returns their results. Every key may be left empty until it is checked
// against an official source; the layouts then say it is not yet known.
type Desk struct {
	Name    string `toml:"name"`
	Address string `toml:"address"`
	Phone   string `toml:"phone"`
	Email   string `toml:"email"`
	Hours   string `toml:"hours"`
}

// MenuItem is one entry of the main navigation.
type MenuItem struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// SearchConfig is the [search] table of site.toml.
type SearchConfig struct {
	// Index is the folder of the Bleve index, relative to the source.
	Index string `toml:"index"`
	// AllowOrigins are the origins allowed to call the API (CORS), for
	// portals that embed the search.
	AllowOrigins []string `toml:"allow_origins"`
	// Dictionary is a synonyms file, relative to the source; empty uses
	// the built-in dictionary.
	Dictionary string `toml:"dictionary"`
}

// defaultSections is the section-to-type mapping used when site.toml has
// none, as interfaces.md fixes it.
var defaultSections = map[string]string{
	"van-ban":   "document",
	"thu-tuc":   "procedure",
	"cong-khai": "disclosure",
	"tin-tuc":   "news",
}

// defaultTaxonomies are the taxonomies a portal needs: fields for all
// pages, then the document and procedure facets of content.md.
var defaultTaxonomies = map[string]string{
	"fields": "linh-vuc",
	"tags":   "the",
	"kind":   "loai-van-ban",
	"issuer": "co-quan-ban-hanh",
	"level":  "cap-thuc-hien",
	"agency": "co-quan-thuc-hien",
}

// LoadConfig reads DIR/site.toml and fills in defaults.
func LoadConfig(dir string) (*Config, error) {
	path := filepath.Join(dir, "site.toml")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: không tìm thấy tệp cấu hình / site.toml not found", path)
	}
	if err != nil {
		return nil, err
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("site.toml:%d: lỗi cú pháp TOML / TOML syntax error: %s", pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("site.toml: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("site.toml: khóa không xác định / unknown key: %s", strings.Join(keys, ", "))
	}
	if c.Title == "" {
		return nil, fmt.Errorf("site.toml: thiếu khóa \"title\" / missing key \"title\"")
	}
	if err := c.Content.validate(md); err != nil {
		return nil, err
	}
	c.applyDefaults()
	return &c, nil
}

func (c *Config) applyDefaults() {
	if c.LanguageCode == "" {
		c.LanguageCode = "vi"
	}
	if c.Paginate <= 0 {
		c.Paginate = 20
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.Sections == nil {
		c.Sections = map[string]string{}
	}
	for k, v := range defaultSections {
		if _, ok := c.Sections[k]; !ok {
			c.Sections[k] = v
		}
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]string{}
		for k, v := range defaultTaxonomies {
			c.Taxonomies[k] = v
		}
	}
	if c.Search.Index == "" {
		c.Search.Index = ".cache/index"
	}
	if c.Agency.Name == "" {
		c.Agency.Name = c.Title
	}
	if c.Content.ReviewMonths == 0 {
		c.Content.ReviewMonths = defaultReviewMonths
	}
}

// IndexDir is the search index folder of a site whose sources are in
// source: [search] index as written when it is absolute, else under the
// source folder. Every command that reads or writes the index asks here,
// so that build and serve never disagree on where it is.
func (c *Config) IndexDir(source string) string {
	return underSource(source, c.Search.Index)
}

// DictionaryPath is the site's synonyms file, or "" for the built-in
// dictionary; like IndexDir, an absolute path is taken as written.
func (c *Config) DictionaryPath(source string) string {
	if c.Search.Dictionary == "" {
		return ""
	}
	return underSource(source, c.Search.Dictionary)
}

func underSource(source, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(source, p)
}
