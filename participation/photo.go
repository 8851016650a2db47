package participation

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Limits on the photos a feedback may carry. They bound what one upload
// can cost the server, whatever the file claims to be.
const (
	// MaxPhotoBytes is the most a photo may weigh as sent: a phone's
	// photo fits, a raw scan or a video renamed .jpg does not.
	MaxPhotoBytes = 5 << 20
	// MaxPhotoSide and MaxPhotoPixels bound a photo's dimensions, read
	// from its header before anything is decoded: a few kilobytes of
	// PNG can claim 20,000 × 20,000 pixels and ask for gigabytes of
	// memory (a decompression bomb). Phones take 12 to 50 megapixels.
	MaxPhotoSide   = 10000
	MaxPhotoPixels = 40_000_000
	// PhotoLongSide is the long side of a cleaned photo at most: enough
	// for staff to read a sign or see a pothole, a fraction of the bytes.
	PhotoLongSide = 2000
)

// photoQuality is the JPEG quality of cleaned photos: visually clean,
// about a tenth of the size of the quality a phone writes.
const photoQuality = 85

// maxDecodedBytes bounds the memory a decoded photo takes, so that a
// 16-bit PNG (8 bytes a pixel) is held to half the pixels of an 8-bit one.
const maxDecodedBytes = MaxPhotoPixels * 4

// PhotoError is why a photo was refused, in Vietnamese for the citizen
// and in English for logs and API clients. Its Error is "VI / EN".
// Compare with errors.Is against ErrPhotoTooLarge, ErrPhotoType,
// ErrPhotoDimensions and ErrPhotoDamaged; errors.Unwrap gives the
// decoder's own complaint, when there is one, for the logs.
type PhotoError struct {
	VI, EN string
	err    error
}

func (e *PhotoError) Error() string { return e.VI + " / " + e.EN }

// Unwrap gives the decoder's error behind a damaged photo, or nil.
func (e *PhotoError) Unwrap() error { return e.err }

// Is reports whether target is a PhotoError of the same kind, so that
// errors.Is(err, ErrPhotoDamaged) holds whatever the cause.
func (e *PhotoError) Is(target error) bool {
	t, ok := target.(*PhotoError)
	return ok && t.VI == e.VI && t.EN == e.EN
}

// The kinds of PhotoError CleanPhoto returns, for errors.Is. They are
// compared, never returned as such: each refusal is a new value.
var (
	ErrPhotoTooLarge   = &PhotoError{VI: "ảnh quá lớn (tối đa 5 MB)", EN: "photo too large (at most 5 MB)"}
	ErrPhotoType       = &PhotoError{VI: "tệp không phải ảnh JPEG, PNG hoặc WebP", EN: "not a JPEG, PNG or WebP image"}
	ErrPhotoDimensions = &PhotoError{VI: "ảnh có kích thước quá lớn (tối đa 10.000 điểm ảnh mỗi chiều, 40 triệu điểm ảnh)", EN: "image dimensions too large (at most 10,000 pixels a side, 40 megapixels)"}
	ErrPhotoDamaged    = &PhotoError{VI: "ảnh hỏng, không đọc được", EN: "the image is damaged and cannot be read"}
)

func photoErr(kind *PhotoError, cause error) error {
	return &PhotoError{VI: kind.VI, EN: kind.EN, err: cause}
}

// photoFormat is one accepted format, known by its first bytes.
type photoFormat struct {
	name   string
	magic  func([]byte) bool
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// photoFormats are the formats CleanPhoto accepts. Each is decoded by
// its own package, chosen by the file's magic bytes: never by its name,
// its claimed type, or whatever decoders other packages registered.
var photoFormats = [...]photoFormat{
	{"jpeg", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xff\xd8\xff")) }, jpeg.DecodeConfig, jpeg.Decode},
	{"png", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) }, png.DecodeConfig, png.Decode},
	{"webp", func(b []byte) bool {
		return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP"
	}, webp.DecodeConfig, webp.Decode},
}

