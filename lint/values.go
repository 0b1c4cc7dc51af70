package lint

import (
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// detectionValues runs the lints that look at single field matches and values.
func detectionValues(det *ir.Detection) diag.List {
	var ds diag.List
	for _, s := range det.Searches {
		for _, g := range s.Alternatives {
			for _, m := range g.Matches {
				ds.Add(fieldMatch(m)...)
			}
		}
	}
	return ds
}

// fieldMatch lints one "field|modifiers: values" item.
func fieldMatch(m *ir.FieldMatch) diag.List {
	var ds diag.List
	if m.All() && len(m.Values) == 1 {
		ds.Warnf(modifierPos(m, ir.ModAll), AllSingleValue, "the all modifier has no effect on a single value")
	}
	for _, v := range m.Values {
		switch v := v.(type) {
		case *ir.String:
			ds.Add(accidentalEscape(v)...)
			ds.Add(numberAsString(m, v)...)
		case *ir.Regex:
			ds.Add(plainRegex(m, v)...)
		}
	}
	return ds
}

// modifierPos returns where modifier k is written in m's chain, or m's position.
func modifierPos(m *ir.FieldMatch, k ir.ModifierKind) diag.Pos {
	for _, mod := range m.Modifiers {
		if mod.Kind == k && mod.Pos.Line > 0 {
			return mod.Pos
		}
	}
	return m.Pos
}

// pathSeparator matches a backslash followed by a character that starts a path
// component: a letter, a digit, '.', '$' or '%'.
var pathSeparator = regexp.MustCompile(`\\[A-Za-z0-9.$%]`)

// accidentalEscape reports "\*" and "\?" in a value that also uses '\' as a Windows
// path separator: there the author almost always meant a separator followed by a
// wildcard ("C:\Users\*\AppData"), which Sigma spells "\\*". Outside paths ("-Filter
// \*", ".php\?id=") the escape is usually deliberate and is not reported.
func accidentalEscape(v *ir.String) diag.List {
	fixed, found := doubleEscapes(v.Raw)
	if !found || !pathSeparator.MatchString(v.Raw) {
		return nil
	}
	d := diag.Warnf(v.At, AccidentalEscape,
		`%s escapes a wildcard after a path separator, so it matches a literal '*' or '?'; write %s for a separator followed by a wildcard`,
		yamlQuote(v.Raw), yamlQuote(fixed))
	d.Suggestions = []string{fixed}
	return diag.List{d}
}

// doubleEscapes returns raw with every escaped wildcard that follows a path
// component ("temp\*": one backslash after a name character) turned into an
// escaped backslash followed by the wildcard, and whether there was any. An escape
// after escaped backslashes ('\\\\\*\\IPC$', the literal share name \\*\IPC$)
// shows that the author knew the escape rules, and is left alone.
func doubleEscapes(raw string) (string, bool) {
	var b strings.Builder
	found, run := false, 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if (c == '*' || c == '?') && run == 1 && i >= 2 && isNameByte(raw[i-2]) {
			b.WriteByte('\\')
			found = true
		}
		if c == '\\' {
			run++
		} else {
			run = 0
		}
		b.WriteByte(c)
	}
	return b.String(), found
}

// isNameByte reports whether c may end a Windows path component.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._-$%}", c) >= 0
}

// quotedNumber matches the decimal integers a quoted value may hide; a leading
// zero (as in '0644' or '007') usually means the text is meant.
var quotedNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,17})$`)

// numericFieldSuffixes end the names of fields that usually hold numbers
// (EventID, ProcessId, DestinationPort, LogonType, Status, Flags, ...). Other fields
// such as a user agent may hold digits as text on purpose.
var numericFieldSuffixes = []string{"id", "port", "code", "count", "size", "level", "status", "flags", "type", "number", "length"}

// numberAsString reports a quoted decimal number compared with a numeric-looking
// field as is (no modifier but all): the author most likely meant the number, and a
// string compares as text against numeric columns.
func numberAsString(m *ir.FieldMatch, v *ir.String) diag.List {
	if !v.Quoted || !quotedNumber.MatchString(v.Raw) || !looksNumeric(m.Field) {
		return nil
	}
	for _, mod := range m.Modifiers {
		if mod.Kind != ir.ModAll {
			return nil
		}
	}
	d := diag.Warnf(v.At, NumberAsString, "%s: '%s' is quoted, so it is compared as text; write %s unquoted if the field is numeric",
		m.Field, v.Raw, v.Raw)
	d.Suggestions = []string{v.Raw}
	return diag.List{d}
}

// looksNumeric reports whether a field name ends like the name of a numeric field.
func looksNumeric(field string) bool {
	lower := strings.ToLower(field)
	for _, suffix := range numericFieldSuffixes {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return false
}
