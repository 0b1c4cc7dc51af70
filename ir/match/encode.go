package match

import (
	"encoding/base64"
	"strings"
	"unicode/utf16"
)

// This file holds the interpreter's own encoders for the encoding modifiers. They
// deliberately share nothing with the KQL backend's, so that the differential test
// compares two independent readings of the specification.

// bomText is the byte order mark the utf16 modifier prepends, as the character
// U+FEFF (as pySigma does); when the value is base64-encoded afterwards it becomes
// the UTF-16LE bytes FF FE (see base64Input).
const bomText = "\ufeff"

// encodeUTF16 returns text as UTF-16 code units, little- or big-endian, in a byte
// string (so "cmd" becomes "c\x00m\x00d\x00" little-endian).
func encodeUTF16(text string, bigEndian bool) string {
	units := utf16.Encode([]rune(text))
	var b strings.Builder
	b.Grow(2 * len(units))
	for _, u := range units {
		lo, hi := byte(u), byte(u>>8)
		if bigEndian {
			lo, hi = hi, lo
		}
		b.WriteByte(lo)
		b.WriteByte(hi)
	}
	return b.String()
}

// base64Input returns the bytes the base64 modifiers encode: the value's bytes, except
// that after the utf16 modifier a leading U+FEFF (UTF-8 EF BB BF) becomes FF FE.
func base64Input(text string, afterUTF16 bool) []byte {
	if afterUTF16 && strings.HasPrefix(text, bomText) {
		return append([]byte{0xff, 0xfe}, text[len(bomText):]...)
	}
	return []byte(text)
}

// base64Offsets returns the three base64offset variants of data: the value encoded
// after 0, 1 and 2 bytes of unknown prefix, keeping only the characters that depend
// on data alone. With a prefix of i bytes, the first 0, 2 or 3 characters depend on
// the prefix; at the end, the characters that mix data with padding are cut: three
// when (len+i) mod 3 is 1, two when it is 2, none when it is 0. These are the cuts
// pySigma makes, over the encoded byte length.
func base64Offsets(data []byte) [3]string {
	startCut := [3]int{0, 2, 3}
	endCut := [3]int{0, 3, 2}
	var out [3]string
	for i := range 3 {
		padded := append(make([]byte, i, i+len(data)), data...)
		for j := range i {
			padded[j] = ' '
		}
		enc := base64.StdEncoding.EncodeToString(padded)
		end := len(enc) - endCut[(len(data)+i)%3]
		start := min(startCut[i], end)
		out[i] = enc[start:end]
	}
	return out
}

// b64 is standard base64 with padding, as pySigma's b64encode.
func b64(data []byte) string { return base64.StdEncoding.EncodeToString(data) }