// CleanPhoto makes a photo a citizen sent safe to keep and to show to
// staff. It accepts JPEG, PNG and WebP, told apart by their content;
// refuses anything over MaxPhotoBytes, or whose header claims more than
// MaxPhotoSide or MaxPhotoPixels, before decoding it; turns a JPEG the
// way its Exif orientation says, so that it is not shown sideways;
// shrinks it so that its long side is at most PhotoLongSide; and encodes
// it anew, as PNG for a PNG and JPEG otherwise. A PNG that would come out
// over MaxPhotoBytes (a photo saved as PNG) is encoded as JPEG instead.
//
// Only the pixels go through: the result carries none of the file's
// metadata (Exif with the GPS position and the phone's serial number,
// XMP, ICC profiles, PNG text chunks), nor anything hidden after them.
//
// A refusal is a *PhotoError. CleanPhoto holds the decoded photo in
// memory, up to about 160 MB for the largest one accepted: callers bound
// how many run at once.
func CleanPhoto(data []byte) (Photo, error) {
	if len(data) > MaxPhotoBytes {
		return Photo{}, photoErr(ErrPhotoTooLarge, nil)
	}
	var f *photoFormat
	for i := range photoFormats {
		if photoFormats[i].magic(data) {
			f = &photoFormats[i]
			break
		}
	}
	if f == nil {
		return Photo{}, photoErr(ErrPhotoType, nil)
	}
	cfg, err := f.config(bytes.NewReader(data))
	if err != nil {
		return Photo{}, photoErr(ErrPhotoDamaged, fmt.Errorf("participation: reading the %s header: %w", f.name, err))
	}
	if err := checkPhotoConfig(cfg); err != nil {
		return Photo{}, err
	}
	src, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, photoErr(ErrPhotoDamaged, fmt.Errorf("participation: decoding the %s photo: %w", f.name, err))
	}
	if b := src.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		// The decoders allocate by the header checked above; this only
		// makes sure of it.
		return Photo{}, photoErr(ErrPhotoDamaged, fmt.Errorf("participation: %s header says %dx%d, image is %dx%d", f.name, cfg.Width, cfg.Height, b.Dx(), b.Dy()))
	}
	m := shrinkPhoto(src, PhotoLongSide)
	if f.name == "jpeg" {
		m = orientPhoto(m, jpegOrientation(data))
	}
	var buf bytes.Buffer
	if f.name == "png" {
		if err := png.Encode(&buf, m); err != nil {
			return Photo{}, fmt.Errorf("participation: encoding a photo as PNG: %w", err)
		}
		if buf.Len() <= MaxPhotoBytes {
			return Photo{Type: "image/png", Data: buf.Bytes()}, nil
		}
		buf.Reset()
	}
	flattenOnWhite(m)
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: photoQuality}); err != nil {
		return Photo{}, fmt.Errorf("participation: encoding a photo as JPEG: %w", err)
	}
	return Photo{Type: "image/jpeg", Data: buf.Bytes()}, nil
}

// checkPhotoConfig refuses dimensions that would cost too much to decode.
func checkPhotoConfig(c image.Config) error {
	w, h := int64(c.Width), int64(c.Height)
	if w <= 0 || h <= 0 {
		return photoErr(ErrPhotoDamaged, fmt.Errorf("participation: photo header says %dx%d", w, h))
	}
	if w > MaxPhotoSide || h > MaxPhotoSide || w*h > MaxPhotoPixels || w*h*pixelBytes(c.ColorModel) > maxDecodedBytes {
		return photoErr(ErrPhotoDimensions, fmt.Errorf("participation: photo header says %dx%d", w, h))
	}
	return nil
}

// pixelBytes is about what one pixel of the colour model takes decoded.
func pixelBytes(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	}
	return 4
}

