package parser

import (
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"gopkg.in/yaml.v3"
)

// keyValue is one entry of a YAML mapping, with aliases already followed.
type keyValue struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// deref follows aliases to the node they name; the preflight walk has bounded how
// far that can go.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// pairs returns the entries of a mapping node in document order, expanding YAML
// merge keys ("<<") so that a merged mapping reads like a written one.
func pairs(n *yaml.Node) []keyValue {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []keyValue
	var merged []keyValue
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, mergeSources(v)...)
			continue
		}
		out = append(out, keyValue{k, v})
	}
	for _, kv := range merged {
		if !hasKey(out, kv.Key.Value) {
			out = append(out, kv)
		}
	}
	return out
}

func mergeSources(v *yaml.Node) []keyValue {
	if v.Kind == yaml.SequenceNode {
		var out []keyValue
		for _, item := range v.Content {
			out = append(out, pairs(item)...)
		}
		return out
	}
	return pairs(v)
}

func hasKey(kvs []keyValue, key string) bool {
	for _, kv := range kvs {
		if kv.Key.Value == key {
			return true
		}
	}
	return false
}

// items returns the elements of a sequence node with aliases followed.
func items(n *yaml.Node) []*yaml.Node {
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, deref(c))
	}
	return out
}

// isNull reports whether n is a YAML null (written as null, ~ or nothing).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// kindName names a node's YAML type for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	}
	return "a string"
}

// describe names a node's type and, for a scalar, its text, for messages.
func describe(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return kindName(n)
	}
	return kindName(n) + " " + strconv.Quote(n.Value)
}

// plainValue decodes a node into plain Go values (string, int, float64, bool, nil,
// []any, map[string]any) for custom keys; timestamps stay strings as written.
func plainValue(n *yaml.Node) any {
	n = deref(n)
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, plainValue(c))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for _, kv := range pairs(n) {
			out[kv.Key.Value] = plainValue(kv.Value)
		}
		return out
	}
	return plainScalar(n)
}

func plainScalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return int(i)
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}

// pos returns where n was written in the current file.
func (p *docParser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.file, Line: n.Line, Col: n.Column}
}

// textPos returns where the text of a scalar starts: after the opening quote of a
// quoted scalar, and on the first content line of a block scalar.
func (p *docParser) textPos(n *yaml.Node) diag.Pos {
	at := p.pos(n)
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		at.Col++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		if line, col, ok := p.blockStart(n.Line); ok {
			at.Line, at.Col = line, col
		}
	}
	return at
}

// blockStart finds the first non-blank line after line (1-based) and the column of
// its first non-space character.
func (p *docParser) blockStart(line int) (int, int, bool) {
	for i, l := range p.lines() {
		if i+1 <= line {
			continue
		}
		if t := strings.TrimLeft(l, " "); t != "" && t != "\r" {
			return i + 1, len(l) - len(t) + 1, true
		}
	}
	return 0, 0, false
}

func (p *docParser) lines() []string {
	if p.srcLines == nil {
		p.srcLines = strings.Split(string(p.src), "\n")
	}
	return p.srcLines
}

// scalarString returns the text of a scalar node, reporting a type error at n for
// anything else. what names the key for the message.
func (p *docParser) scalarString(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldType, "%s must be a string, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// stringList reads a list of strings; a single string is accepted as a list of one.
func (p *docParser) stringList(n *yaml.Node, what string) []string {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldType, "%s must be a list of strings, not %s", what, kindName(n))
		return nil
	}
	var out []string
	for _, item := range items(n) {
		if s, ok := p.scalarString(item, what+" entry"); ok {
			out = append(out, s)
		}
	}
	return out
}
