package match

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// fieldMatcher is a compiled ir.FieldMatch.
type fieldMatcher struct {
	field string // "" for a keyword search
	tests []valueTest
	all   bool // every value must match (the all modifier)
	neq   bool // the match is negated (the neq modifier)
}

// eval reports whether the event satisfies the field match: any value (every value
// under all) matches the field, where a list-valued field matches when any element
// does; neq negates the result, as pySigma's neq modifier negates the detection item.
func (m *fieldMatcher) eval(ev *Prepared, opts *Options) bool {
	var e *fieldEntry
	if m.field == "" {
		e = ev.leavesAs(opts)
	} else {
		e = ev.fieldAs(m.field, opts)
	}
	f := &ev.fieldScratch
	*f = fieldValue{ev: ev, present: e.present, cands: e.cands, opts: opts}
	return m.combine(f) != m.neq
}

func (m *fieldMatcher) combine(f *fieldValue) bool {
	for _, t := range m.tests {
		if t.test(f) != m.all {
			return !m.all
		}
	}
	return m.all && len(m.tests) > 0
}

// candidatesOf flattens a field's value into scalar candidates: a list contributes
// each element (recursively); null, a scalar or an object is one candidate.
func candidatesOf(v any) []candidate {
	list, ok := v.([]any)
	if !ok {
		return []candidate{newCandidate(v)}
	}
	var out []candidate
	for _, el := range list {
		out = append(out, candidatesOf(el)...)
	}
	return out
}

func compileFieldMatch(fm *ir.FieldMatch, opts *Options) (*fieldMatcher, error) {
	m := &fieldMatcher{field: fm.Field, all: fm.All(), neq: fm.Has(ir.ModNeq)}
	if len(fm.Values) == 0 {
		return nil, diag.Errorf(fm.Pos, CodeInvalidValue, "field %q has no values", fm.Field)
	}
	for _, v := range fm.Values {
		t, err := compileValue(fm, v, opts)
		if err != nil {
			return nil, diag.Errorf(v.Position(), codeOf(err), "%s: %v", describe(fm), err)
		}
		m.tests = append(m.tests, t)
	}
	return m, nil
}

func describe(fm *ir.FieldMatch) string {
	if fm.IsKeyword() {
		return "keyword"
	}
	return fmt.Sprintf("field %q", fm.Field)
}

// codedError carries the diagnostic code a compile error should be reported with.
type codedError struct {
	code diag.Code
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }

func codeOf(err error) diag.Code {
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.code
	}
	return CodeInvalidValue
}

func compileValue(fm *ir.FieldMatch, v ir.Value, opts *Options) (valueTest, error) {
	switch v := v.(type) {
	case *ir.String:
		return compileString(fm, v, opts)
	case *ir.Number:
		return compileNumber(fm, v, opts)
	case *ir.Bool:
		if fm.Has(ir.ModExists) {
			return &existsTest{want: v.Value}, nil
		}
		return &boolTest{want: v.Value}, nil
	case *ir.Null:
		return nullTest{}, nil
	case *ir.Regex:
		return compileRegex(fm, v.Pattern, v.IgnoreCase, v.Multiline, v.DotAll)
	case *ir.CIDR:
		return &cidrTest{prefix: v.Prefix}, nil
	case *ir.FieldRef:
		return newFieldRefTest(fm, v.Field), nil
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

// compileString handles a string value, including strings whose modifier says they
// are really a regex, network or field name (in case a producer left them untyped).
func compileString(fm *ir.FieldMatch, v *ir.String, opts *Options) (valueTest, error) {
	text, plain := v.Text()
	switch {
	case fm.Has(ir.ModRe):
		return compileRegex(fm, v.Raw, false, false, false)
	case fm.Has(ir.ModCIDR) && plain:
		prefix, err := netip.ParsePrefix(text)
		if err != nil {
			return nil, err
		}
		return &cidrTest{prefix: prefix.Masked()}, nil
	case fm.Has(ir.ModFieldRef) && plain:
		return newFieldRefTest(fm, text), nil
	case fm.Has(ir.ModExists):
		return nil, fmt.Errorf("exists needs true or false, not %s", v)
	}
	return compileGlobTest(fm, v, opts)
}

func compileGlobTest(fm *ir.FieldMatch, v *ir.String, opts *Options) (valueTest, error) {
	alts, err := stringPatterns(v, fm.Modifiers, opts)
	if err != nil {
		return nil, err
	}
	g := &globTest{cased: fm.Has(ir.ModCased)}
	for _, p := range alts {
		if fm.IsKeyword() {
			p = wrapAny(p, true, true)
		}
		g.globs = append(g.globs, compileGlob(p, g.cased))
	}
	if text, plain := v.Text(); plain && text == "" && opts.EmptyIsNull && !fm.IsKeyword() && len(alts) == 1 {
		return &emptyTest{glob: g}, nil
	}
	return g, nil
}

// stringModifiers are the modifiers that rewrite a value as text; a number under any
// of them is treated as the string it is written as.
var stringModifiers = []ir.ModifierKind{
	ir.ModContains, ir.ModStartsWith, ir.ModEndsWith, ir.ModWindash, ir.ModWide,
	ir.ModUTF16BE, ir.ModUTF16, ir.ModBase64, ir.ModBase64Offset, ir.ModRe, ir.ModCased,
}

func compileNumber(fm *ir.FieldMatch, v *ir.Number, opts *Options) (valueTest, error) {
	part := timestampPart(fm)
	op := compareOp(fm)
	if part != ir.ModInvalid || op != ir.ModInvalid {
		return &compareTest{op: op, value: ruleNumber(v), part: part}, nil
	}
	if fm.IsKeyword() || hasAny(fm, stringModifiers) {
		s := ir.NewString(v.At, ir.Part{Kind: ir.Literal, Text: v.String()})
		s.Raw = v.String()
		return compileString(fm, s, opts)
	}
	return newNumberTest(v), nil
}

func hasAny(fm *ir.FieldMatch, kinds []ir.ModifierKind) bool {
	for _, k := range kinds {
		if fm.Has(k) {
			return true
		}
	}
	return false
}

func timestampPart(fm *ir.FieldMatch) ir.ModifierKind {
	for _, m := range fm.Modifiers {
		if m.Kind.IsTimestampPart() {
			return m.Kind
		}
	}
	return ir.ModInvalid
}

func compareOp(fm *ir.FieldMatch) ir.ModifierKind {
	for _, m := range fm.Modifiers {
		if m.Kind.IsNumericCompare() {
			return m.Kind
		}
	}
	return ir.ModInvalid
}

// compileRegex builds the re test; the i, m and s modifiers add to the value's own
// flags. Constructs RE2 cannot run (look-around, back-references) are an error.
func compileRegex(fm *ir.FieldMatch, pattern string, i, m, s bool) (valueTest, error) {
	flags := ""
	if i || fm.Has(ir.ModReIgnoreCase) {
		flags += "i"
	}
	if m || fm.Has(ir.ModReMultiline) {
		flags += "m"
	}
	if s || fm.Has(ir.ModReDotAll) {
		flags += "s"
	}
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, &codedError{code: CodeUnsupportedRegex, err: err}
	}
	return &regexTest{re: re}, nil
}

func newFieldRefTest(fm *ir.FieldMatch, other string) *fieldRefTest {
	return &fieldRefTest{
		other: other,
		start: fm.Has(ir.ModContains) || fm.Has(ir.ModEndsWith),
		end:   fm.Has(ir.ModContains) || fm.Has(ir.ModStartsWith),
		cased: fm.Has(ir.ModCased),
	}
}
