package participation

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// The WebP files in testdata/ were made with Debian's cwebp (package
// webp) from 32×24 PNGs, without metadata:
//
//	photo-lossy.webp: cwebp -q 80 -metadata none; left half red
//	  (220,30,30), right half blue (30,30,220).
//	photo-alpha.webp: cwebp -lossless -exact -metadata none; left half
//	  transparent, right half green (30,200,30).

var (
	red   = color.RGBA{220, 30, 30, 255}
	blue  = color.RGBA{30, 30, 220, 255}
	green = color.RGBA{30, 200, 30, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// halves is a w×h image, its left half a and its right half b.
func halves(w, h int, a, b color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if x < w/2 {
				m.Set(x, y, a)
			} else {
				m.Set(x, y, b)
			}
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// afterSOI puts JPEG segments right after a JPEG's start-of-image marker,
// where cameras put theirs.
func afterSOI(j []byte, segs ...[]byte) []byte {
	out := append([]byte{}, j[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

// segment is one JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	b := []byte{0xff, marker}
	b = binary.BigEndian.AppendUint16(b, uint16(len(payload)+2))
	return append(b, payload...)
}

// byteOrder is binary.BigEndian or binary.LittleEndian, as Exif allows.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

type tiffEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

// tiffIFD encodes an image file directory that starts at offset off of a
// TIFF structure, values over 4 bytes right after it, in byte order bo.
func tiffIFD(bo byteOrder, off uint32, es []tiffEntry) []byte {
	head := uint32(2 + 12*len(es) + 4)
	var b, extra []byte
	b = bo.AppendUint16(b, uint16(len(es)))
	for _, e := range es {
		b = bo.AppendUint16(b, e.tag)
		b = bo.AppendUint16(b, e.typ)
		b = bo.AppendUint32(b, e.count)
		if len(e.data) <= 4 {
			v := make([]byte, 4)
			copy(v, e.data)
			b = append(b, v...)
			continue
		}
		b = bo.AppendUint32(b, off+head+uint32(len(extra)))
		extra = append(extra, e.data...)
		if len(extra)%2 == 1 {
			extra = append(extra, 0)
		}
	}
	b = bo.AppendUint32(b, 0) // no next IFD
	return append(b, extra...)
}

func rationals(bo byteOrder, v ...uint32) []byte {
	var b []byte
	for _, x := range v {
		b = bo.AppendUint32(b, x)
	}
	return b
}

// exifAPP1 is a real Exif APP1 segment as a phone writes one: IFD0 with
// the camera's make (marker), the orientation and a pointer to a GPS IFD
// holding a position (Hoàn Kiếm lake) and marker again.
func exifAPP1(bo byteOrder, orientation uint16, marker string) []byte {
	short := bo.AppendUint16(nil, orientation)
	ifd0 := func(gps uint32) []byte {
		return tiffIFD(bo, 8, []tiffEntry{
			{0x010f, 2, uint32(len(marker) + 1), append([]byte(marker), 0)}, // Make
			{0x0112, 3, 1, short},                     // Orientation
			{0x8825, 4, 1, bo.AppendUint32(nil, gps)}, // GPSInfo IFD pointer
		})
	}
	gpsOff := uint32(8 + len(ifd0(0)))
	area := append([]byte("ASCII\x00\x00\x00"), marker...)
	gps := tiffIFD(bo, gpsOff, []tiffEntry{
		{0x0000, 1, 4, []byte{2, 2, 0, 0}},                      // GPSVersionID
		{0x0001, 2, 2, []byte("N\x00")},                         // GPSLatitudeRef
		{0x0002, 5, 3, rationals(bo, 21, 1, 1, 1, 4416, 100)},   // GPSLatitude 21°1'44.16"
		{0x0003, 2, 2, []byte("E\x00")},                         // GPSLongitudeRef
		{0x0004, 5, 3, rationals(bo, 105, 1, 51, 1, 1224, 100)}, // GPSLongitude 105°51'12.24"
		{0x001c, 7, uint32(len(area)), area},                    // GPSAreaInformation
	})
	tiff := []byte("MM\x00*")
	if bo == binary.LittleEndian {
		tiff = []byte("II*\x00")
	}
	tiff = bo.AppendUint32(tiff, 8)
	tiff = append(append(tiff, ifd0(gpsOff)...), gps...)
	return segment(0xe1, append([]byte("Exif\x00\x00"), tiff...))
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// pngHeaderOnly is a PNG with a valid header claiming w×h pixels of the
// given bit depth and colour type, and no image data at all: decoding it
// fails, so a refusal for its size proves the header was checked first.
func pngHeaderOnly(w, h uint32, depth, colorType byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	b := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
	return append(b, pngChunk("IEND", nil)...)
}

// jpegHeaderOnly is the start of a baseline JPEG whose frame header
// claims w×h pixels, with no image data.
func jpegHeaderOnly(w, h uint16) []byte {
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1}
	b := append([]byte{0xff, 0xd8}, segment(0xc0, sof)...)
	b = append(b, segment(0xda, []byte{3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0})...)
	return append(b, 0xff, 0xd9)
}

// webpHeaderOnly is a WebP whose extended header claims w×h pixels.
func webpHeaderOnly(w, h uint32) []byte {
	x := []byte{0, 0, 0, 0, byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16), byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
	chunk := append(binary.LittleEndian.AppendUint32([]byte("VP8X"), uint32(len(x))), x...)
	riff := binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(4+len(chunk)))
	return append(append(riff, "WEBP"...), chunk...)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// near reports whether c is within 40 of want on each channel: JPEG
// moves colours a little, never from red to blue.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v > -40 && v < 40 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// decodeCleaned decodes CleanPhoto's output by its stated type, which
// must agree with its magic bytes.
func decodeCleaned(t *testing.T, p Photo) image.Image {
	t.Helper()
	var m image.Image
	var err error
	switch {
	case p.Type == "image/jpeg" && bytes.HasPrefix(p.Data, []byte("\xff\xd8\xff")):
		m, err = jpeg.Decode(bytes.NewReader(p.Data))
	case p.Type == "image/png" && bytes.HasPrefix(p.Data, []byte("\x89PNG")):
		m, err = png.Decode(bytes.NewReader(p.Data))
	default:
		t.Fatalf("output type %q does not match its bytes % x", p.Type, p.Data[:min(8, len(p.Data))])
	}
	if err != nil {
		t.Fatalf("output does not decode: %v", err)
	}
	return m
}

func TestCleanPhotoAccepts(t *testing.T) {
	const marker = "MINHBACH-SERIAL-0042-GPS-MARKER"
	small := halves(40, 20, red, blue)
	withMeta := afterSOI(encodeJPEG(t, small),
		segment(0xe0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")),
		exifAPP1(binary.BigEndian, 1, marker),
		segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+marker+"</x:xmpmeta>")),
		segment(0xe2, []byte("ICC_PROFILE\x00\x01\x01"+marker)),
		segment(0xfe, []byte("comment "+marker)))
	withMeta = append(withMeta, []byte("trailing "+marker)...)
	pngMeta := encodePNG(t, small)
	pngMeta = append(pngMeta[:33:33], append(append(pngChunk("tEXt", []byte("Comment\x00"+marker)),
		pngChunk("eXIf", []byte("MM\x00*"+marker))...), pngMeta[33:]...)...)
	padded := encodeJPEG(t, small)
	padded = append(padded, make([]byte, MaxPhotoBytes-len(padded))...)
	grayNoise := image.NewGray(image.Rect(0, 0, 1500, 1500))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range grayNoise.Pix {
		grayNoise.Pix[i] = uint8(rng.Uint32())
	}

	type probe struct {
		x, y int
		want color.RGBA
	}
	tests := []struct {
		name   string
		in     []byte
		typ    string
		w, h   int
		probes []probe
	}{
		{"jpeg", encodeJPEG(t, small), "image/jpeg", 40, 20, []probe{{5, 10, red}, {35, 10, blue}}},
		{"png stays png", encodePNG(t, small), "image/png", 40, 20, []probe{{5, 10, red}, {35, 10, blue}}},
		{"jpeg with exif, gps, xmp, icc, comment", withMeta, "image/jpeg", 40, 20, []probe{{5, 10, red}, {35, 10, blue}}},
		{"png with text chunks", pngMeta, "image/png", 40, 20, nil},
		{"little-endian exif orientation 6 turns clockwise", afterSOI(encodeJPEG(t, small), exifAPP1(binary.LittleEndian, 6, marker)), "image/jpeg", 20, 40,
			[]probe{{10, 5, red}, {10, 35, blue}}},
		{"orientation 3 turns upside down", afterSOI(encodeJPEG(t, small), exifAPP1(binary.BigEndian, 3, marker)), "image/jpeg", 40, 20,
			[]probe{{5, 10, blue}, {35, 10, red}}},
		{"orientation 8 turns counter-clockwise", afterSOI(encodeJPEG(t, small), exifAPP1(binary.BigEndian, 8, marker)), "image/jpeg", 20, 40,
			[]probe{{10, 5, blue}, {10, 35, red}}},
		{"orientation out of range is ignored", afterSOI(encodeJPEG(t, small), exifAPP1(binary.BigEndian, 9, marker)), "image/jpeg", 40, 20, nil},
		{"webp lossy becomes jpeg", readTestdata(t, "photo-lossy.webp"), "image/jpeg", 32, 24, []probe{{4, 12, red}, {28, 12, blue}}},
		{"webp alpha on white", readTestdata(t, "photo-alpha.webp"), "image/jpeg", 32, 24, []probe{{4, 12, white}, {28, 12, green}}},
		{"png shrunk to 2000", encodePNG(t, halves(3000, 1500, red, blue)), "image/png", 2000, 1000, []probe{{100, 500, red}, {1900, 500, blue}}},
		{"jpeg shrunk under factor 2", encodeJPEG(t, halves(2500, 1000, red, blue)), "image/jpeg", 2000, 800, []probe{{100, 400, red}, {1900, 400, blue}}},
		{"tall jpeg shrunk by box and bilinear", encodeJPEG(t, halves(1000, 6000, red, blue)), "image/jpeg", 333, 2000, []probe{{50, 1000, red}, {300, 1000, blue}}},
		{"shrunk then turned", afterSOI(encodeJPEG(t, halves(4000, 2000, red, blue)), exifAPP1(binary.BigEndian, 6, marker)), "image/jpeg", 1000, 2000,
			[]probe{{500, 100, red}, {500, 1900, blue}}},
		{"exactly the size limit", padded, "image/jpeg", 40, 20, nil},
		{"png over 5 MB once cleaned becomes jpeg", encodePNG(t, grayNoise), "image/jpeg", 1500, 1500, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := CleanPhoto(tc.in)
			if err != nil {
				t.Fatalf("CleanPhoto: %v", err)
			}
			if p.Type != tc.typ {
				t.Errorf("type %q, want %q", p.Type, tc.typ)
			}
			m := decodeCleaned(t, p)
			if b := m.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tc.w, tc.h)
			}
			for _, pr := range tc.probes {
				if c := m.At(pr.x, pr.y); !near(c, pr.want) {
					t.Errorf("pixel (%d,%d) is %v, want about %v", pr.x, pr.y, c, pr.want)
				}
			}
			for _, s := range []string{"Exif", marker, "xmpmeta", "ns.adobe.com", "ICC_PROFILE", "tEXt", "eXIf", "JFIF\x00\x01\x01\x00\x00\x01"} {
				if bytes.Contains(p.Data, []byte(s)) {
					t.Errorf("output still contains %q", s)
				}
			}
		})
	}
	// The metadata really was there to be removed.
	for _, s := range []string{"Exif", marker, "ICC_PROFILE"} {
		if !bytes.Contains(withMeta, []byte(s)) {
			t.Errorf("test input lacks %q", s)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(withMeta)); err != nil {
		t.Errorf("test input with metadata is not a valid JPEG: %v", err)
	}
}

func TestCleanPhotoRefuses(t *testing.T) {
	var g bytes.Buffer
	if err := gif.Encode(&g, halves(8, 8, red, blue), nil); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, halves(64, 64, red, blue))
	pngData := encodePNG(t, halves(64, 64, red, blue))
	big := append([]byte{}, jpg...)
	big = append(big, make([]byte, 6<<20-len(big))...)
	tests := []struct {
		name string
		in   []byte
		want *PhotoError
	}{
		{"gif named photo.jpg", g.Bytes(), ErrPhotoType},
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), ErrPhotoType},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), ErrPhotoType},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrPhotoType},
		{"bmp", []byte("BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), ErrPhotoType},
		{"empty", nil, ErrPhotoType},
		{"truncated jpeg", jpg[:len(jpg)/2], ErrPhotoDamaged},
		{"jpeg magic then garbage", append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte("garbage"), 50)...), ErrPhotoDamaged},
		{"truncated png", pngData[:len(pngData)/2], ErrPhotoDamaged},
		{"png of no pixels", pngHeaderOnly(0, 10, 8, 2), ErrPhotoDamaged},
		{"webp magic then garbage", append([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{0x55}, 20)...), ErrPhotoDamaged},
		{"png header 20000x20000", pngHeaderOnly(20000, 20000, 8, 2), ErrPhotoDimensions},
		{"png side over 10000", pngHeaderOnly(10001, 10, 8, 2), ErrPhotoDimensions},
		{"png of 49 megapixels", pngHeaderOnly(7000, 7000, 8, 2), ErrPhotoDimensions},
		{"16-bit png of 36 megapixels", pngHeaderOnly(6000, 6000, 16, 6), ErrPhotoDimensions},
		{"jpeg header 20000x20000", jpegHeaderOnly(20000, 20000), ErrPhotoDimensions},
		{"webp header 16000x16000", webpHeaderOnly(16000, 16000), ErrPhotoDimensions},
		{"6 MB", big, ErrPhotoTooLarge},
		{"one byte over the limit", make([]byte, MaxPhotoBytes+1), ErrPhotoTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := CleanPhoto(tc.in)
			if err == nil {
				t.Fatalf("accepted as %s (%d bytes)", p.Type, len(p.Data))
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %q, want %q", err, tc.want)
			}
			var pe *PhotoError
			if !errors.As(err, &pe) || pe.VI != tc.want.VI || pe.EN != tc.want.EN {
				t.Fatalf("error %#v is not the *PhotoError %v", err, tc.want)
			}
			if got, want := err.Error(), tc.want.VI+" / "+tc.want.EN; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
			if pe == tc.want {
				t.Error("returned the shared sentinel itself")
			}
		})
	}
}

func TestPhotoErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *PhotoError
		want string
	}{
		{ErrPhotoTooLarge, "ảnh quá lớn (tối đa 5 MB) / photo too large (at most 5 MB)"},
		{ErrPhotoType, "tệp không phải ảnh JPEG, PNG hoặc WebP / not a JPEG, PNG or WebP image"},
		{ErrPhotoDamaged, "ảnh hỏng, không đọc được / the image is damaged and cannot be read"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	_, err := CleanPhoto([]byte("\xff\xd8\xff\xe0 not really"))
	if errors.Unwrap(err) == nil {
		t.Error("a damaged photo's error does not unwrap to the decoder's")
	}
	if errors.Is(err, ErrPhotoType) {
		t.Error("a damaged photo's error matches ErrPhotoType")
	}
}

func TestPhotoOrientation(t *testing.T) {
	// A 3×2 image of pixels a b c / d e f, turned each of Exif's 8 ways.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[i*4] = byte('a' + i)
		src.Pix[i*4+3] = 0xff
	}
	for _, tc := range []struct {
		o    int
		want []string
	}{
		{0, []string{"abc", "def"}},
		{1, []string{"abc", "def"}},
		{2, []string{"cba", "fed"}},
		{3, []string{"fed", "cba"}},
		{4, []string{"def", "abc"}},
		{5, []string{"ad", "be", "cf"}},
		{6, []string{"da", "eb", "fc"}},
		{7, []string{"fc", "eb", "da"}},
		{8, []string{"cf", "be", "ad"}},
		{9, []string{"abc", "def"}},
	} {
		m := orientPhoto(src, tc.o)
		var got []string
		for y := range m.Rect.Dy() {
			var row []byte
			for x := range m.Rect.Dx() {
				row = append(row, m.Pix[m.PixOffset(x, y)])
			}
			got = append(got, string(row))
		}
		if strings.Join(got, "/") != strings.Join(tc.want, "/") {
			t.Errorf("orientation %d: got %v, want %v", tc.o, got, tc.want)
		}
	}
}

