package kql

import (
	"math"
	"strconv"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
)

// fieldMatch builds the predicate of one field match: its values OR-ed (AND-ed
// under |all), each compared with the column as its type and the modifiers say.
func (b *builder) fieldMatch(m *ir.FieldMatch) expr {
	if b.values += len(m.Values); b.values > MaxValues {
		if b.values-len(m.Values) <= MaxValues {
			b.diags.Errorf(m.Pos, CodeQueryTooLarge, "the rule compares more than %d values", MaxValues)
		}
		return nil
	}
	if m.IsKeyword() {
		return b.keywordMatch(m)
	}
	col, ok := b.plan.Columns[m.Field]
	if !ok {
		b.diags.Errorf(m.Pos, CodeUnmappedField, "field %q has no column in table %s", m.Field, b.plan.Table)
		return nil
	}
	if len(m.Values) == 0 {
		b.diags.Errorf(m.Pos, CodeUnsupportedValue, "field %q has no value to match", m.Field)
		return nil
	}
	if nets, ok := allCIDRs(m); ok {
		return cidrTest(col, nets)
	}
	preds := make([]expr, len(m.Values))
	for i, v := range m.Values {
		preds[i] = b.valuePredicate(m, col, v)
		if m.Has(ir.ModNeq) {
			preds[i] = negate(preds[i])
		}
	}
	if m.All() {
		return newAnd(preds...)
	}
	return newOr(preds...)
}

// allCIDRs returns the networks of a match that OR-s only CIDR values, so they
// can be tested with one call per address family.
func allCIDRs(m *ir.FieldMatch) ([]*ir.CIDR, bool) {
	if m.All() || m.Has(ir.ModNeq) {
		return nil, false
	}
	nets := make([]*ir.CIDR, len(m.Values))
	for i, v := range m.Values {
		n, ok := v.(*ir.CIDR)
		if !ok {
			return nil, false
		}
		nets[i] = n
	}
	return nets, true
}

// valuePredicate compares one typed value with a column.
func (b *builder) valuePredicate(m *ir.FieldMatch, col passes.Column, v ir.Value) expr {
	switch v := v.(type) {
	case *ir.String:
		return b.stringValue(m, col, v)
	case *ir.Number:
		return b.numberValue(m, col, v)
	case *ir.Bool:
		return b.boolValue(m, col, v)
	case *ir.Null:
		return nullTest(col, true)
	case *ir.Regex:
		return b.regexValue(readText(col), v)
	case *ir.CIDR:
		return cidrTest(col, []*ir.CIDR{v})
	case *ir.FieldRef:
		return b.fieldRefValue(m, col, v)
	}
	b.diags.Errorf(v.Position(), CodeUnsupportedValue, "value %s is not supported", v.String())
	return nil
}

// nullTest is true when the column is empty (want) or not: strings are never null
// in Kusto, so they are tested with isempty, other types with isnull.
func nullTest(col passes.Column, empty bool) expr {
	fn := map[bool]string{true: "isnull", false: "isnotnull"}
	if kindOf(col) == kindString {
		fn = map[bool]string{true: "isempty", false: "isnotempty"}
	}
	return call(fn[empty], readColumn(col))
}

// stringValue compares a string value, by the column's kind and the modifiers.
func (b *builder) stringValue(m *ir.FieldMatch, col passes.Column, v *ir.String) expr {
	cased := m.Has(ir.ModCased)
	if k := compareKind(m); k != ir.ModInvalid {
		n, ok := numberFromString(v)
		if !ok {
			b.diags.Errorf(v.At, CodeUnsupportedValue, "modifier %q needs a number, not %s", k.String(), v.String())
			return nil
		}
		return b.numberValue(m, col, n)
	}
	if kindOf(col) == kindNumber {
		if n, ok := numberFromString(v); ok {
			return b.numberValue(m, col, n)
		}
	}
	if kindOf(col) == kindBool {
		if text, ok := v.Text(); ok && (text == "true" || text == "false") {
			return binaryExpr{left: readColumn(col), op: "==", right: boolLit(text == "true")}
		}
	}
	return b.stringTest(readText(col), v, cased)
}

// compareKind returns the comparison or timestamp-part modifier of m, if any.
func compareKind(m *ir.FieldMatch) ir.ModifierKind {
	for _, mod := range m.Modifiers {
		if mod.Kind.IsNumericCompare() || mod.Kind.IsTimestampPart() {
			return mod.Kind
		}
	}
	return ir.ModInvalid
}

// numberFromString reads a plain string that holds a decimal number.
func numberFromString(v *ir.String) (*ir.Number, bool) {
	text, ok := v.Text()
	if !ok || text == "" {
		return nil, false
	}
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return &ir.Number{At: v.At, Text: text, IsInt: true, Int: i}, true
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return &ir.Number{At: v.At, Text: text, Float: f}, true
	}
	return nil, false
}

// numberValue compares a number: numerically on numeric columns, as text on
// string columns (Sigma compares the written value), through comparison and
// timestamp-part modifiers.
func (b *builder) numberValue(m *ir.FieldMatch, col passes.Column, v *ir.Number) expr {
	if k := compareKind(m); k != ir.ModInvalid {
		return b.numericCompare(k, col, v)
	}
	switch kindOf(col) {
	case kindNumber, kindDynamic:
		lit, ok := b.numberLiteral(v)
		if !ok {
			return nil
		}
		return binaryExpr{left: readColumn(col), op: "==", right: lit}
	}
	text := numberText(v)
	s := &ir.String{At: v.At, Parts: []ir.Part{{Kind: ir.Literal, Text: text}}, Raw: text}
	return b.stringTest(readText(col), s, m.Has(ir.ModCased))
}

