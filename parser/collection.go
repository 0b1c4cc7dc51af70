package parser

import (
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// collection interprets the documents of one file the way pySigma's SigmaCollection
// does: "action: global" sets a template that is merged into every following
// document and wins where both set a key, "reset" forgets the template, and
// "repeat" parses the previous document again with this one's keys applied on top.
func (p *docParser) collection(roots []*yaml.Node) []ir.Document {
	var docs []ir.Document
	var global, prev *yaml.Node
	for _, root := range roots {
		if root.Kind != yaml.MappingNode {
			p.diags.Errorf(p.pos(root), CodeNotMapping, "a Sigma document must be a mapping, not %s", kindName(root))
			continue
		}
		action, body := p.splitAction(root)
		switch action {
		case "global":
			global, prev = body, body
			continue
		case "reset":
			global = nil
			continue
		case "repeat":
			if prev == nil {
				p.diags.Errorf(p.pos(root), CodeInvalidAction, "action: repeat needs a previous document")
				continue
			}
			body = mergeMappings(prev, body, body)
		case "":
			if global != nil {
				body = mergeMappings(body, global, body)
			}
		default:
			continue
		}
		prev = body
		if d := p.document(body); d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

// splitAction returns the document's action ("" when absent) and the document
// without its action key. An unknown action is reported and returned as "invalid".
func (p *docParser) splitAction(root *yaml.Node) (string, *yaml.Node) {
	body := &yaml.Node{Kind: yaml.MappingNode, Tag: root.Tag, Line: root.Line, Column: root.Column}
	action := ""
	for _, kv := range pairs(root) {
		if kv.Key.Value != "action" {
			body.Content = append(body.Content, kv.Key, kv.Value)
			continue
		}
		action = kv.Value.Value
		switch action {
		case "global", "reset", "repeat":
		default:
			p.diags.Errorf(p.pos(kv.Value), CodeInvalidAction, "unknown collection action %q (want global, reset or repeat)", kv.Value.Value)
			action = "invalid"
		}
	}
	return action, body
}

// mergeMappings returns base updated with overlay: nested mappings merge key by
// key, anything else in overlay replaces base's value. Neither input is modified;
// the result has the position of at.
func mergeMappings(base, overlay, at *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: at.Line, Column: at.Column}
	over := pairs(overlay)
	for _, kv := range pairs(base) {
		o, ok := lookupPair(over, kv.Key.Value)
		switch {
		case !ok:
			out.Content = append(out.Content, kv.Key, kv.Value)
		case kv.Value.Kind == yaml.MappingNode && o.Value.Kind == yaml.MappingNode:
			out.Content = append(out.Content, o.Key, mergeMappings(kv.Value, o.Value, o.Value))
		default:
			out.Content = append(out.Content, o.Key, o.Value)
		}
	}
	under := pairs(base)
	for _, kv := range over {
		if !hasKey(under, kv.Key.Value) {
			out.Content = append(out.Content, kv.Key, kv.Value)
		}
	}
	return out
}

func lookupPair(kvs []keyValue, key string) (keyValue, bool) {
	for _, kv := range kvs {
		if kv.Key.Value == key {
			return kv, true
		}
	}
	return keyValue{}, false
}
