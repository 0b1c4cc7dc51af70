package parser

import (
	"regexp"
	"sort"
	"strconv"

	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

var correlationTypes = []string{
	string(ir.EventCount), string(ir.ValueCount), string(ir.Temporal), string(ir.TemporalOrdered),
	string(ir.ValueSum), string(ir.ValueAvg), string(ir.ValuePercentile),
}

// correlationKeys reads each key of a correlation keyIndex.
var correlationKeys = map[string]func(p *docParser, c *ir.Correlation, n *yaml.Node){
	"type":      (*docParser).correlationType,
	"rules":     func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.Rules = p.ruleRefs(n) },
	"group-by":  func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.GroupBy = p.stringList(n, "group-by") },
	"timespan":  func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.Timespan = p.duration(n, "timespan") },
	"timeframe": func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.Timespan = p.duration(n, "timeframe") },
	"condition": func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.Condition = p.correlationCondition(n) },
	"aliases":   func(p *docParser, c *ir.Correlation, n *yaml.Node) { c.Aliases = p.aliases(n) },
	"generate":  (*docParser).generate,
}

// correlation builds a correlation rule from its metadata and correlation keyIndex.
func (p *docParser) correlation(root *yaml.Node, s keyIndex, n *yaml.Node) ir.Document {
	c := &ir.Correlation{Meta: p.meta(root, s, "correlation", "generate")}
	p.require(root, s, "title")
	if g := s.get("generate"); g != nil {
		p.generate(c, g) // the specification places generate beside level
	}
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidCorrelation, "correlation must be a mapping, not %s", kindName(n))
		return c
	}
	cs := indexKeys(n)
	for _, kv := range pairs(n) {
		read, ok := correlationKeys[kv.Key.Value]
		if !ok {
			p.diags.Add(errorWithSuggestions(p.pos(kv.Key), CodeInvalidCorrelation, kv.Key.Value, keysOf(correlationKeys),
				"unknown correlation key %q", kv.Key.Value))
			continue
		}
		read(p, c, kv.Value)
	}
	p.require(n, cs, "type", "rules")
	if cs.get("timespan") == nil && cs.get("timeframe") == nil {
		p.require(n, cs, "timespan")
	}
	p.checkCorrelationCondition(n, c)
	p.checkAliases(c)
	return c
}

// checkAliases reports alias entries for rules the correlation does not refer to.
func (p *docParser) checkAliases(c *ir.Correlation) {
	refs := map[string]bool{}
	for _, r := range c.Rules {
		refs[r.Ref] = true
	}
	for _, a := range c.Aliases {
		for _, rule := range sortedRules(a.Fields) {
			if !refs[rule] {
				p.diags.Errorf(a.Pos, CodeInvalidCorrelation, "alias %q maps rule %q, which the correlation does not list in rules", a.Name, rule)
			}
		}
	}
}

func sortedRules(fields map[string]string) []string {
	keys := keysOf(fields)
	sort.Strings(keys)
	return keys
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (p *docParser) correlationType(c *ir.Correlation, n *yaml.Node) {
	t, ok := p.scalarString(n, "correlation type")
	if !ok {
		return
	}
	if !contains(correlationTypes, t) {
		p.diags.Add(errorWithSuggestions(p.pos(n), CodeCorrelationType, t, correlationTypes,
			"correlation type %q is not one of event_count, value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile", t))
	}
	c.Type = ir.CorrelationType(t)
}

func (p *docParser) generate(c *ir.Correlation, n *yaml.Node) {
	if n.ShortTag() != "!!bool" {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldType, "generate must be true or false, not %s", kindName(n))
		return
	}
	_ = n.Decode(&c.Generate)
}

// checkCorrelationCondition enforces what each type needs: a threshold for the
// counting types, and the aggregated field for the value_* types.
func (p *docParser) checkCorrelationCondition(n *yaml.Node, c *ir.Correlation) {
	switch {
	case !contains(correlationTypes, string(c.Type)) || c.Type == ir.Temporal || c.Type == ir.TemporalOrdered:
		return
	case c.Condition == nil:
		p.diags.Errorf(p.pos(n), CodeMissingField, "correlation type %s needs a condition", c.Type)
		return
	}
	if c.Type != ir.EventCount && c.Condition.Field == "" {
		p.diags.Errorf(c.Condition.Pos, CodeInvalidCorrelation, "correlation type %s needs a field in its condition", c.Type)
	}
	if c.Type == ir.ValuePercentile && c.Condition.Percentile == nil {
		p.diags.Errorf(c.Condition.Pos, CodeInvalidCorrelation, "correlation type value_percentile needs a percentile in its condition")
	}
}

