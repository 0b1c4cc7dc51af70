package lint

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// plainRegex reports a |re value whose pattern is a literal with at most anchors and
// leading or trailing ".*", such as ".*foo.*" or "^foo": a plain value with
// contains, startswith or endswith means exactly the same, reads better and
// converts to faster KQL than "matches regex". The suggestion keeps the meaning
// exact: a regex is case-sensitive unless i or (?i) is given, so the plain form
// gets |cased otherwise.
func plainRegex(m *ir.FieldMatch, v *ir.Regex) diag.List {
	pattern, ignoreCase := strings.CutPrefix(v.Pattern, "(?i)")
	ignoreCase = ignoreCase || v.IgnoreCase
	anchoredStart, anchoredEnd, literal, ok := plainPattern(pattern)
	if !ok || (v.Multiline && (anchoredStart || anchoredEnd)) {
		return nil
	}
	mods := []string{m.Field}
	switch {
	case anchoredStart && anchoredEnd:
	case anchoredStart:
		mods = append(mods, "startswith")
	case anchoredEnd:
		mods = append(mods, "endswith")
	default:
		mods = append(mods, "contains")
	}
	if !ignoreCase {
		mods = append(mods, "cased")
	}
	plain := fmt.Sprintf("%s: %s", strings.Join(mods, "|"), yamlQuote(ir.EscapeLiteral(literal)))
	d := diag.Warnf(v.At, RegexCouldBePlain, "regex %s matches exactly what %s does, which is clearer and faster",
		yamlQuote(v.Pattern), plain)
	d.Suggestions = []string{plain}
	return diag.List{d}
}

// plainPattern splits a regular expression into its anchors and the literal text
// between them. ok is false when anything but a literal remains once "^" or a
// leading ".*", and "$" or a trailing ".*", are taken off.
func plainPattern(p string) (anchoredStart, anchoredEnd bool, literal string, ok bool) {
	if anchoredStart = strings.HasPrefix(p, "^"); anchoredStart {
		p = p[1:]
	} else {
		p = strings.TrimPrefix(p, ".*")
	}
	if strings.HasSuffix(p, "$") && !escapedAt(p, len(p)-1) {
		anchoredEnd = true
		p = p[:len(p)-1]
	} else if strings.HasSuffix(p, ".*") && !escapedAt(p, len(p)-2) {
		p = p[:len(p)-2]
	}
	literal, ok = unescapeLiteral(p)
	return anchoredStart, anchoredEnd, literal, ok && literal != ""
}

// escapedAt reports whether the byte at i follows an odd run of backslashes.
func escapedAt(s string, i int) bool {
	run := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		run++
	}
	return run%2 == 1
}

// unescapeLiteral returns the text a regex fragment matches when it is a plain
// literal: ordinary characters and backslash-escaped punctuation. ok is false for
// any metacharacter or escape class (\d, \w, \x41, ...).
func unescapeLiteral(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 == len(p) || !isPunct(p[i+1]) {
				return "", false
			}
			i++
			b.WriteByte(p[i])
		case strings.IndexByte(`.+*?()[]{}|^$`, c) >= 0:
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// isPunct reports whether c is ASCII punctuation, which a backslash makes literal.
func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
}

// yamlQuote writes s as a single-quoted YAML scalar.
func yamlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
