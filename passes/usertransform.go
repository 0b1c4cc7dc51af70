package passes

import (
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// MaxAlternatives bounds how many AND-groups one search may grow into when a
// field maps to several target fields (each one an OR).
const MaxAlternatives = 256

func buildFieldNameMapping(l *loader, p params) func(*state, *userItem) bool {
	mapping := l.stringMap(l.need(p, nil, "mapping"))
	return func(s *state, it *userItem) bool {
		return renameFields(s, it, func(f string) []string { return mapping[f] })
	}
}

func buildFieldPrefixMapping(l *loader, p params) func(*state, *userItem) bool {
	mapping := l.stringMap(l.need(p, nil, "mapping"))
	prefixes := sortedKeys(mapping)
	return func(s *state, it *userItem) bool {
		return renameFields(s, it, func(f string) []string {
			for i := len(prefixes) - 1; i >= 0; i-- { // longest-sorting prefix first
				if pre := prefixes[i]; strings.HasPrefix(f, pre) {
					return []string{mapping[pre][0] + f[len(pre):]}
				}
			}
			return nil
		})
	}
}

// renameFields renames every selected field for which to returns names; several
// names mean any of them (the group is split into one alternative per name).
// Field references and the rule's fields: list are renamed too.
func renameFields(s *state, it *userItem, to func(string) []string) bool {
	changed := false
	for _, search := range s.rule.Detection.Searches {
		var alts []*ir.Group
		for _, g := range search.Alternatives {
			expanded := renameInGroup(s, it, g, to, &changed)
			alts = append(alts, expanded...)
		}
		if len(alts) > MaxAlternatives {
			s.diags.Errorf(search.Pos, CodeModifierExpansion, "field mappings split search %s into more than %d alternatives", search.Name, MaxAlternatives)
			continue
		}
		search.Alternatives = alts
	}
	// The fields: list is shared with the input rule, so it is replaced, not edited.
	fields := make([]string, len(s.rule.Fields))
	for i, f := range s.rule.Fields {
		fields[i] = f
		if names := to(f); len(names) > 0 {
			fields[i] = names[0]
		}
	}
	s.rule.Fields = fields
	return changed
}

func renameInGroup(s *state, it *userItem, g *ir.Group, to func(string) []string, changed *bool) []*ir.Group {
	out := []*ir.Group{g}
	for i, m := range g.Matches {
		renameRefs(m, to, changed)
		if m.IsKeyword() || !it.selects(s, m) {
			continue
		}
		names := to(m.Field)
		if len(names) == 0 {
			continue
		}
		if len(out)*len(names) > MaxAlternatives {
			s.diags.Errorf(m.Pos, CodeModifierExpansion, "mapping %s to %d fields splits its group into more than %d alternatives", m.Field, len(names), MaxAlternatives)
			return []*ir.Group{g}
		}
		*changed = true
		out = splitOnField(out, i, names)
	}
	return out
}

// splitOnField replaces match i of every group by one copy per name.
func splitOnField(groups []*ir.Group, i int, names []string) []*ir.Group {
	var out []*ir.Group
	for _, g := range groups {
		for _, name := range names {
			c := *g
			c.Matches = append([]*ir.FieldMatch(nil), g.Matches...)
			m := *g.Matches[i]
			m.Field = name
			c.Matches[i] = &m
			out = append(out, &c)
		}
	}
	return out
}

func renameRefs(m *ir.FieldMatch, to func(string) []string, changed *bool) {
	for i, v := range m.Values {
		if ref, ok := v.(*ir.FieldRef); ok {
			if names := to(ref.Field); len(names) > 0 {
				c := *ref
				c.Field = names[0]
				m.Values[i] = &c
				*changed = true
			}
		}
	}
}

func buildAddCondition(l *loader, p params) func(*state, *userItem) bool {
	n := l.need(p, nil, "conditions")
	p.take("template")
	var conds []*ir.FieldMatch
	if n != nil && l.mapping(n) {
		eachPair(n, func(k, v *yaml.Node) {
			conds = append(conds, &ir.FieldMatch{Pos: l.pos(k), Field: k.Value, Values: l.conditionValues(v)})
		})
	}
	return func(s *state, it *userItem) bool {
		g := &ir.Group{Pos: s.pos()}
		for _, c := range conds {
			mc := *c
			mc.Values = append([]ir.Value(nil), c.Values...)
			g.Matches = append(g.Matches, &mc)
		}
		addSearch(s.rule, &ir.Search{Pos: s.pos(), Name: "_pipeline", Alternatives: []*ir.Group{g}})
		return true
	}
}

// conditionValues types add_condition values like Sigma values: numbers,
// booleans, null, and strings with * and ? wildcards.
func (l *loader) conditionValues(n *yaml.Node) []ir.Value {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = n.Content
	}
	var out []ir.Value
	for _, v := range nodes {
		pos := l.pos(v)
		switch {
		case v.Kind != yaml.ScalarNode:
			l.errorf(v, "condition values must be scalars")
		case v.Tag == "!!int":
			i, err := strconv.ParseInt(v.Value, 0, 64)
			if err != nil {
				l.errorf(v, "integer out of range: %s", v.Value)
			}
			out = append(out, irValues(pos, []any{i})...)
		case v.Tag == "!!bool":
			out = append(out, &ir.Bool{At: pos, Value: l.boolean(v)})
		case v.Tag == "!!null":
			out = append(out, &ir.Null{At: pos})
		default:
			out = append(out, sigmaString(pos, v.Value))
		}
	}
	return out
}

