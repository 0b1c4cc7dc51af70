package ir

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Print returns the canonical text of a whole document: metadata, logsource,
// searches with typed values and modifiers, and conditions, each item with the
// line:col it was read from. Golden tests compare it, so its form changes only on
// purpose; every value is printed with its type, so a number is never confused with
// a string that spells one.
func Print(doc Document) string {
	p := &printer{}
	switch d := doc.(type) {
	case *Rule:
		p.line(0, "rule at %s", at(d.Pos))
		p.meta(&d.Meta)
		p.logsource(d.Logsource)
		p.detection(&d.Detection)
	case *Filter:
		p.line(0, "filter at %s", at(d.Pos))
		p.meta(&d.Meta)
		p.logsource(d.Logsource)
		p.refs("rules", d.Rules)
		p.detection(&d.Detection)
	case *Correlation:
		p.line(0, "correlation at %s", at(d.Pos))
		p.meta(&d.Meta)
		p.correlation(d)
	default:
		p.line(0, "unknown document %T", doc)
	}
	return p.b.String()
}

// printer accumulates indented lines.
type printer struct {
	b strings.Builder
}

func (p *printer) line(indent int, format string, args ...any) {
	p.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&p.b, format, args...)
	p.b.WriteByte('\n')
}

// at formats a position as line:col; the file name is the same for a whole document.
func at(pos Pos) string { return fmt.Sprintf("%d:%d", pos.Line, pos.Col) }

func (p *printer) meta(m *Meta) {
	for _, f := range []struct{ key, val string }{
		{"title", m.Title}, {"id", m.ID}, {"name", m.Name}, {"taxonomy", m.Taxonomy},
		{"status", m.Status}, {"description", m.Description}, {"license", m.License},
		{"author", m.Author}, {"date", m.Date}, {"modified", m.Modified}, {"level", m.Level},
	} {
		if f.val != "" {
			p.line(1, "%s: %s", f.key, strconv.Quote(f.val))
		}
	}
	for _, r := range m.Related {
		p.line(1, "related: %s %s at %s", r.Type, strconv.Quote(r.ID), at(r.Pos))
	}
	p.list("references", m.References)
	p.list("tags", m.Tags)
	p.list("fields", m.Fields)
	p.list("falsepositives", m.FalsePositives)
	p.list("scope", m.Scope)
	for _, k := range sortedKeys(m.Custom) {
		p.line(1, "custom %s: %s", k, plain(m.Custom[k]))
	}
}

func (p *printer) list(key string, vals []string) {
	if len(vals) == 0 {
		return
	}
	quoted := make([]string, len(vals))
	for i, v := range vals {
		quoted[i] = strconv.Quote(v)
	}
	p.line(1, "%s: %s", key, strings.Join(quoted, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// plain prints a custom value (string, number, bool, nil, list or map) with sorted
// map keys so the output is stable.
func plain(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = plain(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		parts := make([]string, 0, len(v))
		for _, k := range sortedKeys(v) {
			parts = append(parts, strconv.Quote(k)+": "+plain(v[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

func (p *printer) logsource(l Logsource) {
	if l.IsZero() && l.Pos.Line == 0 {
		return
	}
	var parts []string
	for _, f := range []struct{ key, val string }{
		{"category", l.Category}, {"product", l.Product}, {"service", l.Service}, {"definition", l.Definition},
	} {
		if f.val != "" {
			parts = append(parts, f.key+"="+strconv.Quote(f.val))
		}
	}
	for _, k := range sortedKeys(l.Custom) {
		parts = append(parts, k+"="+strconv.Quote(l.Custom[k]))
	}
	p.line(1, "logsource at %s: %s", at(l.Pos), strings.Join(parts, " "))
}

func (p *printer) refs(key string, refs []RuleRef) {
	for _, r := range refs {
		p.line(1, "%s: %s at %s", key, strconv.Quote(r.Ref), at(r.Pos))
	}
}
