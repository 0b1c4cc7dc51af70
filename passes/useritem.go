package passes

import (
	"github.com/agnivade/levenshtein"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// userItem is one transformation of a user pipeline with its conditions.
type userItem struct {
	id     string
	rule   condGroup[*state]
	field  condGroup[*ir.FieldMatch] // field_name_conditions
	detect condGroup[*ir.FieldMatch] // detection_item_conditions
	// run applies the transformation and reports whether it changed anything, which
	// is what processing_item_applied conditions test.
	run func(s *state, it *userItem) bool
}

func (it *userItem) apply(s *state) {
	if !it.rule.ok(s, s) {
		return
	}
	if it.run(s, it) && it.id != "" {
		s.applied[it.id] = true
	}
}

// selects reports whether the item's field-name and detection-item conditions
// hold for a field match.
func (it *userItem) selects(s *state, m *ir.FieldMatch) bool {
	return it.field.ok(s, m) && it.detect.ok(s, m)
}

// condGroup combines conditions with and (default) or or, optionally negated.
type condGroup[T any] struct {
	conds []func(s *state, x T) bool
	or    bool
	not   bool
}

func (g condGroup[T]) ok(s *state, x T) bool {
	if len(g.conds) == 0 {
		return true
	}
	res := !g.or
	for _, c := range g.conds {
		if c(s, x) == g.or {
			res = g.or
			break
		}
	}
	return res != g.not
}

// transformation builders by pySigma type name; each reads its parameters.
var transformations = map[string]func(l *loader, p params) func(*state, *userItem) bool{
	"field_name_mapping":            buildFieldNameMapping,
	"field_name_prefix_mapping":     buildFieldPrefixMapping,
	"add_condition":                 buildAddCondition,
	"change_logsource":              buildChangeLogsource,
	"set_state":                     buildSetState,
	"drop_detection_item":           buildDropDetectionItem,
	"replace_string":                buildReplaceString,
	"map_string":                    buildMapString,
	"value_placeholders":            buildValuePlaceholders,
	"query_expression_placeholders": buildQueryExpressionPlaceholders,
	"rule_failure":                  buildRuleFailure,
	"detection_item_failure":        buildDetectionItemFailure,
}

// params are a transformation's own keys; each builder takes the ones it knows
// and the rest are reported.
type params map[string]*yaml.Node

func (p params) take(name string) *yaml.Node {
	n := p[name]
	delete(p, name)
	return n
}

// need takes a required parameter, reporting it missing at the item.
func (l *loader) need(p params, at *yaml.Node, name string) *yaml.Node {
	n := p.take(name)
	if n == nil {
		l.errorf(at, "transformation needs %q", name)
	}
	return n
}

// item reads one transformation: its type, id, conditions and parameters.
func (l *loader) item(n *yaml.Node) *userItem {
	if !l.mapping(n) {
		return nil
	}
	it := &userItem{}
	p := params{}
	var typ *yaml.Node
	eachPair(n, func(k, v *yaml.Node) {
		switch k.Value {
		case "type":
			typ = v
		case "id":
			it.id = l.scalar(v)
		default:
			if !l.condKey(it, k, v) {
				p[k.Value] = v
			}
		}
	})
	if typ == nil {
		l.errorf(n, "transformation has no type")
		return nil
	}
	build, ok := transformations[typ.Value]
	if !ok {
		l.errorf(typ, "unknown transformation type %q%s", typ.Value, suggestOne(typ.Value, sortedKeys(transformations)))
		return nil
	}
	l.at = n
	it.run = build(l, p)
	for _, k := range sortedKeys(p) {
		l.errorf(p[k], "transformation %s has no parameter %q", typ.Value, k)
	}
	return it
}

func editDistance(a, b string) int { return levenshtein.ComputeDistance(a, b) }