// shrinkPhoto copies src into a new RGBA image whose long side is at most
// long. Large factors go first through an integer box filter, streaming a
// few rows at a time: the x/image/draw kernels (CatmullRom and the like)
// keep a float64 buffer of 32 bytes per destination column and source
// row, some 200 MB for a 12-megapixel photo. The remaining factor, under
// 2, is left to draw.ApproxBiLinear, which needs no buffer and does not
// alias at such factors.
func shrinkPhoto(src image.Image, long int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	l := max(w, h)
	if l <= long {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Rect, src, b.Min, draw.Src)
		return dst
	}
	dw, dh := long, max(1, (h*long+l/2)/l)
	if h > w {
		dw, dh = max(1, (w*long+l/2)/l), long
	}
	if k := l / long; k >= 2 {
		src = boxShrink(src, k)
		b = src.Bounds()
		if b.Dx() == dw && b.Dy() == dh {
			return src.(*image.RGBA)
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	draw.ApproxBiLinear.Scale(dst, dst.Rect, src, b, draw.Src, nil)
	return dst
}

// boxShrink averages each k×k block of src into one pixel (the blocks at
// the right and bottom edges may be smaller). It converts k rows at a
// time to RGBA, with image/draw's fast paths for the decoders' images.
func boxShrink(src image.Image, k int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	ow, oh := (w+k-1)/k, (h+k-1)/k
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	strip := image.NewRGBA(image.Rect(0, 0, w, k))
	sum := make([]uint32, ow*4)
	for oy := range oh {
		y0 := b.Min.Y + oy*k
		rows := min(k, b.Max.Y-y0)
		draw.Draw(strip, image.Rect(0, 0, w, rows), src, image.Pt(b.Min.X, y0), draw.Src)
		clear(sum)
		for y := range rows {
			row := strip.Pix[y*strip.Stride : y*strip.Stride+w*4]
			for ox := range ow {
				s := sum[ox*4 : ox*4+4]
				for x := ox * k; x < min(ox*k+k, w); x++ {
					p := row[x*4 : x*4+4]
					s[0] += uint32(p[0])
					s[1] += uint32(p[1])
					s[2] += uint32(p[2])
					s[3] += uint32(p[3])
				}
			}
		}
		o := out.Pix[oy*out.Stride:]
		for ox := range ow {
			n := uint32(min(k, w-ox*k) * rows)
			for c := range 4 {
				o[ox*4+c] = uint8((sum[ox*4+c] + n/2) / n)
			}
		}
	}
	return out
}

// orientPhoto turns m as Exif orientation o (1 to 8) says: the photo as
// the phone held it rather than as its sensor stored it.
func orientPhoto(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = w-1-x, y
			case 3: // upside down
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored upside down
				sx, sy = x, h-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // held turned right: turn 90° clockwise
				sx, sy = y, h-1-x
			case 7: // transversed
				sx, sy = w-1-y, h-1-x
			case 8: // held turned left: turn 90° counter-clockwise
				sx, sy = w-1-y, x
			}
			copy(dst.Pix[y*dst.Stride+x*4:][:4], m.Pix[m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy):][:4])
		}
	}
	return dst
}

// flattenOnWhite lays m's transparent parts on white, as JPEG has no
// alpha and would show them black.
func flattenOnWhite(m *image.RGBA) {
	for i := 0; i+3 < len(m.Pix); i += 4 {
		if a := m.Pix[i+3]; a != 0xff {
			// Premultiplied: over white, each channel gains 255 - a.
			m.Pix[i] += 0xff - a
			m.Pix[i+1] += 0xff - a
			m.Pix[i+2] += 0xff - a
			m.Pix[i+3] = 0xff
		}
	}
}

// jpegOrientation reads the Exif orientation (tag 0x0112 of IFD0) from a
// JPEG's APP1 segment: 1 to 8, or 1 (as stored) when there is none or it
// makes no sense. It reads only the segments before the image data, and
// nothing but this one tag.
func jpegOrientation(b []byte) int {
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 1
		}
		m := b[i+1]
		switch {
		case m == 0xff: // fill byte
			i++
			continue
		case m == 0x01 || m >= 0xd0 && m <= 0xd8: // markers without a length
			i += 2
			continue
		case m == 0xda || m == 0xd9: // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if m == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return exifOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads the orientation tag from Exif's TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		// One SHORT (type 3), held in the entry itself.
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
