package lint

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzPlainPattern checks that every regex plainPattern calls plain means exactly
// the plain match it suggests, on inputs built around the literal (case-sensitive,
// as |re is without i).
func FuzzPlainPattern(f *testing.F) {
	for _, s := range []string{".*foo.*", "^foo", "foo$", "^a\\.b$", `\$x\(`, "a.b", "^.*x", `x\\$`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		re, err := regexp.Compile(pattern)
		start, end, literal, ok := plainPattern(pattern)
		if err != nil || !ok {
			return // the parser rejects regexes RE2 cannot compile before lints run
		}
		plain := func(s string) bool {
			switch {
			case start && end:
				return s == literal
			case start:
				return strings.HasPrefix(s, literal)
			case end:
				return strings.HasSuffix(s, literal)
			}
			return strings.Contains(s, literal)
		}
		for _, s := range []string{"", literal, "x" + literal, literal + "x", "x" + literal + "y",
			literal[:len(literal)-1], strings.ToUpper(literal), "\n" + literal, literal + "\n"} {
			if re.MatchString(s) != plain(s) {
				t.Fatalf("pattern %q on %q: regex says %v, plain form (start %v, end %v, %q) says %v",
					pattern, s, re.MatchString(s), start, end, literal, plain(s))
			}
		}
	})
}