func TestPhotoJPEGOrientation(t *testing.T) {
	j := encodeJPEG(t, halves(8, 8, red, blue))
	exif := func(bo byteOrder, o uint16) []byte { return exifAPP1(bo, o, "x") }
	// The TIFF structure of a big-endian Exif segment with orientation 6,
	// for the damaged cases.
	tiff := exif(binary.BigEndian, 6)[10:]
	withTIFF := func(t []byte) []byte { return afterSOI(j, segment(0xe1, append([]byte("Exif\x00\x00"), t...))) }
	set := func(b []byte, off int, v ...byte) []byte {
		b = append([]byte{}, b...)
		copy(b[off:], v)
		return b
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want int
	}{
		{"none", j, 1},
		{"big-endian 6", afterSOI(j, exif(binary.BigEndian, 6)), 6},
		{"little-endian 8", afterSOI(j, exif(binary.LittleEndian, 8)), 8},
		{"after JFIF and fill bytes", afterSOI(j, segment(0xe0, []byte("JFIF\x00")), []byte{0xff}, exif(binary.BigEndian, 3)), 3},
		{"xmp is not exif", afterSOI(j, segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00"))), 1},
		{"zero", afterSOI(j, exif(binary.BigEndian, 0)), 1},
		{"nine", afterSOI(j, exif(binary.BigEndian, 9)), 1},
		{"exif after the image data is not read", append(append([]byte{}, j[:len(j)-2]...), exif(binary.BigEndian, 6)...), 1},
		{"bad byte order", withTIFF(set(tiff, 0, 'X', 'X')), 1},
		{"IFD offset past the end", withTIFF(set(tiff, 4, 0xff, 0xff, 0xff, 0xf0)), 1},
		{"IFD offset inside the header", withTIFF(set(tiff, 4, 0, 0, 0, 2)), 1},
		{"entry count past the end reads the entries there are", withTIFF(set(tiff, 8, 0xff, 0xff)), 6},
		{"entry count stopping short of the orientation", withTIFF(set(tiff, 8, 0, 1)), 1},
		{"entries cut short", withTIFF(set(tiff[:8+2+12+6], 8, 0, 3)), 1},
		{"orientation as LONG", withTIFF(set(tiff, 8+2+12+2, 0, 4)), 1},
		{"orientation count 2", withTIFF(set(tiff, 8+2+12+4, 0, 0, 0, 2)), 1},
		{"truncated segment", withTIFF(tiff)[:2+4+6+12], 1},
		{"segment length past the end", append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff}, "Exif\x00\x00"...), 1},
		{"not a jpeg", []byte("\x89PNG\r\n\x1a\n"), 1},
		{"empty", nil, 1},
	} {
		if got := jpegOrientation(tc.in); got != tc.want {
			t.Errorf("%s: orientation %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestPhotoBoxShrink(t *testing.T) {
	// 5×3, k = 2: blocks of 2×2, 1×2 at the right, 2×1 at the bottom.
	src := image.NewGray(image.Rect(0, 0, 5, 3))
	copy(src.Pix, []byte{
		0, 255, 10, 10, 100,
		255, 0, 30, 30, 200,
		40, 40, 7, 9, 50,
	})
	m := boxShrink(src, 2)
	if m.Rect.Dx() != 3 || m.Rect.Dy() != 2 {
		t.Fatalf("size %v", m.Rect)
	}
	want := []byte{128, 20, 150, 40, 8, 50}
	for i, w := range want {
		if got := m.Pix[i*4]; got != w || m.Pix[i*4+3] != 0xff {
			t.Errorf("pixel %d: %d (alpha %d), want %d", i, got, m.Pix[i*4+3], w)
		}
	}
}

// FuzzCleanPhoto checks that no input makes CleanPhoto panic, and that
// whatever it accepts comes out a small, valid image. Its seeds run with
// the other tests.
func FuzzCleanPhoto(f *testing.F) {
	small := halves(12, 6, red, blue)
	f.Add(encodeJPEG(f, small))
	f.Add(afterSOI(encodeJPEG(f, small), exifAPP1(binary.LittleEndian, 6, "m")))
	f.Add(encodePNG(f, small))
	f.Add(readTestdata(f, "photo-lossy.webp"))
	f.Add(readTestdata(f, "photo-alpha.webp"))
	f.Add(pngHeaderOnly(20000, 20000, 8, 2))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := CleanPhoto(data)
		if err != nil {
			var pe *PhotoError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *PhotoError", err)
			}
			return
		}
		m := decodeCleaned(t, p)
		if b := m.Bounds(); max(b.Dx(), b.Dy()) > PhotoLongSide {
			t.Fatalf("output %v over %d", b, PhotoLongSide)
		}
	})
}

// BenchmarkCleanPhoto12MP cleans a 4000×3000 phone photo.
func BenchmarkCleanPhoto12MP(b *testing.B) {
	m := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range m.Y {
		m.Y[i] = uint8(i/4000/12 + rng.IntN(16))
	}
	data := encodeJPEG(b, m)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := CleanPhoto(data); err != nil {
			b.Fatal(err)
		}
	}
}