// numberText is a number as Sigma tools print it for string comparison.
func numberText(v *ir.Number) string {
	if v.IsInt {
		return strconv.FormatInt(v.Int, 10)
	}
	if v.Text != "" {
		return v.Text
	}
	return strconv.FormatFloat(v.Float, 'g', -1, 64)
}

// numberLiteral writes v as a KQL long or real literal.
func (b *builder) numberLiteral(v *ir.Number) (expr, bool) {
	if v.IsInt {
		return numberLit(strconv.FormatInt(v.Int, 10)), true
	}
	if math.IsInf(v.Float, 0) || math.IsNaN(v.Float) {
		b.diags.Errorf(v.At, CodeUnsupportedValue, "%s is not a finite number", v.String())
		return nil, false
	}
	text := strconv.FormatFloat(v.Float, 'g', -1, 64)
	if !containsAny(text, ".e") {
		text += ".0"
	}
	return numberLit(text), true
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return true
			}
		}
	}
	return false
}

var compareOps = map[ir.ModifierKind]string{ir.ModGT: ">", ir.ModGTE: ">=", ir.ModLT: "<", ir.ModLTE: "<="}

var timestampParts = map[ir.ModifierKind]string{
	ir.ModMinute: "minute", ir.ModHour: "hour", ir.ModDay: "day",
	ir.ModWeek: "week_of_year", ir.ModMonth: "month", ir.ModYear: "year",
}

// numericCompare handles |gt, |gte, |lt, |lte and the timestamp-part modifiers.
// String columns are converted with toreal (a non-number gives null, which never
// matches) and todatetime.
func (b *builder) numericCompare(k ir.ModifierKind, col passes.Column, v *ir.Number) expr {
	lit, ok := b.numberLiteral(v)
	if !ok {
		return nil
	}
	if part, ok := timestampParts[k]; ok {
		var when expr = readColumn(col)
		if kindOf(col) != kindDatetime {
			when = call("todatetime", readColumn(col))
		}
		return binaryExpr{left: call("datetime_part", stringLit(part), when), op: "==", right: lit}
	}
	var left expr = readColumn(col)
	if kindOf(col) != kindNumber {
		left = call("toreal", readColumn(col))
	}
	return binaryExpr{left: left, op: compareOps[k], right: lit}
}

// boolValue handles |exists and boolean values.
func (b *builder) boolValue(m *ir.FieldMatch, col passes.Column, v *ir.Bool) expr {
	if m.Has(ir.ModExists) {
		return nullTest(col, !v.Value)
	}
	if kindOf(col) == kindBool || kindOf(col) == kindDynamic {
		return binaryExpr{left: readColumn(col), op: "==", right: boolLit(v.Value)}
	}
	text := strconv.FormatBool(v.Value)
	s := &ir.String{At: v.At, Parts: []ir.Part{{Kind: ir.Literal, Text: text}}, Raw: text}
	return b.stringTest(readText(col), s, m.Has(ir.ModCased))
}

// cidrTest tests a column against networks: IPv4 ranges with ipv4_is_in_any_range,
// IPv6 ranges with ipv6_is_in_any_range, each family only with its own function.
func cidrTest(col passes.Column, nets []*ir.CIDR) expr {
	var v4, v6 []expr
	for _, n := range nets {
		if n.Prefix.Addr().Is4() {
			v4 = append(v4, stringLit(n.Prefix.String()))
		} else {
			v6 = append(v6, stringLit(n.Prefix.String()))
		}
	}
	var terms []expr
	for _, fam := range []struct {
		nets      []expr
		one, many string
	}{{v4, "ipv4_is_in_range", "ipv4_is_in_any_range"}, {v6, "ipv6_is_in_range", "ipv6_is_in_any_range"}} {
		switch {
		case len(fam.nets) == 1:
			terms = append(terms, call(fam.one, readText(col), fam.nets[0]))
		case len(fam.nets) > 1:
			terms = append(terms, callExpr{fn: fam.many, args: append([]expr{readText(col)}, fam.nets...)})
		}
	}
	return newOr(terms...)
}

// fieldRefValue compares two columns of the same row: equality, or the string
// operator the modifiers ask for (fieldref keeps contains/startswith/endswith).
// Kusto reads an absent value as the empty string, which equals another absent
// value and starts every text, so the referenced value must be present: Sigma
// never matches a reference to a field the event lacks.
func (b *builder) fieldRefValue(m *ir.FieldMatch, col passes.Column, v *ir.FieldRef) expr {
	other, ok := b.plan.Columns[v.Field]
	if !ok {
		b.diags.Errorf(v.At, CodeUnmappedField, "field %q (fieldref) has no column in table %s", v.Field, b.plan.Table)
		return nil
	}
	op := "=~"
	switch {
	case m.Has(ir.ModContains):
		op = "contains"
	case m.Has(ir.ModStartsWith):
		op = "startswith"
	case m.Has(ir.ModEndsWith):
		op = "endswith"
	}
	if m.Has(ir.ModCased) {
		op = casedOps[op]
	}
	right := readText(other)
	return newAnd(call("isnotempty", right), binaryExpr{left: readText(col), op: op, right: right})
}

// casedOps maps each case-insensitive operator to its case-sensitive form.
var casedOps = map[string]string{
	"=~": "==", "in~": "in", "contains": "contains_cs",
	"startswith": "startswith_cs", "endswith": "endswith_cs",
}