// correlationCondition reads "{gte: 10, field: x}": comparisons, the field and a
// percentile rank.
func (p *docParser) correlationCondition(n *yaml.Node) *ir.CorrelationCondition {
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidCorrelation, "correlation condition must be a mapping such as {gte: 10}, not %s", kindName(n))
		return nil
	}
	cc := &ir.CorrelationCondition{Pos: p.pos(n)}
	for _, kv := range pairs(n) {
		p.conditionEntry(cc, kv)
	}
	if len(cc.Ops) == 0 {
		p.diags.Errorf(p.pos(n), CodeInvalidCorrelation, "correlation condition has no comparison (gt, gte, lt, lte, eq, neq)")
	}
	return cc
}

func (p *docParser) conditionEntry(cc *ir.CorrelationCondition, kv keyValue) {
	switch key := kv.Key.Value; key {
	case "field":
		if fs := p.stringList(kv.Value, "condition field"); len(fs) == 1 {
			cc.Field = fs[0]
		} else if len(fs) > 1 {
			p.diags.Errorf(p.pos(kv.Value), CodeInvalidCorrelation, "condition field must name one field")
		}
	case "percentile":
		if num := p.thresholdNumber(kv.Value); num != nil {
			cc.Percentile = num
		}
	case "gt", "gte", "lt", "lte", "eq", "neq":
		if num := p.thresholdNumber(kv.Value); num != nil {
			cc.Ops = append(cc.Ops, ir.Comparison{Pos: p.pos(kv.Key), Op: ir.CompareOp(key), Value: *num})
		}
	default:
		p.diags.Add(errorWithSuggestions(p.pos(kv.Key), CodeInvalidCorrelation, key,
			[]string{"gt", "gte", "lt", "lte", "eq", "neq", "field", "percentile"},
			"unknown correlation condition key %q", key))
	}
}

func (p *docParser) thresholdNumber(n *yaml.Node) *ir.Number {
	tag := n.ShortTag()
	if tag == "!!int" || tag == "!!float" {
		if num, ok := parseNumber(p.pos(n), n.Value); ok {
			return num
		}
	}
	p.diags.Errorf(p.pos(n), CodeCompareNotNumber, "a correlation threshold must be a number, not %s", kindName(n))
	return nil
}

// aliases reads "name: {rule: field, ...}" entries.
func (p *docParser) aliases(n *yaml.Node) []ir.Alias {
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidCorrelation, "aliases must be a mapping, not %s", kindName(n))
		return nil
	}
	var out []ir.Alias
	for _, kv := range pairs(n) {
		if kv.Value.Kind != yaml.MappingNode {
			p.diags.Errorf(p.pos(kv.Value), CodeInvalidCorrelation, "alias %q must map rules to fields", kv.Key.Value)
			continue
		}
		a := ir.Alias{Pos: p.pos(kv.Key), Name: kv.Key.Value, Fields: map[string]string{}}
		for _, rf := range pairs(kv.Value) {
			if f, ok := p.scalarString(rf.Value, "alias field"); ok {
				a.Fields[rf.Key.Value] = f
			}
		}
		out = append(out, a)
	}
	return out
}

// ruleRefs reads a list of rule ids or names (a single one is accepted too).
func (p *docParser) ruleRefs(n *yaml.Node) []ir.RuleRef {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = items(n)
	}
	var out []ir.RuleRef
	for _, r := range nodes {
		if ref, ok := p.scalarString(r, "rule reference"); ok {
			out = append(out, ir.RuleRef{Pos: p.pos(r), Ref: ref})
		}
	}
	if len(out) == 0 {
		p.diags.Errorf(p.pos(n), CodeMissingField, "rules must name at least one rule")
	}
	return out
}

var durationPattern = regexp.MustCompile(`^(\d{1,9})([smhdwMy])$`)

var durationUnits = map[string]int64{
	"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "M": 30 * 86400, "y": 365 * 86400,
}

// duration reads a Sigma timespan such as "5m" (s, m, h, d, w, M for 30 days, y for
// 365 days).
func (p *docParser) duration(n *yaml.Node, what string) ir.Duration {
	d := ir.Duration{Pos: p.pos(n), Text: n.Value}
	m := durationPattern.FindStringSubmatch(n.Value)
	if n.Kind != yaml.ScalarNode || m == nil {
		p.diags.Errorf(p.pos(n), CodeInvalidTimespan, "%s %q is not a duration such as 30s, 5m, 1h or 7d", what, n.Value)
		return d
	}
	count, _ := strconv.ParseInt(m[1], 10, 64)
	d.Seconds = count * durationUnits[m[2]]
	return d
}
