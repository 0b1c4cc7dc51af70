package passes

import (
	"regexp"

	"github.com/sigmakql/sigmakql/ir"
)

func buildReplaceString(l *loader, p params) func(*state, *userItem) bool {
	re := l.regex(l.need(p, nil, "regex"))
	repl := ""
	if v := l.need(p, nil, "replacement"); v != nil {
		repl = l.scalar(v)
	}
	p.take("skip_special")
	return func(s *state, it *userItem) bool {
		return rewriteStrings(s, it, func(v *ir.String) []ir.Value {
			return []ir.Value{replaceInLiterals(v, re, repl)}
		})
	}
}

// replaceInLiterals applies a replacement to each literal part of a string; the
// wildcards stay what they are, so no escape is ever re-read.
func replaceInLiterals(v *ir.String, re *regexp.Regexp, repl string) ir.Value {
	if re == nil {
		return v
	}
	out := &ir.String{At: v.At, Raw: v.Raw, Quoted: v.Quoted}
	for _, part := range v.Parts {
		if part.Kind == ir.Literal {
			part.Text = re.ReplaceAllString(part.Text, repl)
		}
		out.Append(part)
	}
	return out
}

func buildMapString(l *loader, p params) func(*state, *userItem) bool {
	mapping := l.stringMap(l.need(p, nil, "mapping"))
	return func(s *state, it *userItem) bool {
		return rewriteStrings(s, it, func(v *ir.String) []ir.Value {
			text, plain := v.Text()
			to, ok := mapping[text]
			if !plain || !ok {
				return []ir.Value{v}
			}
			var out []ir.Value
			for _, t := range to {
				str := &ir.String{At: v.At, Raw: t, Quoted: true}
				str.Append(ir.Part{Kind: ir.Literal, Text: t})
				out = append(out, str)
			}
			return out
		})
	}
}

// rewriteStrings replaces every string value of the selected field matches by
// what f returns, reporting whether any value changed.
func rewriteStrings(s *state, it *userItem, f func(*ir.String) []ir.Value) bool {
	changed := false
	eachMatch(s.rule, func(m *ir.FieldMatch) {
		if !it.selects(s, m) {
			return
		}
		var out []ir.Value
		for _, v := range m.Values {
			str, ok := v.(*ir.String)
			if !ok {
				out = append(out, v)
				continue
			}
			repl := f(str)
			if len(repl) != 1 || repl[0].String() != v.String() {
				changed = true
			}
			out = append(out, repl...)
		}
		m.Values = out
	})
	return changed
}

// nameFilter reads include/exclude lists of placeholder names.
func (l *loader) nameFilter(p params) func(string) bool {
	var include, exclude []string
	if v := p.take("include"); v != nil {
		include = l.strings(v)
	}
	if v := p.take("exclude"); v != nil {
		exclude = l.strings(v)
	}
	return func(name string) bool {
		return (include == nil || contains(include, name)) && !contains(exclude, name)
	}
}

func buildValuePlaceholders(l *loader, p params) func(*state, *userItem) bool {
	selected := l.nameFilter(p)
	return func(s *state, it *userItem) bool {
		changed := false
		eachMatch(s.rule, func(m *ir.FieldMatch) {
			if !it.selects(s, m) {
				return
			}
			var out []ir.Value
			for _, v := range m.Values {
				str, ok := v.(*ir.String)
				if !ok || !hasPlaceholder(str) || !allPlaceholders(str, selected) {
					out = append(out, v)
					continue
				}
				vals, _ := s.expandString(str)
				out = append(out, vals...)
				changed = true
			}
			m.Values = out
		})
		return changed
	}
}

func allPlaceholders(v *ir.String, selected func(string) bool) bool {
	for _, p := range v.Parts {
		if p.Kind == ir.Placeholder && !selected(p.Text) {
			return false
		}
	}
	return true
}

func buildQueryExpressionPlaceholders(l *loader, p params) func(*state, *userItem) bool {
	expr := l.scalar(l.need(p, nil, "expression"))
	selected := l.nameFilter(p)
	mapping := map[string][]string{}
	if v := p.take("mapping"); v != nil {
		mapping = l.stringMap(v)
	}
	return func(s *state, it *userItem) bool {
		changed := false
		for _, name := range placeholderNames(s.rule) {
			if !selected(name) {
				continue
			}
			id := name
			if to, ok := mapping[name]; ok && len(to) > 0 {
				id = to[0]
			}
			s.qexprs[name] = expandExpression(expr, id)
			changed = true
		}
		return changed
	}
}
