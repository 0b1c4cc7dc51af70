package passes

import (
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// apply maps the rule onto the target's table: every field to its column, hash
// sub-fields and value prefixes rewritten, and the target's conditions AND-ed on.
func (t *target) apply(s *state) {
	s.table = t.table
	s.keywords = nil
	for _, k := range t.keywords {
		if col, ok, _ := s.lookupColumn(t.table, k); ok {
			s.keywords = append(s.keywords, col)
		}
	}
	eachMatch(s.rule, func(m *ir.FieldMatch) {
		if !m.IsKeyword() {
			t.mapMatch(s, m)
		}
		t.mapFieldRefs(s, m)
	})
	t.addConditions(s)
}

func (t *target) mapMatch(s *state, m *ir.FieldMatch) {
	if _, done := s.columns[m.Field]; done {
		return
	}
	if sub, ok := t.subfields[m.Field]; ok && t.emits(sub.Field) {
		rewriteSubfield(s, m, sub)
	}
	if key, ok := t.resolve(s, m.Pos, m.Field); ok {
		t.rewritePrefixes(m)
		m.Field = key
	}
}

func (t *target) mapFieldRefs(s *state, m *ir.FieldMatch) {
	for i, v := range m.Values {
		ref, ok := v.(*ir.FieldRef)
		if !ok {
			continue
		}
		if key, ok := t.resolve(s, ref.At, ref.Field); ok {
			c := *ref
			c.Field = key
			m.Values[i] = &c
		}
	}
}

// emits reports whether the target's source writes field.
func (t *target) emits(field string) bool {
	_, mapped := t.fields[field]
	return mapped || (t.dynamic != "" && (t.allowed == nil || t.allowed[field]))
}

// resolve returns the column key a Sigma field is read from and records its
// Column, or reports the field unmapped with the table named.
func (t *target) resolve(s *state, pos diag.Pos, field string) (string, bool) {
	if _, done := s.columns[field]; done {
		return field, true
	}
	ref, mapped := t.fields[field]
	switch {
	case mapped:
	case t.dynamic != "" && (t.allowed == nil || t.allowed[field]):
		ref = t.dynamic + "." + field
	case t.dynamic != "":
		s.diags.Errorf(pos, CodeUnmappedField, "field %q is not emitted by %s, so table %s has no %s.%s to read", field, t.source, t.table, t.dynamic, field)
		return "", false
	default:
		ref = field
	}
	col, found, known := s.lookupColumn(t.table, ref)
	switch {
	case !known:
		col = Column{Name: ref, Type: "string"}
	case !found && ref == field:
		s.diags.Errorf(pos, CodeUnmappedField, "field %q is not a column of table %s", field, t.table)
		return "", false
	case !found:
		s.diags.Errorf(pos, CodeUnmappedField, "field %q maps to %s, which table %s does not have", field, ref, t.table)
		return "", false
	}
	s.columns[ref] = col
	return ref, true
}

// rewriteSubfield turns a match on a sub-field (Imphash: X) into a match on the
// field that holds it (Hashes containing "IMPHASH=X"). Hashes have a fixed length,
// so the containment is exact for complete values; a leading wildcard widens it
// and gets a warning.
func rewriteSubfield(s *state, m *ir.FieldMatch, sub subfieldSpec) {
	for i, v := range m.Values {
		str, ok := v.(*ir.String)
		if n, isNum := v.(*ir.Number); isNum {
			str, ok = &ir.String{At: n.At, Parts: []ir.Part{{Kind: ir.Literal, Text: n.String()}}, Raw: n.Text}, true
		}
		if !ok {
			s.diags.Errorf(v.Position(), CodeUnmappedField, "field %q is read from inside %s, which cannot be matched with %s", m.Field, sub.Field, describeValue(v))
			return
		}
		out := &ir.String{At: str.At, Raw: str.Raw, Quoted: str.Quoted}
		out.Append(ir.Part{Kind: ir.AnyChars})
		out.Append(ir.Part{Kind: ir.Literal, Text: sub.Prefix})
		if len(str.Parts) > 0 && str.Parts[0].Kind == ir.AnyChars {
			s.diags.Warnf(str.At, CodeApproximateMapping, "%s with a leading wildcard is searched anywhere after %q in %s", m.Field, sub.Prefix, sub.Field)
		}
		for _, p := range str.Parts {
			out.Append(p)
		}
		if n := len(out.Parts); out.Parts[n-1].Kind != ir.AnyChars {
			out.Append(ir.Part{Kind: ir.AnyChars})
		}
		m.Values[i] = out
	}
	m.Field = sub.Field
}

func describeValue(v ir.Value) string {
	switch v.(type) {
	case *ir.Regex:
		return "a regular expression"
	case *ir.Null:
		return "null"
	case *ir.Bool:
		return "a boolean"
	case *ir.CIDR:
		return "a network"
	case *ir.FieldRef:
		return "a field reference"
	}
	return "this value"
}

// rewritePrefixes replaces value prefixes (registry hive abbreviations) in the
// fields the target names, on the literal text only.
func (t *target) rewritePrefixes(m *ir.FieldMatch) {
	for _, pr := range t.prefixes {
		if !contains(pr.Fields, m.Field) {
			continue
		}
		for i, v := range m.Values {
			if str, ok := v.(*ir.String); ok {
				m.Values[i] = replacePrefix(str, pr.From, pr.To)
			}
		}
	}
}

func replacePrefix(v *ir.String, from, to string) *ir.String {
	if len(v.Parts) == 0 || v.Parts[0].Kind != ir.Literal {
		return v
	}
	text := v.Parts[0].Text
	if len(text) < len(from) || !strings.EqualFold(text[:len(from)], from) {
		return v
	}
	out := *v
	out.Parts = append([]ir.Part{{Kind: ir.Literal, Text: to + text[len(from):]}}, v.Parts[1:]...)
	return &out
}

// addConditions AND-s the target's conditions (Provider, Channel, EventID …) onto
// the rule as one extra search.
func (t *target) addConditions(s *state) {
	if len(t.conds) == 0 {
		return
	}
	pos := s.pos()
	g := &ir.Group{Pos: pos}
	for _, c := range t.conds {
		col, found, known := s.lookupColumn(t.table, c.Field)
		if known && !found {
			s.diags.Errorf(pos, CodeUnmappedField, "pipeline condition column %q is not a column of table %s", c.Field, t.table)
			continue
		}
		if !known {
			col = Column{Name: c.Field, Type: "string"}
		}
		s.columns[c.Field] = col
		g.Matches = append(g.Matches, &ir.FieldMatch{Pos: pos, Field: c.Field, Values: irValues(pos, c.Values)})
	}
	addSearch(s.rule, &ir.Search{Pos: pos, Name: "_pipeline", Alternatives: []*ir.Group{g}})
}

// irValues types condition values as the parser would: integers as numbers,
// everything else as plain strings.
func irValues(pos diag.Pos, vals []any) []ir.Value {
	out := make([]ir.Value, 0, len(vals))
	for _, v := range vals {
		switch v := v.(type) {
		case int64:
			out = append(out, &ir.Number{At: pos, Text: itoa64(v), IsInt: true, Int: v, Float: float64(v)})
		case string:
			str := &ir.String{At: pos, Raw: v, Quoted: true}
			str.Append(ir.Part{Kind: ir.Literal, Text: v})
			out = append(out, str)
		}
	}
	return out
}

func itoa64(v int64) string {
	if v < 0 {
		return "-" + itoa64(-v)
	}
	return itoa(int(v))
}
