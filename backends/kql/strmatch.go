package kql

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// stringTest matches text against a Sigma string value: plain text with =~ (== when
// cased), a leading/trailing/both '*' with endswith/startswith/contains (_cs when
// cased), a lone '*' with isnotempty, and any other wildcard shape with an anchored
// RE2 regex (warning regex-fallback). KQL's has is never used: it matches terms, not
// substrings.
func (b *builder) stringTest(text expr, v *ir.String, cased bool) expr {
	if v.HasPlaceholders() {
		return b.placeholderTest(text, v, cased)
	}
	parts := collapseStars(v.Parts)
	for _, p := range parts {
		if why := literalProblem(p.Text); p.Kind == ir.Literal && why != "" {
			b.diags.Errorf(v.At, CodeUnsupportedValue, "value %s cannot be written in KQL: %s", v.String(), why)
			return nil
		}
	}
	if op, lit, ok := stringOperator(parts); ok {
		if op == "isnotempty" {
			return call(op, text)
		}
		if cased {
			op = casedOps[op]
		}
		return binaryExpr{left: text, op: op, right: stringLit(lit)}
	}
	b.diags.Warnf(v.At, CodeRegexFallback, "value %s is matched with a regular expression", v.String())
	return binaryExpr{left: text, op: "matches regex", right: stringLit(wildcardRegex(parts, cased))}
}

// collapseStars merges runs of '*', which match the same as one.
func collapseStars(parts []ir.Part) []ir.Part {
	if !hasStarRun(parts) {
		return parts
	}
	out := make([]ir.Part, 0, len(parts))
	for _, p := range parts {
		if p.Kind == ir.AnyChars && len(out) > 0 && out[len(out)-1].Kind == ir.AnyChars {
			continue
		}
		out = append(out, p)
	}
	return out
}

func hasStarRun(parts []ir.Part) bool {
	for i := 1; i < len(parts); i++ {
		if parts[i].Kind == ir.AnyChars && parts[i-1].Kind == ir.AnyChars {
			return true
		}
	}
	return false
}

// stringOperator returns the KQL string operator for the wildcard shapes that have
// one, with the literal it takes.
func stringOperator(parts []ir.Part) (op, lit string, ok bool) {
	shape := make([]byte, len(parts))
	for i, p := range parts {
		switch p.Kind {
		case ir.Literal:
			shape[i] = 'L'
			lit = p.Text
		case ir.AnyChars:
			shape[i] = '*'
		default:
			return "", "", false
		}
	}
	op, ok = operatorsByShape[string(shape)]
	return op, lit, ok
}

var operatorsByShape = map[string]string{
	"":    "=~",
	"L":   "=~",
	"*":   "isnotempty",
	"L*":  "startswith",
	"*L":  "endswith",
	"*L*": "contains",
}

// wildcardRegex writes a wildcard pattern as an RE2 regex with the same meaning:
// literals quoted, '*' as .*, '?' as one character, anchored where the pattern has
// no leading or trailing '*', and (?s) so wildcards also match line breaks.
func wildcardRegex(parts []ir.Part, cased bool) string {
	var b strings.Builder
	if cased {
		b.WriteString("(?s)")
	} else {
		b.WriteString("(?is)")
	}
	start, end := 0, len(parts)
	if start < end && parts[0].Kind == ir.AnyChars {
		start++
	} else {
		b.WriteByte('^')
	}
	trailing := end > start && parts[end-1].Kind == ir.AnyChars
	if trailing {
		end--
	}
	for _, p := range parts[start:end] {
		switch p.Kind {
		case ir.Literal:
			b.WriteString(regexp.QuoteMeta(p.Text))
		case ir.AnyChars:
			b.WriteString(".*")
		case ir.OneChar:
			b.WriteByte('.')
		}
	}
	if !trailing {
		b.WriteByte('$')
	}
	return b.String()
}

