package passes

import (
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// apply maps the rule onto the target's table: every field to its column, hash
// sub-fields and value prefixes rewritten, and the target's conditions AND-ed on.
func (t *target) apply(s *state) {
	if t.unsupported != "" {
		s.diags.Errorf(s.pos(), CodeUnsupportedLogsource, "logsource %s is not supported with these options: %s", describeLogsource(s.logsource), t.unsupported)
		return
	}
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
	t.mapProjection(s)
	t.addConditions(s)
	checkSharedColumns(s)
}

func (t *target) mapMatch(s *state, m *ir.FieldMatch) {
	if _, done := s.columns[m.Field]; done {
		t.mapValues(s, m) // renaming maps leave the field as it is; each match needs them
		return
	}
	if sub, ok := t.subfields[m.Field]; ok && t.emits(sub.Field) {
		rewriteSubfield(s, m, sub)
	}
	if !t.mapValues(s, m) {
		return
	}
	if _, ok := t.resolve(s, m.Pos, m.Field); ok {
		t.rewritePrefixes(m)
	}
}

func (t *target) mapFieldRefs(s *state, m *ir.FieldMatch) {
	for _, v := range m.Values {
		ref, ok := v.(*ir.FieldRef)
		if !ok {
			continue
		}
		t.resolve(s, ref.At, ref.Field)
	}
}

// emits reports whether the target's source writes field.
func (t *target) emits(field string) bool {
	_, mapped := t.fields[field]
	return mapped || (t.dynamic != "" && (t.allowed == nil || t.allowed[field]))
}

// resolve records the Column a Sigma field is read from under the field's own
// name (so the rule, its fields: list and the plan agree), or reports the field
// unmapped with the table named.
func (t *target) resolve(s *state, pos diag.Pos, field string) (string, bool) {
	col, ok := t.column(s, pos, field, true)
	if ok {
		s.columns[field] = col
	}
	return field, ok
}

// column finds how a Sigma field is read from the target's table; report says
// whether a field the table lacks is an error or silently skipped.
func (t *target) column(s *state, pos diag.Pos, field string, report bool) (Column, bool) {
	if c, done := s.columns[field]; done {
		return c, true
	}
	fail := func(format string, args ...any) (Column, bool) {
		if report {
			s.diags.Errorf(pos, CodeUnmappedField, format, args...)
			s.unmapped[field] = true
		}
		return Column{}, false
	}
	ref, mapped := t.fields[field]
	switch {
	case mapped:
	case t.dynamic != "" && (t.allowed == nil || t.allowed[field]):
		ref = t.dynamic + "." + field
	case t.dynamic != "":
		return fail("field %q is not emitted by %s, so table %s has no %s.%s to read", field, t.source, t.table, t.dynamic, field)
	default:
		ref = field
	}
	if name, _, dotted := strings.Cut(ref, "."); dotted && contains(t.arrays, name) {
		return fail("field %q reads a member of %s.%s, which holds an array that a member path cannot index", field, t.table, name)
	}
	col, found, known := s.lookupColumn(t.table, ref)
	switch {
	case !known:
		return Column{Name: ref, Type: "string"}, true
	case !found && ref == field:
		return fail("field %q is not a column of table %s", field, t.table)
	case !found:
		return fail("field %q maps to %s, which table %s does not have", field, ref, t.table)
	}
	return col, true
}

// mapProjection records columns for the rule's fields: list where the table has
// them, so a backend can project them; the list is informational, so a field the
// table lacks is not an error.
func (t *target) mapProjection(s *state) {
	for _, f := range s.rule.Fields {
		if col, ok := t.column(s, s.pos(), f, false); ok {
			s.columns[f] = col
		}
	}
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
		key := conditionKey(s, t.table, c.Field, col)
		s.columns[key] = col
		g.Matches = append(g.Matches, &ir.FieldMatch{Pos: pos, Field: key, Values: irValues(pos, c.Values)})
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
			out = append(out, &ir.Number{At: pos, Text: strconv.FormatInt(v, 10), IsInt: true, Int: v, Float: float64(v)})
		case string:
			str := &ir.String{At: pos, Raw: v, Quoted: true}
			str.Append(ir.Part{Kind: ir.Literal, Text: v})
			out = append(out, str)
		}
	}
	return out
}

// conditionKey names a condition column in the plan: the column's own name, unless
// a rule field of that name already reads something else (a WMI rule's Provider
// is EventData.Provider, not WindowsEvent's Provider column).
func conditionKey(s *state, table, name string, col Column) string {
	if prev, ok := s.columns[name]; !ok || sameColumn(prev, col) {
		return name
	}
	return table + "." + name
}

func sameColumn(a, b Column) bool {
	return a.Name == b.Name && a.Type == b.Type && strings.Join(a.Path, ".") == strings.Join(b.Path, ".")
}

// mapValues applies the target's value maps to an equality match: every value
// must map, since the other values have no exact column, except where the maps
// only rename values of the field itself (Level "Error" is Level 2), which leaves
// the values they do not name, and every value under a modifier, as they are. It
// reports false when it reported the
// match unsupported.
func (t *target) mapValues(s *state, m *ir.FieldMatch) bool {
	var maps []valueMap
	for _, vm := range t.valueMaps {
		if vm.Field == m.Field {
			maps = append(maps, vm)
		}
	}
	if len(maps) == 0 {
		return true
	}
	if renamesOnly(maps, m.Field) {
		renameValues(m, maps)
		return true
	}
	if !plainEquality(m) {
		return true
	}
	out := make([]ir.Value, len(m.Values))
	to := ""
	for i, v := range m.Values {
		text, _ := v.(*ir.String).Text()
		vm, ok := findValueMap(maps, text)
		if !ok || (to != "" && vm.ToField != to) {
			s.diags.Errorf(v.Position(), CodeUnmappedField, "%s %s has no exact column in table %s", m.Field, v, t.table)
			s.unmapped[m.Field] = true
			return false
		}
		to = vm.ToField
		out[i] = irValues(v.Position(), []any{vm.To})[0]
	}
	m.Field, m.Values = to, out
	return true
}

// renameValues rewrites the plain string values of an unmodified match that the
// maps name into the values the column stores; other values stay as they are.
func renameValues(m *ir.FieldMatch, maps []valueMap) {
	if len(m.Modifiers) > 0 {
		return
	}
	for i, v := range m.Values {
		str, ok := v.(*ir.String)
		if !ok || !str.IsPlain() {
			continue
		}
		text, _ := str.Text()
		if vm, ok := findValueMap(maps, text); ok {
			m.Values[i] = irValues(v.Position(), []any{vm.To})[0]
		}
	}
}

// renamesOnly reports whether every map writes the field it reads.
func renamesOnly(maps []valueMap, field string) bool {
	for _, vm := range maps {
		if vm.ToField != field {
			return false
		}
	}
	return true
}

func findValueMap(maps []valueMap, text string) (valueMap, bool) {
	for _, vm := range maps {
		if strings.EqualFold(vm.From, text) {
			return vm, true
		}
	}
	return valueMap{}, false
}

// plainEquality reports whether a match compares plain strings for equality.
func plainEquality(m *ir.FieldMatch) bool {
	if len(m.Modifiers) > 0 || len(m.Values) == 0 {
		return false
	}
	for _, v := range m.Values {
		str, ok := v.(*ir.String)
		if !ok || !str.IsPlain() {
			return false
		}
	}
	return true
}
