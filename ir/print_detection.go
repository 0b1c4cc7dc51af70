package ir

import (
	"strconv"
	"strings"
)

func (p *printer) detection(d *Detection) {
	if d.Pos.Line == 0 && len(d.Searches) == 0 {
		return
	}
	p.line(1, "detection at %s", at(d.Pos))
	for _, s := range d.Searches {
		p.line(2, "search %s at %s", s.Name, at(s.Pos))
		for _, g := range s.Alternatives {
			p.group(g)
		}
	}
	for _, c := range d.Conditions {
		expr := "<invalid>"
		if c.Expr != nil {
			expr = c.Expr.String()
		}
		p.line(2, "condition at %s: %s", at(c.Pos), expr)
	}
	if d.Timeframe != nil {
		p.line(2, "timeframe: %s", duration(*d.Timeframe))
	}
}

// group prints one alternative of a search: a list of matches that must all hold.
func (p *printer) group(g *Group) {
	p.line(3, "all at %s", at(g.Pos))
	for _, m := range g.Matches {
		p.line(4, "%s at %s: %s", matchKey(m), at(m.Pos), values(m))
	}
}

// matchKey prints "field|mod|mod" with canonical modifier names, or "keywords" for
// an unbound match.
func matchKey(m *FieldMatch) string {
	var b strings.Builder
	if m.IsKeyword() {
		b.WriteString("<keywords>")
	} else {
		b.WriteString(m.Field)
	}
	for _, mod := range m.Modifiers {
		b.WriteString("|" + mod.Kind.String())
	}
	return b.String()
}

// values prints the values of a match, each with its type, joined by "or" (or
// "and" under the all modifier).
func values(m *FieldMatch) string {
	parts := make([]string, len(m.Values))
	for i, v := range m.Values {
		parts[i] = TypedString(v)
	}
	sep := " or "
	if m.All() {
		sep = " and "
	}
	return strings.Join(parts, sep)
}

// TypedString prints a value with its type name, e.g. str "a*", num 4688, re /x/i.
func TypedString(v Value) string {
	switch v := v.(type) {
	case *String:
		if v.HasPlaceholders() {
			return "str " + v.String() + " (placeholders: " + placeholderNames(v) + ")"
		}
		return "str " + v.String()
	case *Number:
		return "num " + v.String()
	case *Bool:
		return "bool " + v.String()
	case *Null:
		return "null"
	case *Regex:
		return "re " + v.String()
	case *CIDR:
		return "cidr " + v.String()
	case *FieldRef:
		return "fieldref " + v.String()
	}
	return "?"
}

func duration(d Duration) string {
	return strconv.Quote(d.Text) + " (" + strconv.FormatInt(d.Seconds, 10) + "s)"
}

func (p *printer) correlation(c *Correlation) {
	p.line(1, "type: %s", c.Type)
	p.refs("rules", c.Rules)
	if len(c.GroupBy) > 0 {
		p.list("group-by", c.GroupBy)
	}
	if c.Timespan.Text != "" {
		p.line(1, "timespan: %s", duration(c.Timespan))
	}
	if cc := c.Condition; cc != nil {
		p.line(1, "condition at %s: %s", at(cc.Pos), correlationCondition(cc))
	}
	for _, a := range c.Aliases {
		p.line(1, "alias %s at %s: %s", a.Name, at(a.Pos), aliasFields(a))
	}
	if c.Generate {
		p.line(1, "generate: true")
	}
}

func correlationCondition(cc *CorrelationCondition) string {
	var parts []string
	if cc.Field != "" {
		parts = append(parts, "field="+strconv.Quote(cc.Field))
	}
	if cc.Percentile != nil {
		parts = append(parts, "percentile="+cc.Percentile.String())
	}
	for _, op := range cc.Ops {
		parts = append(parts, string(op.Op)+" "+op.Value.String())
	}
	return strings.Join(parts, " ")
}

func aliasFields(a Alias) string {
	var parts []string
	for _, rule := range sortedKeys(a.Fields) {
		parts = append(parts, strconv.Quote(rule)+"="+strconv.Quote(a.Fields[rule]))
	}
	return strings.Join(parts, " ")
}

func placeholderNames(v *String) string {
	var names []string
	for _, p := range v.Parts {
		if p.Kind == Placeholder {
			names = append(names, p.Text)
		}
	}
	return strings.Join(names, ", ")
}
