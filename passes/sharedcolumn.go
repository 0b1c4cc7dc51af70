package passes

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// checkSharedColumns reports each search group whose matches read two different
// Sigma fields from one column (AuditLogs reads operationName and
// properties.message from OperationName) and compare them for equality with
// values no single value equals: no row can hold both, so the query would never
// fire, and the rule is unsupported instead. Fields that share a column with
// overlapping values are one test, which the column answers exactly.
func checkSharedColumns(s *state) {
	for _, search := range s.rule.Detection.Searches {
		for _, g := range search.Alternatives {
			checkGroupColumns(s, g)
		}
	}
}

func checkGroupColumns(s *state, g *ir.Group) {
	first := map[string]*ir.FieldMatch{} // column reference -> first equality on it
	for _, m := range g.Matches {
		c, ok := s.columns[m.Field]
		if m.IsKeyword() || !ok || !plainEquality(m) {
			continue
		}
		ref := strings.Join(append([]string{c.Name}, c.Path...), ".")
		prev, seen := first[ref]
		if !seen {
			first[ref] = m
			continue
		}
		if prev.Field != m.Field && !shareValue(prev, m) {
			s.diags.Errorf(m.Pos, CodeSharedColumn,
				"fields %q and %q are both read from %s in table %s, and no value equals both; the query could never fire", prev.Field, m.Field, ref, s.table)
		}
	}
}

// shareValue reports whether some value of a equals (case-insensitively, as
// Sigma compares) some value of b. Both are plain equalities, without modifiers.
func shareValue(a, b *ir.FieldMatch) bool {
	as, bs := foldedTexts(a), foldedTexts(b)
	for _, x := range as {
		for _, y := range bs {
			if x == y {
				return true
			}
		}
	}
	return false
}

func foldedTexts(m *ir.FieldMatch) []string {
	out := make([]string, 0, len(m.Values))
	for _, v := range m.Values {
		text, _ := v.(*ir.String).Text()
		out = append(out, strings.ToLower(text))
	}
	return out
}
