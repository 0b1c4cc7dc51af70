package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is what one piece of a compiled string pattern matches.
type tokenKind uint8

const (
	tokLiteral tokenKind = iota // exactly text (already case-folded unless cased)
	tokAny                      // any run of characters, possibly empty ('*')
	tokOne                      // exactly one character ('?')
	tokClass                    // exactly one character from a set (windash)
)

// token is one piece of a pattern. A character is one decoded rune, or one byte of
// invalid UTF-8.
type token struct {
	kind tokenKind
	text string // tokLiteral: the text; tokClass: the characters of the set
}

// pattern is a sequence of tokens; it matches a whole text.
type pattern []token

// segment is a run of fixed-width tokens between two tokAny.
type segment struct {
	tokens []token
	width  int // in characters
}

// globMatcher is a compiled pattern: segments split at '*'. The first must match at
// the start unless the pattern begins with '*', the last at the end unless it ends
// with '*', and those between are found leftmost-first, which is exact because every
// segment has a fixed width in characters.
type globMatcher struct {
	segments      []segment
	anchoredStart bool
	anchoredEnd   bool
	cased         bool
}

func compileGlob(p pattern, cased bool) *globMatcher {
	g := &globMatcher{cased: cased, anchoredStart: true, anchoredEnd: true}
	if len(p) > 0 && p[0].kind == tokAny {
		g.anchoredStart = false
	}
	if len(p) > 0 && p[len(p)-1].kind == tokAny {
		g.anchoredEnd = false
	}
	cur := segment{}
	for _, t := range p {
		if t.kind == tokAny {
			g.segments = append(g.segments, cur)
			cur = segment{}
			continue
		}
		if !cased {
			t.text = fold(t.text)
		}
		cur.tokens = append(cur.tokens, t)
		cur.width += t.width()
	}
	g.segments = append(g.segments, cur)
	return g
}

func (t token) width() int {
	if t.kind == tokLiteral {
		return charCount(t.text)
	}
	return 1
}

// match reports whether text (already folded unless the pattern is cased) matches.
func (g *globMatcher) match(text string) bool {
	segs := g.segments
	if len(segs) == 1 && g.anchoredStart && g.anchoredEnd {
		n, ok := segs[0].matchAt(text, 0)
		return ok && n == len(text)
	}
	pos := 0
	if g.anchoredStart {
		n, ok := segs[0].matchAt(text, 0)
		if !ok {
			return false
		}
		pos, segs = n, segs[1:]
	}
	var last *segment
	if g.anchoredEnd {
		last, segs = &segs[len(segs)-1], segs[:len(segs)-1]
	}
	for i := range segs {
		end, ok := segs[i].find(text, pos)
		if !ok {
			return false
		}
		pos = end
	}
	if last == nil {
		return true
	}
	start, ok := backChars(text, last.width)
	if !ok || start < pos {
		return false
	}
	n, ok := last.matchAt(text, start)
	return ok && n == len(text)
}

// matchAt matches the segment at byte offset pos and returns the offset after it.
func (s *segment) matchAt(text string, pos int) (int, bool) {
	for _, t := range s.tokens {
		switch t.kind {
		case tokLiteral:
			if !strings.HasPrefix(text[pos:], t.text) {
				return 0, false
			}
			pos += len(t.text)
		case tokOne, tokClass:
			if pos >= len(text) {
				return 0, false
			}
			r, size := utf8.DecodeRuneInString(text[pos:])
			if t.kind == tokClass && (size != utf8.RuneLen(r) || !strings.ContainsRune(t.text, r)) {
				return 0, false
			}
			pos += size
		}
	}
	return pos, true
}

// find returns the end of the leftmost match of the segment at or after pos. When
// the segment holds a literal, candidate starts come from strings.Index on it, so
// the scan skips text that cannot match.
func (s *segment) find(text string, pos int) (int, bool) {
	lit, before := s.anchor()
	if lit == "" {
		return s.scan(text, pos)
	}
	for from := pos; from <= len(text); {
		i := strings.Index(text[from:], lit)
		if i < 0 {
			return 0, false
		}
		at := from + i
		if start, ok := backChars(text[:at], before); ok && start >= pos {
			if end, ok := s.matchAt(text, start); ok {
				return end, true
			}
		}
		from = nextCharStart(text, at+1)
	}
	return 0, false
}

// scan tries every start from pos, for segments without a literal.
func (s *segment) scan(text string, pos int) (int, bool) {
	for start := pos; ; {
		if end, ok := s.matchAt(text, start); ok {
			return end, true
		}
		if start >= len(text) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		start += size
	}
}

// anchor returns the segment's first literal and how many characters precede it,
// or "" when the segment has no literal.
func (s *segment) anchor() (string, int) {
	for i, t := range s.tokens {
		if t.kind == tokLiteral {
			return t.text, i
		}
	}
	return "", 0
}

// nextCharStart moves i forward to the start of a character.
func nextCharStart(text string, i int) int {
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// backChars returns the byte offset n characters before the end of text.
func backChars(text string, n int) (int, bool) {
	end := len(text)
	for ; n > 0; n-- {
		if end == 0 {
			return 0, false
		}
		_, size := utf8.DecodeLastRuneInString(text[:end])
		end -= size
	}
	return end, true
}

// charCount counts characters the way the matcher steps: runes, with each byte of
// invalid UTF-8 counting as one.
func charCount(s string) int {
	n := 0
	for i := 0; i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return n
}

// fold maps text to the form case-insensitive comparison uses: every rune
// becomes its simple upper case (unicode.ToUpper), the per-character
// invariant upper-case mapping of .NET's ordinal ignore-case comparison that
// Kusto's case-insensitive operators follow (see the package doc). So 'a' and
// 'A' fold together and 'ſ' folds to 'S', but the Kelvin sign stays itself
// (it is already upper case), as do 'ß' and 'ẞ'; nothing changes length in
// runes (ß never becomes ss). Bytes of invalid UTF-8 are kept as they are, so
// distinct invalid inputs never compare equal.
func fold(s string) string {
	if isASCII(s) {
		return asciiUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(foldRune(r))
		}
		i += size
	}
	return b.String()
}

// foldRune is fold for one rune, with ASCII letters mapped without a table lookup.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	return unicode.ToUpper(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
