package parser

import (
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// filter builds a meta filter: a logsource, the rules it applies to and a detection
// that is AND-ed onto them.
func (p *docParser) filter(root *yaml.Node, s keyIndex, n *yaml.Node) ir.Document {
	f := &ir.Filter{Meta: p.meta(root, s, "logsource", "filter")}
	p.require(root, s, "title", "logsource")
	if ls := s.get("logsource"); ls != nil {
		f.Logsource = p.logsource(ls)
	}
	if n.Kind != yaml.MappingNode {
		p.diags.Errorf(p.pos(n), CodeInvalidFilter, "filter must be a mapping of rules, searches and a condition, not %s", kindName(n))
		return f
	}
	if rules := indexKeys(n).get("rules"); rules != nil {
		f.Rules = p.ruleRefs(rules)
	}
	f.Detection = p.detection(n, []string{"rules"})
	return f
}
