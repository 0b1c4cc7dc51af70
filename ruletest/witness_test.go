package ruletest_test

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ruletest"
	"github.com/sigmakql/sigmakql/schema"
)

// maxWitnesses bounds the events synthesized per rule.
const maxWitnesses = 5

// witnesses synthesizes plain events from a rule's own detection values: one per
// search alternative (its fields set to text its values describe), one holding the
// first alternative of every search (so filters and negations fire too), a
// letter-case variant of it, and a variant with every text one letter longer at
// the end (just past an endswith or an exact value). They are not expected to match; they exercise both
// implementations with values near the rule's edges, where the differential test
// compares them.
func witnesses(p *ruletest.Prepared) []*events.Event {
	var out []map[string]any
	all := map[string]any{}
	kw := keywordField(p)
	for _, s := range p.Rule.Detection.Searches {
		for i, g := range s.Alternatives {
			fields := groupWitness(g, i, kw)
			if i == 0 {
				for k, v := range fields {
					all[k] = v
				}
			}
			if len(out) < maxWitnesses-3 {
				out = append(out, fields)
			}
		}
	}
	out = append(out, all, caseVariant(all), mapStrings(all, func(s string) string { return s + "x" }))
	evs := make([]*events.Event, 0, len(out))
	for _, f := range out {
		if len(f) > 0 {
			evs = append(evs, events.New(f))
		}
	}
	return evs
}

// keywordField is where a witness puts keyword values: the first column the
// pipeline searches keywords in, a member of WindowsEvent's EventData, or else
// the table's first string column (a whole-row search finds it there).
func keywordField(p *ruletest.Prepared) string {
	if len(p.KeywordColumns) > 0 && p.KeywordColumns[0].Type != "dynamic" {
		return p.KeywordColumns[0].Name
	}
	if t, ok := schema.Default().Table(p.Table); ok && p.Table != "WindowsEvent" {
		for _, c := range t.Columns() {
			if c.Type == "string" {
				return c.Name
			}
		}
	}
	return "Keyword"
}

// groupWitness sets each field of a group to the text of its variant-th value
// (every value, space-joined, under |all); keywords go into field kw.
func groupWitness(g *ir.Group, variant int, kw string) map[string]any {
	fields := map[string]any{}
	for _, m := range g.Matches {
		name := m.Field
		if m.IsKeyword() {
			name = kw
		}
		if m.Has(ir.ModExists) {
			if b, ok := firstValue(m, 0).(*ir.Bool); ok && b.Value {
				fields[name] = "present"
			}
			continue
		}
		if m.All() {
			var parts []string
			for i := range m.Values {
				if t, ok := valueText(firstValue(m, i)); ok {
					parts = append(parts, t)
				}
			}
			fields[name] = strings.Join(parts, " ")
			continue
		}
		if v, ok := valueWitness(firstValue(m, variant)); ok {
			fields[name] = v
		}
	}
	return fields
}

func firstValue(m *ir.FieldMatch, i int) ir.Value {
	if len(m.Values) == 0 {
		return nil
	}
	return m.Values[i%len(m.Values)]
}

// valueWitness is a JSON value a detection value describes: numbers as numbers,
// strings as their text.
func valueWitness(v ir.Value) (any, bool) {
	if n, ok := v.(*ir.Number); ok {
		return json.Number(n.Text), true
	}
	if _, ok := v.(*ir.Null); ok {
		return nil, true
	}
	return valueText(v)
}

// valueText writes a value as text an event could hold: wildcards at the ends
// match nothing extra, inner ones a letter; regexes and field references have
// no witness.
func valueText(v ir.Value) (string, bool) {
	switch v := v.(type) {
	case *ir.String:
		var b strings.Builder
		for i, p := range v.Parts {
			switch p.Kind {
			case ir.Literal:
				b.WriteString(p.Text)
			case ir.OneChar:
				b.WriteString("q")
			case ir.AnyChars:
				if i > 0 && i < len(v.Parts)-1 {
					b.WriteString("zz")
				}
			case ir.Placeholder:
				return "", false
			}
		}
		return b.String(), true
	case *ir.Number:
		return v.Text, true
	case *ir.Bool:
		return v.String(), true
	case *ir.CIDR:
		return v.Prefix.Addr().String(), true
	}
	return "", false
}

// caseVariant swaps the letter case of every string, so case rules are tested.
func caseVariant(fields map[string]any) map[string]any {
	return mapStrings(fields, func(s string) string { return strings.Map(swapCase, s) })
}

// mapStrings applies f to every string value of fields.
func mapStrings(fields map[string]any, f func(string) string) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		if s, ok := v.(string); ok {
			v = f(s)
		}
		out[k] = v
	}
	return out
}

func swapCase(r rune) rune {
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return unicode.ToUpper(r)
}
