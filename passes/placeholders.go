package passes

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// resolvePlaceholders replaces every %name% placeholder of an |expand value with
// its values (from Options.Placeholders, else the pipeline's vars), one string per
// combination. A value that is a placeholder alone may instead stay for a query
// expression (Plan.QueryExpressions). Anything else is an error: a placeholder is
// never sent to the backend unresolved.
func (s *state) resolvePlaceholders() {
	eachMatch(s.rule, func(m *ir.FieldMatch) {
		var out []ir.Value
		pending := false
		for _, v := range m.Values {
			str, ok := v.(*ir.String)
			if !ok || !hasPlaceholder(str) {
				out = append(out, v)
				continue
			}
			vals, keep := s.expandString(str)
			out = append(out, vals...)
			pending = pending || keep
		}
		m.Values = out
		if !pending {
			m.Modifiers = withoutModifier(m.Modifiers, ir.ModExpand)
		}
	})
}

// expandString returns the alternatives of one value; keep reports that the value
// stays a placeholder for a query expression.
func (s *state) expandString(v *ir.String) (vals []ir.Value, keep bool) {
	if len(v.Parts) == 1 {
		name := v.Parts[0].Text
		if _, ok := s.placeholderValues(name); !ok {
			if _, ok := s.qexprs[name]; ok {
				return []ir.Value{v}, true
			}
		}
	}
	alts := []*ir.String{{At: v.At, Raw: v.Raw, Quoted: v.Quoted}}
	for _, p := range v.Parts {
		if p.Kind != ir.Placeholder {
			for _, a := range alts {
				a.Append(p)
			}
			continue
		}
		values, ok := s.placeholderValues(p.Text)
		if !ok {
			s.reportUnresolved(v, p.Text)
			return nil, false
		}
		if len(alts)*len(values) > MaxVariants {
			s.diags.Errorf(v.At, CodeModifierExpansion, "placeholder %%%s%% expands into more than %d values", p.Text, MaxVariants)
			return nil, false
		}
		alts = crossAppend(alts, values)
	}
	for _, a := range alts {
		vals = append(vals, a)
	}
	return vals, false
}

func (s *state) reportUnresolved(v *ir.String, name string) {
	if _, ok := s.qexprs[name]; ok {
		s.diags.Errorf(v.At, CodeUnresolvedPlaceholder, "placeholder %%%s%% resolves to a query expression, which can only stand for a whole value, not part of %s", name, v)
		return
	}
	s.diags.Errorf(v.At, CodeUnresolvedPlaceholder, "placeholder %%%s%% has no values: pass -P %s=v1,v2, define it in a pipeline's vars, or map it to a query expression", name, name)
}

func (s *state) placeholderValues(name string) ([]string, bool) {
	if v, ok := s.opts.Placeholders[name]; ok {
		return v, true
	}
	v, ok := s.vars[name]
	return v, ok
}

// crossAppend returns every alternative followed by every value.
func crossAppend(alts []*ir.String, values []string) []*ir.String {
	out := make([]*ir.String, 0, len(alts)*len(values))
	for _, a := range alts {
		for _, val := range values {
			c := *a
			c.Parts = append([]ir.Part(nil), a.Parts...)
			c.Append(ir.Part{Kind: ir.Literal, Text: val})
			out = append(out, &c)
		}
	}
	return out
}

func hasPlaceholder(v *ir.String) bool {
	for _, p := range v.Parts {
		if p.Kind == ir.Placeholder {
			return true
		}
	}
	return false
}

func withoutModifier(mods []ir.Modifier, k ir.ModifierKind) []ir.Modifier {
	out := mods[:0:0]
	for _, m := range mods {
		if m.Kind != k {
			out = append(out, m)
		}
	}
	return out
}

// placeholderNames lists the placeholders the rule's values use, in order.
func placeholderNames(r *ir.Rule) []string {
	seen := map[string]bool{}
	var names []string
	eachMatch(r, func(m *ir.FieldMatch) {
		for _, v := range m.Values {
			if str, ok := v.(*ir.String); ok {
				for _, p := range str.Parts {
					if p.Kind == ir.Placeholder && !seen[p.Text] {
						seen[p.Text] = true
						names = append(names, p.Text)
					}
				}
			}
		}
	})
	return names
}

// expandExpression fills a query-expression template: {id} is the placeholder
// name, {field} the field it is matched against when known.
func expandExpression(template, name string) string {
	return strings.ReplaceAll(template, "{id}", name)
}
