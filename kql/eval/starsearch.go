package eval

import (
	"strings"
	"unicode/utf8"
)

// containerSearch answers a string operator over a dynamic bag or array that
// * reached. No Learn page says what * does with such a column; Microsoft's
// FinOps toolkit guidelines (microsoft/finops-toolkit, pull request 2223,
// "Add KQL string matching and join/lookup rules to the coding guidelines")
// state that string operators on a dynamic object or array run against its
// JSON serialization. The engine follows that reading where it is certain:
// when the needle cannot span JSON punctuation or layout, a match in the JSON
// text lies inside one token (a quoted, escaped key or string, or a literal),
// whatever the key order or spacing. Otherwise it answers only when the JSON
// text, the values, and the keys and values all agree, and reports certain
// false when they do not.
func containerSearch(d any, needle string, test func(string) bool) (hit, certain bool) {
	if tokenBound(needle, d) {
		lead, trail := len(needle)-len(strings.TrimLeft(needle, " ")), len(needle)-len(strings.TrimRight(needle, " "))
		compact := jsonTokenHit(d, tokenTest(test, "", ""))
		if lead == 0 && trail == 0 {
			return compact, true
		}
		spaced := jsonTokenHit(d, tokenTest(test, strings.Repeat(" ", lead), strings.Repeat(" ", trail)))
		return compact, compact == spaced
	}
	jsonHit := test(dynamicJSON(d))
	var valueHit, keyHit bool
	walkDynamic(d, func(s string, isKey bool) {
		if test(s) {
			if isKey {
				keyHit = true
			} else {
				valueHit = true
			}
		}
	})
	keysAndValues := valueHit || keyHit
	return valueHit, jsonHit == valueHit && valueHit == keysAndValues
}

// tokenBound reports whether every match of needle in the JSON text of d
// must lie inside a single token, give or take the spaces a layout may put
// beside it: the needle holds no JSON punctuation, no control or non-ASCII
// characters (their escaping varies), and no characters of a number when d
// holds a real (real formatting varies). Spaces at the needle's edges can
// meet layout spaces; containerSearch then answers only if the compact and
// the spaced layouts agree.
func tokenBound(needle string, d any) bool {
	if strings.TrimSpace(needle) == "" {
		return false
	}
	for _, r := range needle {
		if r < 0x20 || r >= utf8.RuneSelf || strings.ContainsRune("{}[]:,", r) {
			return false
		}
	}
	return !(holdsReal(d) && strings.ContainsAny(needle, "0123456789.eE+-"))
}

func holdsReal(d any) bool {
	switch d := d.(type) {
	case float64:
		return true
	case []any:
		for _, e := range d {
			if holdsReal(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range d {
			if holdsReal(e) {
				return true
			}
		}
	}
	return false
}

// tokenTest tests a token as it may appear in the JSON text: bare, or with
// layout spaces before and after it.
func tokenTest(test func(string) bool, before, after string) func(string) bool {
	if before == "" && after == "" {
		return test
	}
	return func(tok string) bool {
		return test(before+tok) || test(tok+after) || test(before+tok+after)
	}
}

// jsonTokenHit tests every token of d's JSON text: keys and strings quoted
// and escaped, numbers, true, false and null.
func jsonTokenHit(d any, test func(string) bool) bool {
	switch d := d.(type) {
	case []any:
		for _, e := range d {
			if jsonTokenHit(e, test) {
				return true
			}
		}
		return false
	case map[string]any:
		for k, e := range d {
			if test(quoteJSON(k)) || jsonTokenHit(e, test) {
				return true
			}
		}
		return false
	case string:
		return test(quoteJSON(d))
	}
	return test(dynamicJSON(d))
}

// walkDynamic calls visit with the text of every scalar value and every key.
func walkDynamic(d any, visit func(s string, isKey bool)) {
	switch d := d.(type) {
	case []any:
		for _, e := range d {
			walkDynamic(e, visit)
		}
	case map[string]any:
		for k, e := range d {
			visit(k, true)
			walkDynamic(e, visit)
		}
	case nil:
	default:
		visit(toStringValue(Dynamic(d)), false)
	}
}

// quoteJSON writes s as a JSON string with the standard escapes only (no
// HTML escaping of <, > and &, which Kusto's JSON does not do). It is not
// kql.QuoteString: JSON text escapes \b and \f by name, where a KQL literal
// writes \u0008, so the two stay apart.
func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[r>>4])
				b.WriteByte("0123456789abcdef"[r&0xf])
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
