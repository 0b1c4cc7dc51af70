package guard

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzCheckReadOnly checks, independently of the parse tree, that nothing the
// guard lets through starts with a dot once whitespace and // comments are
// skipped, which is how Kusto tells a management command from a query.
func FuzzCheckReadOnly(f *testing.F) {
	for _, s := range []string{"T | take 1", ".drop table T", "// c\n.show tables", "let x = 1; T", " \t. alter"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(CheckReadOnly(src)) > 0 {
			return
		}
		if rest := skipSpaceAndComments(src); strings.HasPrefix(rest, ".") {
			t.Fatalf("allowed a command: %q", src)
		}
	})
}

func skipSpaceAndComments(s string) string {
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
		if !strings.HasPrefix(s, "//") {
			return s
		}
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		} else {
			return ""
		}
	}
}