// placeholderTest handles a value that is one unresolved %name% placeholder the
// pipeline maps to a tabular query expression: membership in that query.
func (b *builder) placeholderTest(text expr, v *ir.String, cased bool) expr {
	if len(v.Parts) == 1 {
		name := v.Parts[0].Text
		if q, ok := b.plan.QueryExpressions[name]; ok {
			op := "in~"
			if cased {
				op = "in"
			}
			return inQueryExpr{left: text, op: op, query: q}
		}
	}
	for _, p := range v.Parts {
		if p.Kind == ir.Placeholder {
			b.diags.Errorf(v.At, CodeUnresolvedPlaceholder,
				"placeholder %%%s%% has no values and no query expression in the pipeline", p.Text)
			break
		}
	}
	return nil
}

// regexValue handles |re: the pattern with its i/m/s flags, refused when RE2
// (Kusto's engine) cannot run it. Go's regexp/syntax implements the RE2 syntax.
func (b *builder) regexValue(text expr, v *ir.Regex) expr {
	if _, err := syntax.Parse(v.Pattern, syntax.Perl); err != nil {
		b.diags.Errorf(v.At, CodeUnsupportedRegex, "regular expression %s cannot run in KQL (RE2): %v", v.String(), err)
		return nil
	}
	flags := ""
	for _, f := range []struct {
		on   bool
		flag string
	}{{v.IgnoreCase, "i"}, {v.Multiline, "m"}, {v.DotAll, "s"}} {
		if f.on {
			flags += f.flag
		}
	}
	pattern := v.Pattern
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	if why := literalProblem(pattern); why != "" {
		b.diags.Errorf(v.At, CodeUnsupportedValue, "regular expression %s cannot be written in KQL: %s", v.String(), why)
		return nil
	}
	return binaryExpr{left: text, op: "matches regex", right: stringLit(pattern)}
}

// keywordMatch searches unbound values anywhere: in the Plan's keyword columns
// when it names some (each value as a substring, OR-ed over the columns; a whole
// dynamic bag is searched in its values, see bagKeyword), else in the whole row
// with "* contains", which only a substring without inner wildcards can use.
func (b *builder) keywordMatch(m *ir.FieldMatch) expr {
	cased := m.Has(ir.ModCased)
	preds := make([]expr, 0, len(m.Values))
	for _, v := range m.Values {
		s, ok := keywordString(v)
		if !ok {
			b.diags.Errorf(v.Position(), CodeUnsupportedKeyword, "keyword %s is not a string", v.String())
			return nil
		}
		preds = append(preds, b.keywordValue(s, cased))
	}
	if m.All() {
		return newAnd(preds...)
	}
	return newOr(preds...)
}

func keywordString(v ir.Value) (*ir.String, bool) {
	switch v := v.(type) {
	case *ir.String:
		return v, true
	case *ir.Number:
		text := numberText(v)
		return &ir.String{At: v.At, Parts: []ir.Part{{Kind: ir.Literal, Text: text}}, Raw: text}, true
	}
	return nil, false
}

// keywordValue is one keyword as a substring search.
func (b *builder) keywordValue(s *ir.String, cased bool) expr {
	parts := append([]ir.Part(nil), collapseStars(s.Parts)...) // never append into the IR's slice
	if len(parts) == 0 || parts[0].Kind != ir.AnyChars {
		parts = append([]ir.Part{{Kind: ir.AnyChars}}, parts...)
	}
	if parts[len(parts)-1].Kind != ir.AnyChars {
		parts = append(parts, ir.Part{Kind: ir.AnyChars})
	}
	sub := &ir.String{At: s.At, Parts: parts, Raw: s.Raw, Quoted: s.Quoted}
	if len(b.plan.Keywords) > 0 {
		terms := make([]expr, len(b.plan.Keywords))
		for i, c := range b.plan.Keywords {
			if isBagColumn(c) {
				terms[i] = b.bagKeyword(c, s, parts, cased)
				continue
			}
			terms[i] = b.stringTest(readText(c), sub, cased)
		}
		return newOr(terms...)
	}
	if op, _, ok := stringOperator(parts); !ok || op != "contains" {
		b.diags.Errorf(s.At, CodeUnsupportedKeyword,
			"keyword %s needs a pattern search over the whole row, which KQL cannot do exactly; map keyword columns in the pipeline", s.String())
		return nil
	}
	return b.stringTest(rowExpr{}, sub, cased)
}
