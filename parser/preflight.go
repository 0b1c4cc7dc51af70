package parser

import "gopkg.in/yaml.v3"

// preflight walks a document once before it is interpreted, enforcing the nesting
// depth, alias expansion and value length limits and reporting duplicate keys. It
// counts every node reached through an alias, so an alias bomb stops after
// MaxAliasNodes steps instead of expanding exponentially.
func (p *docParser) preflight(root *yaml.Node) bool {
	w := &treeWalk{p: p, budget: p.opts.MaxAliasNodes}
	return w.walk(root, 1, false)
}

type treeWalk struct {
	p      *docParser
	budget int // nodes that may still be reached through aliases
}

func (w *treeWalk) walk(n *yaml.Node, depth int, aliased bool) bool {
	if depth > w.p.opts.MaxDepth {
		w.p.diags.Errorf(w.p.pos(n), CodeYAMLDepth, "YAML nesting is deeper than %d levels", w.p.opts.MaxDepth)
		return false
	}
	if aliased {
		if w.budget--; w.budget < 0 {
			w.p.diags.Errorf(w.p.pos(n), CodeYAMLAliases, "YAML aliases expand to more than %d nodes", w.p.opts.MaxAliasNodes)
			return false
		}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return true
		}
		return w.walk(n.Alias, depth+1, true)
	case yaml.ScalarNode:
		return w.scalar(n, aliased)
	case yaml.MappingNode:
		if !aliased {
			w.duplicateKeys(n)
		}
	}
	for _, c := range n.Content {
		if !w.walk(c, depth+1, aliased) {
			return false
		}
	}
	return true
}

func (w *treeWalk) scalar(n *yaml.Node, aliased bool) bool {
	if len(n.Value) > w.p.opts.MaxValueLen && !aliased {
		w.p.diags.Errorf(w.p.pos(n), CodeValueTooLong, "value is %d bytes; the limit is %d", len(n.Value), w.p.opts.MaxValueLen)
		return false
	}
	return true
}

// duplicateKeys reports a key written twice in one mapping; YAML forbids it and
// yaml.v3's Node API does not check.
func (w *treeWalk) duplicateKeys(n *yaml.Node) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			continue
		}
		if seen[k.Value] {
			w.p.diags.Errorf(w.p.pos(k), CodeDuplicateKey, "key %q is defined twice in this mapping", k.Value)
		}
		seen[k.Value] = true
	}
}
