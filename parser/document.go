package parser

import (
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// keyIndex holds the top-level entries of one document by key.
type keyIndex map[string]keyValue

func indexKeys(n *yaml.Node) keyIndex {
	s := keyIndex{}
	for _, kv := range pairs(n) {
		if _, dup := s[kv.Key.Value]; !dup {
			s[kv.Key.Value] = kv
		}
	}
	return s
}

// get returns the value of key, or nil when it is absent.
func (s keyIndex) get(key string) *yaml.Node {
	if kv, ok := s[key]; ok {
		return kv.Value
	}
	return nil
}

// document builds a rule, correlation or filter from one mapping. The kind follows
// from the presence of a correlation or filter key.
func (p *docParser) document(root *yaml.Node) ir.Document {
	s := indexKeys(root)
	corr, filt := s.get("correlation"), s.get("filter")
	switch {
	case corr != nil && filt != nil:
		p.diags.Errorf(p.pos(root), CodeAmbiguousDoc, "a document cannot be both a correlation and a filter")
		return nil
	case corr != nil:
		return p.correlation(root, s, corr)
	case filt != nil:
		return p.filter(root, s, filt)
	}
	return p.rule(root, s)
}

// rule builds a detection rule; title, logsource and detection are required.
func (p *docParser) rule(root *yaml.Node, s keyIndex) *ir.Rule {
	r := &ir.Rule{Meta: p.meta(root, s, "logsource", "detection")}
	p.require(root, s, "title", "logsource", "detection")
	if n := s.get("logsource"); n != nil {
		r.Logsource = p.logsource(n)
	}
	if n := s.get("detection"); n != nil {
		r.Detection = p.detection(n, nil)
	}
	return r
}

// require reports each key that is absent from the document.
func (p *docParser) require(root *yaml.Node, s keyIndex, keys ...string) {
	for _, k := range keys {
		if s.get(k) == nil {
			p.diags.Errorf(p.pos(root), CodeMissingField, "missing required key %q", k)
		}
	}
}

// logsource reads the four standard keys; any other key is kept in Custom.
func (p *docParser) logsource(n *yaml.Node) ir.Logsource {
	ls := ir.Logsource{Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldType, "logsource must be a mapping, not %s", kindName(n))
		return ls
	}
	for _, kv := range pairs(n) {
		v, ok := p.scalarString(kv.Value, "logsource "+kv.Key.Value)
		if !ok {
			continue
		}
		switch kv.Key.Value {
		case "category":
			ls.Category = v
		case "product":
			ls.Product = v
		case "service":
			ls.Service = v
		case "definition":
			ls.Definition = v
		default:
			if ls.Custom == nil {
				ls.Custom = map[string]string{}
			}
			ls.Custom[kv.Key.Value] = v
		}
	}
	return ls
}
