package match

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// parseTestPattern reads '*' and '?' as wildcards and '#' as a windash class, for
// compact test tables.
func parseTestPattern(s string) pattern {
	var p pattern
	for _, r := range s {
		switch r {
		case '*':
			p = append(p, token{kind: tokAny})
		case '?':
			p = append(p, token{kind: tokOne})
		case '#':
			p = append(p, token{kind: tokClass, text: windashChars})
		default:
			p = appendToken(p, token{kind: tokLiteral, text: string(r)})
		}
	}
	return p
}

// referenceRegexp is an independent reading of a test pattern: an anchored regular
// expression over runes, with (?i) for case-insensitive patterns.
func referenceRegexp(s string, cased bool) *regexp.Regexp {
	var b strings.Builder
	if !cased {
		b.WriteString("(?i)")
	}
	b.WriteString(`(?s)^`)
	for _, r := range s {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '#':
			b.WriteString("[-/\u2013\u2014\u2015]")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func globMatches(pat, text string, cased bool) bool {
	g := compileGlob(parseTestPattern(pat), cased)
	if !cased {
		text = fold(text)
	}
	return g.match(text)
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, text string
		want          bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "anything", true},
		{"abc", "ABC", true},
		{"a*c", "abbbc", true},
		{"a*c", "ac", true},
		{"a*c", "acb", false},
		{"a*a", "a", false},
		{"*ab*ab", "xabyab", true},
		{"*ab*ab", "xab", false},
		{"a?c", "abc", true},
		{"a?c", "aéc", true},
		{"a?c", "ac", false},
		{"*?", "", false},
		{"*?", "x", true},
		{"?*?", "x", false},
		{"#c", "/c", true},
		{"#c", "\u2014c", true},
		{"#c", "+c", false},
		{"*#c*", "cmd -c x", true},
		{"ÄÖ*", "äöx", true},
		{"*\u212a", "k", true},
		// Found by FuzzGlob: the literal's first occurrence is too close to the start
		// for the '?' before it, the second one matches.
		{"*?0*", "00", true},
		{"*?ab*", "abab", true},
	}
	for _, c := range cases {
		if got := globMatches(c.pattern, c.text, false); got != c.want {
			t.Errorf("glob %q on %q = %v, want %v", c.pattern, c.text, got, c.want)
		}
	}
}

// FuzzGlob checks the segment matcher against regexp on arbitrary patterns and
// texts, cased and folded: regexp's (?i) relates exactly the runes of one simple
// folding orbit, the relation fold must reproduce.
func FuzzGlob(f *testing.F) {
	for _, seed := range [][2]string{{"a*b?c", "aXXbYc"}, {"*#x*", "a /x"}, {"??*", "é"}, {"*a*a*", "aaa"}, {"*K?", "Kſ"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pat, text string) {
		if len(pat) > 64 || len(text) > 256 {
			return
		}
		if !utf8Valid(pat) || !utf8Valid(text) {
			return
		}
		for _, cased := range []bool{true, false} {
			want := referenceRegexp(pat, cased).MatchString(text)
			if got := globMatches(pat, text, cased); got != want {
				t.Errorf("glob %q on %q (cased %v) = %v, regexp says %v", pat, text, cased, got, want)
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestFold(t *testing.T) {
	same := [][2]string{
		{"abc", "ABC"},
		{"straße", "STRAßE"},
		{"\u212a", "k"},          // Kelvin sign
		{"\u017f", "S"},          // long s
		{"ς", "Σ"},               // final sigma
		{"\xff", "\xff"},         // invalid bytes stay themselves
		{"Ǆ", "ǅ"},               // title case
		{"İstanbul", "İSTANBUL"}, // dotted capital I folds only to itself
	}
	for _, p := range same {
		if fold(p[0]) != fold(p[1]) {
			t.Errorf("fold(%q) = %q, fold(%q) = %q; want equal", p[0], fold(p[0]), p[1], fold(p[1]))
		}
		if !strings.EqualFold(p[0], p[1]) {
			t.Errorf("strings.EqualFold(%q, %q) is false; the test pair is wrong", p[0], p[1])
		}
	}
	different := [][2]string{{"ß", "ss"}, {"İ", "i"}, {"\xff", "\xfe"}, {"\xff", "\uFFFD"}}
	for _, p := range different {
		if fold(p[0]) == fold(p[1]) {
			t.Errorf("fold(%q) == fold(%q); want different", p[0], p[1])
		}
	}
}

func TestBase64Offsets(t *testing.T) {
	// The variants pySigma's documentation and tests give for "/bin/bash".
	got := base64Offsets([]byte("/bin/bash"))
	want := [3]string{"L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"}
	if got != want {
		t.Errorf("base64Offsets(/bin/bash) = %q, want %q", got, want)
	}
	// UTF-16LE "ping": cuts depend on the byte length (8), not the character count.
	got = base64Offsets([]byte(encodeUTF16("ping", false)))
	want = [3]string{"cABpAG4AZw", "AAaQBuAGcA", "wAGkAbgBnA"}
	if got != want {
		t.Errorf("base64Offsets(utf16le ping) = %q, want %q", got, want)
	}
}

func TestEncodeUTF16(t *testing.T) {
	cases := []struct {
		text      string
		bigEndian bool
		want      string
	}{
		{"cmd", false, "c\x00m\x00d\x00"},
		{"cmd", true, "\x00c\x00m\x00d"},
		{"é", false, "\xe9\x00"},
		{"😀", false, "\x3d\xd8\x00\xde"}, // surrogate pair D83D DE00
	}
	for _, c := range cases {
		if got := encodeUTF16(c.text, c.bigEndian); got != c.want {
			t.Errorf("encodeUTF16(%q, %v) = %q, want %q", c.text, c.bigEndian, got, c.want)
		}
	}
}

func TestWindashPositions(t *testing.T) {
	cases := []struct{ in, want string }{
		{" -enc", " #enc"},
		{"-enc", "#enc"},
		{"/c", "#c"},
		{"Set-Item", "Set-Item"},
		{"a - b", "a - b"},
		{"--x", "-#x"},
		{"x -", "x -"},
		{" -a -b", " #a #b"},
	}
	for _, c := range cases {
		var b strings.Builder
		for _, t := range windash(parseTestPattern(c.in)) {
			if t.kind == tokClass {
				b.WriteByte('#')
			} else {
				b.WriteString(t.text)
			}
		}
		if b.String() != c.want {
			t.Errorf("windash(%q) = %q, want %q", c.in, b.String(), c.want)
		}
	}
}

// TestFoldRuneOrbits checks foldRune over every rune: it picks a member of the rune's
// own simple folding orbit (so runes of different orbits never fold together) and
// the same member for every rune of the orbit (so strings.EqualFold pairs always do).
func TestFoldRuneOrbits(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		f := foldRune(r)
		if !strings.EqualFold(string(f), string(r)) {
			t.Fatalf("foldRune(%U) = %U, outside its orbit", r, f)
		}
		if g := foldRune(unicode.SimpleFold(r)); g != f {
			t.Fatalf("foldRune(%U) = %U but foldRune(SimpleFold) = %U", r, f, g)
		}
	}
}