// sigmaString splits a Sigma string into literal text and wildcards: * and ? are
// wildcards, a backslash escapes *, ? and itself.
func sigmaString(pos diag.Pos, text string) *ir.String {
	v := &ir.String{At: pos, Raw: text, Quoted: true}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text) && strings.IndexByte(`*?\`, text[i+1]) >= 0:
			i++
			v.Append(ir.Part{Kind: ir.Literal, Text: text[i : i+1]})
		case c == '*':
			v.Append(ir.Part{Kind: ir.AnyChars})
		case c == '?':
			v.Append(ir.Part{Kind: ir.OneChar})
		default:
			v.Append(ir.Part{Kind: ir.Literal, Text: text[i : i+1]})
		}
	}
	return v
}

func buildChangeLogsource(l *loader, p params) func(*state, *userItem) bool {
	set := map[string]string{}
	for _, key := range []string{"category", "product", "service"} {
		if v := p.take(key); v != nil {
			set[key] = l.scalar(v)
		}
	}
	return func(s *state, it *userItem) bool {
		for key, val := range set {
			switch key {
			case "category":
				s.logsource.Category = val
			case "product":
				s.logsource.Product = val
			case "service":
				s.logsource.Service = val
			}
		}
		return true
	}
}

func buildSetState(l *loader, p params) func(*state, *userItem) bool {
	key := l.scalar(l.need(p, nil, "key"))
	val := ""
	if v := l.need(p, nil, "val"); v != nil {
		val = l.scalar(v)
	}
	return func(s *state, it *userItem) bool {
		s.values[key] = val
		if key == "query_table" {
			s.table = val
		}
		return true
	}
}

func buildDropDetectionItem(l *loader, p params) func(*state, *userItem) bool {
	return func(s *state, it *userItem) bool {
		dropped := false
		dropMatches(s.rule, func(m *ir.FieldMatch) bool {
			d := it.selects(s, m)
			dropped = dropped || d
			return d
		})
		return dropped
	}
}

func buildRuleFailure(l *loader, p params) func(*state, *userItem) bool {
	msg := l.scalar(l.need(p, nil, "message"))
	return func(s *state, it *userItem) bool {
		s.diags.Errorf(s.pos(), CodeRuleFailure, "%s", msg)
		return true
	}
}

func buildDetectionItemFailure(l *loader, p params) func(*state, *userItem) bool {
	msg := l.scalar(l.need(p, nil, "message"))
	return func(s *state, it *userItem) bool {
		failed := false
		eachMatch(s.rule, func(m *ir.FieldMatch) {
			if it.selects(s, m) {
				s.diags.Errorf(m.Pos, CodeDetectionItemFailure, "%s", msg)
				failed = true
			}
		})
		return failed
	}
}
