package passes

import (
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// condKey reads the condition keys of a transformation; it reports false for
// keys that are not about conditions.
func (l *loader) condKey(it *userItem, k, v *yaml.Node) bool {
	switch k.Value {
	case "rule_conditions":
		for _, c := range l.sequence(v) {
			if f := l.ruleCondition(c); f != nil {
				it.rule.conds = append(it.rule.conds, f)
			}
		}
	case "field_name_conditions":
		it.field.conds = append(it.field.conds, l.matchConditions(v)...)
	case "detection_item_conditions":
		it.detect.conds = append(it.detect.conds, l.matchConditions(v)...)
	case "rule_cond_op":
		it.rule.or = l.condOp(v)
	case "field_name_cond_op":
		it.field.or = l.condOp(v)
	case "detection_item_cond_op":
		it.detect.or = l.condOp(v)
	case "rule_cond_not":
		it.rule.not = l.boolean(v)
	case "field_name_cond_not":
		it.field.not = l.boolean(v)
	case "detection_item_cond_not":
		it.detect.not = l.boolean(v)
	default:
		return false
	}
	return true
}

func (l *loader) condOp(n *yaml.Node) bool {
	switch strings.ToLower(l.scalar(n)) {
	case "and":
		return false
	case "or":
		return true
	}
	l.errorf(n, "condition operator must be and or or, not %q", n.Value)
	return false
}

// condFields reads a condition mapping, checking its type against known.
func (l *loader) condFields(n *yaml.Node, known map[string]bool) (string, params) {
	if !l.mapping(n) {
		return "", nil
	}
	p := params{}
	eachPair(n, func(k, v *yaml.Node) { p[k.Value] = v })
	typ := p.take("type")
	if typ == nil {
		l.errorf(n, "condition has no type")
		return "", nil
	}
	if !known[typ.Value] {
		l.errorf(typ, "unknown condition type %q (known: %s)", typ.Value, knownList(known))
		return "", nil
	}
	return typ.Value, p
}

var ruleCondTypes = map[string]bool{"logsource": true, "processing_item_applied": true, "processing_state": true, "is_sigma_rule": true}

func (l *loader) ruleCondition(n *yaml.Node) func(*state, *state) bool {
	typ, p := l.condFields(n, ruleCondTypes)
	var f func(*state, *state) bool
	switch typ {
	case "":
		return nil
	case "logsource":
		m := logsourceMatch{}
		for _, key := range []string{"category", "product", "service"} {
			if v := p.take(key); v != nil {
				val := l.scalar(v)
				switch key {
				case "category":
					m.Category = &val
				case "product":
					m.Product = &val
				case "service":
					m.Service = &val
				}
			}
		}
		f = func(s, _ *state) bool { return m.matches(s.logsource) }
	case "processing_item_applied":
		id := l.scalar(l.need(p, n, "processing_item_id"))
		f = func(s, _ *state) bool { return s.applied[id] }
	case "processing_state":
		sf := l.stateCondition(n, p)
		f = func(s, _ *state) bool { return sf(s) }
	case "is_sigma_rule":
		f = func(*state, *state) bool { return true }
	}
	l.leftover(p)
	return f
}

func (l *loader) leftover(p params) {
	for _, k := range sortedKeys(p) {
		l.errorf(p[k], "condition has no parameter %q", k)
	}
}

// stateCondition compares a processing-state value (set_state) with val.
func (l *loader) stateCondition(at *yaml.Node, p params) func(*state) bool {
	key := l.scalar(l.need(p, at, "key"))
	val := ""
	if v := l.need(p, at, "val"); v != nil {
		val = l.scalar(v)
	}
	ne := false
	if op := p.take("op"); op != nil {
		switch l.scalar(op) {
		case "eq":
		case "ne":
			ne = true
		default:
			l.errorf(op, "processing_state op must be eq or ne")
		}
	}
	return func(s *state) bool { return (s.values[key] == val) != ne }
}

var matchCondTypes = map[string]bool{"include_fields": true, "exclude_fields": true, "processing_item_applied": true, "processing_state": true, "match_string": true, "is_null": true}

func (l *loader) matchConditions(n *yaml.Node) []func(*state, *ir.FieldMatch) bool {
	var out []func(*state, *ir.FieldMatch) bool
	for _, c := range l.sequence(n) {
		if f := l.matchCondition(c); f != nil {
			out = append(out, f)
		}
	}
	return out
}

func (l *loader) matchCondition(n *yaml.Node) func(*state, *ir.FieldMatch) bool {
	typ, p := l.condFields(n, matchCondTypes)
	var f func(*state, *ir.FieldMatch) bool
	switch typ {
	case "":
		return nil
	case "include_fields", "exclude_fields":
		in := l.fieldFilter(n, p)
		exclude := typ == "exclude_fields"
		f = func(_ *state, m *ir.FieldMatch) bool { return in(m.Field) != exclude }
	case "processing_item_applied":
		id := l.scalar(l.need(p, n, "processing_item_id"))
		f = func(s *state, _ *ir.FieldMatch) bool { return s.applied[id] }
	case "processing_state":
		sf := l.stateCondition(n, p)
		f = func(s *state, _ *ir.FieldMatch) bool { return sf(s) }
	case "match_string":
		f = l.matchString(n, p)
	case "is_null":
		f = func(_ *state, m *ir.FieldMatch) bool { return anyValue(m, isNull) }
	}
	l.leftover(p)
	return f
}

// fieldFilter reads fields (names, or regular expressions with type: re).
func (l *loader) fieldFilter(at *yaml.Node, p params) func(string) bool {
	fields := l.strings(l.need(p, at, "fields"))
	if t := p.take("type"); t != nil && l.scalar(t) == "re" {
		var res []*regexp.Regexp
		for _, f := range fields {
			if re, err := regexp.Compile("^(?:" + f + ")$"); err == nil {
				res = append(res, re)
			} else {
				l.errorf(t, "invalid field pattern %q: %v", f, err)
			}
		}
		return func(name string) bool { return anyRegex(res, name) }
	}
	return func(name string) bool { return contains(fields, name) }
}

func anyRegex(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// matchString tests the literal text of string values against a pattern.
func (l *loader) matchString(at *yaml.Node, p params) func(*state, *ir.FieldMatch) bool {
	re := l.regex(l.need(p, at, "pattern"))
	all := false
	if c := p.take("cond"); c != nil {
		all = l.scalar(c) == "all"
	}
	negate := false
	if ng := p.take("negate"); ng != nil {
		negate = l.boolean(ng)
	}
	return func(_ *state, m *ir.FieldMatch) bool {
		test := func(v ir.Value) bool {
			str, ok := v.(*ir.String)
			return ok && re != nil && re.MatchString(plainText(str)) != negate
		}
		if all {
			return allValues(m, test)
		}
		return anyValue(m, test)
	}
}

func isNull(v ir.Value) bool { _, ok := v.(*ir.Null); return ok }

func anyValue(m *ir.FieldMatch, f func(ir.Value) bool) bool {
	for _, v := range m.Values {
		if f(v) {
			return true
		}
	}
	return false
}

func allValues(m *ir.FieldMatch, f func(ir.Value) bool) bool {
	for _, v := range m.Values {
		if !f(v) {
			return false
		}
	}
	return len(m.Values) > 0
}

// plainText prints a string value with its wildcards as * and ?, the form
// pySigma's string conditions see.
func plainText(v *ir.String) string {
	var b strings.Builder
	for _, p := range v.Parts {
		switch p.Kind {
		case ir.Literal:
			b.WriteString(p.Text)
		case ir.AnyChars:
			b.WriteByte('*')
		case ir.OneChar:
			b.WriteByte('?')
		case ir.Placeholder:
			b.WriteString("%" + p.Text + "%")
		}
	}
	return b.String()
}
