package parser

import (
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// detection reads a detection mapping: named searches, the condition(s) and the
// deprecated timeframe. Keys listed in skip belong to the enclosing keyIndex (a
// filter's rules) and are not searches.
func (p *docParser) detection(n *yaml.Node, skip []string) ir.Detection {
	d := ir.Detection{Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidDetection, "detection must be a mapping of searches and a condition, not %s", kindName(n))
		return d
	}
	var condition *yaml.Node
	for _, kv := range pairs(n) {
		switch key := kv.Key.Value; {
		case contains(skip, key):
		case key == "condition":
			condition = kv.Value
		case key == "timeframe":
			t := p.duration(kv.Value, "timeframe")
			d.Timeframe = &t
		default:
			d.Searches = append(d.Searches, p.search(kv.Key, kv.Value))
		}
	}
	if condition == nil {
		p.diags.Errorf(p.pos(n), CodeMissingCondition, "detection has no condition")
		return d
	}
	d.Conditions = p.conditions(condition, searchNames(d.Searches))
	return d
}

func searchNames(searches []*ir.Search) []string {
	names := make([]string, len(searches))
	for i, s := range searches {
		names[i] = s.Name
	}
	return names
}

// conditions parses a condition string, or each string of a list (one query each).
func (p *docParser) conditions(n *yaml.Node, names []string) []*ir.Condition {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = items(n)
		if len(nodes) == 0 {
			p.diags.Errorf(p.pos(n), CodeMissingCondition, "condition list is empty")
		}
	}
	var out []*ir.Condition
	for _, c := range nodes {
		if c.Kind != yaml.ScalarNode || isNull(c) {
			p.diags.Errorf(p.pos(c), CodeInvalidCondition, "condition must be a string, not %s", kindName(c))
			continue
		}
		at := p.textPos(c)
		expr, ds := ParseCondition(c.Value, at, names)
		remapConditionPositions(expr, ds, at, p.scalarLines(c, c.Value, at))
		p.diags.Add(ds.WithFile(p.file)...)
		out = append(out, &ir.Condition{Pos: at, Source: c.Value, Expr: expr})
	}
	return out
}

// search reads one named search: a mapping (AND over its keys), a list of
// alternatives (OR; plain values in it are keywords) or a single keyword. A search
// whose content is invalid is still returned, without alternatives, so that the
// condition does not report it a second time as unknown.
func (p *docParser) search(name, n *yaml.Node) *ir.Search {
	s := &ir.Search{Pos: p.pos(name), Name: name.Value}
	switch {
	case name.Kind != yaml.ScalarNode:
		p.diags.Errorf(p.pos(name), CodeInvalidSearch, "a search name must be a string, not %s", kindName(name))
	case n.Kind == yaml.MappingNode:
		if g := p.group(n); g != nil {
			s.Alternatives = []*ir.Group{g}
		}
	case n.Kind == yaml.SequenceNode:
		s.Alternatives = p.alternatives(n)
	case n.Kind == yaml.ScalarNode && !isNull(n):
		s.Alternatives = []*ir.Group{p.keywords([]*yaml.Node{n})}
	default:
		p.diags.Errorf(p.pos(n), CodeInvalidSearch, "search %q must be a mapping, a list or a value, not %s", name.Value, kindName(n))
	}
	return s
}

// alternatives reads a list search: every mapping is one alternative, and all plain
// values together form one keyword alternative placed where the first appears.
func (p *docParser) alternatives(n *yaml.Node) []*ir.Group {
	list := items(n)
	if len(list) == 0 {
		p.diags.Errorf(p.pos(n), CodeEmptyValueList, "search list is empty")
		return nil
	}
	var groups []*ir.Group
	var words []*yaml.Node
	wordsAt := -1
	for _, item := range list {
		switch item.Kind {
		case yaml.MappingNode:
			if g := p.group(item); g != nil {
				groups = append(groups, g)
			}
		case yaml.ScalarNode:
			if wordsAt < 0 {
				wordsAt = len(groups)
			}
			words = append(words, item)
		default:
			p.diags.Errorf(p.pos(item), CodeInvalidSearch, "a search list holds mappings or values, not %s", kindName(item))
		}
	}
	if wordsAt >= 0 {
		groups = append(groups[:wordsAt], append([]*ir.Group{p.keywords(words)}, groups[wordsAt:]...)...)
	}
	return groups
}

// keywords builds the alternative of unbound values (matched anywhere in the event).
func (p *docParser) keywords(values []*yaml.Node) *ir.Group {
	at := p.pos(values[0])
	m := &ir.FieldMatch{Pos: at}
	m.Values = p.typedValues(m, values)
	return &ir.Group{Pos: at, Matches: []*ir.FieldMatch{m}}
}

// group reads a mapping of "field|modifiers: values" items, all of which must match.
func (p *docParser) group(n *yaml.Node) *ir.Group {
	kvs := pairs(n)
	if len(kvs) == 0 {
		p.diags.Errorf(p.pos(n), CodeInvalidSearch, "search mapping is empty")
		return nil
	}
	g := &ir.Group{Pos: p.pos(n)}
	for _, kv := range kvs {
		if m := p.fieldMatch(kv.Key, kv.Value); m != nil {
			g.Matches = append(g.Matches, m)
		}
	}
	if len(g.Matches) == 0 {
		return nil
	}
	return g
}

// fieldMatch reads one "field|modifiers: value or list" item. A key with an empty
// field name (such as '|all') makes a keyword match with modifiers.
func (p *docParser) fieldMatch(key, val *yaml.Node) *ir.FieldMatch {
	if key.Kind != yaml.ScalarNode {
		p.diags.Errorf(p.pos(key), CodeInvalidSearch, "a field name must be a string, not %s", kindName(key))
		return nil
	}
	field, mods := p.modifierChain(key)
	m := &ir.FieldMatch{Pos: p.pos(key), Field: field, Modifiers: mods}
	if field == "" && m.Has(ir.ModExists) {
		p.diags.Errorf(p.pos(key), CodeExistsKeyword, "modifier exists needs a field name before it")
		return nil
	}
	nodes, ok := p.valueNodes(val)
	if !ok {
		return nil
	}
	m.Values = p.typedValues(m, nodes)
	if len(m.Values) == 0 {
		return nil
	}
	return m
}

// valueNodes returns the scalar values of a field: one scalar or a list of them.
func (p *docParser) valueNodes(n *yaml.Node) ([]*yaml.Node, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		return []*yaml.Node{n}, true
	case yaml.SequenceNode:
		list := items(n)
		if len(list) == 0 {
			p.diags.Errorf(p.pos(n), CodeEmptyValueList, "value list is empty; it can never match")
			return nil, false
		}
		for _, item := range list {
			if item.Kind != yaml.ScalarNode {
				p.diags.Errorf(p.pos(item), CodeInvalidValue, "a value must be a string, number, boolean or null, not %s", kindName(item))
				return nil, false
			}
		}
		return list, true
	}
	p.diags.Errorf(p.pos(n), CodeInvalidValue, "a value must be a string, number, boolean, null or a list of them, not %s", kindName(n))
	return nil, false
}
