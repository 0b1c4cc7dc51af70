package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case-insensitive operators (=~, in~, contains, startswith, has, …) compare
// strings rune by rune after mapping each rune to its simple upper case, as
// .NET's ordinal ignore-case comparison does (ToUpperInvariant per character).
// Microsoft Learn's "=~ (equals) operator" page once said case-insensitive
// operators handle ASCII only; the current page dropped that note, and the
// Kusto.Language oracle cannot settle it (it checks syntax and types, not
// results), so non-ASCII folding here follows the documented .NET rule and is
// pinned by tests.

// foldRune maps a rune to the form case-insensitive comparison uses.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	return unicode.ToUpper(r)
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldString maps every rune of s with foldRune; equal folded strings are
// equal under the case-insensitive operators.
func foldString(s string) string {
	if isASCII(s) {
		return asciiUpper(s)
	}
	return strings.Map(foldRune, s)
}

// foldKey folds s for a set lookup; callers look the result up at once, so
// the common ASCII case reuses buf instead of allocating.
func foldKey(s string, buf []byte) []byte {
	if !isASCII(s) {
		return append(buf[:0], foldString(s)...)
	}
	buf = append(buf[:0], s...)
	for i, c := range buf {
		if 'a' <= c && c <= 'z' {
			buf[i] = c - ('a' - 'A')
		}
	}
	return buf
}

func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

// isTermChar reports whether c belongs to a term: Microsoft Learn, "String
// operators" › "What is a term?": "each string value is broken into maximal
// sequences of ASCII alphanumeric characters, and each of those sequences is
// made into a term". Every other character, including non-ASCII letters,
// separates terms.
func isTermChar(c rune) bool {
	return c < utf8.RuneSelf && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
}

// matcher tests a haystack against a needle fixed at bind time.
type matcher func(h string) bool

// needle is a right-hand side prepared once: its runes (folded when the
// operator ignores case) and whether its ends are term characters.
type needle struct {
	text       string
	runes      []rune
	fold       bool
	ascii      bool
	startsTerm bool
	endsTerm   bool
}

func newNeedle(s string, fold bool) *needle {
	n := &needle{text: s, fold: fold, ascii: isASCII(s)}
	if fold {
		n.text = foldString(s)
	}
	n.runes = []rune(n.text)
	if len(n.runes) > 0 {
		n.startsTerm = isTermChar(n.runes[0])
		n.endsTerm = isTermChar(n.runes[len(n.runes)-1])
	}
	return n
}

// matchAt reports whether the needle occurs in h at byte offset i, and the
// offset just after the occurrence.
func (n *needle) matchAt(h string, i int) (int, bool) {
	if n.ascii && !n.fold {
		if strings.HasPrefix(h[i:], n.text) {
			return i + len(n.text), true
		}
		return 0, false
	}
	for _, want := range n.runes {
		if i >= len(h) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(h[i:])
		if n.fold {
			r = foldRune(r)
		}
		if r != want {
			return 0, false
		}
		i += size
	}
	return i, true
}

// occurrences calls f with the start and end of each occurrence of the needle
// in h until f returns true.
func (n *needle) occurrences(h string, f func(start, end int) bool) bool {
	for i := 0; i <= len(h); {
		if end, ok := n.matchAt(h, i); ok && f(i, end) {
			return true
		}
		if i == len(h) {
			break
		}
		_, size := utf8.DecodeRuneInString(h[i:])
		i += size
	}
	return false
}

// foldASCII reports whether both strings are ASCII, where folding is the
// ASCII upper case and strings.EqualFold decides equality exactly.
func (n *needle) foldASCII(h string) bool { return n.fold && n.ascii && isASCII(h) }

// equal is == (or =~ when folding).
func (n *needle) equal(h string) bool {
	if !n.fold {
		return h == n.text
	}
	if n.foldASCII(h) {
		return len(h) == len(n.text) && strings.EqualFold(h, n.text)
	}
	end, ok := n.matchAt(h, 0)
	return ok && end == len(h)
}

// contains is contains (or contains_cs).
func (n *needle) contains(h string) bool {
	if !n.fold {
		return strings.Contains(h, n.text)
	}
	if n.foldASCII(h) {
		return indexFoldASCII(h, n.text) >= 0
	}
	return n.occurrences(h, func(int, int) bool { return true })
}

// indexFoldASCII finds upper-case ASCII needle in ASCII h ignoring case,
// without allocating.
func indexFoldASCII(h, upper string) int {
	if len(upper) == 0 {
		return 0
	}
	first := upper[0]
	for i := 0; i+len(upper) <= len(h); i++ {
		c := h[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c == first && strings.EqualFold(h[i:i+len(upper)], upper) {
			return i
		}
	}
	return -1
}

// startsWith is startswith (or startswith_cs).
func (n *needle) startsWith(h string) bool {
	if !n.fold {
		return strings.HasPrefix(h, n.text)
	}
	if n.foldASCII(h) {
		return len(h) >= len(n.text) && strings.EqualFold(h[:len(n.text)], n.text)
	}
	_, ok := n.matchAt(h, 0)
	return ok
}

// endsWith is endswith (or endswith_cs).
func (n *needle) endsWith(h string) bool {
	if !n.fold {
		return strings.HasSuffix(h, n.text)
	}
	if n.foldASCII(h) {
		return len(h) >= len(n.text) && strings.EqualFold(h[len(h)-len(n.text):], n.text)
	}
	return n.occurrences(h, func(_, end int) bool { return end == len(h) })
}

// hasTerm is the term match of has (prefix and suffix select hasprefix and
// hassuffix): an occurrence counts when, at each end the operator anchors, the
// needle's edge is not glued to a neighbouring term character of h.
// Microsoft Learn, "has operator": "RHS is a whole term in LHS"; "hasprefix
// operator": "RHS is a term prefix in LHS"; "hassuffix operator": "RHS is a
// term suffix in LHS".
func (n *needle) hasTerm(h string, anchorStart, anchorEnd bool) bool {
	return n.occurrences(h, func(start, end int) bool {
		if anchorStart && n.startsTerm && start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(h[:start]); isTermChar(r) {
				return false
			}
		}
		if anchorEnd && n.endsTerm && end < len(h) {
			if r, _ := utf8.DecodeRuneInString(h[end:]); isTermChar(r) {
				return false
			}
		}
		return true
	})
}
