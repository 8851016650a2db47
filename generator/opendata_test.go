package generator

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestOpenData checks the files of /du-lieu/ against their documented
// shape: JSON that decodes into the documented rows and nothing else, and
// CSV that Excel opens as UTF-8 (a BOM) with the documented columns.
func TestOpenData(t *testing.T) {
	dir := newSite(t, map[string]string{
		"van-ban/cu.md":      "+++\ntitle = \"Luật Đất đai 2013\"\nnumber = \"45/2013/QH13\"\nkind = \"Luật\"\nissuer = [\"Quốc hội\"]\nissued = 2013-11-29\neffective = 2014-07-01\nreplaced_by = [\"31/2024/QH15\"]\n+++\n",
		"van-ban/moi.md":     "+++\ntitle = \"Luật Đất đai 2024\"\nnumber = \"31/2024/QH15\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2024-01-18\neffective = 2024-08-01\n+++\n",
		"thu-tuc/cap-lai.md": "+++\ntitle = \"Cấp lại giấy chứng nhận, do bị mất\"\ncode = \"1.000001\"\nlevel = [\"Cấp tỉnh\"]\nagency = \"Văn phòng Đăng ký đất đai\"\nprocessing_days = 10\nbasis = [\"31/2024/QH15\"]\nverified = false\nfees = [{ name = \"Lệ phí\", note = \"theo nghị quyết HĐND tỉnh\" }, { name = \"Phí thẩm định\", amount = 50000 }]\n+++\n",
	})
	site, probs := loadSite(t, dir, "2026-11-26")
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	files := map[string][]byte{}
	if err := writeOpenData(site, func(rel string, b []byte) error { files[rel] = b; return nil }); err != nil {
		t.Fatal(err)
	}

	var docs []OpenDocument
	dec := json.NewDecoder(bytes.NewReader(files["du-lieu/van-ban.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&docs); err != nil {
		t.Fatalf("van-ban.json does not match the documented shape: %v", err)
	}
	if len(docs) != 2 || docs[1].Number != "45/2013/QH13" || docs[1].Status != "hết hiệu lực toàn bộ" ||
		docs[1].Expired != "2024-08-01" || !slices.Equal(docs[1].ReplacedBy, []string{"31/2024/QH15"}) || docs[1].StatusAsOf != "2026-11-26" {
		t.Errorf("documents: %+v", docs)
	}
	var procs []OpenProcedure
	dec = json.NewDecoder(bytes.NewReader(files["du-lieu/thu-tuc.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&procs); err != nil {
		t.Fatalf("thu-tuc.json does not match the documented shape: %v", err)
	}
	if len(procs) != 1 || procs[0].Verified || procs[0].Fees[0].Amount != nil || *procs[0].Fees[1].Amount != 50000 {
		t.Errorf("procedures: %+v", procs)
	}

	for name, cols := range map[string][]string{"du-lieu/van-ban.csv": documentColumns, "du-lieu/thu-tuc.csv": procedureColumns} {
		b := files[name]
		if !bytes.HasPrefix(b, []byte(utf8BOM)) {
			t.Errorf("%s: no UTF-8 BOM; Excel would garble the diacritics", name)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(utf8BOM)))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(rows[0], cols) {
			t.Errorf("%s: columns %v, want %v", name, rows[0], cols)
		}
		for _, r := range rows[1:] {
			if len(r) != len(cols) {
				t.Errorf("%s: row with %d cells, want %d", name, len(r), len(cols))
			}
		}
	}
	if !strings.Contains(string(files["du-lieu/thu-tuc.csv"]), "\"Cấp lại giấy chứng nhận, do bị mất\"") {
		t.Errorf("a title with a comma must be quoted in the CSV")
	}
}
